// Runs the vendor's usage-overview sample (UsageOverview.cs) against a real
// SMPP client, the gosmpp client of bindings/dotnet/tests/client: a
// connection, a login, a submit, a delivered message and a status report, a
// logout and the disconnect. That the sample is still the vendor's code is
// checked by the test that runs this program (SmppTests.cs, usage-overview).
//
//   LD_LIBRARY_PATH=<dir of libsmscserver.so> mono SmscUsageOverview.exe
using System;
using System.Threading;
using smscs;
using smscs.SMPP;
using smscs.Tests;

namespace SmscExamples
{
    static class Program
    {
        static int failures;

        static void Step(bool ok, string what)
        {
            Console.WriteLine((ok ? "example: " : "example: FAILED ") + what);
            if (!ok) failures++;
        }

        static int Main()
        {
            using (UsageOverview u = new UsageOverview())
            {
                // What the sample's handlers do is its own business; the runner
                // watches through handlers of its own on the same events.
                Inbox<EventArgs> seen = new Inbox<EventArgs>();
                u.RegisterEvents();
                u.Server.OnTcpConnected += (o, e) => seen.Add(e);
                u.Server.OnSmppLoginReceived += (o, e) => seen.Add(e);
                u.Server.OnSmppSubmitMessageReceived += (o, e) => seen.Add(e);
                u.Server.OnSmppSubmitMessageCompleted += (o, e) => seen.Add(e);
                u.Server.OnSmppDeliverResponseReceived += (o, e) => seen.Add(e);
                u.Server.OnSmppLogoutReceived += (o, e) => seen.Add(e);
                u.Server.OnTcpDisconnected += (o, e) => seen.Add(e);

                // Port 2048 is the sample's; another test may hold it for a moment.
                int result = u.StartListening();
                for (int i = 0; result != 0 && i < 40; i++)
                {
                    Thread.Sleep(250);
                    result = u.StartListening();
                }
                Step(result == 0, "smppInitializeServer(\"\", 2048, \"\") = " + result + " (" + SMSCserverBase.ErrorText(result) + ")");
                if (result != 0) return 1;

                using (SmppClient c = new SmppClient(2048))
                {
                    Line l = c.Bind("trx", "example", "secret");
                    tcpConnectedEventArgs con = (tcpConnectedEventArgs)seen.Take(x => x is tcpConnectedEventArgs, 10000, "OnTcpConnected");
                    Step(true, "OnTcpConnected from " + con.RemoteHost + ":" + con.RemotePort + ", ClientID " + con.ClientID + ": tcpAcceptConnection");
                    smppLoginReceivedEventArgs login = (smppLoginReceivedEventArgs)seen.Take(x => x is smppLoginReceivedEventArgs, 10000, "login");
                    Step(l.Word == "bound", "OnSmppLoginReceived SystemID " + login.SystemID + ", " + login.BindMode + ": client " + l.Word);
                    u.clientID = login.ClientID;

                    uint[] seq = c.Submit("submit", "src", "48999654321", "dst", "48999123456", "text", "Hello SMSC");
                    smppSubmitMessageReceivedEventArgs sub = (smppSubmitMessageReceivedEventArgs)seen.Take(x => x is smppSubmitMessageReceivedEventArgs, 10000, "submit");
                    Line resp = c.Expect("resp", 10000);
                    Step(resp["id"] == "msg-1" && resp["status"] == "0" && sub.SequenceNumber == seq[0],
                        "OnSmppSubmitMessageReceived \"" + sub.Content + "\" from " + sub.Originator + ": submit_sm_resp id " + resp["id"]);
                    smppSubmitMessageCompletedEventArgs done = (smppSubmitMessageCompletedEventArgs)seen.Take(x => x is smppSubmitMessageCompletedEventArgs, 10000, "completed");
                    Step(done.Content == "Hello SMSC", "OnSmppSubmitMessageCompleted \"" + done.Content + "\"");

                    int rc = u.DeliverMessage();
                    Line d = c.Expect("deliver", 10000);
                    Step(rc == 0 && d["text"] == "Hello from SMSC Server Library", "smppSendDeliverMessage = " + rc + ": client got \"" + d["text"] + "\" seq " + d["seq"]);
                    smppDeliverResponseReceivedEventArgs dr = (smppDeliverResponseReceivedEventArgs)seen.Take(x => x is smppDeliverResponseReceivedEventArgs, 10000, "deliver resp");
                    Step(dr.SequenceNumber.ToString() == d["seq"] && dr.Status == 0, "OnSmppDeliverResponseReceived seq " + dr.SequenceNumber + " status " + dr.Status);

                    rc = u.DeliverStatusReport();
                    d = c.Expect("deliver", 10000);
                    Step(rc == 0 && d["esm"] == "4" && d["text"].Contains("stat:DELIVRD"), "smppSendDeliverStatusReport = " + rc + ": client got receipt \"" + d["text"] + "\"");
                    dr = (smppDeliverResponseReceivedEventArgs)seen.Take(x => x is smppDeliverResponseReceivedEventArgs, 10000, "receipt resp");
                    Step(dr.SequenceNumber.ToString() == d["seq"], "OnSmppDeliverResponseReceived seq " + dr.SequenceNumber);

                    c.Submit("unbind");
                    seen.Take(x => x is smppLogoutReceivedEventArgs, 10000, "logout");
                    resp = c.Expect("resp", 10000);
                    Step(resp["cmd"] == "unbind_resp" && resp["status"] == "0", "OnSmppLogoutReceived: client got " + resp["cmd"]);
                    // The client keeps the connection: the host closes it after
                    // UsageOverview.LogoutGraceMs (tcpCloseConnection, Reason -1).
                    tcpDisconnectedEventArgs dis = (tcpDisconnectedEventArgs)seen.Take(x => x is tcpDisconnectedEventArgs, 10000, "disconnect");
                    Step(dis.ClientID == login.ClientID && dis.Reason == -1, "OnTcpDisconnected ClientID " + dis.ClientID + ", Reason " + dis.Reason + " (" + dis.ReasonText + ")");
                }
                u.StopListening();
                Step(u.Server.smppFinalizeServer() == smscError.SMSC_ERR_NOT_INITIALIZED, "smppFinalizeServer: no longer listening");
            }
            Console.WriteLine(failures == 0 ? "example OK" : "example FAILED (" + failures + ")");
            return failures == 0 ? 0 : 1;
        }
    }
}
