// GetStatistics over real TCP: a UCP client (FrameClient) logs in, submits
// and sends a frame with a wrong checksum; the counts by kind, the errors
// and the answer-time histograms are checked exactly. Part of
// SmscServerTests.exe (Run("statistics", ...) in SmppTests.cs).
using System;
using smscs;
using smscs.UCP;

namespace smscs.Tests
{
    static partial class Program
    {
        static void TestStatistics()
        {
            SMSCserverUCP s = new SMSCserverUCP();
            s.OnTcpConnected += (o, e) => s.tcpAcceptConnection(e.ClientID);
            s.OnUcpLoginReceived += new ucpLoginReceivedEvent((o, e) => s.ucpSendLoginResponse(e.ClientID, e.TransactionNumber, 0u, ""));
            s.OnUcpSubmitMessageReceived += (o, e) =>
                s.ucpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", Native.FromUnixMs(UcpScts), 0, "");
            try
            {
                Eq(0, s.ucpInitializeServer("127.0.0.1", 0, "ucp.time-zone=UTC"), "ucpInitializeServer");
                Statistics st = s.GetStatistics();
                Eq(smscProtocolEnum.SMSC_PROTOCOL_UCP, st.Protocol, "Protocol");
                Eq(0UL, st.ConnectionsAccepted, "nothing yet");
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    c.SendFrame("00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2");
                    Eq("00/00019/R/60/A//6D", c.ReadFrame(), "login");
                    for (int i = 0; i < 3; i++)
                    {
                        c.SendFrame("02/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D");
                        Check(c.ReadFrame().Contains("/R/51/A/"), "submit ACK");
                    }
                    c.SendFrame("00/00029/O/31/emiuser/0539/00"); // wrong checksum
                    Check(c.ReadFrame().Contains("/R/31/N/01/"), "NACK 01");

                    st = s.GetStatistics();
                    Eq(1UL, st.ConnectionsCurrent, "ConnectionsCurrent");
                    Eq(1UL, st.ConnectionsAccepted, "ConnectionsAccepted");
                    Eq(1UL, st.LoginsCurrent, "LoginsCurrent");
                    Eq(1UL, st.LoginsAccepted, "LoginsAccepted");
                    Eq(1UL, st.PDUsIn[(int)ucpStatKindEnum.skUcp60], "60 in");
                    Eq(1UL, st.PDUsOut[(int)ucpStatKindEnum.skUcp60Ack], "60 ACK out");
                    Eq(3UL, st.PDUsIn[(int)ucpStatKindEnum.skUcp51], "51 in");
                    Eq(3UL, st.PDUsOut[(int)ucpStatKindEnum.skUcp51Ack], "51 ACK out");
                    Eq(1UL, st.PDUsIn[(int)ucpStatKindEnum.skUcp31], "31 in");
                    Eq(1UL, st.PDUsOut[(int)ucpStatKindEnum.skUcp31Nack], "31 NACK out");
                    Eq("skUcp51Ack", st.KindName((int)ucpStatKindEnum.skUcp51Ack), "KindName");
                    Eq(1UL, st.Malformed, "Malformed");
                    Eq(1UL, st.ErrorResponses, "ErrorResponses");
                    Eq(0UL, st.PendingRequests, "PendingRequests");
                    Eq(1UL, st.LoginLatency.Count, "login answers");
                    Eq(3UL, st.SubmitLatency.Count, "submit answers");
                    ulong n = 0;
                    foreach (ulong b in st.SubmitLatency.Buckets) n += b;
                    Eq(3UL, n, "buckets add up");
                    Check(st.SubmitLatency.Sum >= st.SubmitLatency.Max, "Sum >= Max");
                    Eq(17, st.SubmitLatency.BoundsMicros.Length, "bounds");
                    Eq(100UL, st.SubmitLatency.BoundsMicros[0], "first bound");
                    Eq(ulong.MaxValue, st.SubmitLatency.BoundsMicros[16], "last bound");
                }
            }
            finally
            {
                s.Dispose();
            }
            bool threw = false;
            try
            {
                s.GetStatistics();
            }
            catch (InvalidOperationException) // ObjectDisposedException is one
            {
                threw = true;
            }
            Check(threw, "GetStatistics after Dispose throws");
        }
    }
}
