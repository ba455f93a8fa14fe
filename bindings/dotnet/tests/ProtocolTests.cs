// Tests of SMSCserverUCP and SMSCserverCIMD2 over real TCP: a raw-socket
// client (FrameClient, TestKit.cs) sends the frames Kannel sends
// (docs/test-vectors.md, UCP and CIMD2 vectors), the C# handlers answer, and the
// test reads the library's frames back, byte for byte where
// tests/c/test_protocols.c checks them exactly. Part of SmscServerTests.exe.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using smscs;
using smscs.CIMD2;
using smscs.UCP;

namespace smscs.Tests
{
    static partial class Program
    {
        // 2026-11-21 23:19:06 UTC (UCP SCTS 211126231906) and 23:20:18 UTC
        // (CIMD2 060 261121232018), the times of test_protocols.c.
        const long UcpScts = 1795303146000L, Cimd2Ts = 1795303218000L;

        static T TakeEv<T>(Inbox<EventArgs> ev, Func<T, bool> pred, string what) where T : EventArgs
        {
            return (T)ev.Take(x => x is T && pred((T)x), 10000, what);
        }

        static unsafe void TestProtocolLayout()
        {
            // Sizes and offsets printed by gcc for include/smscserver.h (LP64).
            Eq(72, sizeof(Native.ucpLoginReceivedEventArgs), "ucpLoginReceivedEventArgs");
            Eq(40, (int)Marshal.OffsetOf(typeof(Native.ucpLoginReceivedEventArgs), "OTON"), "ucpLogin.OTON");
            Eq(42, (int)Marshal.OffsetOf(typeof(Native.ucpLoginReceivedEventArgs), "STYP"), "ucpLogin.STYP");
            Eq(48, (int)Marshal.OffsetOf(typeof(Native.ucpLoginReceivedEventArgs), "VERS"), "ucpLogin.VERS");
            Eq(64, (int)Marshal.OffsetOf(typeof(Native.ucpLoginReceivedEventArgs), "ExtendedParameters"), "ucpLogin.ExtendedParameters");
            Eq(96, sizeof(Native.ucpSubmitMessageEventArgs), "ucpSubmitMessageEventArgs");
            Eq(32, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageEventArgs), "Encoding"), "ucpSubmit.Encoding");
            Eq(36, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageEventArgs), "Options"), "ucpSubmit.Options");
            Eq(40, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageEventArgs), "UserDataHeader"), "ucpSubmit.UserDataHeader");
            Eq(48, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageEventArgs), "DeliveryTime"), "ucpSubmit.DeliveryTime");
            Eq(80, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageEventArgs), "TimeStamps"), "ucpSubmit.TimeStamps");
            Eq(88, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageEventArgs), "PartCount"), "ucpSubmit.PartCount");
            Eq(64, sizeof(Native.ucpSubmitMessageIncompleteEventArgs), "ucpSubmitMessageIncompleteEventArgs");
            Eq(24, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageIncompleteEventArgs), "Reference"), "ucpIncomplete.Reference");
            Eq(28, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageIncompleteEventArgs), "Total"), "ucpIncomplete.Total");
            Eq(40, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageIncompleteEventArgs), "TransactionNumbers"), "ucpIncomplete.TransactionNumbers");
            Eq(56, (int)Marshal.OffsetOf(typeof(Native.ucpSubmitMessageIncompleteEventArgs), "PartCount"), "ucpIncomplete.PartCount");
            Eq(32, sizeof(Native.ucpDeliverResponseReceivedEventArgs), "ucpDeliverResponseReceivedEventArgs");
            Eq(16, (int)Marshal.OffsetOf(typeof(Native.ucpDeliverResponseReceivedEventArgs), "ErrorMessage"), "ucpDeliverResponse.ErrorMessage");
            Eq(24, (int)Marshal.OffsetOf(typeof(Native.ucpDeliverResponseReceivedEventArgs), "ExtendedParameters"), "ucpDeliverResponse.ExtendedParameters");
            Eq(24, sizeof(Native.ucpRAWReceivedEventArgs), "ucpRAWReceivedEventArgs");
            Eq(12, (int)Marshal.OffsetOf(typeof(Native.ucpRAWReceivedEventArgs), "IsResult"), "ucpRAW.IsResult");
            Eq(16, (int)Marshal.OffsetOf(typeof(Native.ucpRAWReceivedEventArgs), "Payload"), "ucpRAW.Payload");
            Eq(40, sizeof(Native.ucpTraceProtocolEventArgs), "ucpTraceProtocolEventArgs");
            Eq(24, (int)Marshal.OffsetOf(typeof(Native.ucpTraceProtocolEventArgs), "Operation"), "ucpTrace.Operation");
            Eq(32, (int)Marshal.OffsetOf(typeof(Native.ucpTraceProtocolEventArgs), "PDU"), "ucpTrace.PDU");
            Eq(32, sizeof(Native.cimd2LoginReceivedEventArgs), "cimd2LoginReceivedEventArgs");
            Eq(8, (int)Marshal.OffsetOf(typeof(Native.cimd2LoginReceivedEventArgs), "UserIdentity"), "cimd2Login.UserIdentity");
            Eq(24, (int)Marshal.OffsetOf(typeof(Native.cimd2LoginReceivedEventArgs), "ExtendedParameters"), "cimd2Login.ExtendedParameters");
            Eq(8, sizeof(Native.cimd2LogoutReceivedEventArgs), "cimd2LogoutReceivedEventArgs");
            Eq(96, sizeof(Native.cimd2SubmitMessageEventArgs), "cimd2SubmitMessageEventArgs");
            Eq(32, (int)Marshal.OffsetOf(typeof(Native.cimd2SubmitMessageEventArgs), "Encoding"), "cimd2Submit.Encoding");
            Eq(48, (int)Marshal.OffsetOf(typeof(Native.cimd2SubmitMessageEventArgs), "DeliveryTime"), "cimd2Submit.DeliveryTime");
            Eq(80, (int)Marshal.OffsetOf(typeof(Native.cimd2SubmitMessageEventArgs), "TimeStamps"), "cimd2Submit.TimeStamps");
            Eq(88, (int)Marshal.OffsetOf(typeof(Native.cimd2SubmitMessageEventArgs), "PartCount"), "cimd2Submit.PartCount");
            Eq(56, sizeof(Native.cimd2SubmitMessageIncompleteEventArgs), "cimd2SubmitMessageIncompleteEventArgs");
            Eq(24, (int)Marshal.OffsetOf(typeof(Native.cimd2SubmitMessageIncompleteEventArgs), "Reference"), "cimd2Incomplete.Reference");
            Eq(40, (int)Marshal.OffsetOf(typeof(Native.cimd2SubmitMessageIncompleteEventArgs), "TransactionNumbers"), "cimd2Incomplete.TransactionNumbers");
            Eq(48, (int)Marshal.OffsetOf(typeof(Native.cimd2SubmitMessageIncompleteEventArgs), "PartCount"), "cimd2Incomplete.PartCount");
            Eq(32, sizeof(Native.cimd2DeliverResponseReceivedEventArgs), "cimd2DeliverResponseReceivedEventArgs");
            Eq(12, (int)Marshal.OffsetOf(typeof(Native.cimd2DeliverResponseReceivedEventArgs), "Code"), "cimd2DeliverResponse.Code");
            Eq(16, (int)Marshal.OffsetOf(typeof(Native.cimd2DeliverResponseReceivedEventArgs), "ErrorMessage"), "cimd2DeliverResponse.ErrorMessage");
            Eq(24, (int)Marshal.OffsetOf(typeof(Native.cimd2DeliverResponseReceivedEventArgs), "ExtendedParameters"), "cimd2DeliverResponse.ExtendedParameters");
            Eq(24, sizeof(Native.cimd2RAWReceivedEventArgs), "cimd2RAWReceivedEventArgs");
            Eq(8, (int)Marshal.OffsetOf(typeof(Native.cimd2RAWReceivedEventArgs), "Code"), "cimd2RAW.Code");
            Eq(16, (int)Marshal.OffsetOf(typeof(Native.cimd2RAWReceivedEventArgs), "Payload"), "cimd2RAW.Payload");
            Eq(40, sizeof(Native.cimd2TraceProtocolEventArgs), "cimd2TraceProtocolEventArgs");
            Eq(24, (int)Marshal.OffsetOf(typeof(Native.cimd2TraceProtocolEventArgs), "Operation"), "cimd2Trace.Operation");
            Eq(32, (int)Marshal.OffsetOf(typeof(Native.cimd2TraceProtocolEventArgs), "PDU"), "cimd2Trace.PDU");
            Eq(Cimd2Ts, Native.ToUnixMs(Native.FromUnixMs(Cimd2Ts)), "time round trip");
        }

        // ------------------------------------------------------------- UCP

        static void TestUcp()
        {
            Inbox<EventArgs> ev = new Inbox<EventArgs>();
            Inbox<smscErrorEventArgs> errors = new Inbox<smscErrorEventArgs>();
            int wrongThread = 0;
            SMSCserverUCP s = new SMSCserverUCP();
            Action<object> note = o =>
            {
                if (!s.IsDispatcherThread || !ReferenceEquals(o, s)) Interlocked.Increment(ref wrongThread);
            };
            s.OnTcpConnected += (o, e) => { note(o); ev.Add(e); s.tcpAcceptConnection(e.ClientID); };
            s.OnTcpDisconnected += (o, e) => { note(o); ev.Add(e); };
            s.OnUcpLoginReceived += new ucpLoginReceivedEvent((o, e) =>
            {
                note(o);
                ev.Add(e);
                bool ok = e.UserIdentity == "emiuser" && e.Password == "secret";
                s.ucpSendLoginResponse(e.ClientID, e.TransactionNumber, ok ? 0u : 7u, ok ? "" : "bad login");
            });
            s.OnUcpSubmitMessageReceived += (o, e) =>
            {
                note(o);
                ev.Add(e);
                if (e.Content == "THROW") throw new InvalidOperationException("boom");
                s.ucpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", Native.FromUnixMs(UcpScts), 0, "");
            };
            s.OnUcpSubmitMessageCompleted += (o, e) => { note(o); ev.Add(e); };
            s.OnUcpSubmitMessageIncomplete += (o, e) => { note(o); ev.Add(e); };
            s.OnUcpDeliverResponseReceived += (o, e) => { note(o); ev.Add(e); };
            s.OnUcpRAWReceived += (o, e) =>
            {
                note(o);
                ev.Add(e);
                if (!e.IsResult && e.OperationType == 55) // answer an inquiry by hand
                    s.ucpSendRAW(e.ClientID, e.TransactionNumber, 55u, FrameClient.Hex("A//"));
            };
            int traces = 0, badTraces = 0;
            s.OnUcpTraceProtocol += new ucpTraceProtocolCallback((o, e) =>
            {
                note(o);
                Interlocked.Increment(ref traces);
                if (!e.PDU.StartsWith("02") || !e.PDU.EndsWith("03") || e.FromAddress.IndexOf(':') < 0 || e.ToAddress.IndexOf(':') < 0)
                    Interlocked.Increment(ref badTraces);
            });
            s.OnError += (o, e) => { note(o); errors.Add(e); };
            try
            {
                Eq(0, s.ucpInitializeServer("127.0.0.1", 0, "ucp.time-zone=UTC"), "ucpInitializeServer");
                Check(s.LocalPort > 0, "LocalPort");
                Eq(smscError.SMSC_ERR_ALREADY_INITIALIZED, s.ucpInitializeServer("127.0.0.1", 0, ""), "init twice");
                Eq(smscError.SMSC_ERR_UNKNOWN_CLIENT, s.ucpSendLoginResponse(12345u, 1u, 0u, ""), "login resp unknown (uint)");
                int cid;
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    cid = TakeEv<tcpConnectedEventArgs>(ev, x => true, "OnTcpConnected").ClientID;

                    // login, docs/test-vectors.md UCP vector 12
                    c.SendFrame("00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2");
                    Eq("00/00019/R/60/A//6D", c.ReadFrame(), "60 positive result");
                    ucpLoginReceivedEventArgs login = TakeEv<ucpLoginReceivedEventArgs>(ev, x => true, "OnUcpLoginReceived");
                    Eq(cid, login.ClientID, "login.ClientID");
                    Eq(0u, login.TransactionNumber, "login.TransactionNumber");
                    Eq("emiuser", login.UserIdentity, "login.UserIdentity");
                    Eq("emiuser", login.Originator, "login.Originator");
                    Eq("secret", login.Password, "login.Password");
                    Eq((byte)6, login.OTON, "login.OTON");
                    Eq((byte)5, login.ONPI, "login.ONPI");
                    Eq((byte)1, login.STYP, "login.STYP");
                    Eq("0100", login.VERS, "login.VERS");

                    // submit "Hello @{€", item 14; the answer byte-exact as item 19
                    c.SendFrame("02/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D");
                    Eq("02/00040/R/51/A//4412345:211126231906/9B", c.ReadFrame(), "51 positive result");
                    ucpSubmitMessageReceivedEventArgs sub = TakeEv<ucpSubmitMessageReceivedEventArgs>(ev, x => true, "OnUcpSubmitMessageReceived");
                    Eq(2u, sub.TransactionNumber, "submit.TransactionNumber");
                    Eq("4412345", sub.Destination, "submit.Destination");
                    Eq("1234", sub.Originator, "submit.Originator");
                    Eq("Hello @{\u20ac", sub.Content, "submit.Content");
                    Eq(EncodingEnum.et7BitText, sub.Encoding, "submit.Encoding");
                    Eq("", sub.UserDataHeader, "submit.UserDataHeader");
                    Check(sub.ExtendedParameters.Contains("ucp.OT=51"), "submit.ExtendedParameters: " + sub.ExtendedParameters);
                    ucpSubmitMessageCompletedEventArgs done = TakeEv<ucpSubmitMessageCompletedEventArgs>(ev, x => true, "OnUcpSubmitMessageCompleted");
                    Eq("Hello @{\u20ac", done.Content, "completed.Content");
                    Eq(1, done.TransactionNumbers.Count, "completed.TransactionNumbers.Count");
                    Eq(2u, done.TransactionNumbers.Count > 0 ? done.TransactionNumbers[0] : 0u, "completed.TransactionNumbers[0]");
                    Eq(1, done.TimeStamps.Count, "completed.TimeStamps.Count");
                    if (done.TimeStamps.Count > 0)
                    {
                        Eq(UcpScts, Native.ToUnixMs(done.TimeStamps[0]), "completed.TimeStamps[0]");
                        Eq(DateTimeKind.Local, done.TimeStamps[0].Kind, "completed.TimeStamps[0].Kind");
                    }

                    // deliver (52) + the client's ACK
                    List<uint> trns = null;
                    Eq(0, s.ucpSendDeliverMessage(cid, 0u, "1234", "4412345", "Hi there", EncodingEnum.et7BitText, "",
                        (SubmitOptionEnum)0, DateTime.MinValue, "", ref trns), "ucpSendDeliverMessage");
                    Eq(1, trns.Count, "deliver TransactionNumbers.Count");
                    string f = c.ReadFrame();
                    Check(f.Contains("/O/52/1234/4412345/"), "52 addresses: " + f);
                    Check(f.Contains("/3//4869207468657265/"), "52 AMsg: " + f);
                    string trn = f.Substring(0, 2);
                    Eq(trns.Count > 0 ? trns[0] : 999u, uint.Parse(trn), "52 TRN = TransactionNumbers[0]");
                    c.SendFrame(FrameClient.Ucp(trn, "R", "52", "A///"));
                    ucpDeliverResponseReceivedEventArgs dr = TakeEv<ucpDeliverResponseReceivedEventArgs>(ev, x => true, "OnUcpDeliverResponseReceived");
                    Eq(uint.Parse(trn), dr.TransactionNumber, "deliver response TRN");
                    Eq(52u, dr.OperationType, "deliver response OT");
                    Eq(0u, dr.ErrorCode, "deliver response EC");
                    Eq(cid, dr.ClientID, "deliver response ClientID");

                    // the 10-argument form, int TRN
                    Eq(0, s.ucpSendDeliverMessage(cid, 7, "1234", "4412345", "x", EncodingEnum.et7BitText, "",
                        (SubmitOptionEnum)0, DateTime.MinValue, ""), "ucpSendDeliverMessage (no list, int TRN)");
                    f = c.ReadFrame();
                    Check(f.StartsWith("07/") && f.Contains("/O/52/"), "52 with TRN 07: " + f);
                    c.SendFrame(FrameClient.Ucp("07", "R", "52", "N/01//"));
                    dr = TakeEv<ucpDeliverResponseReceivedEventArgs>(ev, x => x.TransactionNumber == 7, "NACK of the 52");
                    Eq(1u, dr.ErrorCode, "NACK EC");

                    // notification (53): MessageTimeStamp = the SCTS answered above
                    Eq(0, s.ucpSendDeliverStatusReport(cid, 0u, Native.FromUnixMs(UcpScts), "4412345", "1234", 0, 0,
                        DateTime.MinValue, ""), "ucpSendDeliverStatusReport");
                    f = c.ReadFrame();
                    Check(f.Contains("/O/53/1234/4412345/"), "53 addresses: " + f);
                    Check(f.Contains("/211126231906/0/"), "53 SCTS and Dst: " + f);
                    c.SendFrame(FrameClient.Ucp(f.Substring(0, 2), "R", "53", "A///"));
                    dr = TakeEv<ucpDeliverResponseReceivedEventArgs>(ev, x => x.OperationType == 53, "result of the 53");
                    Eq(0u, dr.ErrorCode, "53 result EC");

                    // the same with the arguments of cimd2SendDeliverStatusReport
                    // (no Originator, int ClientID and TransactionNumber); which
                    // AdC an empty Originator gives is the core's business
                    int rc53 = s.ucpSendDeliverStatusReport(cid, 0, Native.FromUnixMs(UcpScts), "4412345", 0, 0, DateTime.MinValue, "");
                    Eq(0, rc53, "ucpSendDeliverStatusReport in CIMD2's shape");
                    if (rc53 == 0) // else no frame comes, and the rest of the session still runs
                    {
                        f = c.ReadFrame();
                        Check(f.Contains("/O/53/") && f.Contains("/211126231906/0/"), "53 in CIMD2's shape: " + f);
                        c.SendFrame(FrameClient.Ucp(f.Substring(0, 2), "R", "53", "A///"));
                        dr = TakeEv<ucpDeliverResponseReceivedEventArgs>(ev, x => x.OperationType == 53, "result of the 53 in CIMD2's shape");
                        Eq(0u, dr.ErrorCode, "53 (CIMD2's shape) result EC");
                    }

                    // RAW both ways: an inquiry (OT 55) answered by hand, byte-exact
                    c.SendFrame(FrameClient.Ucp("04", "O", "55", "4412345/1234/"));
                    Eq(FrameClient.Ucp("04", "R", "55", "A//"), c.ReadFrame(), "55 answered with ucpSendRAW");
                    ucpRAWReceivedEventArgs raw = TakeEv<ucpRAWReceivedEventArgs>(ev, x => x.OperationType == 55, "OnUcpRAWReceived");
                    Eq(4u, raw.TransactionNumber, "raw.TransactionNumber");
                    Eq(false, raw.IsResult, "raw.IsResult");
                    Eq(FrameClient.Hex("4412345/1234/"), raw.Payload, "raw.Payload");
                    Eq(0, s.ucpSendRAW(cid, 9, 31u, FrameClient.Hex("0234765439845/0139/")), "ucpSendRAW (operation)");
                    Eq(FrameClient.Ucp("09", "O", "31", "0234765439845/0139/"), c.ReadFrame(), "31 sent with ucpSendRAW");
                    c.SendFrame(FrameClient.Ucp("09", "R", "31", "A/0003/"));
                    raw = TakeEv<ucpRAWReceivedEventArgs>(ev, x => x.IsResult, "RAW result");
                    Eq(31u, raw.OperationType, "raw result OT");
                    Eq(9u, raw.TransactionNumber, "raw result TRN");

                    // a handler that throws: OnError, and the library's default NACK 55
                    c.SendFrame(FrameClient.Ucp("05", "O", "51", "4412345/1234//1//7/////////////3//" + FrameClient.Hex("THROW") + "/////////////"));
                    f = c.ReadFrame();
                    Check(f.StartsWith("05/") && f.Contains("/R/51/N/55/"), "default answer after the exception: " + f);
                    smscErrorEventArgs err = errors.Take(10000, "OnError");
                    Eq("OnUcpSubmitMessageReceived", err.EventName, "OnError.EventName");
                    Check(err.Exception is InvalidOperationException && err.Exception.Message == "boom", "OnError.Exception");

                    Eq(smscError.SMSC_ERR_INVALID_ARGUMENT, s.ucpSendDeliverMessage(cid, 0u, "1234", "4412345", "x", (EncodingEnum)99, "",
                        (SubmitOptionEnum)0, DateTime.MinValue, ""), "bad encoding");
                    Eq(1, s.ConnectionCount, "ConnectionCount");
                }
                tcpDisconnectedEventArgs gone = TakeEv<tcpDisconnectedEventArgs>(ev, x => true, "OnTcpDisconnected");
                Eq(cid, gone.ClientID, "disconnected ClientID");
                Eq(0, gone.Reason, "disconnected by the peer");

                // login rejected (NACK 07 with the handler's text)
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    c.SendFrame(FrameClient.Ucp("01", "O", "60", "emiuser/6/5/1/" + FrameClient.Hex("wrong") + "//0100//////"));
                    Eq(FrameClient.Ucp("01", "R", "60", "N/07/" + "bad login/"), c.ReadFrame(), "60 negative result");
                    ucpLoginReceivedEventArgs bad = TakeEv<ucpLoginReceivedEventArgs>(ev, x => true, "rejected login");
                    Eq("wrong", bad.Password, "rejected login.Password");
                    // not logged in: a submit gets NACK 07
                    c.SendFrame("02/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D");
                    string f = c.ReadFrame();
                    Check(f.StartsWith("02/") && f.Contains("/R/51/N/07/"), "submit before login: " + f);
                }
                TakeEv<tcpDisconnectedEventArgs>(ev, x => true, "second disconnect");

                Check(Volatile.Read(ref traces) >= 14, "trace events: " + traces);
                Eq(0, Volatile.Read(ref badTraces), "malformed trace events");
                Eq(0, Volatile.Read(ref wrongThread), "events off the dispatcher thread");
                Eq(0, s.ucpFinalizeServer(), "ucpFinalizeServer");
            }
            finally
            {
                s.Dispose();
            }
            Eq(smscError.SMSC_ERR_INVALID_HANDLE, s.ucpFinalizeServer(), "ucpFinalizeServer after Dispose");
            Eq(smscError.SMSC_ERR_INVALID_HANDLE, s.ucpSendRAW(1, 1, 31u, ""), "ucpSendRAW after Dispose");
        }

        /// <summary>No handlers: the library's defaults (login NACK 07 and close).</summary>
        static void TestUcpDefaults()
        {
            using (SMSCserverUCP s = new SMSCserverUCP())
            {
                Eq(0, s.ucpInitializeServer("127.0.0.1", 0, ""), "init");
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    c.SendFrame("00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2");
                    string f = c.ReadFrame();
                    Check(f.StartsWith("00/") && f.Contains("/R/60/N/07/"), "default login answer: " + f);
                    Check(c.ClosedWithin(5000), "connection closed after the default rejection");
                }
            }
        }

        // ----------------------------------------------------------- CIMD2

        static void TestCimd2()
        {
            Inbox<EventArgs> ev = new Inbox<EventArgs>();
            Inbox<smscErrorEventArgs> errors = new Inbox<smscErrorEventArgs>();
            int wrongThread = 0;
            SMSCserverCIMD2 s = new smscs.CIMD2.SMSCserverCIMD2();
            Action<object> note = o =>
            {
                if (!s.IsDispatcherThread || !ReferenceEquals(o, s)) Interlocked.Increment(ref wrongThread);
            };
            s.OnTcpConnected += new smscs.tcpConnectedEvent((o, e) => { note(o); ev.Add(e); s.tcpAcceptConnection(e.ClientID); });
            s.OnTcpDisconnected += (o, e) => { note(o); ev.Add(e); };
            s.OnCimd2LoginReceived += new cimd2LoginReceivedEvent((o, e) =>
            {
                note(o);
                ev.Add(e);
                bool ok = e.UserIdentity == "cimduser" && e.Password == "secret";
                s.cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, ok ? 0u : 100u, ok ? "" : "Invalid login");
            });
            s.OnCimd2LogoutReceived += (o, e) => { note(o); ev.Add(e); };
            s.OnCimd2SubmitMessageReceived += new cimd2SubmitMessageReceivedEvent((o, e) =>
            {
                note(o);
                ev.Add(e);
                if (e.Content == "THROW") throw new InvalidOperationException("boom");
                s.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, Native.FromUnixMs(Cimd2Ts), 0u, "");
            });
            s.OnCimd2SubmitMessageCompleted += new cimd2SubmitMessageCompletedEvent((o, e) => { note(o); ev.Add(e); });
            s.OnCimd2SubmitMessageIncomplete += (o, e) => { note(o); ev.Add(e); };
            s.OnCimd2DeliverResponseReceived += new cimd2DeliverResponseReceivedEvent((o, e) => { note(o); ev.Add(e); });
            s.OnCimd2RAWReceived += new cimd2RAWReceivedEvent((o, e) =>
            {
                note(o);
                ev.Add(e);
                if (e.Code == 4) // enquire message status -> 54 by hand
                    s.cimd2SendRAW(e.ClientID, e.TransactionNumber, 54u, FrameClient.Hex("021:4412345\t060:261121232018\t061:4\t"));
            });
            int traces = 0, badTraces = 0;
            s.OnCimd2TraceProtocol += new cimd2TraceProtocolCallback((o, e) =>
            {
                note(o);
                Interlocked.Increment(ref traces);
                if (!e.PDU.StartsWith("02") || !e.PDU.EndsWith("03") || e.FromAddress.IndexOf(':') < 0)
                    Interlocked.Increment(ref badTraces);
            });
            s.OnError += (o, e) => { note(o); errors.Add(e); };
            try
            {
                Eq(0, s.cimd2InitializeServer("127.0.0.1", 0, "time-zone=UTC"), "cimd2InitializeServer");
                s.KeepAliveInterval = 60;
                Eq(60, s.KeepAliveInterval, "KeepAliveInterval");
                int cid;
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    cid = TakeEv<tcpConnectedEventArgs>(ev, x => true, "OnTcpConnected").ClientID;

                    // docs/test-vectors.md CIMD2 vectors 1 to 5, byte-exact as test_protocols.c
                    c.SendFrame("01:001\t010:cimduser\t011:secret\tC2");
                    Eq("51:001\t3C", c.ReadFrame(), "login accepted");
                    cimd2LoginReceivedEventArgs login = TakeEv<cimd2LoginReceivedEventArgs>(ev, x => true, "OnCimd2LoginReceived");
                    Eq(cid, login.ClientID, "login.ClientID");
                    Eq(1u, login.TransactionNumber, "login.TransactionNumber");
                    Eq("cimduser", login.UserIdentity, "login.UserIdentity");
                    Eq("secret", login.Password, "login.Password");

                    c.SendFrame("40:003\t3C");
                    Eq("90:003\t41", c.ReadFrame(), "alive answered by the library");

                    c.SendFrame("03:003\t021:4412345\t023:1234\t056:14\t055:0\t044:0\t033:Hello _Oa_XX(_XXe_XX>_a\"\t4B");
                    Eq("53:003\t021:4412345\t060:261121232018\tB3", c.ReadFrame(), "submit response");
                    cimd2SubmitMessageReceivedEventArgs sub = TakeEv<cimd2SubmitMessageReceivedEventArgs>(ev, x => true, "OnCimd2SubmitMessageReceived");
                    Eq(3u, sub.TransactionNumber, "submit.TransactionNumber");
                    Eq("4412345", sub.Destination, "submit.Destination");
                    Eq("1234", sub.Originator, "submit.Originator");
                    Eq("Hello @{\u20ac]\u00e4", sub.Content, "submit.Content");
                    Eq(EncodingEnum.et7BitText, sub.Encoding, "submit.Encoding");
                    cimd2SubmitMessageCompletedEventArgs done = TakeEv<cimd2SubmitMessageCompletedEventArgs>(ev, x => true, "OnCimd2SubmitMessageCompleted");
                    Eq("Hello @{\u20ac]\u00e4", done.Content, "completed.Content");
                    Eq(1, done.TimeStamps.Count, "completed.TimeStamps.Count");
                    if (done.TimeStamps.Count > 0) Eq(Cimd2Ts, Native.ToUnixMs(done.TimeStamps[0]), "completed.TimeStamps[0]");
                    Eq(1, done.TransactionNumbers.Count, "completed.TransactionNumbers.Count");

                    // deliver (20) with the reference's 11-argument form, uint ClientID, + the client's 70
                    List<uint> nums = new List<uint> { 99 };
                    Eq(0, s.cimd2SendDeliverMessage((uint)cid, 2u, "1234", "4412345", "Hi @ there", EncodingEnum.et7BitText, "",
                        (SubmitOptionEnum)0, Native.FromUnixMs(Cimd2Ts), "", ref nums), "cimd2SendDeliverMessage");
                    Eq(1, nums.Count, "TransactionNumbers.Count");
                    Eq(2u, nums.Count > 0 ? nums[0] : 0u, "TransactionNumbers[0]");
                    Eq(FrameClient.Cimd2("20", "002", "021:1234\t023:4412345\t060:261121232018\t033:Hi _Oa there\t"), c.ReadFrame(), "deliver message (CIMD2 vector 7)");
                    c.SendFrame("70:002\t3E");
                    cimd2DeliverResponseReceivedEventArgs dr = TakeEv<cimd2DeliverResponseReceivedEventArgs>(ev, x => true, "OnCimd2DeliverResponseReceived");
                    Eq(2u, dr.TransactionNumber, "deliver response TransactionNumber");
                    Eq(0u, dr.ErrorCode, "deliver response ErrorCode");
                    Eq(70, dr.Code, "deliver response Code");

                    // status report (23), the reference's int/int form
                    Eq(0, s.cimd2SendDeliverStatusReport(cid, 0, Native.FromUnixMs(Cimd2Ts), "4412345", 4, 0, Native.FromUnixMs(Cimd2Ts), ""),
                        "cimd2SendDeliverStatusReport");
                    string f = c.ReadFrame();
                    Check(f.StartsWith("23:"), "status report op: " + f);
                    Check(f.Contains("\t021:4412345\t060:261121232018\t061:4\t063:261121232018\t"), "status report parameters: " + f);
                    string num = f.Substring(3, 3);
                    c.SendFrame(FrameClient.Cimd2("73", num, ""));
                    dr = TakeEv<cimd2DeliverResponseReceivedEventArgs>(ev, x => x.Code == 73, "answer to the 23");
                    Eq(uint.Parse(num), dr.TransactionNumber, "73 TransactionNumber");

                    // RAW both ways: 04 answered by hand with a 54
                    c.SendFrame(FrameClient.Cimd2("04", "005", "021:4412345\t060:261121232018\t"));
                    Eq(FrameClient.Cimd2("54", "005", "021:4412345\t060:261121232018\t061:4\t"), c.ReadFrame(), "54 sent with cimd2SendRAW");
                    cimd2RAWReceivedEventArgs raw = TakeEv<cimd2RAWReceivedEventArgs>(ev, x => x.Code == 4, "OnCimd2RAWReceived");
                    Eq(5u, raw.TransactionNumber, "raw.TransactionNumber");
                    Eq(FrameClient.Hex("021:4412345\t060:261121232018\t"), raw.Payload, "raw.Payload");

                    // a handler that throws: OnError, and the library's default 53 with 900:6
                    c.SendFrame(FrameClient.Cimd2("03", "007", "021:4412345\t023:1234\t033:THROW\t"));
                    f = c.ReadFrame();
                    Check(f.StartsWith("53:007\t900:6\t"), "default answer after the exception: " + f);
                    smscErrorEventArgs err = errors.Take(10000, "OnError");
                    Eq("OnCimd2SubmitMessageReceived", err.EventName, "OnError.EventName");

                    // logout: answered by the library, reported
                    c.SendFrame(FrameClient.Cimd2("02", "009", ""));
                    f = c.ReadFrame();
                    Eq(FrameClient.Cimd2("52", "009", ""), f, "logout response");
                    cimd2LogoutReceivedEventArgs lo = TakeEv<cimd2LogoutReceivedEventArgs>(ev, x => true, "OnCimd2LogoutReceived");
                    Eq(9u, lo.TransactionNumber, "logout.TransactionNumber");
                }
                TakeEv<tcpDisconnectedEventArgs>(ev, x => x.ClientID == cid, "OnTcpDisconnected");

                // login rejected: CIMD2 vector 9, byte-exact
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    c.SendFrame(FrameClient.Cimd2("01", "001", "010:cimduser\t011:wrong\t"));
                    Eq("51:001\t900:100\t901:Invalid login\t86", c.ReadFrame(), "login rejected");
                    Eq("wrong", TakeEv<cimd2LoginReceivedEventArgs>(ev, x => true, "rejected login").Password, "rejected login.Password");
                }
                TakeEv<tcpDisconnectedEventArgs>(ev, x => true, "second disconnect");

                Check(Volatile.Read(ref traces) >= 16, "trace events: " + traces);
                Eq(0, Volatile.Read(ref badTraces), "malformed trace events");
                Eq(0, Volatile.Read(ref wrongThread), "events off the dispatcher thread");
                Eq(0, s.cimd2FinalizeServer(), "cimd2FinalizeServer");
            }
            finally
            {
                s.Dispose();
            }
            Eq(smscError.SMSC_ERR_INVALID_HANDLE, s.cimd2SendRAW(1u, 1u, 40u, ""), "cimd2SendRAW after Dispose");
        }

        /// <summary>No handlers: the library's defaults (login 51 with 900:100, then close).</summary>
        static void TestCimd2Defaults()
        {
            using (ISMSCserverCIMD2 s = new SMSCserverCIMD2())
            {
                Eq(0, s.cimd2InitializeServer("127.0.0.1", 0, ""), "init");
                using (FrameClient c = new FrameClient(((SMSCserverCIMD2)s).LocalPort))
                {
                    c.SendFrame("01:001\t010:cimduser\t011:secret\tC2");
                    string f = c.ReadFrame();
                    Check(f.StartsWith("51:001\t900:100\t"), "default login answer: " + f);
                    Check(c.ClosedWithin(5000), "connection closed after the default rejection");
                }
            }
        }
    }
}
