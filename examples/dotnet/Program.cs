// Runs the usage overview (UsageOverview.cs) against a real SMPP client, the
// gosmpp client of bindings/dotnet/tests/client: a connection, a login, a
// submit, a delivered message and a status report, a logout and the
// disconnect. Also checks that UsageOverview.cs still holds the reference's
// code unchanged.
//
//   LD_LIBRARY_PATH=<dir of libsmscserver.so> mono SmscUsageOverview.exe \
//       [--source examples/dotnet/UsageOverview.cs] [--reference ../shared/docs/reference/server-usage-overview.txt]
using System;
using System.Collections.Generic;
using System.IO;
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

        static int Main(string[] args)
        {
            string source = null, reference = null;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (args[i] == "--source") source = args[i + 1];
                else if (args[i] == "--reference") reference = args[i + 1];
            }
            CheckVerbatim(source, reference);

            using (UsageOverview u = new UsageOverview())
            {
                // What the reference's handlers do is its own business; the runner
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

                // Port 2048 is the reference's; another test may hold it for a moment.
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
                    tcpDisconnectedEventArgs dis = (tcpDisconnectedEventArgs)seen.Take(x => x is tcpDisconnectedEventArgs, 10000, "disconnect");
                    Step(dis.ClientID == login.ClientID, "OnTcpDisconnected ClientID " + dis.ClientID + ", Reason " + dis.Reason + " (" + dis.ReasonText + ")");
                }
                u.StopListening();
                Step(u.Server.smppFinalizeServer() == smscError.SMSC_ERR_NOT_INITIALIZED, "smppFinalizeServer: no longer listening");
            }
            Console.WriteLine(failures == 0 ? "example OK" : "example FAILED (" + failures + ")");
            return failures == 0 ? 0 : 1;
        }

        /// <summary>Every verbatim region of UsageOverview.cs must appear, line
        /// for line (indentation aside), in the reference text.</summary>
        static void CheckVerbatim(string source, string reference)
        {
            if (source == null || reference == null) return;
            if (!File.Exists(reference))
            {
                Console.WriteLine("example: verbatim check skipped, no " + reference);
                return;
            }
            List<string> refLines = Norm(File.ReadAllLines(reference));
            List<string> region = null;
            int regions = 0, bad = 0;
            foreach (string raw in File.ReadAllLines(source))
            {
                string line = raw.Trim();
                if (line == "// ---- verbatim from server-usage-overview.txt ----")
                {
                    region = new List<string>();
                    continue;
                }
                if (line == "// ---- end verbatim ----")
                {
                    regions++;
                    if (!Contains(refLines, region)) bad++;
                    region = null;
                    continue;
                }
                if (region != null && line.Length > 0) region.Add(line);
            }
            Step(regions >= 17 && bad == 0, "UsageOverview.cs: " + regions + " verbatim regions, " + bad + " differ from the reference");
        }

        static List<string> Norm(string[] lines)
        {
            List<string> r = new List<string>();
            foreach (string l in lines)
                if (l.Trim().Length > 0) r.Add(l.Trim());
            return r;
        }

        static bool Contains(List<string> hay, List<string> needle)
        {
            for (int i = 0; i + needle.Count <= hay.Count; i++)
            {
                int j = 0;
                while (j < needle.Count && hay[i + j] == needle[j]) j++;
                if (j == needle.Count) return true;
            }
            return false;
        }
    }
}
