// Namespace smscs.CIMD2: SMSCserverCIMD2 (Nokia CIMD 2.0), its event
// delegates and event argument classes, named as in the reference component
// (SMSCserverCIMD2-class.txt).
using System;
using System.Collections.Generic;

namespace smscs.CIMD2
{
    // ------------------------------------------------------------- delegates

    public delegate void cimd2LoginReceivedEvent(object sender, cimd2LoginReceivedEventArgs e);
    public delegate void cimd2LogoutReceivedEvent(object sender, cimd2LogoutReceivedEventArgs e);
    public delegate void cimd2SubmitMessageReceivedEvent(object sender, cimd2SubmitMessageReceivedEventArgs e);
    public delegate void cimd2SubmitMessageCompletedEvent(object sender, cimd2SubmitMessageCompletedEventArgs e);
    public delegate void cimd2SubmitMessageIncompleteEvent(object sender, cimd2SubmitMessageIncompleteEventArgs e);
    public delegate void cimd2DeliverResponseReceivedEvent(object sender, cimd2DeliverResponseReceivedEventArgs e);
    public delegate void cimd2RAWReceivedEvent(object sender, cimd2RAWReceivedEventArgs e);
    public delegate void cimd2TraceProtocolCallback(object Sender, cimd2TraceProtocolCallbackArgs e);

    // ------------------------------------------------------------ event args

    public class cimd2LoginReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint TransactionNumber { get; internal set; }
        /// <summary>Parameter 010.</summary>
        public string UserIdentity { get; internal set; }
        /// <summary>Parameter 011.</summary>
        public string Password { get; internal set; }
        /// <summary>Other parameters, "cimd2.&lt;NNN&gt;=&lt;value&gt;;..." (beyond the reference).</summary>
        public string ExtendedParameters { get; internal set; }
    }

    /// <summary>A logout (02), already answered by the library (beyond the reference).</summary>
    public class cimd2LogoutReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint TransactionNumber { get; internal set; }
    }

    /// <summary>The fields of a submitted message (03).</summary>
    public abstract class cimd2SubmitMessageEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint TransactionNumber { get; internal set; }
        /// <summary>Parameter 021.</summary>
        public string Destination { get; internal set; }
        /// <summary>Parameter 023 (or 027, alphanumeric).</summary>
        public string Originator { get; internal set; }
        /// <summary>Decoded text; hex for binary data.</summary>
        public string Content { get; internal set; }
        public EncodingEnum Encoding { get; internal set; }
        public SubmitOptionEnum Options { get; internal set; }
        /// <summary>Hex including the UDHL octet; "" when none.</summary>
        public string UserDataHeader { get; internal set; }
        /// <summary>Local time; DateTime.MinValue when none. Options says relative or absolute.</summary>
        public DateTime DeliveryTime { get; internal set; }
        /// <summary>Local time; DateTime.MinValue when none.</summary>
        public DateTime ValidityPeriod { get; internal set; }
        /// <summary>"cimd2.&lt;NNN&gt;=&lt;value&gt;;..."</summary>
        public string ExtendedParameters { get; internal set; }
    }

    /// <summary>Every received part; answer it with cimd2SendSubmitMessageResponse.</summary>
    public class cimd2SubmitMessageReceivedEventArgs : cimd2SubmitMessageEventArgs
    {
    }

    /// <summary>A whole message, once all its parts arrived.</summary>
    public class cimd2SubmitMessageCompletedEventArgs : cimd2SubmitMessageEventArgs
    {
        /// <summary>The time stamps (060) answered for the parts, in part
        /// order (DateTime.MinValue for a part not answered positively); use
        /// them with cimd2SendDeliverStatusReport.</summary>
        public List<DateTime> TimeStamps { get; internal set; }
        /// <summary>Transaction numbers of the parts, in part order (beyond the reference).</summary>
        public List<uint> TransactionNumbers { get; internal set; }
    }

    /// <summary>A multipart message dropped because parts were missing
    /// after reassembly-timeout or when the connection ended (beyond the reference).</summary>
    public class cimd2SubmitMessageIncompleteEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public string Originator { get; internal set; }
        public string Destination { get; internal set; }
        public ushort Reference { get; internal set; }
        public int Total { get; internal set; }
        public int Received { get; internal set; }
        public List<uint> TransactionNumbers { get; internal set; }
    }

    public class cimd2DeliverResponseReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        /// <summary>Of the deliver message or status report it answers.</summary>
        public uint TransactionNumber { get; internal set; }
        /// <summary>Parameter 900; 0 when none.</summary>
        public uint ErrorCode { get; internal set; }
        /// <summary>The operation code: 70, 73, 98 or 99 (beyond the reference).</summary>
        public int Code { get; internal set; }
        /// <summary>Parameter 901 (beyond the reference).</summary>
        public string ErrorMessage { get; internal set; }
        public string ExtendedParameters { get; internal set; }
    }

    public class cimd2RAWReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint TransactionNumber { get; internal set; }
        /// <summary>The operation code.</summary>
        public int Code { get; internal set; }
        /// <summary>The parameter area, hex.</summary>
        public string Payload { get; internal set; }
    }

    public class cimd2TraceProtocolCallbackArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        /// <summary>"ip:port"</summary>
        public string FromAddress { get; internal set; }
        public string ToAddress { get; internal set; }
        /// <summary>The operation code.</summary>
        public int Operation { get; internal set; }
        /// <summary>The packet number.</summary>
        public int OperationType { get; internal set; }
        /// <summary>The whole packet STX..ETX, hex.</summary>
        public string PDU { get; internal set; }
    }

    // ------------------------------------------------------------- interface

    /// <summary>The members of SMSCserverCIMD2 (one signature per method; the
    /// class adds int/uint overloads for ClientID and TransactionNumber).</summary>
    public interface ISMSCserverCIMD2 : IDisposable
    {
        int cimd2InitializeServer(string LocalHost, int LocalPort, string ExtendedParameters);
        int cimd2FinalizeServer();
        int tcpAcceptConnection(int ClientID);
        int tcpCloseConnection(int ClientID);
        void tcpCloseAllConnections();
        int cimd2SendRAW(int ClientID, uint TransactionNumber, uint OperationCode, string Payload);
        int cimd2SendLoginResponse(int ClientID, uint TransactionNumber, uint ErrorCode, string ErrorMessage);
        int cimd2SendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters,
            ref List<uint> TransactionNumbers);
        int cimd2SendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters);
        int cimd2SendDeliverStatusReport(int ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination,
            int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters);
        int cimd2SendSubmitMessageResponse(int ClientID, uint TransactionNumber, string Destination, DateTime TimeStamp,
            uint ErrorCode, string ErrorMessage);

        int KeepAliveInterval { get; set; }
        int ThrottleRate { get; set; }

        event tcpConnectedEvent OnTcpConnected;
        event tcpDisconnectedEvent OnTcpDisconnected;
        event cimd2RAWReceivedEvent OnCimd2RAWReceived;
        event cimd2LoginReceivedEvent OnCimd2LoginReceived;
        event cimd2LogoutReceivedEvent OnCimd2LogoutReceived;
        event cimd2DeliverResponseReceivedEvent OnCimd2DeliverResponseReceived;
        event cimd2SubmitMessageReceivedEvent OnCimd2SubmitMessageReceived;
        event cimd2SubmitMessageCompletedEvent OnCimd2SubmitMessageCompleted;
        event cimd2SubmitMessageIncompleteEvent OnCimd2SubmitMessageIncomplete;
        event cimd2TraceProtocolCallback OnCimd2TraceProtocol;
        event smscErrorEvent OnError;
    }

    // ----------------------------------------------------------------- class

    /// <summary>
    /// A CIMD2 server: one object serves many client connections. Events are
    /// raised on the object's dispatcher thread (see SMSCserverBase). Every
    /// method returns 0 on success, a negative smscError code, or a positive
    /// OS error number. ClientID and TransactionNumber are accepted as int or
    /// uint. Server packet numbers are even (0 = the library chooses), the
    /// client's odd.
    /// </summary>
    public class SMSCserverCIMD2 : SMSCserverBase, ISMSCserverCIMD2
    {
        public SMSCserverCIMD2() : base(Native.cimd2CreateServer(), "CIMD2")
        {
        }

        /// <summary>Start listening. LocalHost "" = all interfaces (IPv4 and
        /// IPv6); LocalPort 0 = a free port (read it from LocalPort).
        /// ExtendedParameters: the common keys plus time-zone=Local|UTC|&lt;IANA
        /// name&gt; (times on the wire; default Local).</summary>
        public int cimd2InitializeServer(string LocalHost, int LocalPort, string ExtendedParameters)
        {
            return Native.cimd2InitializeServer(handle, Native.Z(LocalHost), LocalPort, Native.Z(ExtendedParameters));
        }

        /// <summary>Stop listening; existing connections stay open.</summary>
        public int cimd2FinalizeServer()
        {
            return Native.cimd2FinalizeServer(handle);
        }

        // ------------------------------------------------------ CIMD2 calls

        /// <summary>Send any packet: Payload = the parameter area
        /// ("PPP:value&lt;TAB&gt;...") in hex.</summary>
        public int cimd2SendRAW(int ClientID, uint TransactionNumber, uint OperationCode, string Payload)
        {
            return Native.cimd2SendRAW(handle, ClientID, TransactionNumber, OperationCode, Native.Z(Payload));
        }

        /// <summary>Answer a login: ErrorCode 0 accepts, else 51 with 900:ErrorCode
        /// and 901:ErrorMessage (close the connection with tcpCloseConnection if it should go).</summary>
        public int cimd2SendLoginResponse(int ClientID, uint TransactionNumber, uint ErrorCode, string ErrorMessage)
        {
            return Native.cimd2SendLoginResponse(handle, ClientID, TransactionNumber, ErrorCode, Native.Z(ErrorMessage));
        }

        /// <summary>Deliver a message (20), split into parts when long.
        /// TransactionNumber 0 = numbered by the library; TimeStamp = 060
        /// (DateTime.MinValue = now). ExtendedParameters: cimd2.&lt;NNN&gt;=&lt;value&gt;
        /// sets or (empty value) removes a parameter, long-messages=udh8|udh16.</summary>
        public int cimd2SendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
        {
            unsafe
            {
                return Native.cimd2SendDeliverMessage(handle, ClientID, TransactionNumber, Native.Z(Destination),
                    Native.Z(Originator), Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.ToUnixMs(TimeStamp), Native.Z(ExtendedParameters),
                    null, UIntPtr.Zero, null);
            }
        }

        /// <summary>As above; TransactionNumbers (created when null) is set to the
        /// packet numbers of the parts sent.</summary>
        public int cimd2SendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters,
            ref List<uint> TransactionNumbers)
        {
            const int MaxParts = 255; // the library refuses more (SMSC_ERR_CONTENT_TOO_LONG)
            unsafe
            {
                uint* nums = stackalloc uint[MaxParts];
                UIntPtr count = UIntPtr.Zero;
                int rc = Native.cimd2SendDeliverMessage(handle, ClientID, TransactionNumber, Native.Z(Destination),
                    Native.Z(Originator), Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.ToUnixMs(TimeStamp), Native.Z(ExtendedParameters),
                    nums, (UIntPtr)MaxParts, &count);
                if (TransactionNumbers == null) TransactionNumbers = new List<uint>();
                else TransactionNumbers.Clear();
                if (rc == 0)
                {
                    int n = (int)count.ToUInt64();
                    for (int i = 0; i < n && i < MaxParts; i++) TransactionNumbers.Add(nums[i]);
                }
                return rc;
            }
        }

        /// <summary>Deliver a status report (23): MessageTimeStamp = the 060 of
        /// the submit's answer, Destination = the original recipient,
        /// StatusCode 061, StatusErrorCode 062 (sent when not 0), TimeStamp 063
        /// discharge time (DateTime.MinValue = now).</summary>
        public int cimd2SendDeliverStatusReport(int ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination,
            int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
        {
            return Native.cimd2SendDeliverStatusReport(handle, ClientID, TransactionNumber, Native.ToUnixMs(MessageTimeStamp),
                Native.Z(Destination), StatusCode, StatusErrorCode, Native.ToUnixMs(TimeStamp), Native.Z(ExtendedParameters));
        }

        /// <summary>Answer a submit: ErrorCode 0 = 53 with 021 and 060 (TimeStamp;
        /// DateTime.MinValue = a fresh unique second), else 53 with 900/901.</summary>
        public int cimd2SendSubmitMessageResponse(int ClientID, uint TransactionNumber, string Destination, DateTime TimeStamp,
            uint ErrorCode, string ErrorMessage)
        {
            return Native.cimd2SendSubmitMessageResponse(handle, ClientID, TransactionNumber, Native.Z(Destination),
                Native.ToUnixMs(TimeStamp), ErrorCode, Native.Z(ErrorMessage));
        }

        // The same methods with ClientID and TransactionNumber as uint/uint,
        // int/int and uint/int: the reference mixes int and uint, and its
        // event args carry int ClientID with uint TransactionNumber.
        public int cimd2SendLoginResponse(uint ClientID, uint TransactionNumber, uint ErrorCode, string ErrorMessage)
            => cimd2SendLoginResponse(unchecked((int)ClientID), TransactionNumber, ErrorCode, ErrorMessage);
        public int cimd2SendLoginResponse(int ClientID, int TransactionNumber, uint ErrorCode, string ErrorMessage)
            => cimd2SendLoginResponse(ClientID, unchecked((uint)TransactionNumber), ErrorCode, ErrorMessage);
        public int cimd2SendLoginResponse(uint ClientID, int TransactionNumber, uint ErrorCode, string ErrorMessage)
            => cimd2SendLoginResponse(unchecked((int)ClientID), unchecked((uint)TransactionNumber), ErrorCode, ErrorMessage);
        public int cimd2SendSubmitMessageResponse(uint ClientID, uint TransactionNumber, string Destination, DateTime TimeStamp, uint ErrorCode, string ErrorMessage)
            => cimd2SendSubmitMessageResponse(unchecked((int)ClientID), TransactionNumber, Destination, TimeStamp, ErrorCode, ErrorMessage);
        public int cimd2SendSubmitMessageResponse(int ClientID, int TransactionNumber, string Destination, DateTime TimeStamp, uint ErrorCode, string ErrorMessage)
            => cimd2SendSubmitMessageResponse(ClientID, unchecked((uint)TransactionNumber), Destination, TimeStamp, ErrorCode, ErrorMessage);
        public int cimd2SendSubmitMessageResponse(uint ClientID, int TransactionNumber, string Destination, DateTime TimeStamp, uint ErrorCode, string ErrorMessage)
            => cimd2SendSubmitMessageResponse(unchecked((int)ClientID), unchecked((uint)TransactionNumber), Destination, TimeStamp, ErrorCode, ErrorMessage);
        public int cimd2SendDeliverMessage(uint ClientID, uint TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
            => cimd2SendDeliverMessage(unchecked((int)ClientID), TransactionNumber, Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters);
        public int cimd2SendDeliverMessage(int ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
            => cimd2SendDeliverMessage(ClientID, unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters);
        public int cimd2SendDeliverMessage(uint ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
            => cimd2SendDeliverMessage(unchecked((int)ClientID), unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters);
        public int cimd2SendDeliverMessage(uint ClientID, uint TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters, ref List<uint> TransactionNumbers)
            => cimd2SendDeliverMessage(unchecked((int)ClientID), TransactionNumber, Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters, ref TransactionNumbers);
        public int cimd2SendDeliverMessage(int ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters, ref List<uint> TransactionNumbers)
            => cimd2SendDeliverMessage(ClientID, unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters, ref TransactionNumbers);
        public int cimd2SendDeliverMessage(uint ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters, ref List<uint> TransactionNumbers)
            => cimd2SendDeliverMessage(unchecked((int)ClientID), unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters, ref TransactionNumbers);
        public int cimd2SendDeliverStatusReport(uint ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => cimd2SendDeliverStatusReport(unchecked((int)ClientID), TransactionNumber, MessageTimeStamp, Destination, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int cimd2SendDeliverStatusReport(int ClientID, int TransactionNumber, DateTime MessageTimeStamp, string Destination, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => cimd2SendDeliverStatusReport(ClientID, unchecked((uint)TransactionNumber), MessageTimeStamp, Destination, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int cimd2SendDeliverStatusReport(uint ClientID, int TransactionNumber, DateTime MessageTimeStamp, string Destination, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => cimd2SendDeliverStatusReport(unchecked((int)ClientID), unchecked((uint)TransactionNumber), MessageTimeStamp, Destination, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int cimd2SendRAW(uint ClientID, uint TransactionNumber, uint OperationCode, string Payload)
            => cimd2SendRAW(unchecked((int)ClientID), TransactionNumber, OperationCode, Payload);
        public int cimd2SendRAW(int ClientID, int TransactionNumber, uint OperationCode, string Payload)
            => cimd2SendRAW(ClientID, unchecked((uint)TransactionNumber), OperationCode, Payload);
        public int cimd2SendRAW(uint ClientID, int TransactionNumber, uint OperationCode, string Payload)
            => cimd2SendRAW(unchecked((int)ClientID), unchecked((uint)TransactionNumber), OperationCode, Payload);

        // ----------------------------------------------------------- events

        cimd2LoginReceivedEvent onLogin;
        cimd2LogoutReceivedEvent onLogout;
        cimd2SubmitMessageReceivedEvent onSubmitReceived;
        cimd2SubmitMessageCompletedEvent onSubmitCompleted;
        cimd2SubmitMessageIncompleteEvent onSubmitIncomplete;
        cimd2DeliverResponseReceivedEvent onDeliverResponse;
        cimd2RAWReceivedEvent onRAW;
        cimd2TraceProtocolCallback onTrace;

        /// <summary>A login (01): answer with cimd2SendLoginResponse. With no
        /// handler, logins are rejected and the connection closed.</summary>
        public event cimd2LoginReceivedEvent OnCimd2LoginReceived
        {
            add { AddHandler(ref onLogin, value, Native.smscSetOnCimd2LoginReceived, s_login); }
            remove { RemoveHandler(ref onLogin, value, Native.smscSetOnCimd2LoginReceived); }
        }

        /// <summary>A logout (02), already answered by the library (beyond the reference).</summary>
        public event cimd2LogoutReceivedEvent OnCimd2LogoutReceived
        {
            add { AddHandler(ref onLogout, value, Native.smscSetOnCimd2LogoutReceived, s_logout); }
            remove { RemoveHandler(ref onLogout, value, Native.smscSetOnCimd2LogoutReceived); }
        }

        /// <summary>Every submitted part (03): answer with cimd2SendSubmitMessageResponse.
        /// With no handler a submit gets the library's error answer.</summary>
        public event cimd2SubmitMessageReceivedEvent OnCimd2SubmitMessageReceived
        {
            add { AddHandler(ref onSubmitReceived, value, Native.smscSetOnCimd2SubmitMessageReceived, s_submitReceived); }
            remove { RemoveHandler(ref onSubmitReceived, value, Native.smscSetOnCimd2SubmitMessageReceived); }
        }

        /// <summary>A whole message once all its parts arrived (no answer needed).</summary>
        public event cimd2SubmitMessageCompletedEvent OnCimd2SubmitMessageCompleted
        {
            add { AddHandler(ref onSubmitCompleted, value, Native.smscSetOnCimd2SubmitMessageCompleted, s_submitCompleted); }
            remove { RemoveHandler(ref onSubmitCompleted, value, Native.smscSetOnCimd2SubmitMessageCompleted); }
        }

        /// <summary>A multipart message whose parts did not all arrive (beyond the reference).</summary>
        public event cimd2SubmitMessageIncompleteEvent OnCimd2SubmitMessageIncomplete
        {
            add { AddHandler(ref onSubmitIncomplete, value, Native.smscSetOnCimd2SubmitMessageIncomplete, s_submitIncomplete); }
            remove { RemoveHandler(ref onSubmitIncomplete, value, Native.smscSetOnCimd2SubmitMessageIncomplete); }
        }

        /// <summary>The client's answer (70, 73, 98, 99) to a deliver message or
        /// status report; match it by TransactionNumber.</summary>
        public event cimd2DeliverResponseReceivedEvent OnCimd2DeliverResponseReceived
        {
            add { AddHandler(ref onDeliverResponse, value, Native.smscSetOnCimd2DeliverResponseReceived, s_deliverResponse); }
            remove { RemoveHandler(ref onDeliverResponse, value, Native.smscSetOnCimd2DeliverResponseReceived); }
        }

        /// <summary>A packet no other event decodes; answer requests with cimd2SendRAW.</summary>
        public event cimd2RAWReceivedEvent OnCimd2RAWReceived
        {
            add { AddHandler(ref onRAW, value, Native.smscSetOnCimd2RAWReceived, s_raw); }
            remove { RemoveHandler(ref onRAW, value, Native.smscSetOnCimd2RAWReceived); }
        }

        /// <summary>Every packet both ways, hex.</summary>
        public event cimd2TraceProtocolCallback OnCimd2TraceProtocol
        {
            add { AddHandler(ref onTrace, value, Native.smscSetOnCimd2TraceProtocol, s_trace); }
            remove { RemoveHandler(ref onTrace, value, Native.smscSetOnCimd2TraceProtocol); }
        }

        // ---------------------------------------------------------- bridges
        //
        // Native code calls these on the dispatcher thread. Each copies what
        // it needs out of the borrowed struct, raises the event, and turns an
        // exception into OnError plus a non-zero return (the library then
        // sends its default answer). Nothing ever propagates into native code.

        static readonly NativeEventCallback s_login = LoginBridge;
        static readonly NativeEventCallback s_logout = LogoutBridge;
        static readonly NativeEventCallback s_submitReceived = SubmitReceivedBridge;
        static readonly NativeEventCallback s_submitCompleted = SubmitCompletedBridge;
        static readonly NativeEventCallback s_submitIncomplete = SubmitIncompleteBridge;
        static readonly NativeEventCallback s_deliverResponse = DeliverResponseBridge;
        static readonly NativeEventCallback s_raw = RAWBridge;
        static readonly NativeEventCallback s_trace = TraceBridge;

        static unsafe void Fill(cimd2SubmitMessageEventArgs e, NCimd2Submit* n)
        {
            e.ClientID = n->ClientID;
            e.TransactionNumber = n->TransactionNumber;
            e.Destination = Native.S(n->Destination);
            e.Originator = Native.S(n->Originator);
            e.Content = Native.S(n->Content);
            e.Encoding = (EncodingEnum)n->Encoding;
            e.Options = (SubmitOptionEnum)n->Options;
            e.UserDataHeader = Native.S(n->UserDataHeader);
            e.DeliveryTime = Native.FromUnixMs(n->DeliveryTime);
            e.ValidityPeriod = Native.FromUnixMs(n->ValidityPeriod);
            e.ExtendedParameters = Native.S(n->ExtendedParameters);
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int LoginBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2LoginReceivedEvent h = s.onLogin;
                if (h == null) return 1;
                NCimd2Login* n = (NCimd2Login*)p;
                h(s, new cimd2LoginReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    TransactionNumber = n->TransactionNumber,
                    UserIdentity = Native.S(n->UserIdentity),
                    Password = Native.S(n->Password),
                    ExtendedParameters = Native.S(n->ExtendedParameters)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2LoginReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int LogoutBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2LogoutReceivedEvent h = s.onLogout;
                if (h == null) return 1;
                NCimd2Logout* n = (NCimd2Logout*)p;
                h(s, new cimd2LogoutReceivedEventArgs { ClientID = n->ClientID, TransactionNumber = n->TransactionNumber });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2LogoutReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitReceivedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2SubmitMessageReceivedEvent h = s.onSubmitReceived;
                if (h == null) return 1;
                cimd2SubmitMessageReceivedEventArgs e = new cimd2SubmitMessageReceivedEventArgs();
                Fill(e, (NCimd2Submit*)p);
                h(s, e);
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2SubmitMessageReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitCompletedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2SubmitMessageCompletedEvent h = s.onSubmitCompleted;
                if (h == null) return 1;
                NCimd2Submit* n = (NCimd2Submit*)p;
                cimd2SubmitMessageCompletedEventArgs e = new cimd2SubmitMessageCompletedEventArgs();
                Fill(e, n);
                e.TimeStamps = Native.Times(n->TimeStamps, n->PartCount);
                e.TransactionNumbers = Native.U32s(n->TransactionNumbers, n->PartCount);
                h(s, e);
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2SubmitMessageCompleted", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitIncompleteBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2SubmitMessageIncompleteEvent h = s.onSubmitIncomplete;
                if (h == null) return 1;
                NCimd2SubmitIncomplete* n = (NCimd2SubmitIncomplete*)p;
                h(s, new cimd2SubmitMessageIncompleteEventArgs
                {
                    ClientID = n->ClientID,
                    Originator = Native.S(n->Originator),
                    Destination = Native.S(n->Destination),
                    Reference = n->Reference,
                    Total = n->Total,
                    Received = n->Received,
                    TransactionNumbers = Native.U32s(n->TransactionNumbers, n->PartCount)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2SubmitMessageIncomplete", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int DeliverResponseBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2DeliverResponseReceivedEvent h = s.onDeliverResponse;
                if (h == null) return 1;
                NCimd2DeliverResponse* n = (NCimd2DeliverResponse*)p;
                h(s, new cimd2DeliverResponseReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    TransactionNumber = n->TransactionNumber,
                    ErrorCode = n->ErrorCode,
                    Code = n->Code,
                    ErrorMessage = Native.S(n->ErrorMessage),
                    ExtendedParameters = Native.S(n->ExtendedParameters)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2DeliverResponseReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int RAWBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2RAWReceivedEvent h = s.onRAW;
                if (h == null) return 1;
                NCimd2RAW* n = (NCimd2RAW*)p;
                h(s, new cimd2RAWReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    TransactionNumber = n->TransactionNumber,
                    Code = n->Code,
                    Payload = Native.S(n->Payload)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2RAWReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int TraceBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverCIMD2 s = null;
            try
            {
                s = (SMSCserverCIMD2)Target(ud);
                if (s == null) return 1;
                cimd2TraceProtocolCallback h = s.onTrace;
                if (h == null) return 1;
                NCimd2Trace* n = (NCimd2Trace*)p;
                h(s, new cimd2TraceProtocolCallbackArgs
                {
                    ClientID = n->ClientID,
                    FromAddress = Native.S(n->FromAddress),
                    ToAddress = Native.S(n->ToAddress),
                    Operation = unchecked((int)n->Operation),
                    OperationType = unchecked((int)n->OperationType),
                    PDU = Native.S(n->PDU)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnCimd2TraceProtocol", ex);
            }
        }
    }
}
