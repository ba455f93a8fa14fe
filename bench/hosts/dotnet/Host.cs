// The benchmark's .NET host: an SMSCserverSMPP (bindings/dotnet) whose C#
// handlers accept every bind and answer every submit_sm at once with a
// unique message id, the same work as the other hosts. The binding runs
// its handlers on its own dispatcher thread (pumped mode).
//
//   mcs -r:SmscServer.dll -out:SmscBenchHost.exe bench/hosts/dotnet/Host.cs
//   LD_LIBRARY_PATH=<dir of libsmscserver.so> mono SmscBenchHost.exe [port]
//
// Prints "port N" once listening; stops when stdin closes.
using System;
using smscs;
using smscs.SMPP;

namespace smscs.BenchHost
{
    static class Host
    {
        static int Main(string[] args)
        {
            int port = args.Length > 0 ? int.Parse(args[0]) : 0;
            long next = 0;
            using (SMSCserverSMPP s = new SMSCserverSMPP())
            {
                s.OnSmppLoginReceived += (o, e) =>
                    s.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "dotnet");
                s.OnSmppSubmitMessageReceived += (o, e) =>
                    s.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, (++next).ToString(), false);
                int rc = s.smppInitializeServer("127.0.0.1", port, "");
                if (rc != 0)
                {
                    Console.Error.WriteLine("smppInitializeServer: " + rc);
                    return 1;
                }
                Console.WriteLine("port " + s.LocalPort);
                Console.Out.Flush();
                while (Console.In.ReadLine() != null) { }
            }
            return 0;
        }
    }
}
