// Process-exit check, run by SmscServerTests.exe as a child process under a
// timeout: a server handles real events (connect, login, submit) and then
// Main ends in one of several ways. Mono 6.8 hangs at exit if a thread the
// Go runtime created ever ran managed code; the binding's pumped dispatch
// must make every mode exit promptly.
//
//   mono SmscExitTest.exe dispose|nodispose|nodispose-busy|dispose-in-handler|environment-exit|exit-in-handler|nodispose-slow-handler|nodispose-host-gone
using System;
using System.Threading;
using smscs;
using smscs.SMPP;

namespace smscs.Tests
{
    /// <summary>A UI thread's context after its loop ended: posts are dropped.</summary>
    sealed class GoneContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object state)
        {
        }
    }

    static class ExitTest
    {
        static int Main(string[] args)
        {
            string mode = args.Length > 0 ? args[0] : "dispose";
            SMSCserverSMPP s = new SMSCserverSMPP();
            ManualResetEvent submitted = new ManualResetEvent(false);
            s.OnTcpConnected += (o, e) => s.tcpAcceptConnection(e.ClientID);
            s.OnSmppLoginReceived += (o, e) => s.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "");
            s.OnSmppSubmitMessageReceived += (o, e) =>
            {
                s.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "id", false);
                if (mode == "dispose-in-handler") s.Dispose();
                submitted.Set();
                if (mode == "nodispose-slow-handler" && e.Content == "slow")
                    Thread.Sleep(5000); // still running when Main returns: Mono aborts the dispatcher in here
                if (mode == "exit-in-handler")
                {
                    Console.WriteLine("exittest " + mode + " done");
                    Console.Out.Flush();
                    Environment.Exit(0); // on the dispatcher thread, inside a native callback
                }
            };
            s.OnSmppTraceProtocol += (o, e) => { };
            s.OnTcpDisconnected += (o, e) => { };
            if (s.smppInitializeServer("127.0.0.1", 0, "") != 0) return 2;

            SmppClient c = new SmppClient(s.LocalPort);
            if (c.Bind("trx", "exit", "x").Word != "bound") return 3;
            c.Submit("submit", "src", "1", "dst", "2", "text", "hello");
            if (!submitted.WaitOne(10000)) return 4;
            if (mode == "exit-in-handler") Thread.Sleep(10000); // the handler exits the process

            switch (mode)
            {
                case "dispose":
                    s.Dispose();
                    break;
                case "dispose-in-handler":
                    for (int i = 0; i < 100 && !s.IsDisposed; i++) Thread.Sleep(10);
                    if (!s.IsDisposed) return 5;
                    break;
                case "nodispose":
                    break;
                case "nodispose-slow-handler":
                    c.Submit("submit", "src", "1", "dst", "2", "text", "slow");
                    Thread.Sleep(200);
                    break;
                case "nodispose-host-gone":
                    // Events go to a host thread whose loop has ended: the
                    // dispatcher waits for it when Main returns, until exit
                    // releases it.
                    s.SynchronizationContext = new GoneContext();
                    c.Submit("submit", "src", "1", "dst", "2", "text", "waits");
                    Thread.Sleep(200);
                    break;
                case "nodispose-busy":
                    // events keep flowing while Main returns
                    c.Send("burst", "n", "200000");
                    Thread.Sleep(300);
                    break;
                case "environment-exit":
                    Console.WriteLine("exittest " + mode + " done");
                    Console.Out.Flush();
                    Environment.Exit(0);
                    break;
                default:
                    return 6;
            }
            Console.WriteLine("exittest " + mode + " done");
            Console.Out.Flush();
            // The client child process is left running on purpose: it sees
            // EOF on stdin when this process is gone and quits.
            return 0;
        }
    }
}
