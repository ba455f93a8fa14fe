// Benchmark host of the .NET binding: an SMSCserverSMPP whose C# handler
// answers every submit_sm at once (smppSendSubmitMessageResponse from
// OnSmppSubmitMessageReceived), loaded by bench/loadclient over loopback TCP
// with a window of outstanding submits. Reports submits/s and the CPU time
// the dispatcher thread spends per event, and runs the same load against
// the Go core directly (loadclient -self: pumped dispatch, Go handler) so
// that the difference is the binding's per-event overhead (C ABI, Mono
// transitions, marshalling, event args, the answer's P/Invoke).
//
//   LD_LIBRARY_PATH=<dir> mono SmscBench.exe [-n 200000] [-runs 3] [-windows 1,64] [-loadclient PATH]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using smscs;
using smscs.SMPP;

namespace smscs.Bench
{
    static class Bench
    {
        [DllImport("libc", EntryPoint = "syscall")]
        static extern long syscall(long number);
        const long SYS_gettid = 186; // x86-64

        static int dispatcherTid;
        static long submits;

        static long SchedNs(int tid)
        {
            string[] f = File.ReadAllText("/proc/self/task/" + tid + "/schedstat").Split(' ');
            return long.Parse(f[0], CultureInfo.InvariantCulture);
        }

        static Dictionary<string, string> RunClient(string exe, string args)
        {
            ProcessStartInfo psi = new ProcessStartInfo(exe, args);
            psi.UseShellExecute = false;
            psi.RedirectStandardOutput = true;
            using (Process p = Process.Start(psi))
            {
                string output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException("loadclient " + args + " failed: " + output);
                Dictionary<string, string> r = new Dictionary<string, string>();
                foreach (string kv in output.Trim().Split(' '))
                {
                    int eq = kv.IndexOf('=');
                    if (eq > 0) r[kv.Substring(0, eq)] = kv.Substring(eq + 1);
                }
                return r;
            }
        }

        static double Median(List<double> v)
        {
            v.Sort();
            return v[v.Count / 2];
        }

        static int Main(string[] args)
        {
            int n = 200000, runs = 3;
            string windows = "1,64";
            string client = Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "loadclient");
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (args[i] == "-n") n = int.Parse(args[i + 1]);
                else if (args[i] == "-runs") runs = int.Parse(args[i + 1]);
                else if (args[i] == "-windows") windows = args[i + 1];
                else if (args[i] == "-loadclient") client = args[i + 1];
            }

            using (SMSCserverSMPP s = new SMSCserverSMPP())
            {
                string[] ids = { "a1", "b2" };
                s.OnSmppLoginReceived += (o, e) =>
                {
                    if (dispatcherTid == 0) dispatcherTid = (int)syscall(SYS_gettid);
                    s.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "");
                };
                s.OnSmppSubmitMessageReceived += (o, e) =>
                {
                    submits++;
                    s.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, ids[e.SequenceNumber & 1], false);
                };
                if (s.smppInitializeServer("127.0.0.1", 0, "") != 0) return 2;
                string addr = "127.0.0.1:" + s.LocalPort;

                Type mono = Type.GetType("Mono.Runtime");
                string runtime = mono != null
                    ? "Mono " + mono.GetMethod("GetDisplayName", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static).Invoke(null, null)
                    : System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
                Console.WriteLine("# libsmscserver {0}, {1}, {2} CPUs, {3} submits per run (window 1: {4}), median of {5} runs",
                    SMSCserverBase.LibraryVersion, runtime, Environment.ProcessorCount, n, Math.Max(2000, n / 10), runs);
                // warm-up: JIT, connection setup, Go runtime
                RunClient(client, "-addr " + addr + " -window 64 -n 20000 -warmup 0");
                foreach (string ws in windows.Split(','))
                {
                    int w = int.Parse(ws);
                    int count = w == 1 ? Math.Max(2000, n / 10) : n;
                    List<double> rate = new List<double>(), cpu = new List<double>(), goRate = new List<double>(), goCpu = new List<double>();
                    for (int r = 0; r < runs; r++)
                    {
                        long c0 = SchedNs(dispatcherTid), n0 = Interlocked.Read(ref submits);
                        Dictionary<string, string> res = RunClient(client, "-addr " + addr + " -window " + w + " -n " + count + " -warmup 0");
                        long c1 = SchedNs(dispatcherTid), n1 = Interlocked.Read(ref submits);
                        rate.Add(double.Parse(res["rate"], CultureInfo.InvariantCulture));
                        cpu.Add((double)(c1 - c0) / (n1 - n0));
                        Dictionary<string, string> g = RunClient(client, "-self -window " + w + " -n " + count + " -warmup 5000");
                        goRate.Add(double.Parse(g["rate"], CultureInfo.InvariantCulture));
                        goCpu.Add(double.Parse(g["cpu_ns_per_event"], CultureInfo.InvariantCulture));
                    }
                    double cs = Median(rate), gs = Median(goRate), cc = Median(cpu), gc = Median(goCpu);
                    Console.WriteLine("window {0,2}: .NET host {1,8:F0} submits/s, dispatcher {2,6:F2} us CPU/event | Go core {3,8:F0} submits/s, {4,6:F2} us/event | .NET overhead {5,6:F2} us CPU/event, {6,6:F2} us wall/event",
                        w, cs, cc / 1000, gs, gc / 1000, (cc - gc) / 1000, (1e6 / cs) - (1e6 / gs));
                }
            }
            return 0;
        }
    }
}
