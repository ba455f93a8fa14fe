// The generated mirrors against the C compiler: every event struct of
// include/smscserver.h, every member's offset and size and every struct's
// size, as printed by tests/abi/zlayout.c compiled against the real header
// (the Makefile builds it next to this test as "abilayout"). Part of
// SmscServerTests.exe.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace smscs.Tests
{
    static partial class Program
    {
        static void TestAbiLayout()
        {
            string exe = Environment.GetEnvironmentVariable("SMSC_ABI_LAYOUT");
            if (string.IsNullOrEmpty(exe)) exe = Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "abilayout");
            Check(File.Exists(exe), "the layout program " + exe + " exists (make builds it from tests/abi/zlayout.c)");
            ProcessStartInfo psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
            string output;
            using (Process p = Process.Start(psi))
            {
                output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                Eq(0, p.ExitCode, "abilayout exit code");
            }

            // C: struct name -> size and members in declaration order.
            Dictionary<string, int> sizes = new Dictionary<string, int>();
            Dictionary<string, List<string[]>> members = new Dictionary<string, List<string[]>>();
            foreach (string line in output.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string[] f = line.Split(' ');
                if (f[0] == "struct")
                {
                    sizes[f[1]] = int.Parse(f[2]);
                    members[f[1]] = new List<string[]>();
                }
                else
                {
                    members[f[1]].Add(new[] { f[2], f[3], f[4] });
                }
            }
            Check(sizes.Count >= 25, "the layout program lists the header's event structs (" + sizes.Count + ")");

            // .NET: every blittable struct nested in Native.
            Type[] mirrors = typeof(SMSCserverBase).Assembly.GetType("smscs.Native")
                .GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public)
                .Where(t => t.IsValueType).ToArray();
            Eq(string.Join(" ", sizes.Keys.OrderBy(k => k, StringComparer.Ordinal)),
               string.Join(" ", mirrors.Select(t => t.Name).OrderBy(k => k, StringComparer.Ordinal)), "the same structs");
            int checks = 0;
            foreach (Type t in mirrors)
            {
                Eq(sizes[t.Name], Marshal.SizeOf(t), t.Name + " size");
                FieldInfo[] fields = t.GetFields(BindingFlags.Instance | BindingFlags.Public)
                    .OrderBy(f => f.MetadataToken).ToArray();
                Eq(string.Join(" ", members[t.Name].Select(m => m[0])), string.Join(" ", fields.Select(f => f.Name)),
                   t.Name + " members in order");
                foreach (string[] m in members[t.Name])
                {
                    FieldInfo f = t.GetField(m[0]);
                    Eq(int.Parse(m[1]), (int)Marshal.OffsetOf(t, m[0]), t.Name + "." + m[0] + " offset");
                    Eq(int.Parse(m[2]), Marshal.SizeOf(f.FieldType.IsPointer ? typeof(IntPtr) : f.FieldType),
                       t.Name + "." + m[0] + " size");
                    checks++;
                }
            }
            Console.WriteLine("    abi-layout: {0} structs, {1} members match the C compiler", mirrors.Length, checks);
        }
    }
}
