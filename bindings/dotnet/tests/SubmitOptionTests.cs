// The reference's two names for message options, SubmitOption (the type of
// its Options parameters and event fields) and SubmitOptionEnum (the enum of
// the flags), used the ways ported code uses them. Most checks are about
// compiling at all; the CIMD2 session shows the values reaching the wire and
// coming back from it. Part of SmscServerTests.exe.
using System;
using System.Collections.Generic;
using System.Reflection;
using smscs;
using smscs.CIMD2;

namespace smscs.Tests
{
    static partial class Program
    {
        /// <summary>A field or variable of the reference's type.</summary>
        static SubmitOption s_reportAndClass1 = SubmitOptionEnum.soRequestStatusReport | SubmitOptionEnum.soMessageClass1;

        static void TestSubmitOption()
        {
            SubmitOption opts = SubmitOptionEnum.soRequestStatusReport | SubmitOptionEnum.soMessageClass1;
            Eq(SubmitOptionEnum.soRequestStatusReport | SubmitOptionEnum.soMessageClass1, opts.Value, "enum | enum assigned to a SubmitOption");
            Check(opts == s_reportAndClass1, "== between SubmitOptions");
            Check((opts & SubmitOptionEnum.soRequestStatusReport) != 0, "(o & SubmitOptionEnum.soX) != 0 for a set flag");
            Check((opts & SubmitOptionEnum.soDirectDisplay) == 0, "(o & SubmitOptionEnum.soX) == 0 for a flag not set");
            Check(0 != (opts & SubmitOptionEnum.soMessageClass1), "0 != (o & ...)");
            Check((opts & SubmitOption.soMessageClass1) == SubmitOption.soMessageClass1, "SubmitOption.soX");
            Check((opts & SubmitOptionEnum.soMessageClass1) == SubmitOptionEnum.soMessageClass1, "== against the enum");
            Check(opts.HasFlag(SubmitOptionEnum.soRequestStatusReport) && !opts.HasFlag(SubmitOptionEnum.soZeroSMS), "HasFlag");

            SubmitOption mixed = SubmitOption.soDirectDisplay | SubmitOptionEnum.soZeroSMS;
            Eq(0x0402u, (uint)mixed, "SubmitOption | SubmitOptionEnum");
            mixed |= SubmitOptionEnum.soMessageClass2;
            mixed &= ~SubmitOption.soDirectDisplay;
            Eq(SubmitOptionEnum.soZeroSMS | SubmitOptionEnum.soMessageClass2, (SubmitOptionEnum)mixed, "|= and &= ~");
            Eq(SubmitOptionEnum.soZeroSMS, (SubmitOptionEnum)(mixed ^ SubmitOption.soMessageClass2), "^");
            Eq(SubmitOption.soZeroSMS, (SubmitOption)0x0400u, "explicit from uint");

            SubmitOptionEnum back = opts;
            Eq(SubmitOptionEnum.soRequestStatusReport | SubmitOptionEnum.soMessageClass1, back, "SubmitOption into SubmitOptionEnum");
            Eq("soRequestStatusReport, soMessageClass1", opts.ToString(), "ToString as the enum's");
            Check(default(SubmitOption) == 0 && new SubmitOption() == (SubmitOptionEnum)0, "default is no flag");
            Check(opts.Equals((object)s_reportAndClass1) && opts.GetHashCode() == s_reportAndClass1.GetHashCode(), "Equals, GetHashCode");
            Check(!opts.Equals((object)SubmitOption.soZeroSMS), "Equals another set");
            switch ((SubmitOptionEnum)opts)
            {
                case SubmitOptionEnum.soRequestStatusReport | SubmitOptionEnum.soMessageClass1:
                    Check(true, "switch on the enum");
                    break;
                default:
                    Check(false, "switch on the enum");
                    break;
            }

            // Every flag of the enum has its field on the struct, with its value.
            int flags = 0;
            foreach (SubmitOptionEnum f in Enum.GetValues(typeof(SubmitOptionEnum)))
            {
                FieldInfo fi = typeof(SubmitOption).GetField(f.ToString(), BindingFlags.Public | BindingFlags.Static);
                Check(fi != null && fi.FieldType == typeof(SubmitOption) && ((SubmitOption)fi.GetValue(null)).Value == f,
                    "SubmitOption." + f + " = SubmitOptionEnum." + f);
                flags++;
            }
            Eq(11, flags, "flags of SubmitOptionEnum");

            TestSubmitOptionOverCimd2();
        }

        /// <summary>e.Options read into a SubmitOption, a SubmitOption passed
        /// as Options: a CIMD2 submit with a report request (056) and class 1
        /// (030 = 0x11) in, a delivery with class 1 and a zero SMS (052 = 0x40) out.</summary>
        static void TestSubmitOptionOverCimd2()
        {
            Inbox<EventArgs> ev = new Inbox<EventArgs>();
            using (SMSCserverCIMD2 s = new SMSCserverCIMD2())
            {
                s.OnCimd2LoginReceived += (o, e) =>
                {
                    ev.Add(e);
                    s.cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0u, "");
                };
                s.OnCimd2SubmitMessageReceived += (o, e) =>
                {
                    SubmitOption received = e.Options;
                    ev.Add(new OptionsSeen { Options = received });
                    s.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, DateTime.MinValue, 0u, "");
                };
                s.OnCimd2DeliverResponseReceived += (o, e) => ev.Add(e);
                Eq(0, s.cimd2InitializeServer("127.0.0.1", 0, ""), "cimd2InitializeServer");
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    c.SendFrame(FrameClient.Cimd2("01", "001", "010:cimduser\t011:secret\t"));
                    Check(c.ReadFrame().StartsWith("51:001\t"), "login answered");
                    int cid = ((cimd2LoginReceivedEventArgs)ev.Take(x => x is cimd2LoginReceivedEventArgs, 10000, "login")).ClientID;
                    c.SendFrame(FrameClient.Cimd2("03", "003", "021:4412345\t023:1234\t030:17\t056:14\t033:hi\t"));
                    Check(c.ReadFrame().StartsWith("53:003\t"), "submit answered");
                    SubmitOption got = ((OptionsSeen)ev.Take(x => x is OptionsSeen, 10000, "submit handler")).Options;
                    Check((got & SubmitOptionEnum.soRequestStatusReport) != 0, "e.Options has the report request: " + got);
                    Check((got & SubmitOption.soMessageClass1) != 0, "e.Options has class 1: " + got);
                    Check((got & SubmitOptionEnum.soZeroSMS) == 0, "e.Options has no zero SMS: " + got);

                    SubmitOption send = SubmitOptionEnum.soMessageClass1 | SubmitOptionEnum.soZeroSMS;
                    List<uint> numbers = null;
                    Eq(0, s.cimd2SendDeliverMessage(cid, 2u, "1234", "4412345", "hi",
                        EncodingEnum.et7BitText, "", send, DateTime.MinValue, "", ref numbers), "deliver with a SubmitOption");
                    string f = c.ReadFrame();
                    Check(f.StartsWith("20:002\t") && f.Contains("\t052:64\t") && f.Contains("\t030:17\t"),
                        "20 carries the zero-SMS PID and class-1 DCS: " + f);
                    c.SendFrame(FrameClient.Cimd2("70", "002", ""));
                    ev.Take(x => x is cimd2DeliverResponseReceivedEventArgs, 10000, "answer to the 20");
                }
            }
        }

        sealed class OptionsSeen : EventArgs
        {
            public SubmitOption Options;

            public override string ToString()
            {
                return "OptionsSeen " + Options;
            }
        }
    }
}
