// Conformance with the reference component, run against live clients.
//
// The .NET binding replaces a commercial component, and code written for it
// must build and behave unchanged. This program uses what the reference
// documents for its CIMD2 class, member by member: every method in the int
// and the uint forms of ClientID and TransactionNumber (the reference itself
// mixes the two from one method to the next), every event through the
// delegate type it names, every field of every event argument read into a
// variable of the declared type, every member of the enums, the
// KeepAliveInterval and ThrottleRate properties, and the interface
// ISMSCserverCIMD2. Then it makes the same calls with the smpp and ucp
// prefixes, SMPP in the argument shapes of the reference's usage overview.
//
// Nothing here only compiles: every call goes to a server on a free loopback
// port, and a client on the other end (raw CIMD2 and UCP frames,
// tests/client for SMPP) checks what arrives and answers it. Each check that
// fails prints "FAIL <what>"; the exit code is 1 when any failed.
//
//   LD_LIBRARY_PATH=build mono build/dotnet/SmscConformance.exe   (make dotnet-conformance)
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using smscs;
using smscs.CIMD2;
using smscs.SMPP;
using smscs.Tests;
using smscs.UCP;

namespace SmscConformance
{
    static class Check
    {
        static int passed, failed;

        public static int Failed
        {
            get { return failed; }
        }

        public static void That(bool ok, string what)
        {
            if (ok)
            {
                passed++;
                return;
            }
            failed++;
            Console.WriteLine("FAIL " + what);
        }

        public static void Eq<T>(T want, T got, string what)
        {
            That(EqualityComparer<T>.Default.Equals(want, got), what + ": want <" + want + "> got <" + got + ">");
        }

        /// <summary>Runs one part; an exception (a client timing out, say)
        /// fails it without stopping the others.</summary>
        public static void Part(string name, Action body)
        {
            int before = failed;
            Stopwatch sw = Stopwatch.StartNew();
            try
            {
                body();
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine("FAIL " + name + ": " + e);
            }
            Console.WriteLine((failed == before ? "ok   " : "FAIL ") + name + " (" + sw.ElapsedMilliseconds + " ms)");
        }

        public static int Summary()
        {
            Console.WriteLine("conformance: " + passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }
    }

    static class Program
    {
        static int Main()
        {
            Check.Part("enums", Enums);
            Check.Part("cimd2", () => new Cimd2Conformance().Run());
            Check.Part("smpp (usage overview)", () => new SmppConformance().Run());
            Check.Part("ucp", () => new UcpConformance().Run());
            return Check.Summary();
        }

        /// <summary>Every member of the enums the reference documents, by
        /// name and value; what each does on the wire is checked by the parts
        /// that send it.</summary>
        static void Enums()
        {
            EncodingEnum[] encodings =
            {
                EncodingEnum.et7BitText, EncodingEnum.et8BitHexadecimal, EncodingEnum.etUCS2Text, EncodingEnum.etISO88591,
                EncodingEnum.etISO88595, EncodingEnum.etISO88598, EncodingEnum.etWAPPushOrMMS,
            };
            Check.Eq(encodings.Length, Enum.GetValues(typeof(EncodingEnum)).Length, "EncodingEnum has the reference's members");
            for (int i = 0; i < encodings.Length; i++) Check.Eq(i, (int)encodings[i], "EncodingEnum." + encodings[i]);

            SubmitOptionEnum[] flags =
            {
                SubmitOptionEnum.soRequestStatusReport, SubmitOptionEnum.soDirectDisplay, SubmitOptionEnum.soDeliveryTimeRelative,
                SubmitOptionEnum.soDeliveryTimeAbsolute, SubmitOptionEnum.soValidityPeriodRelative, SubmitOptionEnum.soValidityPeriodAbsolute,
                SubmitOptionEnum.soMessageClass0, SubmitOptionEnum.soMessageClass1, SubmitOptionEnum.soMessageClass2,
                SubmitOptionEnum.soMessageClass3, SubmitOptionEnum.soZeroSMS,
            };
            SubmitOption[] sameFlags =
            {
                SubmitOption.soRequestStatusReport, SubmitOption.soDirectDisplay, SubmitOption.soDeliveryTimeRelative,
                SubmitOption.soDeliveryTimeAbsolute, SubmitOption.soValidityPeriodRelative, SubmitOption.soValidityPeriodAbsolute,
                SubmitOption.soMessageClass0, SubmitOption.soMessageClass1, SubmitOption.soMessageClass2,
                SubmitOption.soMessageClass3, SubmitOption.soZeroSMS,
            };
            Check.Eq(flags.Length, Enum.GetValues(typeof(SubmitOptionEnum)).Length, "SubmitOptionEnum has the reference's members");
            SubmitOption all = new SubmitOption();
            for (int i = 0; i < flags.Length; i++)
            {
                Check.Eq(1u << i, (uint)flags[i], "SubmitOptionEnum." + flags[i] + " is one bit");
                Check.That(sameFlags[i] == flags[i], "SubmitOption." + flags[i] + " == SubmitOptionEnum." + flags[i]);
                all |= flags[i];
            }
            Check.Eq(0x7FFu, (uint)all, "the flags combine with |");

            smppBindModeEnum[] modes = { smppBindModeEnum.bmTransmitter, smppBindModeEnum.bmReceiver, smppBindModeEnum.bmTransceiver };
            Check.Eq(modes.Length, Enum.GetValues(typeof(smppBindModeEnum)).Length, "smppBindModeEnum members");
            smppReportTypeEnum[] reports = { smppReportTypeEnum.rtFinal, smppReportTypeEnum.rtIntermediate };
            Check.Eq(reports.Length, Enum.GetValues(typeof(smppReportTypeEnum)).Length, "smppReportTypeEnum members");
            Check.Eq(SmppConformance.States.Length, Enum.GetValues(typeof(smppMessageStateEnum)).Length, "smppMessageStateEnum members");
        }
    }

    // ================================================================ CIMD2

    /// <summary>The reference's CIMD2 class page, member by member, against a
    /// raw CIMD2 client.</summary>
    sealed class Cimd2Conformance
    {
        // 2026-11-21 23:20:18 UTC, the 060 the server answers submits with.
        static readonly DateTime Stamp = new DateTime(2026, 11, 21, 23, 20, 18, DateTimeKind.Utc);
        const string Stamp060 = "261121232018";

        readonly SMSCserverCIMD2 server = new smscs.CIMD2.SMSCserverCIMD2();
        readonly Inbox<EventArgs> events = new Inbox<EventArgs>();
        readonly Inbox<cimd2TraceProtocolCallbackArgs> traces = new Inbox<cimd2TraceProtocolCallbackArgs>();
        int port;

        // ---- the handlers, named and subscribed as ported code does

        void server_OnTcpConnected(object sender, smscs.tcpConnectedEventArgs e)
        {
            events.Add(e); // accepted by the test thread, in the form under test
        }

        void server_OnTcpDisconnected(object sender, smscs.tcpDisconnectedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnCimd2RAWReceived(object sender, smscs.CIMD2.cimd2RAWReceivedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnCimd2LoginReceived(object sender, smscs.CIMD2.cimd2LoginReceivedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnCimd2DeliverResponseReceived(object sender, smscs.CIMD2.cimd2DeliverResponseReceivedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnCimd2SubmitMessageReceived(object sender, smscs.CIMD2.cimd2SubmitMessageReceivedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnCimd2SubmitMessageCompleted(object sender, smscs.CIMD2.cimd2SubmitMessageCompletedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnCimd2TraceProtocol(object Sender, smscs.CIMD2.cimd2TraceProtocolCallbackArgs e)
        {
            traces.Add(e);
        }

        T Take<T>(Func<T, bool> pred, string what) where T : EventArgs
        {
            return (T)events.Take(x => x is T && pred((T)x), 10000, what);
        }

        public void Run()
        {
            ISMSCserverCIMD2 iface = server;
            server.OnTcpConnected += new smscs.tcpConnectedEvent(server_OnTcpConnected);
            server.OnTcpDisconnected += new smscs.tcpDisconnectedEvent(server_OnTcpDisconnected);
            server.OnCimd2RAWReceived += new smscs.CIMD2.cimd2RAWReceivedEvent(server_OnCimd2RAWReceived);
            server.OnCimd2LoginReceived += new smscs.CIMD2.cimd2LoginReceivedEvent(server_OnCimd2LoginReceived);
            server.OnCimd2DeliverResponseReceived += new smscs.CIMD2.cimd2DeliverResponseReceivedEvent(server_OnCimd2DeliverResponseReceived);
            iface.OnCimd2SubmitMessageReceived += new smscs.CIMD2.cimd2SubmitMessageReceivedEvent(server_OnCimd2SubmitMessageReceived);
            iface.OnCimd2SubmitMessageCompleted += new smscs.CIMD2.cimd2SubmitMessageCompletedEvent(server_OnCimd2SubmitMessageCompleted);
            iface.OnCimd2TraceProtocol += new smscs.CIMD2.cimd2TraceProtocolCallback(server_OnCimd2TraceProtocol);
            try
            {
                // "" would listen on every interface; the free port (0) is
                // read back from LocalPort, which the reference lacks.
                int result = iface.cimd2InitializeServer("127.0.0.1", 0, "time-zone=UTC");
                Check.Eq(0, result, "cimd2InitializeServer");
                port = server.LocalPort;
                Check.That(port > 0, "listening on a free port: " + port);
                iface.KeepAliveInterval = 0;
                iface.ThrottleRate = 0;
                Check.Eq(0, iface.KeepAliveInterval, "KeepAliveInterval");
                Check.Eq(0, iface.ThrottleRate, "ThrottleRate");

                using (FrameClient c = new FrameClient(port))
                {
                    int cid = AcceptAndLogin(c, 0);
                    Traces(c, cid);
                    Submits(c, cid);
                    Raw(c, cid);
                    Deliveries(c, cid);
                    StatusReports(c, cid);
                    PortedCounter(c, cid);
                    KeepAlive(c);
                    Throttle(c, cid);
                }
                tcpDisconnectedEventArgs gone = Take<tcpDisconnectedEventArgs>(x => true, "OnTcpDisconnected after the client closed");
                int goneID = gone.ClientID;
                int reason = gone.Reason;
                Check.Eq(0, reason, "tcpDisconnectedEventArgs.Reason: closed by the client");
                Check.That(goneID > 0, "tcpDisconnectedEventArgs.ClientID");

                LoginForms();
                Check.Eq(0, iface.cimd2FinalizeServer(), "cimd2FinalizeServer");
                bool refused = false;
                try
                {
                    new FrameClient(port).Dispose();
                }
                catch (System.Net.Sockets.SocketException)
                {
                    refused = true;
                }
                Check.That(refused, "no longer listening after cimd2FinalizeServer");
            }
            finally
            {
                iface.Dispose();
            }
        }

        /// <summary>OnTcpConnected, tcpAcceptConnection and OnCimd2LoginReceived,
        /// cimd2SendLoginResponse; form picks the int/uint forms.</summary>
        int AcceptAndLogin(FrameClient c, int form)
        {
            tcpConnectedEventArgs con = Take<tcpConnectedEventArgs>(x => x.RemotePort == c.LocalPort, "OnTcpConnected");
            int clientID = con.ClientID;
            string remoteHost = con.RemoteHost;
            int remotePort = con.RemotePort;
            Check.That(clientID > 0, "tcpConnectedEventArgs.ClientID");
            Check.Eq("127.0.0.1", remoteHost, "tcpConnectedEventArgs.RemoteHost");
            Check.Eq(c.LocalPort, remotePort, "tcpConnectedEventArgs.RemotePort");
            Check.Eq(0, form % 2 == 0 ? server.tcpAcceptConnection(clientID) : server.tcpAcceptConnection((uint)clientID),
                "tcpAcceptConnection(" + (form % 2 == 0 ? "int" : "uint") + ")");

            c.SendFrame(FrameClient.Cimd2("01", "001", "010:cimduser\t011:secret\t"));
            cimd2LoginReceivedEventArgs login = Take<cimd2LoginReceivedEventArgs>(x => x.ClientID == clientID, "OnCimd2LoginReceived");
            int loginClient = login.ClientID;
            uint loginTN = login.TransactionNumber;
            string user = login.UserIdentity, password = login.Password;
            Check.Eq(clientID, loginClient, "cimd2LoginReceivedEventArgs.ClientID");
            Check.Eq(1u, loginTN, "cimd2LoginReceivedEventArgs.TransactionNumber");
            Check.Eq("cimduser", user, "cimd2LoginReceivedEventArgs.UserIdentity");
            Check.Eq("secret", password, "cimd2LoginReceivedEventArgs.Password");
            uint error = form == 3 ? 100u : 0u;
            string text = form == 3 ? "Invalid login" : "";
            int rc;
            switch (form)
            {
                case 0: rc = server.cimd2SendLoginResponse(loginClient, loginTN, error, text); break;                  // int, uint (the event's types)
                case 1: rc = server.cimd2SendLoginResponse((uint)loginClient, loginTN, error, text); break;            // uint, uint (the page's)
                case 2: rc = server.cimd2SendLoginResponse(loginClient, (int)loginTN, error, text); break;             // int, int
                default: rc = server.cimd2SendLoginResponse((uint)loginClient, (int)loginTN, error, text); break;      // uint, int
            }
            Check.Eq(0, rc, "cimd2SendLoginResponse form " + form);
            string f = c.ReadFrame();
            if (form == 3) Check.That(f.StartsWith("51:001\t900:100\t901:Invalid login\t"), "login refused: " + f);
            else Check.Eq(FrameClient.Cimd2("51", "001", ""), f, "login accepted (form " + form + ")");
            return clientID;
        }

        /// <summary>The trace of the login both ways: every field of
        /// cimd2TraceProtocolCallbackArgs.</summary>
        void Traces(FrameClient c, int cid)
        {
            string client = "127.0.0.1:" + c.LocalPort, srv = "127.0.0.1:" + port;
            cimd2TraceProtocolCallbackArgs inbound = traces.Take(t => t.ClientID == cid && t.Operation == 1, 10000, "trace of the 01");
            int traceClient = inbound.ClientID;
            string from = inbound.FromAddress, to = inbound.ToAddress, pdu = inbound.PDU;
            int op = inbound.Operation, number = inbound.OperationType;
            Check.Eq(cid, traceClient, "cimd2TraceProtocolCallbackArgs.ClientID");
            Check.Eq(client, from, "cimd2TraceProtocolCallbackArgs.FromAddress (in)");
            Check.Eq(srv, to, "cimd2TraceProtocolCallbackArgs.ToAddress (in)");
            Check.Eq(1, op, "cimd2TraceProtocolCallbackArgs.Operation");
            Check.Eq(1, number, "cimd2TraceProtocolCallbackArgs.OperationType (packet number)");
            // The password is masked octet for octet (trace-passwords=false, the default).
            string login = ("02" + FrameClient.Hex(FrameClient.Cimd2("01", "001", "010:cimduser\t011:secret\t")) + "03").ToUpperInvariant();
            Check.Eq(login.Replace("736563726574", "2A2A2A2A2A2A"), pdu.ToUpperInvariant(),
                "cimd2TraceProtocolCallbackArgs.PDU");
            cimd2TraceProtocolCallbackArgs outbound = traces.Take(t => t.ClientID == cid && t.Operation == 51, 10000, "trace of the 51");
            Check.Eq(srv, outbound.FromAddress, "cimd2TraceProtocolCallbackArgs.FromAddress (out)");
            Check.Eq(client, outbound.ToAddress, "cimd2TraceProtocolCallbackArgs.ToAddress (out)");
        }

        /// <summary>Every field of the submit events, the option flags a client
        /// can set, the encodings a CIMD2 client can send, a message in two
        /// parts, and cimd2SendSubmitMessageResponse in its four forms.</summary>
        void Submits(FrameClient c, int cid)
        {
            // Delivery time absolute, validity relative (167 = 24 h), a report
            // request (056) and class 1 (030 = 0x11) on 7-bit text.
            c.SendFrame(FrameClient.Cimd2("03", "003",
                "021:4412345\t023:1234\t030:17\t050:167\t054:300102030405\t056:14\t033:Hello\t"));
            cimd2SubmitMessageReceivedEventArgs e = Take<cimd2SubmitMessageReceivedEventArgs>(x => x.TransactionNumber == 3, "submit 3");
            DateTime received = DateTime.Now;
            int clientID = e.ClientID;
            uint tn = e.TransactionNumber;
            string destination = e.Destination, originator = e.Originator, content = e.Content;
            EncodingEnum encoding = e.Encoding;
            SubmitOption options = e.Options;
            string udh = e.UserDataHeader;
            DateTime deliveryTime = e.DeliveryTime, validityPeriod = e.ValidityPeriod;
            string extended = e.ExtendedParameters;
            Check.Eq(cid, clientID, "cimd2SubmitMessageReceivedEventArgs.ClientID");
            Check.Eq(3u, tn, "cimd2SubmitMessageReceivedEventArgs.TransactionNumber");
            Check.Eq("4412345", destination, "cimd2SubmitMessageReceivedEventArgs.Destination");
            Check.Eq("1234", originator, "cimd2SubmitMessageReceivedEventArgs.Originator");
            Check.Eq("Hello", content, "cimd2SubmitMessageReceivedEventArgs.Content");
            Check.Eq(EncodingEnum.et7BitText, encoding, "cimd2SubmitMessageReceivedEventArgs.Encoding");
            Check.Eq(SubmitOptionEnum.soRequestStatusReport | SubmitOptionEnum.soDeliveryTimeAbsolute |
                SubmitOptionEnum.soValidityPeriodRelative | SubmitOptionEnum.soMessageClass1, options.Value,
                "cimd2SubmitMessageReceivedEventArgs.Options");
            Check.Eq("", udh, "cimd2SubmitMessageReceivedEventArgs.UserDataHeader");
            Check.Eq(new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), deliveryTime.ToUniversalTime(),
                "cimd2SubmitMessageReceivedEventArgs.DeliveryTime (054)");
            Check.That(Math.Abs((validityPeriod - received.AddHours(24)).TotalMinutes) < 5,
                "cimd2SubmitMessageReceivedEventArgs.ValidityPeriod = now + 24 h: " + validityPeriod);
            Check.That(extended.Contains("cimd2.056=14") && extended.Contains("cimd2.050=167"),
                "cimd2SubmitMessageReceivedEventArgs.ExtendedParameters: " + extended);
            Check.Eq(0, server.cimd2SendSubmitMessageResponse((uint)clientID, tn, destination, Stamp, 0u, ""),
                "cimd2SendSubmitMessageResponse(uint, uint)");
            Check.Eq(FrameClient.Cimd2("53", "003", "021:4412345\t060:" + Stamp060 + "\t"), c.ReadFrame(), "53 for submit 3");
            cimd2SubmitMessageCompletedEventArgs done = Take<cimd2SubmitMessageCompletedEventArgs>(x => x.TransactionNumber == 3, "completed 3");
            CheckCompleted(done, cid, 3u, "Hello", EncodingEnum.et7BitText, options, "", 1);

            // The other forms of time and the other flags: validity absolute,
            // delivery relative (11 = 1 h), a zero SMS (052 = 0x40), class 0.
            c.SendFrame(FrameClient.Cimd2("03", "005",
                "021:4412345\t023:1234\t030:16\t051:300103030405\t052:64\t053:11\t033:Flash\t"));
            e = Take<cimd2SubmitMessageReceivedEventArgs>(x => x.TransactionNumber == 5, "submit 5");
            Check.Eq(SubmitOptionEnum.soValidityPeriodAbsolute | SubmitOptionEnum.soDeliveryTimeRelative | SubmitOptionEnum.soZeroSMS |
                SubmitOptionEnum.soMessageClass0 | SubmitOptionEnum.soDirectDisplay, ((SubmitOption)e.Options).Value, "submit 5 Options");
            Check.Eq(new DateTime(2030, 1, 3, 3, 4, 5, DateTimeKind.Utc), e.ValidityPeriod.ToUniversalTime(), "submit 5 ValidityPeriod (051)");
            Check.That(Math.Abs((e.DeliveryTime - DateTime.Now.AddHours(1)).TotalMinutes) < 5, "submit 5 DeliveryTime = now + 1 h: " + e.DeliveryTime);
            Check.Eq(0, server.cimd2SendSubmitMessageResponse(e.ClientID, (int)e.TransactionNumber, e.Destination, Stamp, 0u, ""),
                "cimd2SendSubmitMessageResponse(int, int)");
            Check.That(c.ReadFrame().StartsWith("53:005\t021:4412345\t060:"), "53 for submit 5");

            // UCS-2 in class 2 (030 = 0x1A).
            c.SendFrame(FrameClient.Cimd2("03", "007", "021:4412345\t023:1234\t030:26\t034:00480069\t"));
            e = Take<cimd2SubmitMessageReceivedEventArgs>(x => x.TransactionNumber == 7, "submit 7");
            Check.Eq(EncodingEnum.etUCS2Text, e.Encoding, "submit 7 Encoding");
            Check.Eq("Hi", e.Content, "submit 7 Content");
            Check.Eq(SubmitOptionEnum.soMessageClass2, e.Options, "submit 7 Options");
            Check.Eq(0, server.cimd2SendSubmitMessageResponse((uint)e.ClientID, (int)e.TransactionNumber, e.Destination, Stamp, 0u, ""),
                "cimd2SendSubmitMessageResponse(uint, int)");
            Check.That(c.ReadFrame().StartsWith("53:007\t021:4412345\t060:"), "53 for submit 7");

            // WAP push (030 = 0xF5).
            c.SendFrame(FrameClient.Cimd2("03", "009", "021:4412345\t023:1234\t030:245\t034:0605040B8423F0\t"));
            e = Take<cimd2SubmitMessageReceivedEventArgs>(x => x.TransactionNumber == 9, "submit 9");
            Check.Eq(EncodingEnum.etWAPPushOrMMS, e.Encoding, "submit 9 Encoding");
            Check.Eq("0605040B8423F0", e.Content.ToUpperInvariant(), "submit 9 Content (hex)");
            Check.Eq(0, server.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, Stamp, 0u, ""),
                "cimd2SendSubmitMessageResponse(int, uint)");
            Check.That(c.ReadFrame().StartsWith("53:009\t021:4412345\t060:"), "53 for submit 9");

            // 8-bit data in class 3 (030 = 0x17), refused with an error code.
            c.SendFrame(FrameClient.Cimd2("03", "011", "021:4412345\t023:1234\t030:23\t034:C0FFEE\t"));
            e = Take<cimd2SubmitMessageReceivedEventArgs>(x => x.TransactionNumber == 11, "submit 11");
            Check.Eq(EncodingEnum.et8BitHexadecimal, e.Encoding, "submit 11 Encoding");
            Check.Eq("C0FFEE", e.Content.ToUpperInvariant(), "submit 11 Content (hex)");
            Check.Eq(SubmitOptionEnum.soMessageClass3, e.Options, "submit 11 Options");
            Check.Eq(0, server.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, Stamp, 8u, "bad data"),
                "cimd2SendSubmitMessageResponse with ErrorCode");
            Check.That(c.ReadFrame().StartsWith("53:011\t900:8\t901:bad data\t"), "53 refusing submit 11");

            // Two parts of one message (UDH 050003A702nn): two received events,
            // one completed event with both parts' numbers and time stamps.
            c.SendFrame(FrameClient.Cimd2("03", "013", "021:4412345\t023:1234\t032:050003A70201\t033:Hello \t"));
            c.SendFrame(FrameClient.Cimd2("03", "015", "021:4412345\t023:1234\t032:050003A70202\t033:World\t"));
            for (uint n = 13; n <= 15; n += 2)
            {
                uint part = n;
                e = Take<cimd2SubmitMessageReceivedEventArgs>(x => x.TransactionNumber == part, "part " + part);
                Check.Eq(part == 13 ? "050003A70201" : "050003A70202", e.UserDataHeader.ToUpperInvariant(), "part " + part + " UserDataHeader");
                Check.Eq(0, server.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, Stamp.AddSeconds(part), 0u, ""),
                    "answer part " + part);
                Check.That(c.ReadFrame().StartsWith("53:0" + part + "\t"), "53 for part " + part);
            }
            done = Take<cimd2SubmitMessageCompletedEventArgs>(x => x.Content == "Hello World", "the completed two-part message");
            CheckCompleted(done, cid, 13u, "Hello World", EncodingEnum.et7BitText, new SubmitOption(), "", 2);
            if (done.TimeStamps.Count == 2)
                Check.That(done.TimeStamps[0] == Stamp.AddSeconds(13).ToLocalTime() && done.TimeStamps[1] == Stamp.AddSeconds(15).ToLocalTime(),
                    "TimeStamps are the 060s answered: " + done.TimeStamps[0] + ", " + done.TimeStamps[1]);
        }

        static void CheckCompleted(cimd2SubmitMessageCompletedEventArgs e, int cid, uint tn, string content, EncodingEnum encoding,
            SubmitOption options, string udh, int parts)
        {
            int clientID = e.ClientID;
            uint transactionNumber = e.TransactionNumber;
            string destination = e.Destination, originator = e.Originator, text = e.Content;
            EncodingEnum enc = e.Encoding;
            SubmitOption opts = e.Options;
            string userDataHeader = e.UserDataHeader;
            DateTime deliveryTime = e.DeliveryTime, validityPeriod = e.ValidityPeriod;
            string extended = e.ExtendedParameters;
            List<DateTime> timeStamps = e.TimeStamps;
            Check.Eq(cid, clientID, "cimd2SubmitMessageCompletedEventArgs.ClientID");
            Check.Eq(tn, transactionNumber, "cimd2SubmitMessageCompletedEventArgs.TransactionNumber");
            Check.Eq("4412345", destination, "cimd2SubmitMessageCompletedEventArgs.Destination");
            Check.Eq("1234", originator, "cimd2SubmitMessageCompletedEventArgs.Originator");
            Check.Eq(content, text, "cimd2SubmitMessageCompletedEventArgs.Content");
            Check.Eq(encoding, enc, "cimd2SubmitMessageCompletedEventArgs.Encoding");
            Check.That(opts == options, "cimd2SubmitMessageCompletedEventArgs.Options: " + opts);
            Check.Eq(udh, userDataHeader, "cimd2SubmitMessageCompletedEventArgs.UserDataHeader (the parts' headers are consumed)");
            Check.That(parts > 1 || deliveryTime != DateTime.MinValue, "cimd2SubmitMessageCompletedEventArgs.DeliveryTime: " + deliveryTime);
            Check.That(parts > 1 || validityPeriod != DateTime.MinValue, "cimd2SubmitMessageCompletedEventArgs.ValidityPeriod: " + validityPeriod);
            Check.That(extended != null, "cimd2SubmitMessageCompletedEventArgs.ExtendedParameters");
            Check.Eq(parts, timeStamps.Count, "cimd2SubmitMessageCompletedEventArgs.TimeStamps.Count");
            if (parts == 1 && timeStamps.Count == 1) Check.Eq(Stamp, timeStamps[0].ToUniversalTime(), "TimeStamps[0] = the 060 answered");
        }

        /// <summary>OnCimd2RAWReceived and cimd2SendRAW in its four forms:
        /// enquire message status (04), which the library leaves to the
        /// host, answered by hand with 54.</summary>
        void Raw(FrameClient c, int cid)
        {
            for (int form = 0; form < 4; form++)
            {
                int n = 17 + 2 * form;
                c.SendFrame(FrameClient.Cimd2("04", n.ToString("D3"), "021:4412345\t060:" + Stamp060 + "\t"));
                cimd2RAWReceivedEventArgs e = Take<cimd2RAWReceivedEventArgs>(x => x.TransactionNumber == n, "OnCimd2RAWReceived " + n);
                int clientID = e.ClientID;
                uint tn = e.TransactionNumber;
                int code = e.Code;
                string payload = e.Payload;
                Check.Eq(cid, clientID, "cimd2RAWReceivedEventArgs.ClientID");
                Check.Eq(4, code, "cimd2RAWReceivedEventArgs.Code");
                Check.Eq(FrameClient.Hex("021:4412345\t060:" + Stamp060 + "\t"), payload.ToUpperInvariant(), "cimd2RAWReceivedEventArgs.Payload");
                string answer = FrameClient.Hex("021:4412345\t060:" + Stamp060 + "\t061:4\t");
                int rc;
                switch (form)
                {
                    case 0: rc = server.cimd2SendRAW((uint)clientID, tn, 54u, answer); break;
                    case 1: rc = server.cimd2SendRAW(clientID, tn, 54u, answer); break;
                    case 2: rc = server.cimd2SendRAW(clientID, (int)tn, 54u, answer); break;
                    default: rc = server.cimd2SendRAW((uint)clientID, (int)tn, 54u, answer); break;
                }
                Check.Eq(0, rc, "cimd2SendRAW form " + form);
                Check.Eq(FrameClient.Cimd2("54", n.ToString("D3"), "021:4412345\t060:" + Stamp060 + "\t061:4\t"), c.ReadFrame(), "54 sent by cimd2SendRAW");
            }
        }

        // The checks of the page's forms below use even numbers, which go on
        // the wire as they are, so the packets can be compared byte for
        // byte; PortedCounter counts as a ported program does.
        uint tn = 2;

        uint NextTN()
        {
            uint n = tn;
            tn += 2;
            return n;
        }

        /// <summary>A program ported from the reference counts
        /// TransactionNumber up from 1 (tn++): every value works, odd ones and
        /// those above 254 included, whatever packet number each needs on the
        /// wire, and each answer carries the program's own number.</summary>
        void PortedCounter(FrameClient c, int cid)
        {
            for (int tn = 1; tn <= 300; tn++)
            {
                bool message = tn % 2 == 1;
                List<uint> numbers = null;
                int rc = message
                    ? server.cimd2SendDeliverMessage(cid, tn, "1234", "4412345", "tn " + tn, EncodingEnum.et7BitText, "",
                        new SubmitOption(), Stamp, "", ref numbers)
                    : server.cimd2SendDeliverStatusReport(cid, tn, Stamp, "4412345", 4, 0, Stamp, "");
                Check.Eq(0, rc, (message ? "cimd2SendDeliverMessage" : "cimd2SendDeliverStatusReport") + " with tn " + tn);
                if (message)
                    Check.That(numbers != null && numbers.Count == 1 && numbers[0] == (uint)tn, "TransactionNumbers = [" + tn + "]");
                string f = c.ReadFrame();
                string op = f.Substring(0, 2), num = f.Substring(3, 3);
                Check.Eq(message ? "20" : "23", op, "packet of tn " + tn);
                c.SendFrame(FrameClient.Cimd2(message ? "70" : "73", num, ""));
                cimd2DeliverResponseReceivedEventArgs r = Take<cimd2DeliverResponseReceivedEventArgs>(x => true, "the answer to tn " + tn);
                Check.Eq((uint)tn, r.TransactionNumber, "the answer to packet " + num + " carries tn " + tn);
            }
        }

        /// <summary>Reads the client's next frame, checks it is packet op
        /// with number n, answers it with answerOp (carrying 900:error when
        /// error is not 0), and checks OnCimd2DeliverResponseReceived.
        /// Returns the frame.</summary>
        string ReadAndAnswer(FrameClient c, int cid, string op, uint n, string answerOp, uint error = 0)
        {
            string f = c.ReadFrame();
            string num = n.ToString("D3");
            Check.That(f.StartsWith(op + ":" + num + "\t"), "packet " + op + ":" + num + " arrived: " + f);
            c.SendFrame(FrameClient.Cimd2(answerOp, num, error != 0 ? "900:" + error + "\t" : ""));
            cimd2DeliverResponseReceivedEventArgs r = Take<cimd2DeliverResponseReceivedEventArgs>(x => x.TransactionNumber == n, "the " + answerOp + " to " + num);
            int clientID = r.ClientID;
            uint transactionNumber = r.TransactionNumber;
            uint errorCode = r.ErrorCode;
            Check.Eq(cid, clientID, "cimd2DeliverResponseReceivedEventArgs.ClientID");
            Check.Eq(n, transactionNumber, "cimd2DeliverResponseReceivedEventArgs.TransactionNumber");
            Check.Eq(error, errorCode, "cimd2DeliverResponseReceivedEventArgs.ErrorCode");
            return f;
        }

        /// <summary>cimd2SendDeliverMessage in its four forms, then once per
        /// encoding; the options ride along and show in 030 and 052.</summary>
        void Deliveries(FrameClient c, int cid)
        {
            SubmitOption options = SubmitOptionEnum.soMessageClass1 | SubmitOptionEnum.soZeroSMS;
            for (int form = 0; form < 4; form++)
            {
                uint n = NextTN();
                List<uint> transactionNumbers = null;
                int rc;
                switch (form)
                {
                    case 0: // the page's form
                        rc = server.cimd2SendDeliverMessage((uint)cid, n, "1234", "4412345", "Hi there", EncodingEnum.et7BitText, "",
                            options, Stamp, "", ref transactionNumbers);
                        break;
                    case 1:
                        rc = server.cimd2SendDeliverMessage(cid, n, "1234", "4412345", "Hi there", EncodingEnum.et7BitText, "",
                            options, Stamp, "", ref transactionNumbers);
                        break;
                    case 2:
                        rc = server.cimd2SendDeliverMessage(cid, (int)n, "1234", "4412345", "Hi there", EncodingEnum.et7BitText, "",
                            options, Stamp, "", ref transactionNumbers);
                        break;
                    default:
                        rc = server.cimd2SendDeliverMessage((uint)cid, (int)n, "1234", "4412345", "Hi there", EncodingEnum.et7BitText, "",
                            options, Stamp, "", ref transactionNumbers);
                        break;
                }
                Check.Eq(0, rc, "cimd2SendDeliverMessage form " + form);
                Check.That(transactionNumbers != null && transactionNumbers.Count == 1 && transactionNumbers[0] == n,
                    "TransactionNumbers = [" + n + "]");
                string f = ReadAndAnswer(c, cid, "20", n, "70");
                Check.That(f.Contains("\t021:1234\t023:4412345\t060:" + Stamp060 + "\t052:64\t030:17\t033:Hi there\t"),
                    "20 with the addresses, time stamp, zero-SMS PID, class-1 DCS and text: " + f);
            }

            // Each encoding with a flag that shows on the wire: ISO-8859
            // texts go as UCS-2, the only GSM alphabet that carries them.
            Delivery[] all =
            {
                new Delivery(EncodingEnum.et7BitText, "Hi", SubmitOptionEnum.soMessageClass0, "030:16\t033:Hi\t"),
                new Delivery(EncodingEnum.et8BitHexadecimal, "C0FFEE", SubmitOptionEnum.soMessageClass3, "030:23\t034:C0FFEE\t"),
                new Delivery(EncodingEnum.etUCS2Text, "Hi", SubmitOptionEnum.soMessageClass2, "030:26\t034:00480069\t"),
                new Delivery(EncodingEnum.etISO88591, "\u00e9", SubmitOptionEnum.soZeroSMS, "052:64\t030:8\t034:00E9\t"),
                new Delivery(EncodingEnum.etISO88595, "\u0416", SubmitOptionEnum.soDirectDisplay, "030:24\t034:0416\t"),
                new Delivery(EncodingEnum.etISO88598, "\u05d0", SubmitOptionEnum.soMessageClass1, "030:25\t034:05D0\t"),
                new Delivery(EncodingEnum.etWAPPushOrMMS, "0605040B8423F0", SubmitOptionEnum.soRequestStatusReport, "030:245\t034:0605040B8423F0\t"),
            };
            foreach (Delivery d in all)
            {
                uint n = NextTN();
                List<uint> numbers = new List<uint> { 999 }; // an old list is cleared
                Check.Eq(0, server.cimd2SendDeliverMessage(cid, n, "1234", "4412345", d.Content, d.Encoding, "", d.Options, Stamp, "", ref numbers),
                    "cimd2SendDeliverMessage " + d.Encoding);
                Check.That(numbers.Count == 1 && numbers[0] == n, d.Encoding + ": TransactionNumbers = [" + n + "]");
                string f = ReadAndAnswer(c, cid, "20", n, "70");
                Check.That(f.Contains("\t060:" + Stamp060 + "\t" + d.Wire), d.Encoding + " with " + d.Options + " on the wire as " + d.Wire + ": " + f);
            }
        }

        struct Delivery
        {
            public EncodingEnum Encoding;
            public string Content, Wire;
            public SubmitOption Options;

            public Delivery(EncodingEnum encoding, string content, SubmitOptionEnum options, string wire)
            {
                Encoding = encoding;
                Content = content;
                Options = options;
                Wire = wire;
            }
        }

        /// <summary>cimd2SendDeliverStatusReport in its four forms (the page
        /// declares it with int ClientID and int TransactionNumber).</summary>
        void StatusReports(FrameClient c, int cid)
        {
            for (int form = 0; form < 4; form++)
            {
                uint n = NextTN();
                int status = form == 3 ? 3 : 4, statusError = form == 3 ? 9 : 0; // 4 delivered; 3 failed, reason 9
                int rc;
                switch (form)
                {
                    case 0: rc = server.cimd2SendDeliverStatusReport(cid, (int)n, Stamp, "4412345", status, statusError, Stamp.AddMinutes(1), ""); break;
                    case 1: rc = server.cimd2SendDeliverStatusReport((uint)cid, n, Stamp, "4412345", status, statusError, Stamp.AddMinutes(1), ""); break;
                    case 2: rc = server.cimd2SendDeliverStatusReport(cid, n, Stamp, "4412345", status, statusError, Stamp.AddMinutes(1), ""); break;
                    default: rc = server.cimd2SendDeliverStatusReport((uint)cid, (int)n, Stamp, "4412345", status, statusError, Stamp.AddMinutes(1), ""); break;
                }
                Check.Eq(0, rc, "cimd2SendDeliverStatusReport form " + form);
                string f = ReadAndAnswer(c, cid, "23", n, "73", form == 3 ? 13u : 0u); // the client refuses the last one
                string want = "\t021:4412345\t060:" + Stamp060 + "\t061:" + status + "\t" + (statusError != 0 ? "062:" + statusError + "\t" : "") + "063:261121232118\t";
                Check.That(f.Contains(want), "23 carries " + want.Replace("\t", " ") + ": " + f);
            }
        }

        /// <summary>KeepAliveInterval = 1: after a second of silence the
        /// server sends alive (40), which the client answers (90).</summary>
        void KeepAlive(FrameClient c)
        {
            server.KeepAliveInterval = 1;
            Check.Eq(1, server.KeepAliveInterval, "KeepAliveInterval set");
            string f = c.ReadFrame();
            Check.That(f.StartsWith("40:"), "alive (40) after a second of silence: " + f);
            if (f.StartsWith("40:")) c.SendFrame(FrameClient.Cimd2("90", f.Substring(3, 3), ""));
            server.KeepAliveInterval = 0;
        }

        /// <summary>ThrottleRate = 10: four deliveries take at least three
        /// tenths of a second (the first goes at once).</summary>
        void Throttle(FrameClient c, int cid)
        {
            server.ThrottleRate = 10;
            Check.Eq(10, server.ThrottleRate, "ThrottleRate set");
            uint first = tn;
            Stopwatch sw = Stopwatch.StartNew();
            for (int i = 0; i < 4; i++)
            {
                List<uint> numbers = null;
                Check.Eq(0, server.cimd2SendDeliverMessage(cid, NextTN(), "1234", "4412345", "paced", EncodingEnum.et7BitText, "",
                    new SubmitOption(), DateTime.MinValue, "", ref numbers), "throttled delivery " + i);
            }
            long ms = sw.ElapsedMilliseconds;
            Check.That(ms >= 250, "4 deliveries at 10/s took " + ms + " ms");
            server.ThrottleRate = 0;
            for (uint n = first; n < tn; n += 2) ReadAndAnswer(c, cid, "20", n, "70");
        }

        /// <summary>The other forms of tcpAcceptConnection and
        /// cimd2SendLoginResponse, a refused login, and the three ways to
        /// close: tcpCloseConnection(int), (uint), tcpCloseAllConnections.</summary>
        void LoginForms()
        {
            FrameClient[] clients = new FrameClient[3];
            int[] ids = new int[3];
            try
            {
                for (int form = 1; form <= 3; form++)
                {
                    clients[form - 1] = new FrameClient(port);
                    ids[form - 1] = AcceptAndLogin(clients[form - 1], form);
                }
                Check.Eq(3, server.ConnectionCount, "three connections");
                Check.Eq(0, server.tcpCloseConnection(ids[0]), "tcpCloseConnection(int)");
                Check.Eq(0, server.tcpCloseConnection((uint)ids[1]), "tcpCloseConnection(uint)");
                server.tcpCloseAllConnections();
                for (int i = 0; i < 3; i++)
                {
                    int id = ids[i];
                    Check.That(clients[i].ClosedWithin(5000), "connection " + id + " closed by the server");
                    tcpDisconnectedEventArgs e = Take<tcpDisconnectedEventArgs>(x => x.ClientID == id, "OnTcpDisconnected " + id);
                    Check.Eq(-1, e.Reason, "Reason -1: closed by the server");
                }
            }
            finally
            {
                foreach (FrameClient c in clients)
                    if (c != null) c.Dispose();
            }
        }
    }

    // ================================================================= SMPP

    /// <summary>The reference's usage overview, with its argument shapes, over
    /// the SMPP client of tests/client; the int and uint forms of the
    /// overview's calls; every member of the SMPP enums on the wire.</summary>
    sealed class SmppConformance
    {
        public static readonly smppMessageStateEnum[] States =
        {
            smppMessageStateEnum.msScheduled, smppMessageStateEnum.msEnroute, smppMessageStateEnum.msDelivered,
            smppMessageStateEnum.msExpired, smppMessageStateEnum.msDeleted, smppMessageStateEnum.msUndeliverable,
            smppMessageStateEnum.msAccepted, smppMessageStateEnum.msUnknown, smppMessageStateEnum.msRejected,
            smppMessageStateEnum.msSkipped,
        };

        static readonly string[] Stats = { "SCHEDUL", "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD", "SKIPPED" };

        SMSCserverSMPP serverSMPP = new smscs.SMPP.SMSCserverSMPP();
        readonly Inbox<EventArgs> seen = new Inbox<EventArgs>();
        int messageIDs;

        string getMessageID()
        {
            return "msg-" + Interlocked.Increment(ref messageIDs);
        }

        private void serverSMPP_OnTcpConnected(object sender, smscs.tcpConnectedEventArgs e)
        {
            serverSMPP.tcpAcceptConnection(e.ClientID);
            seen.Add(e);
        }

        private void serverSMPP_OnSmppLoginReceived(object sender, smscs.SMPP.smppLoginReceivedEventArgs e)
        {
            seen.Add(e);
            if (e.Password != "secret")
            {
                serverSMPP.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0x0E, "tops-smsc");
                serverSMPP.tcpCloseConnection(e.ClientID);
                return;
            }
            serverSMPP.smppSendLoginResponse(e.ClientID,
              e.SequenceNumber, e.BindMode, 0, "tops-smsc");
        }

        private void serverSMPP_OnSmppSubmitMessageCompleted(object sender, smscs.SMPP.smppSubmitMessageCompletedEventArgs e)
        {
            seen.Add(e);
        }

        private void serverSMPP_OnSmppSubmitMessageReceived(object sender, smscs.SMPP.smppSubmitMessageReceivedEventArgs e)
        {
            seen.Add(e);
            string MessageID = getMessageID();
            bool MultipleDestinations = (e.Destination.IndexOf(";") != -1);
            serverSMPP.smppSendSubmitMessageResponse(e.ClientID,
              e.SequenceNumber, 0, MessageID, MultipleDestinations);
        }

        private void serverSMPP_OnSmppDeliverResponseReceived(object sender, smscs.SMPP.smppDeliverResponseReceivedEventArgs e)
        {
            seen.Add(e);
        }

        private void serverSMPP_OnSmppLogoutReceived(object sender, smscs.SMPP.smppLogoutReceivedEventArgs e)
        {
            seen.Add(e);
            serverSMPP.smppSendLogoutResponse(e.ClientID,
              e.SequenceNumber, 0);
        }

        private void serverSMPP_OnTcpDisconnected(object sender, smscs.tcpDisconnectedEventArgs e)
        {
            seen.Add(e);
        }

        T Take<T>(Func<T, bool> pred, string what) where T : EventArgs
        {
            return (T)seen.Take(x => x is T && pred((T)x), 10000, what);
        }

        public void Run()
        {
            this.serverSMPP.OnTcpConnected +=
              new smscs.tcpConnectedEvent(
                this.serverSMPP_OnTcpConnected);
            this.serverSMPP.OnSmppLoginReceived +=
              new smscs.SMPP.smppLoginReceivedEvent(
                this.serverSMPP_OnSmppLoginReceived);
            this.serverSMPP.OnSmppSubmitMessageCompleted +=
              new smscs.SMPP.smppSubmitMessageCompletedEvent(
                this.serverSMPP_OnSmppSubmitMessageCompleted);
            this.serverSMPP.OnSmppSubmitMessageReceived +=
              new smscs.SMPP.smppSubmitMessageReceivedEvent(
                this.serverSMPP_OnSmppSubmitMessageReceived);
            this.serverSMPP.OnSmppDeliverResponseReceived +=
              new smscs.SMPP.smppDeliverResponseReceivedEvent(
                this.serverSMPP_OnSmppDeliverResponseReceived);
            this.serverSMPP.OnSmppLogoutReceived +=
              new smscs.SMPP.smppLogoutReceivedEvent(
                this.serverSMPP_OnSmppLogoutReceived);
            this.serverSMPP.OnTcpDisconnected +=
              new smscs.tcpDisconnectedEvent(
                this.serverSMPP_OnTcpDisconnected);
            try
            {
                int result = serverSMPP.smppInitializeServer("127.0.0.1", 0, ""); // the overview's "" and 2048: every interface, a fixed port
                Check.Eq(0, result, "smppInitializeServer");
                int port = serverSMPP.LocalPort;
                using (SmppClient c = new SmppClient(port))
                {
                    Check.Eq("bound", c.Bind("trx", "esme", "secret").Word, "transceiver bound");
                    smppLoginReceivedEventArgs login = Take<smppLoginReceivedEventArgs>(x => true, "OnSmppLoginReceived");
                    Check.Eq(smppBindModeEnum.bmTransceiver, login.BindMode, "BindMode of a transceiver");
                    Check.Eq("esme", login.SystemID, "login SystemID");
                    int clientID = login.ClientID;
                    uint sequenceNumber = 1;

                    uint[] seq = c.Submit("submit", "src", "48999654321", "dst", "48999123456", "text", "Hello SMSC");
                    smppSubmitMessageReceivedEventArgs sub = Take<smppSubmitMessageReceivedEventArgs>(x => true, "OnSmppSubmitMessageReceived");
                    Check.Eq(seq[0], sub.SequenceNumber, "submit SequenceNumber");
                    Check.Eq("Hello SMSC", sub.Content, "submit Content");
                    Line resp = c.Expect("resp", 10000);
                    Check.That(resp["id"] == "msg-1" && resp["status"] == "0", "submit_sm_resp from the handler: " + resp);
                    Check.Eq("Hello SMSC", Take<smppSubmitMessageCompletedEventArgs>(x => true, "OnSmppSubmitMessageCompleted").Content, "completed Content");

                    // The overview's deliver, with int clientID and uint
                    // sequenceNumber, then uint and int.
                    result = serverSMPP.smppSendDeliverMessage(clientID,
                      sequenceNumber++, "48999123456", 1, 1, "48999654321", 1, 1,
                      "Hello from SMSC Server Library", EncodingEnum.et7BitText,
                      "", 0, "", "");
                    Check.Eq(0, result, "smppSendDeliverMessage (int, uint)");
                    Delivered(c, "1", "Hello from SMSC Server Library");
                    uint clientIDu = (uint)clientID;
                    int sequenceNumberi = (int)sequenceNumber++;
                    result = serverSMPP.smppSendDeliverMessage(clientIDu,
                      sequenceNumberi, "48999123456", 1, 1, "48999654321", 1, 1,
                      "Hello again", EncodingEnum.et7BitText,
                      "", 0, "", "");
                    Check.Eq(0, result, "smppSendDeliverMessage (uint, int)");
                    Delivered(c, "2", "Hello again");

                    // The overview's status report, then every report type and
                    // message state in the other forms.
                    result = serverSMPP.smppSendDeliverStatusReport(clientID,
                      sequenceNumber++, "48999123456", 1, 1, "48999654321", 1, 1,
                      smppReportTypeEnum.rtFinal, "", "", 1, 1, DateTime.Now,
                      DateTime.Now, smppMessageStateEnum.msDelivered, 0, "", "");
                    Check.Eq(0, result, "smppSendDeliverStatusReport (int, uint)");
                    Line d = Delivered(c, "3", null);
                    Check.That(d["esm"] == "4" && d["text"].Contains("stat:DELIVRD"), "rtFinal receipt: " + d);
                    for (int i = 0; i < States.Length; i++)
                    {
                        smppReportTypeEnum type = i % 2 == 0 ? smppReportTypeEnum.rtIntermediate : smppReportTypeEnum.rtFinal;
                        int seqNo = (int)sequenceNumber++;
                        result = i % 2 == 0
                            ? serverSMPP.smppSendDeliverStatusReport(clientIDu, seqNo, "48999123456", 1, 1, "48999654321", 1, 1,
                                type, "msg-1", "", 1, 1, DateTime.Now, DateTime.Now, States[i], 0, "", "")
                            : serverSMPP.smppSendDeliverStatusReport(clientIDu, (uint)seqNo, "48999123456", 1, 1, "48999654321", 1, 1,
                                type, "msg-1", "", 1, 1, DateTime.Now, DateTime.Now, States[i], 0, "", "");
                        Check.Eq(0, result, "smppSendDeliverStatusReport " + type + " " + States[i]);
                        d = Delivered(c, seqNo.ToString(), null);
                        Check.Eq(type == smppReportTypeEnum.rtFinal ? "4" : "32", d["esm"], type + ": esm_class");
                        Check.That(d["text"].Contains("stat:" + Stats[i]), States[i] + " as stat:" + Stats[i] + ": " + d["text"]);
                        Check.That(d["tlvs"].Contains("0427:" + ((int)States[i]).ToString("x2")), States[i] + " in message_state: " + d["tlvs"]);
                    }

                    c.Submit("unbind");
                    Take<smppLogoutReceivedEventArgs>(x => true, "OnSmppLogoutReceived");
                    resp = c.Expect("resp", 10000);
                    Check.That(resp["cmd"] == "unbind_resp" && resp["status"] == "0", "unbind_resp from the handler: " + resp);
                    // The overview: "if the connection is not closed by the client it
                    // may be closed using tcpCloseConnection"; the library left it open.
                    Check.Eq(1, serverSMPP.ConnectionCount, "the connection stays open after the logout response");
                    Check.Eq(0, serverSMPP.tcpCloseConnection(clientID), "tcpCloseConnection after the logout response");
                    tcpDisconnectedEventArgs gone = Take<tcpDisconnectedEventArgs>(x => true, "OnTcpDisconnected");
                    Check.Eq(clientID, gone.ClientID, "disconnected ClientID");
                    Check.Eq(-1, gone.Reason, "Reason -1: ended by the component");
                }

                // The other bind modes, and a refused login closed with tcpCloseConnection.
                BindAs("tx", "secret", smppBindModeEnum.bmTransmitter, port);
                BindAs("rx", "secret", smppBindModeEnum.bmReceiver, port);
                BindAs("trx", "wrong", smppBindModeEnum.bmTransceiver, port);

                serverSMPP.smppFinalizeServer();
                Check.Eq(smscError.SMSC_ERR_NOT_INITIALIZED, serverSMPP.smppFinalizeServer(), "no longer listening");
            }
            finally
            {
                serverSMPP.Dispose();
            }
        }

        /// <summary>The client's next deliver_sm, numbered seq (null: any),
        /// and the OnSmppDeliverResponseReceived for its answer.</summary>
        Line Delivered(SmppClient c, string seq, string text)
        {
            Line d = c.Expect("deliver", 10000);
            if (seq != null) Check.Eq(seq, d["seq"], "deliver_sm sequence_number");
            if (text != null) Check.Eq(text, d["text"], "deliver_sm text");
            Check.That(d["src"] == "48999654321" && d["dst"] == "48999123456" && d["srcton"] == "1" && d["dstnpi"] == "1", "deliver_sm addresses: " + d);
            uint n = uint.Parse(d["seq"]);
            smppDeliverResponseReceivedEventArgs r = Take<smppDeliverResponseReceivedEventArgs>(x => x.SequenceNumber == n, "deliver_sm_resp " + seq);
            Check.Eq(0u, r.Status, "deliver_sm_resp status");
            return d;
        }

        void BindAs(string mode, string password, smppBindModeEnum want, int port)
        {
            using (SmppClient c = new SmppClient(port))
            {
                Line l = c.Bind(mode, "esme", password);
                smppLoginReceivedEventArgs login = Take<smppLoginReceivedEventArgs>(x => x.Password == password, "login as " + mode);
                Check.Eq(want, login.BindMode, "BindMode of " + mode);
                if (password == "secret")
                {
                    Check.Eq("bound", l.Word, mode + " bound");
                    int rc = serverSMPP.smppSendDeliverMessage(login.ClientID, 0u, "48999123456", 1, 1, "48999654321", 1, 1, "x",
                        EncodingEnum.et7BitText, "", 0, "", "");
                    Check.Eq(want == smppBindModeEnum.bmTransmitter ? smscError.SMSC_ERR_WRONG_STATE : 0, rc, "deliver to a " + mode);
                    if (rc == 0) Delivered(c, null, "x");
                }
                else
                {
                    Check.Eq("bind_error", l.Word, "refused bind");
                    Check.Eq(login.ClientID, Take<tcpDisconnectedEventArgs>(x => x.ClientID == login.ClientID, "closed after the refusal").ClientID,
                        "tcpCloseConnection after a refused login");
                }
            }
        }
    }

    // ================================================================== UCP

    /// <summary>The CIMD2 page's calls with the ucp prefix, in int and uint
    /// forms, against a raw UCP client.</summary>
    sealed class UcpConformance
    {
        // 2026-11-21 23:19:06 UTC, the SCTS the server answers submits with.
        static readonly DateTime Scts = new DateTime(2026, 11, 21, 23, 19, 6, DateTimeKind.Utc);

        readonly SMSCserverUCP server = new smscs.UCP.SMSCserverUCP();
        readonly Inbox<EventArgs> events = new Inbox<EventArgs>();
        int traces;

        void server_OnTcpConnected(object sender, smscs.tcpConnectedEventArgs e)
        {
            server.tcpAcceptConnection(e.ClientID);
            events.Add(e);
        }

        void server_OnUcpLoginReceived(object sender, smscs.UCP.ucpLoginReceivedEventArgs e)
        {
            events.Add(e);
            server.ucpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "");
        }

        void server_OnUcpSubmitMessageReceived(object sender, smscs.UCP.ucpSubmitMessageReceivedEventArgs e)
        {
            events.Add(e);
            server.ucpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", Scts, 0, "");
        }

        void server_OnUcpSubmitMessageCompleted(object sender, smscs.UCP.ucpSubmitMessageCompletedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnUcpDeliverResponseReceived(object sender, smscs.UCP.ucpDeliverResponseReceivedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnUcpRAWReceived(object sender, smscs.UCP.ucpRAWReceivedEventArgs e)
        {
            events.Add(e);
        }

        void server_OnUcpTraceProtocol(object Sender, smscs.UCP.ucpTraceProtocolCallbackArgs e)
        {
            int operation = e.Operation, operationType = e.OperationType;
            if (operation > 0 && operationType >= 0 && e.PDU.StartsWith("02")) Interlocked.Increment(ref traces);
        }

        void server_OnTcpDisconnected(object sender, smscs.tcpDisconnectedEventArgs e)
        {
            events.Add(e);
        }

        T Take<T>(Func<T, bool> pred, string what) where T : EventArgs
        {
            return (T)events.Take(x => x is T && pred((T)x), 10000, what);
        }

        public void Run()
        {
            ISMSCserverUCP iface = server;
            server.OnTcpConnected += new smscs.tcpConnectedEvent(server_OnTcpConnected);
            server.OnTcpDisconnected += new smscs.tcpDisconnectedEvent(server_OnTcpDisconnected);
            server.OnUcpLoginReceived += new smscs.UCP.ucpLoginReceivedEvent(server_OnUcpLoginReceived);
            server.OnUcpSubmitMessageReceived += new smscs.UCP.ucpSubmitMessageReceivedEvent(server_OnUcpSubmitMessageReceived);
            server.OnUcpSubmitMessageCompleted += new smscs.UCP.ucpSubmitMessageCompletedEvent(server_OnUcpSubmitMessageCompleted);
            iface.OnUcpDeliverResponseReceived += new smscs.UCP.ucpDeliverResponseReceivedEvent(server_OnUcpDeliverResponseReceived);
            iface.OnUcpRAWReceived += new smscs.UCP.ucpRAWReceivedEvent(server_OnUcpRAWReceived);
            iface.OnUcpTraceProtocol += new smscs.UCP.ucpTraceProtocolCallback(server_OnUcpTraceProtocol);
            try
            {
                Check.Eq(0, iface.ucpInitializeServer("127.0.0.1", 0, "ucp.time-zone=UTC"), "ucpInitializeServer");
                iface.KeepAliveInterval = 0;
                iface.ThrottleRate = 0;
                using (FrameClient c = new FrameClient(server.LocalPort))
                {
                    int cid = Take<tcpConnectedEventArgs>(x => true, "OnTcpConnected").ClientID;
                    c.SendFrame(FrameClient.Ucp("01", "O", "60", "emiuser/6/5/1/" + FrameClient.Hex("secret") + "//0100//////"));
                    Check.Eq(FrameClient.Ucp("01", "R", "60", "A//"), c.ReadFrame(), "60 answered by ucpSendLoginResponse");
                    Check.Eq("emiuser", Take<ucpLoginReceivedEventArgs>(x => true, "OnUcpLoginReceived").UserIdentity, "login UserIdentity");

                    c.SendFrame(FrameClient.Ucp("02", "O", "51", "4412345/1234//1//7/////////////3//" + FrameClient.Hex("Hello") + "/////////////"));
                    Check.Eq(FrameClient.Ucp("02", "R", "51", "A//4412345:211126231906/"), c.ReadFrame(), "51 answered by ucpSendSubmitMessageResponse");
                    ucpSubmitMessageReceivedEventArgs sub = Take<ucpSubmitMessageReceivedEventArgs>(x => true, "OnUcpSubmitMessageReceived");
                    Check.That(sub.Content == "Hello" && sub.Destination == "4412345" && sub.Originator == "1234", "submit fields");
                    Check.Eq(1, Take<ucpSubmitMessageCompletedEventArgs>(x => true, "OnUcpSubmitMessageCompleted").TimeStamps.Count, "completed TimeStamps");

                    // ucpSendDeliverMessage, the CIMD2 page's 11-argument form, int and uint.
                    SubmitOption options = new SubmitOption();
                    for (int form = 0; form < 2; form++)
                    {
                        uint trn = (uint)(10 + form);
                        List<uint> transactionNumbers = null;
                        int rc = form == 0
                            ? server.ucpSendDeliverMessage(cid, trn, "1234", "4412345", "Hi there", EncodingEnum.et7BitText, "", options, Scts, "", ref transactionNumbers)
                            : server.ucpSendDeliverMessage((uint)cid, (int)trn, "1234", "4412345", "Hi there", EncodingEnum.et7BitText, "", options, Scts, "", ref transactionNumbers);
                        Check.Eq(0, rc, "ucpSendDeliverMessage form " + form);
                        Check.That(transactionNumbers != null && transactionNumbers.Count == 1 && transactionNumbers[0] == trn, "TransactionNumbers = [" + trn + "]");
                        string f = c.ReadFrame();
                        Check.That(f.StartsWith(trn + "/") && f.Contains("/O/52/1234/4412345/") && f.Contains("/3//" + FrameClient.Hex("Hi there") + "/"), "52 arrived: " + f);
                        AckDeliverResponse(c, cid, trn, "52", 52u);
                    }

                    // ucpSendDeliverStatusReport in the CIMD2 page's shape (no
                    // Originator), int/int and uint/uint; which AdC the 53 then
                    // carries is the core's business.
                    for (int form = 0; form < 2; form++)
                    {
                        uint trn = (uint)(20 + form);
                        int rc = form == 0
                            ? server.ucpSendDeliverStatusReport(cid, (int)trn, Scts, "4412345", 0, 0, DateTime.MinValue, "")
                            : server.ucpSendDeliverStatusReport((uint)cid, trn, Scts, "4412345", 0, 0, DateTime.MinValue, "");
                        Check.Eq(0, rc, "ucpSendDeliverStatusReport (CIMD2's shape) form " + form);
                        if (rc != 0) continue; // no frame comes
                        string f = c.ReadFrame();
                        Check.That(f.StartsWith(trn + "/") && f.Contains("/O/53/") && f.Contains("/211126231906/0/"), "53 arrived: " + f);
                        AckDeliverResponse(c, cid, trn, "53", 53u);
                    }

                    // ucpSendRAW answering an inquiry (OT 55) the library leaves to the host.
                    for (int form = 0; form < 2; form++)
                    {
                        string trn = (30 + form).ToString();
                        c.SendFrame(FrameClient.Ucp(trn, "O", "55", "4412345/1234/"));
                        ucpRAWReceivedEventArgs raw = Take<ucpRAWReceivedEventArgs>(x => x.TransactionNumber == uint.Parse(trn), "OnUcpRAWReceived " + trn);
                        Check.That(!raw.IsResult && raw.OperationType == 55 && raw.Payload == FrameClient.Hex("4412345/1234/"), "RAW fields");
                        int rc = form == 0
                            ? server.ucpSendRAW((uint)raw.ClientID, raw.TransactionNumber, 55u, FrameClient.Hex("A//"))
                            : server.ucpSendRAW(raw.ClientID, (int)raw.TransactionNumber, 55u, FrameClient.Hex("A//"));
                        Check.Eq(0, rc, "ucpSendRAW form " + form);
                        Check.Eq(FrameClient.Ucp(trn, "R", "55", "A//"), c.ReadFrame(), "55 answered by ucpSendRAW");
                    }
                }
                Check.Eq(0, Take<tcpDisconnectedEventArgs>(x => true, "OnTcpDisconnected").Reason, "closed by the client");
                Check.That(Volatile.Read(ref traces) >= 12, "ucpTraceProtocolCallbackArgs with int Operation and OperationType: " + traces);
                Check.Eq(0, iface.ucpFinalizeServer(), "ucpFinalizeServer");
            }
            finally
            {
                server.Dispose();
            }
        }

        void AckDeliverResponse(FrameClient c, int cid, uint trn, string ot, uint otNumber)
        {
            c.SendFrame(FrameClient.Ucp(trn.ToString("D2"), "R", ot, "A///"));
            ucpDeliverResponseReceivedEventArgs r = Take<ucpDeliverResponseReceivedEventArgs>(x => x.TransactionNumber == trn, "result of the " + ot);
            Check.That(r.ClientID == cid && r.OperationType == otNumber && r.ErrorCode == 0u, "OnUcpDeliverResponseReceived for the " + ot);
        }
    }
}
