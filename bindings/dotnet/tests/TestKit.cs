// Helpers shared by the .NET tests, the example runner, the conformance
// program (tests/conformance) and the benchmark: a thread-safe inbox to wait
// for events, the scripted gosmpp client (tests/client) run as a child
// process, and a raw-socket client for the STX..ETX protocols.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace smscs.Tests
{
    /// <summary>Items pushed by event handlers (on the dispatcher thread) and
    /// taken by the test thread.</summary>
    public sealed class Inbox<T>
    {
        readonly List<T> items = new List<T>();

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
                Monitor.PulseAll(items);
            }
        }

        public int Count
        {
            get { lock (items) return items.Count; }
        }

        public void Clear()
        {
            lock (items) items.Clear();
        }

        /// <summary>Removes and returns the first item matching pred; waits up
        /// to ms. Throws TimeoutException with what was seen.</summary>
        public T Take(Func<T, bool> pred, int ms, string what)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(ms);
            lock (items)
            {
                for (;;)
                {
                    for (int i = 0; i < items.Count; i++)
                    {
                        if (pred(items[i]))
                        {
                            T it = items[i];
                            items.RemoveAt(i);
                            return it;
                        }
                    }
                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0)
                    {
                        StringBuilder sb = new StringBuilder();
                        foreach (T x in items) sb.Append("\n    ").Append(x);
                        throw new TimeoutException("no " + what + " within " + ms + " ms; have:" + sb);
                    }
                    Monitor.Wait(items, left);
                }
            }
        }

        public T Take(int ms, string what)
        {
            return Take(x => true, ms, what);
        }

        /// <summary>True when no matching item arrives within ms.</summary>
        public bool None(Func<T, bool> pred, int ms)
        {
            try
            {
                Take(pred, ms, "");
                return false;
            }
            catch (TimeoutException)
            {
                return true;
            }
        }
    }

    /// <summary>One line of the client's output: a word and key=value pairs.</summary>
    public sealed class Line
    {
        public string Word;
        public Dictionary<string, string> Args = new Dictionary<string, string>();
        public string Raw;

        public string this[string key]
        {
            get
            {
                string v;
                return Args.TryGetValue(key, out v) ? v : null;
            }
        }

        public uint U(string key)
        {
            return uint.Parse(this[key]);
        }

        public static Line Parse(string s)
        {
            Line l = new Line { Raw = s };
            string[] f = s.Split(' ');
            l.Word = f[0];
            for (int i = 1; i < f.Length; i++)
            {
                int eq = f[i].IndexOf('=');
                if (eq < 0) l.Args[f[i]] = "";
                else l.Args[f[i].Substring(0, eq)] = Uri.UnescapeDataString(f[i].Substring(eq + 1));
            }
            return l;
        }

        public override string ToString()
        {
            return Raw;
        }
    }

    /// <summary>The gosmpp client of tests/client as a child process.</summary>
    public sealed class SmppClient : IDisposable
    {
        readonly Process proc;
        public readonly Inbox<Line> Lines = new Inbox<Line>();
        public readonly int Port;

        public static string ClientPath()
        {
            string p = Environment.GetEnvironmentVariable("SMSC_TEST_CLIENT");
            if (!string.IsNullOrEmpty(p)) return p;
            return Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "smppclient");
        }

        public SmppClient(int port)
        {
            Port = port;
            ProcessStartInfo psi = new ProcessStartInfo(ClientPath());
            psi.UseShellExecute = false;
            psi.RedirectStandardInput = true;
            psi.RedirectStandardOutput = true;
            psi.RedirectStandardError = false;
            proc = Process.Start(psi);
            Thread t = new Thread(ReadLoop);
            t.IsBackground = true;
            t.Start();
            Expect("ready", 10000);
        }

        void ReadLoop()
        {
            try
            {
                string s;
                while ((s = proc.StandardOutput.ReadLine()) != null)
                    Lines.Add(Line.Parse(s));
            }
            catch
            {
            }
            Lines.Add(Line.Parse("eof"));
        }

        /// <summary>Sends a command; args alternate key, value.</summary>
        public void Send(string cmd, params string[] kv)
        {
            StringBuilder sb = new StringBuilder(cmd);
            for (int i = 0; i + 1 < kv.Length; i += 2)
                sb.Append(' ').Append(kv[i]).Append('=').Append(Uri.EscapeDataString(kv[i + 1]));
            proc.StandardInput.WriteLine(sb.ToString());
            proc.StandardInput.Flush();
        }

        public Line Expect(string word, int ms)
        {
            return Lines.Take(l => l.Word == word, ms, "'" + word + "' from the client");
        }

        public Line Expect(string word, Func<Line, bool> pred, int ms)
        {
            return Lines.Take(l => l.Word == word && pred(l), ms, "'" + word + "' from the client");
        }

        /// <summary>Connects and binds; returns the bind outcome line.</summary>
        public Line Bind(string mode, string systemID, string password)
        {
            Send("bind", "addr", "127.0.0.1:" + Port, "mode", mode, "sys", systemID, "pw", password, "type", "test");
            return Lines.Take(l => l.Word == "bound" || l.Word == "bind_error" || l.Word == "error", 10000, "bind outcome");
        }

        /// <summary>Sends a command that submits PDUs; returns their sequence numbers.</summary>
        public uint[] Submit(string cmd, params string[] kv)
        {
            Send(cmd, kv);
            Line l = Lines.Take(x => x.Word == "sent" || x.Word == "error", 10000, "sent");
            if (l.Word == "error") throw new InvalidOperationException("client: " + l["msg"]);
            string[] f = l["seqs"].Split(',');
            uint[] r = new uint[f.Length];
            for (int i = 0; i < f.Length; i++) r[i] = uint.Parse(f[i]);
            return r;
        }

        public void Dispose()
        {
            try
            {
                if (!proc.HasExited)
                {
                    Send("quit");
                    if (!proc.WaitForExit(3000)) proc.Kill();
                }
            }
            catch
            {
            }
            proc.Dispose();
        }
    }

    /// <summary>A raw TCP client for the STX..ETX protocols (UCP and CIMD2).</summary>
    public sealed class FrameClient : IDisposable
    {
        readonly TcpClient tcp;
        readonly NetworkStream stream;

        public FrameClient(int port)
        {
            tcp = new TcpClient();
            tcp.NoDelay = true;
            tcp.Connect("127.0.0.1", port);
            tcp.ReceiveTimeout = 5000;
            stream = tcp.GetStream();
        }

        /// <summary>The client's own port, as the server sees it (RemotePort).</summary>
        public int LocalPort
        {
            get { return ((System.Net.IPEndPoint)tcp.Client.LocalEndPoint).Port; }
        }

        /// <summary>Sends text framed by STX and ETX (the text is ASCII).</summary>
        public void SendFrame(string text)
        {
            byte[] b = new byte[text.Length + 2];
            b[0] = 0x02;
            for (int i = 0; i < text.Length; i++) b[i + 1] = (byte)text[i];
            b[b.Length - 1] = 0x03;
            stream.Write(b, 0, b.Length);
            stream.Flush();
        }

        /// <summary>The next frame's text without STX/ETX (octets as chars);
        /// throws on timeout (5 s) or EOF.</summary>
        public string ReadFrame()
        {
            StringBuilder sb = null;
            for (;;)
            {
                int c = stream.ReadByte();
                if (c < 0) throw new InvalidOperationException("EOF before a frame");
                if (c == 0x02)
                {
                    sb = new StringBuilder();
                    continue;
                }
                if (sb == null) continue;
                if (c == 0x03) return sb.ToString();
                sb.Append((char)c);
            }
        }

        /// <summary>True when the server closed the connection within ms.</summary>
        public bool ClosedWithin(int ms)
        {
            tcp.ReceiveTimeout = ms;
            try
            {
                byte[] b = new byte[256];
                for (;;)
                {
                    if (stream.Read(b, 0, b.Length) <= 0) return true;
                }
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void Dispose()
        {
            tcp.Close();
        }

        // ---- frame text helpers

        /// <summary>A UCP frame's text: "TRN/LEN/O|R/OT/data" plus the
        /// checksum (sum of the octets up to the last '/', mod 256, hex).
        /// data ends with '/'.</summary>
        public static string Ucp(string trn, string kind, string ot, string data)
        {
            string head = trn + "/" + (14 + data.Length + 2).ToString("D5") + "/" + kind + "/" + ot + "/";
            return WithSum(head + data, 0);
        }

        /// <summary>A CIMD2 packet's text: "OP:NNN\t" + parameters (each ending
        /// in TAB) + the checksum (sum of STX and the octets up to the last
        /// TAB, mod 256, hex).</summary>
        public static string Cimd2(string op, string num, string parameters)
        {
            return WithSum(op + ":" + num + "\t" + parameters, 0x02);
        }

        static string WithSum(string s, int start)
        {
            int sum = start;
            foreach (char c in s) sum += c;
            return s + (sum & 0xFF).ToString("X2");
        }

        public static string Hex(string ascii)
        {
            StringBuilder sb = new StringBuilder();
            foreach (char c in ascii) sb.Append(((int)c).ToString("X2"));
            return sb.ToString();
        }
    }
}
