// P/Invoke declarations for include/smscserver.h (SMSCSERVER_ABI_VERSION 1)
// and the helpers every wrapper class shares: UTF-8 in and out, Unix
// milliseconds <-> DateTime, and the blittable mirrors of the event structs.
//
// Written for C# 7.2 and netstandard2.0 so that Mono's mcs and the dotnet SDK
// compile the same file: no Marshal.PtrToStringUTF8, no function pointers,
// no NativeLibrary. Strings go in as NUL-terminated UTF-8 byte[] and come out
// of event structs as byte* decoded by hand.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace smscs
{
    /// <summary>The C signature shared by every event callback:
    /// <c>int (*)(void *userData, const Args *e)</c>. Return 0 = handled,
    /// non-zero = "send the library's default answer".</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int NativeEventCallback(IntPtr userData, IntPtr args);

    /// <summary>The signature of every smscSetOn... registration function.</summary>
    internal delegate int NativeSetCallback(IntPtr h, NativeEventCallback cb, IntPtr userData);

    /// <summary>Mono's AOT compilers look for an attribute of this name on
    /// methods that native code calls back; the JIT ignores it.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class MonoPInvokeCallbackAttribute : Attribute
    {
        public MonoPInvokeCallbackAttribute(Type t) { }
    }

    internal static unsafe class Native
    {
        // Resolved as libsmscserver.so on Linux by both Mono and CoreCLR.
        internal const string Lib = "smscserver";
        const CallingConvention CC = CallingConvention.Cdecl;

        // ---- library
        [DllImport(Lib, CallingConvention = CC)] internal static extern IntPtr smscErrorText(int code);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscAbiVersion();
        [DllImport(Lib, CallingConvention = CC)] internal static extern IntPtr smscVersion();

        // ---- lifecycle and dispatch
        [DllImport(Lib, CallingConvention = CC)] internal static extern IntPtr smppCreateServer();
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscDestroyServer(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetDispatchMode(IntPtr h, int mode);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscDispatchEvents(IntPtr h, int timeoutMs, int maxEvents);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscWakeDispatcher(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smppInitializeServer(IntPtr h, byte[] LocalHost, int LocalPort, byte[] ExtendedParameters);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smppFinalizeServer(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscGetLocalPort(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscGetConnectionCount(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscGetKeepAliveInterval(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetKeepAliveInterval(IntPtr h, int seconds);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscGetThrottleRate(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetThrottleRate(IntPtr h, int messagesPerSecond);

        // ---- connections
        [DllImport(Lib, CallingConvention = CC)] internal static extern int tcpAcceptConnection(IntPtr h, int ClientID);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int tcpCloseConnection(IntPtr h, int ClientID);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int tcpCloseAllConnections(IntPtr h);

        // ---- SMPP calls
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendLoginResponse(IntPtr h, int ClientID, uint SequenceNumber, int BindMode, uint Status, byte[] SystemID);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendLogoutResponse(IntPtr h, int ClientID, uint SequenceNumber, uint Status);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendSubmitMessageResponse(IntPtr h, int ClientID, uint SequenceNumber, uint Status, byte[] MessageID, int MultipleDestinations);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendSubmitMultiMessageResponse(IntPtr h, int ClientID, uint SequenceNumber, uint Status, byte[] MessageID, byte[] UnsuccessfulDestinations);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendDeliverMessage(IntPtr h, int ClientID, uint SequenceNumber,
            byte[] Destination, int DestinationTON, int DestinationNPI,
            byte[] Originator, int OriginatorTON, int OriginatorNPI,
            byte[] Content, int Encoding, byte[] UserDataHeader,
            uint Options, byte[] ServiceType, byte[] ExtendedParameters,
            uint* SequenceNumbers, UIntPtr Capacity, UIntPtr* Count);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendDeliverStatusReport(IntPtr h, int ClientID, uint SequenceNumber,
            byte[] Destination, int DestinationTON, int DestinationNPI,
            byte[] Originator, int OriginatorTON, int OriginatorNPI,
            int ReportType, byte[] MessageID, byte[] ServiceType,
            int Submitted, int Delivered, long SubmitDate, long DoneDate,
            int MessageState, int ErrorCode, byte[] Text, byte[] ExtendedParameters);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendRAW(IntPtr h, int ClientID, uint SequenceNumber, uint CommandID, uint CommandStatus, byte[] Payload);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendQueryResponse(IntPtr h, int ClientID, uint SequenceNumber, uint Status, byte[] MessageID, long FinalDate, int MessageState, int ErrorCode);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendCancelResponse(IntPtr h, int ClientID, uint SequenceNumber, uint Status);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int smppSendReplaceResponse(IntPtr h, int ClientID, uint SequenceNumber, uint Status);

        // ---- event registration (a null callback restores the library default)
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnTcpConnected(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnTcpDisconnected(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppLoginReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppLogoutReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppSubmitMessageReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppSubmitMessageCompleted(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppSubmitMessageIncomplete(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppDeliverResponseReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppRAWReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppTraceProtocol(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppQueryReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppCancelReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnSmppReplaceReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);

        // ---- UCP/EMI calls
        [DllImport(Lib, CallingConvention = CC)] internal static extern IntPtr ucpCreateServer();
        [DllImport(Lib, CallingConvention = CC)] internal static extern int ucpInitializeServer(IntPtr h, byte[] LocalHost, int LocalPort, byte[] ExtendedParameters);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int ucpFinalizeServer(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int ucpSendLoginResponse(IntPtr h, int ClientID, uint TransactionNumber, uint ErrorCode, byte[] ErrorMessage);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int ucpSendSubmitMessageResponse(IntPtr h, int ClientID, uint TransactionNumber, byte[] Destination,
            long TimeStamp, uint ErrorCode, byte[] ErrorMessage);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int ucpSendDeliverMessage(IntPtr h, int ClientID, uint TransactionNumber, byte[] Destination,
            byte[] Originator, byte[] Content, int Encoding, byte[] UserDataHeader,
            uint Options, long TimeStamp, byte[] ExtendedParameters,
            uint* TransactionNumbers, UIntPtr Capacity, UIntPtr* Count);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int ucpSendDeliverStatusReport(IntPtr h, int ClientID, uint TransactionNumber, long MessageTimeStamp,
            byte[] Destination, byte[] Originator, int StatusCode, int StatusErrorCode,
            long TimeStamp, byte[] ExtendedParameters);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int ucpSendRAW(IntPtr h, int ClientID, uint TransactionNumber, uint OperationType, byte[] Payload);

        // ---- CIMD2 calls
        [DllImport(Lib, CallingConvention = CC)] internal static extern IntPtr cimd2CreateServer();
        [DllImport(Lib, CallingConvention = CC)] internal static extern int cimd2InitializeServer(IntPtr h, byte[] LocalHost, int LocalPort, byte[] ExtendedParameters);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int cimd2FinalizeServer(IntPtr h);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int cimd2SendRAW(IntPtr h, int ClientID, uint TransactionNumber, uint OperationCode, byte[] Payload);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int cimd2SendLoginResponse(IntPtr h, int ClientID, uint TransactionNumber, uint ErrorCode, byte[] ErrorMessage);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int cimd2SendDeliverMessage(IntPtr h, int ClientID, uint TransactionNumber, byte[] Destination,
            byte[] Originator, byte[] Content, int Encoding, byte[] UserDataHeader,
            uint Options, long TimeStamp, byte[] ExtendedParameters,
            uint* TransactionNumbers, UIntPtr Capacity, UIntPtr* Count);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int cimd2SendDeliverStatusReport(IntPtr h, int ClientID, uint TransactionNumber, long MessageTimeStamp,
            byte[] Destination, int StatusCode, int StatusErrorCode, long TimeStamp, byte[] ExtendedParameters);
        [DllImport(Lib, CallingConvention = CC)]
        internal static extern int cimd2SendSubmitMessageResponse(IntPtr h, int ClientID, uint TransactionNumber, byte[] Destination,
            long TimeStamp, uint ErrorCode, byte[] ErrorMessage);

        // ---- UCP and CIMD2 event registration
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnUcpLoginReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnUcpSubmitMessageReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnUcpSubmitMessageCompleted(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnUcpSubmitMessageIncomplete(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnUcpDeliverResponseReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnUcpRAWReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnUcpTraceProtocol(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2LoginReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2LogoutReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2SubmitMessageReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2SubmitMessageCompleted(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2SubmitMessageIncomplete(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2DeliverResponseReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2RAWReceived(IntPtr h, NativeEventCallback cb, IntPtr ud);
        [DllImport(Lib, CallingConvention = CC)] internal static extern int smscSetOnCimd2TraceProtocol(IntPtr h, NativeEventCallback cb, IntPtr ud);

        // ---- UTF-8

        static readonly byte[] Empty = new byte[] { 0 };

        /// <summary>A string as NUL-terminated UTF-8; null stays null (the
        /// library reads NULL as "").</summary>
        internal static byte[] Z(string s)
        {
            if (s == null) return null;
            if (s.Length == 0) return Empty;
            int n = Encoding.UTF8.GetByteCount(s);
            byte[] b = new byte[n + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        /// <summary>Copies a borrowed NUL-terminated UTF-8 string; NULL reads as "".</summary>
        internal static string S(byte* p)
        {
            if (p == null) return string.Empty;
            byte* q = p;
            while (*q != 0) q++;
            int n = (int)(q - p);
            return n == 0 ? string.Empty : Encoding.UTF8.GetString(p, n);
        }

        internal static string S(IntPtr p) { return S((byte*)p); }

        // ---- arrays of event structs (NULL / 0 = an empty list)

        internal static System.Collections.Generic.List<uint> U32s(uint* p, UIntPtr count)
        {
            int n = p == null ? 0 : (int)count.ToUInt64();
            System.Collections.Generic.List<uint> l = new System.Collections.Generic.List<uint>(n);
            for (int i = 0; i < n; i++) l.Add(p[i]);
            return l;
        }

        internal static System.Collections.Generic.List<DateTime> Times(long* p, UIntPtr count)
        {
            int n = p == null ? 0 : (int)count.ToUInt64();
            System.Collections.Generic.List<DateTime> l = new System.Collections.Generic.List<DateTime>(n);
            for (int i = 0; i < n; i++) l.Add(FromUnixMs(p[i]));
            return l;
        }

        // ---- time: the ABI carries Unix milliseconds UTC, 0 = "not set"

        const long UnixEpochTicks = 621355968000000000L; // 1970-01-01T00:00:00Z

        /// <summary>default(DateTime) / DateTime.MinValue = "not set" (0).
        /// Local and Unspecified times are taken as local time, as DateTime.Now is.</summary>
        internal static long ToUnixMs(DateTime t)
        {
            if (t == DateTime.MinValue) return 0;
            DateTime u = t.Kind == DateTimeKind.Utc ? t : t.ToUniversalTime();
            long ms = (u.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
            return ms == 0 ? 1 : ms; // the epoch itself would read as "not set"
        }

        /// <summary>0 = DateTime.MinValue; anything else a local time (Kind Local).</summary>
        internal static DateTime FromUnixMs(long ms)
        {
            if (ms == 0) return DateTime.MinValue;
            return new DateTime(UnixEpochTicks + ms * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc).ToLocalTime();
        }
    }

    // Blittable mirrors of the event structs (x86-64 / arm64 LP64 layout,
    // checked against the C compiler by the test suite: sizes 24 16 56 8 128
    // 56 32 24 40 32 56 64; UCP 72 96 64 32 24 40; CIMD2 32 8 96 56 32 24 40).

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NTcpConnected
    {
        public int ClientID;
        public byte* RemoteHost;
        public int RemotePort;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NTcpDisconnected
    {
        public int ClientID;
        public int Reason;
        public byte* ReasonText;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppLogin
    {
        public int ClientID;
        public uint SequenceNumber;
        public byte* SystemID;
        public byte* Password;
        public byte* SystemType;
        public byte InterfaceVersion;
        public byte AddressTON;
        public byte AddressNPI;
        public byte* AddressRange;
        public int BindMode;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct NSmppLogout
    {
        public int ClientID;
        public uint SequenceNumber;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppSubmit
    {
        public int ClientID;
        public uint SequenceNumber;
        public byte* Destination;
        public byte DestinationTON;
        public byte DestinationNPI;
        public byte* Originator;
        public byte OriginatorTON;
        public byte OriginatorNPI;
        public byte* Content;
        public int Encoding;
        public byte* UserDataHeader;
        public uint Options;
        public long DeliveryTime;
        public long ValidityPeriod;
        public byte* ServiceType;
        public byte ProtocolID;
        public byte Priority;
        public byte DataCoding;
        public byte RegisteredDelivery;
        public byte EsmClass;
        public byte* ExtendedParameters;
        public uint* SequenceNumbers;
        public UIntPtr SequenceNumberCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppSubmitIncomplete
    {
        public int ClientID;
        public byte* Originator;
        public byte* Destination;
        public ushort Reference;
        public int Total;
        public int Received;
        public uint* SequenceNumbers;
        public UIntPtr SequenceNumberCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppDeliverResponse
    {
        public int ClientID;
        public uint SequenceNumber;
        public uint Status;
        public byte* MessageID;
        public byte* ExtendedParameters;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppRAW
    {
        public int ClientID;
        public uint SequenceNumber;
        public uint CommandID;
        public uint CommandStatus;
        public byte* Payload;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppTrace
    {
        public int ClientID;
        public byte* FromAddress;
        public byte* ToAddress;
        public uint Operation;
        public uint OperationType;
        public byte* PDU;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppQuery
    {
        public int ClientID;
        public uint SequenceNumber;
        public byte* MessageID;
        public byte* Originator;
        public byte OriginatorTON;
        public byte OriginatorNPI;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppCancel
    {
        public int ClientID;
        public uint SequenceNumber;
        public byte* ServiceType;
        public byte* MessageID;
        public byte* Originator;
        public byte OriginatorTON;
        public byte OriginatorNPI;
        public byte* Destination;
        public byte DestinationTON;
        public byte DestinationNPI;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NSmppReplace
    {
        public int ClientID;
        public uint SequenceNumber;
        public byte* MessageID;
        public byte* Originator;
        public byte OriginatorTON;
        public byte OriginatorNPI;
        public long DeliveryTime;
        public long ValidityPeriod;
        public uint Options;
        public byte RegisteredDelivery;
        public byte DefaultMessageID;
        public byte* Content;
    }

    // ---- UCP/EMI

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NUcpLogin
    {
        public int ClientID;
        public uint TransactionNumber;
        public byte* UserIdentity;
        public byte* Originator;
        public byte* Password;
        public byte* NewPassword;
        public byte OTON;
        public byte ONPI;
        public byte STYP;
        public byte* VERS;
        public byte* OPID;
        public byte* ExtendedParameters;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NUcpSubmit
    {
        public int ClientID;
        public uint TransactionNumber;
        public byte* Destination;
        public byte* Originator;
        public byte* Content;
        public int Encoding;
        public uint Options;
        public byte* UserDataHeader;
        public long DeliveryTime;
        public long ValidityPeriod;
        public byte* ExtendedParameters;
        public uint* TransactionNumbers;
        public long* TimeStamps;
        public UIntPtr PartCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NUcpSubmitIncomplete
    {
        public int ClientID;
        public byte* Originator;
        public byte* Destination;
        public ushort Reference;
        public int Total;
        public int Received;
        public uint* TransactionNumbers;
        public long* TimeStamps;
        public UIntPtr PartCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NUcpDeliverResponse
    {
        public int ClientID;
        public uint TransactionNumber;
        public uint OperationType;
        public uint ErrorCode;
        public byte* ErrorMessage;
        public byte* ExtendedParameters;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NUcpRAW
    {
        public int ClientID;
        public uint TransactionNumber;
        public uint OperationType;
        public int IsResult;
        public byte* Payload;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NUcpTrace
    {
        public int ClientID;
        public byte* FromAddress;
        public byte* ToAddress;
        public uint Operation;
        public uint OperationType;
        public byte* PDU;
    }

    // ---- CIMD2

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NCimd2Login
    {
        public int ClientID;
        public uint TransactionNumber;
        public byte* UserIdentity;
        public byte* Password;
        public byte* ExtendedParameters;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct NCimd2Logout
    {
        public int ClientID;
        public uint TransactionNumber;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NCimd2Submit
    {
        public int ClientID;
        public uint TransactionNumber;
        public byte* Destination;
        public byte* Originator;
        public byte* Content;
        public int Encoding;
        public uint Options;
        public byte* UserDataHeader;
        public long DeliveryTime;
        public long ValidityPeriod;
        public byte* ExtendedParameters;
        public uint* TransactionNumbers;
        public long* TimeStamps;
        public UIntPtr PartCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NCimd2SubmitIncomplete
    {
        public int ClientID;
        public byte* Originator;
        public byte* Destination;
        public ushort Reference;
        public int Total;
        public int Received;
        public uint* TransactionNumbers;
        public UIntPtr PartCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NCimd2DeliverResponse
    {
        public int ClientID;
        public uint TransactionNumber;
        public uint ErrorCode;
        public int Code;
        public byte* ErrorMessage;
        public byte* ExtendedParameters;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NCimd2RAW
    {
        public int ClientID;
        public uint TransactionNumber;
        public int Code;
        public byte* Payload;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NCimd2Trace
    {
        public int ClientID;
        public byte* FromAddress;
        public byte* ToAddress;
        public uint Operation;
        public uint OperationType;
        public byte* PDU;
    }
}
