// A fresh program that uses the SmscServer NuGet package the way a user
// does: make nuget-test installs the package from a folder feed, compiles
// this file against the package's lib/netstandard2.0/SmscServer.dll only,
// and runs it with the package's runtimes/<rid>/native library.
//
// It starts an SMPP server on a free loopback port and is its own client
// over real TCP: bind_transceiver, one submit_sm, unbind. It passes only
// when the server's handler saw the submit with its text and destination
// and the client got the message id the handler gave.
//
//   mono SmscNuGetSample.exe      exit status 0 = the submit arrived
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using smscs;
using smscs.SMPP;

static class SmscNuGetSample
{
    const uint BindTransceiver = 0x00000009, SubmitSm = 0x00000004, Unbind = 0x00000006, Resp = 0x80000000;

    static int Main()
    {
        string text = "Hello from the NuGet package";
        string got = null, gotDestination = null;
        ManualResetEvent submitted = new ManualResetEvent(false);

        using (SMSCserverSMPP server = new SMSCserverSMPP())
        {
            server.OnTcpConnected += (o, e) => server.tcpAcceptConnection(e.ClientID);
            server.OnSmppLoginReceived += (o, e) =>
                server.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "nuget-smsc");
            server.OnSmppSubmitMessageReceived += (o, e) =>
            {
                got = e.Content;
                gotDestination = e.Destination;
                server.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "nuget-1", false);
                submitted.Set();
            };

            int rc = server.smppInitializeServer("127.0.0.1", 0, "");
            if (rc != 0) return Fail("smppInitializeServer: " + SMSCserverBase.ErrorText(rc));
            int port = server.LocalPort;
            Console.WriteLine("sample: SmscServer " + typeof(SMSCserverSMPP).Assembly.GetName().Version + " listening on 127.0.0.1:" + port);

            using (TcpClient tcp = new TcpClient())
            {
                tcp.ReceiveTimeout = 10000;
                tcp.Connect(IPAddress.Loopback, port);
                NetworkStream s = tcp.GetStream();

                Send(s, BindTransceiver, 1, Cstr("nuget"), Cstr("secret"), Cstr(""), new byte[] { 0x34, 0, 0 }, Cstr(""));
                uint[] h = Receive(s, out byte[] body);
                if (h[1] != (BindTransceiver | Resp) || h[2] != 0) return Fail("bind_transceiver_resp: command 0x" + h[1].ToString("x8") + " status " + h[2]);
                Console.WriteLine("sample: bound, system_id " + CstrAt(body));

                byte[] sm = Encoding.ASCII.GetBytes(text);
                Send(s, SubmitSm, 2, Cstr(""), new byte[] { 1, 1 }, Cstr("4412345"), new byte[] { 1, 1 }, Cstr("4498765"),
                     new byte[] { 0, 0, 0 }, Cstr(""), Cstr(""), new byte[] { 0, 0, 0, 0, (byte)sm.Length }, sm);
                h = Receive(s, out body);
                if (h[1] != (SubmitSm | Resp) || h[2] != 0 || h[3] != 2) return Fail("submit_sm_resp: command 0x" + h[1].ToString("x8") + " status " + h[2]);
                string id = CstrAt(body);
                if (!submitted.WaitOne(10000)) return Fail("the handler never saw the submit");
                if (got != text || gotDestination != "4498765" || id != "nuget-1")
                    return Fail("got \"" + got + "\" to " + gotDestination + ", message id " + id);
                Console.WriteLine("sample: submit arrived: \"" + got + "\" to " + gotDestination + ", message id " + id);

                Send(s, Unbind, 3);
                h = Receive(s, out body);
                if (h[1] != (Unbind | Resp)) return Fail("unbind_resp: command 0x" + h[1].ToString("x8"));
            }
        }
        Console.WriteLine("sample: PASS");
        return 0;
    }

    static int Fail(string why)
    {
        Console.WriteLine("sample: FAIL " + why);
        return 1;
    }

    static byte[] Cstr(string s) { return Encoding.ASCII.GetBytes(s + "\0"); }

    // The C-octet string a body starts with (TLVs may follow it).
    static string CstrAt(byte[] b)
    {
        int n = Array.IndexOf(b, (byte)0);
        return Encoding.ASCII.GetString(b, 0, n < 0 ? b.Length : n);
    }

    // One PDU: the 16-octet header (length, command, status 0, sequence) and the body's parts.
    static void Send(Stream s, uint command, uint seq, params byte[][] parts)
    {
        MemoryStream m = new MemoryStream();
        m.Write(new byte[16], 0, 16);
        foreach (byte[] p in parts) m.Write(p, 0, p.Length);
        byte[] pdu = m.ToArray();
        Put(pdu, 0, (uint)pdu.Length);
        Put(pdu, 4, command);
        Put(pdu, 12, seq);
        s.Write(pdu, 0, pdu.Length);
    }

    // One PDU: returns {length, command, status, sequence} and the body.
    static uint[] Receive(Stream s, out byte[] body)
    {
        byte[] head = ReadFull(s, 16);
        uint[] h = new uint[4];
        for (int i = 0; i < 4; i++) h[i] = (uint)(head[4 * i] << 24 | head[4 * i + 1] << 16 | head[4 * i + 2] << 8 | head[4 * i + 3]);
        if (h[0] < 16 || h[0] > 65536) throw new IOException("bad PDU length " + h[0]);
        body = ReadFull(s, (int)h[0] - 16);
        return h;
    }

    static byte[] ReadFull(Stream s, int n)
    {
        byte[] b = new byte[n];
        for (int off = 0; off < n;)
        {
            int r = s.Read(b, off, n - off);
            if (r <= 0) throw new IOException("connection closed");
            off += r;
        }
        return b;
    }

    static void Put(byte[] b, int off, uint v)
    {
        b[off] = (byte)(v >> 24); b[off + 1] = (byte)(v >> 16); b[off + 2] = (byte)(v >> 8); b[off + 3] = (byte)v;
    }
}
