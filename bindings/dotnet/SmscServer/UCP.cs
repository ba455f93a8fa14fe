// Namespace smscs.UCP: SMSCserverUCP (UCP/EMI, CMG EMI-UCP 4.x), its event
// delegates and event argument classes, named like those of SMSCserverCIMD2
// with the ucp prefix (the reference's rule for the protocol prefix).
using System;
using System.Collections.Generic;

namespace smscs.UCP
{
    // ------------------------------------------------------------- delegates

    public delegate void ucpLoginReceivedEvent(object sender, ucpLoginReceivedEventArgs e);
    public delegate void ucpSubmitMessageReceivedEvent(object sender, ucpSubmitMessageReceivedEventArgs e);
    public delegate void ucpSubmitMessageCompletedEvent(object sender, ucpSubmitMessageCompletedEventArgs e);
    public delegate void ucpSubmitMessageIncompleteEvent(object sender, ucpSubmitMessageIncompleteEventArgs e);
    public delegate void ucpDeliverResponseReceivedEvent(object sender, ucpDeliverResponseReceivedEventArgs e);
    public delegate void ucpRAWReceivedEvent(object sender, ucpRAWReceivedEventArgs e);
    public delegate void ucpTraceProtocolCallback(object Sender, ucpTraceProtocolCallbackArgs e);

    // ------------------------------------------------------------ event args

    public class ucpLoginReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint TransactionNumber { get; internal set; }
        /// <summary>OAdC of the OT 60.</summary>
        public string UserIdentity { get; internal set; }
        /// <summary>The same OAdC.</summary>
        public string Originator { get; internal set; }
        /// <summary>PWD, decoded from IRA hex.</summary>
        public string Password { get; internal set; }
        /// <summary>NPWD, decoded; "" when none.</summary>
        public string NewPassword { get; internal set; }
        public byte OTON { get; internal set; }
        public byte ONPI { get; internal set; }
        public byte STYP { get; internal set; }
        public string VERS { get; internal set; }
        public string OPID { get; internal set; }
        public string ExtendedParameters { get; internal set; }
    }

    /// <summary>The fields of a submitted message (OT 51, or 01).</summary>
    public abstract class ucpSubmitMessageEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint TransactionNumber { get; internal set; }
        /// <summary>AdC.</summary>
        public string Destination { get; internal set; }
        /// <summary>OAdC; an alphanumeric OAdC decoded.</summary>
        public string Originator { get; internal set; }
        /// <summary>Decoded text; hex for binary data.</summary>
        public string Content { get; internal set; }
        public EncodingEnum Encoding { get; internal set; }
        public SubmitOptionEnum Options { get; internal set; }
        /// <summary>Hex including the UDHL octet (XSer 01); "" when none.</summary>
        public string UserDataHeader { get; internal set; }
        /// <summary>Local time; DateTime.MinValue when none. Options says relative or absolute.</summary>
        public DateTime DeliveryTime { get; internal set; }
        /// <summary>Local time; DateTime.MinValue when none.</summary>
        public DateTime ValidityPeriod { get; internal set; }
        /// <summary>"ucp.OT=51;ucp.NRq=1;..."</summary>
        public string ExtendedParameters { get; internal set; }
    }

    /// <summary>Every received part; answer it with ucpSendSubmitMessageResponse.</summary>
    public class ucpSubmitMessageReceivedEventArgs : ucpSubmitMessageEventArgs
    {
    }

    /// <summary>A whole message, once all its parts arrived.</summary>
    public class ucpSubmitMessageCompletedEventArgs : ucpSubmitMessageEventArgs
    {
        /// <summary>The SCTS answered for the parts, in part order
        /// (DateTime.MinValue for a part not answered positively); use them
        /// with ucpSendDeliverStatusReport.</summary>
        public List<DateTime> TimeStamps { get; internal set; }
        /// <summary>Transaction numbers of the parts, in part order (beyond the reference).</summary>
        public List<uint> TransactionNumbers { get; internal set; }
    }

    /// <summary>A multipart message dropped because parts were missing
    /// after reassembly-timeout or when the connection ended (beyond the reference).</summary>
    public class ucpSubmitMessageIncompleteEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public string Originator { get; internal set; }
        public string Destination { get; internal set; }
        public ushort Reference { get; internal set; }
        public int Total { get; internal set; }
        public int Received { get; internal set; }
        public List<uint> TransactionNumbers { get; internal set; }
        /// <summary>The SCTS answered for the parts received.</summary>
        public List<DateTime> TimeStamps { get; internal set; }
    }

    public class ucpDeliverResponseReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        /// <summary>Of the deliver message or status report it answers.</summary>
        public uint TransactionNumber { get; internal set; }
        /// <summary>The OT answered: 52 or 53.</summary>
        public uint OperationType { get; internal set; }
        /// <summary>0 for a positive result (A), else the EC of the NACK.</summary>
        public uint ErrorCode { get; internal set; }
        /// <summary>The result's SM field.</summary>
        public string ErrorMessage { get; internal set; }
        public string ExtendedParameters { get; internal set; }
    }

    public class ucpRAWReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint TransactionNumber { get; internal set; }
        /// <summary>OT.</summary>
        public uint OperationType { get; internal set; }
        /// <summary>True for a result (R), false for an operation (O).</summary>
        public bool IsResult { get; internal set; }
        /// <summary>The data part, hex.</summary>
        public string Payload { get; internal set; }
    }

    public class ucpTraceProtocolCallbackArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        /// <summary>"ip:port"</summary>
        public string FromAddress { get; internal set; }
        public string ToAddress { get; internal set; }
        /// <summary>OT.</summary>
        public int Operation { get; internal set; }
        /// <summary>TRN.</summary>
        public int OperationType { get; internal set; }
        /// <summary>The whole frame incl. STX/ETX, hex.</summary>
        public string PDU { get; internal set; }
    }

    // ------------------------------------------------------------- interface

    /// <summary>The members of SMSCserverUCP (one signature per method; the
    /// class adds int/uint overloads for ClientID and TransactionNumber).</summary>
    public interface ISMSCserverUCP : IDisposable
    {
        int ucpInitializeServer(string LocalHost, int LocalPort, string ExtendedParameters);
        int ucpFinalizeServer();
        int tcpAcceptConnection(int ClientID);
        int tcpCloseConnection(int ClientID);
        void tcpCloseAllConnections();
        int ucpSendRAW(int ClientID, uint TransactionNumber, uint OperationType, string Payload);
        int ucpSendLoginResponse(int ClientID, uint TransactionNumber, uint ErrorCode, string ErrorMessage);
        int ucpSendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters,
            ref List<uint> TransactionNumbers);
        int ucpSendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters);
        int ucpSendDeliverStatusReport(int ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination,
            string Originator, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters);
        int ucpSendSubmitMessageResponse(int ClientID, uint TransactionNumber, string Destination, DateTime TimeStamp,
            uint ErrorCode, string ErrorMessage);

        int KeepAliveInterval { get; set; }
        int ThrottleRate { get; set; }

        event tcpConnectedEvent OnTcpConnected;
        event tcpDisconnectedEvent OnTcpDisconnected;
        event ucpRAWReceivedEvent OnUcpRAWReceived;
        event ucpLoginReceivedEvent OnUcpLoginReceived;
        event ucpDeliverResponseReceivedEvent OnUcpDeliverResponseReceived;
        event ucpSubmitMessageReceivedEvent OnUcpSubmitMessageReceived;
        event ucpSubmitMessageCompletedEvent OnUcpSubmitMessageCompleted;
        event ucpSubmitMessageIncompleteEvent OnUcpSubmitMessageIncomplete;
        event ucpTraceProtocolCallback OnUcpTraceProtocol;
        event smscErrorEvent OnError;
    }

    // ----------------------------------------------------------------- class

    /// <summary>
    /// A UCP/EMI server: one object serves many client connections. Events
    /// are raised on the object's dispatcher thread (see SMSCserverBase).
    /// Every method returns 0 on success, a negative smscError code, or a
    /// positive OS error number. ClientID and TransactionNumber are accepted
    /// as int or uint. Transaction numbers are UCP TRNs, 00..99.
    /// </summary>
    public class SMSCserverUCP : SMSCserverBase, ISMSCserverUCP
    {
        public SMSCserverUCP() : base(Native.ucpCreateServer(), "UCP")
        {
        }

        /// <summary>Start listening. LocalHost "" = all interfaces (IPv4 and
        /// IPv6); LocalPort 0 = a free port (read it from LocalPort).
        /// ExtendedParameters: the common keys plus
        /// ucp.login-required=true|false (default true: a session must log in
        /// with OT 60 before submitting) and ucp.time-zone=Local|UTC|&lt;IANA
        /// name&gt; (the zone of SCTS and other times on the wire; default Local).</summary>
        public int ucpInitializeServer(string LocalHost, int LocalPort, string ExtendedParameters)
        {
            return Native.ucpInitializeServer(handle, Native.Z(LocalHost), LocalPort, Native.Z(ExtendedParameters));
        }

        /// <summary>Stop listening; existing connections stay open.</summary>
        public int ucpFinalizeServer()
        {
            return Native.ucpFinalizeServer(handle);
        }

        // -------------------------------------------------------- UCP calls

        /// <summary>Send any frame: Payload = the data part in hex. It goes out
        /// as a result when an operation with that TRN and OT awaits an
        /// answer, else as an operation.</summary>
        public int ucpSendRAW(int ClientID, uint TransactionNumber, uint OperationType, string Payload)
        {
            return Native.ucpSendRAW(handle, ClientID, TransactionNumber, OperationType, Native.Z(Payload));
        }

        /// <summary>Answer an OT 60 login: ErrorCode 0 = positive result, else a
        /// NACK with that EC (e.g. 07 authentication failure) and ErrorMessage as SM.</summary>
        public int ucpSendLoginResponse(int ClientID, uint TransactionNumber, uint ErrorCode, string ErrorMessage)
        {
            return Native.ucpSendLoginResponse(handle, ClientID, TransactionNumber, ErrorCode, Native.Z(ErrorMessage));
        }

        /// <summary>Deliver a message (OT 52), split into parts when long (UDH in
        /// XSer). TransactionNumber 0 = the library's own TRN counter;
        /// TimeStamp = SCTS (DateTime.MinValue = now). ExtendedParameters:
        /// ucp.&lt;field&gt;=&lt;value&gt; overrides a field, long-messages=udh8|udh16.</summary>
        public int ucpSendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
        {
            unsafe
            {
                return Native.ucpSendDeliverMessage(handle, ClientID, TransactionNumber, Native.Z(Destination),
                    Native.Z(Originator), Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.ToUnixMs(TimeStamp), Native.Z(ExtendedParameters),
                    null, UIntPtr.Zero, null);
            }
        }

        /// <summary>As above; TransactionNumbers (created when null) is set to the
        /// TRNs of the parts sent.</summary>
        public int ucpSendDeliverMessage(int ClientID, uint TransactionNumber, string Destination, string Originator, string Content,
            EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters,
            ref List<uint> TransactionNumbers)
        {
            const int MaxParts = 255; // the library refuses more (SMSC_ERR_CONTENT_TOO_LONG)
            unsafe
            {
                uint* nums = stackalloc uint[MaxParts];
                UIntPtr count = UIntPtr.Zero;
                int rc = Native.ucpSendDeliverMessage(handle, ClientID, TransactionNumber, Native.Z(Destination),
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

        /// <summary>Deliver a notification (OT 53). MessageTimeStamp = the SCTS
        /// given in the submit's answer; Destination = the original recipient
        /// (OAdC of the 53); Originator = the original sender (AdC of the 53);
        /// StatusCode = Dst (0 delivered, 1 buffered, 2 not delivered);
        /// StatusErrorCode = Rsn; TimeStamp = DSCTS (DateTime.MinValue = now).
        /// ExtendedParameters text=&lt;AMsg text&gt; replaces the default text.</summary>
        public int ucpSendDeliverStatusReport(int ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination,
            string Originator, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
        {
            return Native.ucpSendDeliverStatusReport(handle, ClientID, TransactionNumber, Native.ToUnixMs(MessageTimeStamp),
                Native.Z(Destination), Native.Z(Originator), StatusCode, StatusErrorCode, Native.ToUnixMs(TimeStamp),
                Native.Z(ExtendedParameters));
        }

        /// <summary>Answer an OT 51 (or 01) submit. ErrorCode 0 = positive result
        /// carrying "AdC:SCTS": Destination "" = the submit's own AdC, TimeStamp
        /// (the SCTS, the message's identity for later notifications)
        /// DateTime.MinValue = now. Else a NACK with that EC.</summary>
        public int ucpSendSubmitMessageResponse(int ClientID, uint TransactionNumber, string Destination, DateTime TimeStamp,
            uint ErrorCode, string ErrorMessage)
        {
            return Native.ucpSendSubmitMessageResponse(handle, ClientID, TransactionNumber, Native.Z(Destination),
                Native.ToUnixMs(TimeStamp), ErrorCode, Native.Z(ErrorMessage));
        }

        // The same methods with ClientID and TransactionNumber as uint/uint,
        // int/int and uint/int: the reference mixes int and uint, and its
        // event args carry int ClientID with uint TransactionNumber.
        public int ucpSendLoginResponse(uint ClientID, uint TransactionNumber, uint ErrorCode, string ErrorMessage)
            => ucpSendLoginResponse(unchecked((int)ClientID), TransactionNumber, ErrorCode, ErrorMessage);
        public int ucpSendLoginResponse(int ClientID, int TransactionNumber, uint ErrorCode, string ErrorMessage)
            => ucpSendLoginResponse(ClientID, unchecked((uint)TransactionNumber), ErrorCode, ErrorMessage);
        public int ucpSendLoginResponse(uint ClientID, int TransactionNumber, uint ErrorCode, string ErrorMessage)
            => ucpSendLoginResponse(unchecked((int)ClientID), unchecked((uint)TransactionNumber), ErrorCode, ErrorMessage);
        public int ucpSendSubmitMessageResponse(uint ClientID, uint TransactionNumber, string Destination, DateTime TimeStamp, uint ErrorCode, string ErrorMessage)
            => ucpSendSubmitMessageResponse(unchecked((int)ClientID), TransactionNumber, Destination, TimeStamp, ErrorCode, ErrorMessage);
        public int ucpSendSubmitMessageResponse(int ClientID, int TransactionNumber, string Destination, DateTime TimeStamp, uint ErrorCode, string ErrorMessage)
            => ucpSendSubmitMessageResponse(ClientID, unchecked((uint)TransactionNumber), Destination, TimeStamp, ErrorCode, ErrorMessage);
        public int ucpSendSubmitMessageResponse(uint ClientID, int TransactionNumber, string Destination, DateTime TimeStamp, uint ErrorCode, string ErrorMessage)
            => ucpSendSubmitMessageResponse(unchecked((int)ClientID), unchecked((uint)TransactionNumber), Destination, TimeStamp, ErrorCode, ErrorMessage);
        public int ucpSendDeliverMessage(uint ClientID, uint TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverMessage(unchecked((int)ClientID), TransactionNumber, Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters);
        public int ucpSendDeliverMessage(int ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverMessage(ClientID, unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters);
        public int ucpSendDeliverMessage(uint ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverMessage(unchecked((int)ClientID), unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters);
        public int ucpSendDeliverMessage(uint ClientID, uint TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters, ref List<uint> TransactionNumbers)
            => ucpSendDeliverMessage(unchecked((int)ClientID), TransactionNumber, Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters, ref TransactionNumbers);
        public int ucpSendDeliverMessage(int ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters, ref List<uint> TransactionNumbers)
            => ucpSendDeliverMessage(ClientID, unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters, ref TransactionNumbers);
        public int ucpSendDeliverMessage(uint ClientID, int TransactionNumber, string Destination, string Originator, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, DateTime TimeStamp, string ExtendedParameters, ref List<uint> TransactionNumbers)
            => ucpSendDeliverMessage(unchecked((int)ClientID), unchecked((uint)TransactionNumber), Destination, Originator, Content, Encoding, UserDataHeader, Options, TimeStamp, ExtendedParameters, ref TransactionNumbers);
        public int ucpSendDeliverStatusReport(uint ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination, string Originator, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverStatusReport(unchecked((int)ClientID), TransactionNumber, MessageTimeStamp, Destination, Originator, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int ucpSendDeliverStatusReport(int ClientID, int TransactionNumber, DateTime MessageTimeStamp, string Destination, string Originator, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverStatusReport(ClientID, unchecked((uint)TransactionNumber), MessageTimeStamp, Destination, Originator, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int ucpSendDeliverStatusReport(uint ClientID, int TransactionNumber, DateTime MessageTimeStamp, string Destination, string Originator, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverStatusReport(unchecked((int)ClientID), unchecked((uint)TransactionNumber), MessageTimeStamp, Destination, Originator, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int ucpSendRAW(uint ClientID, uint TransactionNumber, uint OperationType, string Payload)
            => ucpSendRAW(unchecked((int)ClientID), TransactionNumber, OperationType, Payload);
        public int ucpSendRAW(int ClientID, int TransactionNumber, uint OperationType, string Payload)
            => ucpSendRAW(ClientID, unchecked((uint)TransactionNumber), OperationType, Payload);
        public int ucpSendRAW(uint ClientID, int TransactionNumber, uint OperationType, string Payload)
            => ucpSendRAW(unchecked((int)ClientID), unchecked((uint)TransactionNumber), OperationType, Payload);

        // ----------------------------------------------------------- events

        ucpLoginReceivedEvent onLogin;
        ucpSubmitMessageReceivedEvent onSubmitReceived;
        ucpSubmitMessageCompletedEvent onSubmitCompleted;
        ucpSubmitMessageIncompleteEvent onSubmitIncomplete;
        ucpDeliverResponseReceivedEvent onDeliverResponse;
        ucpRAWReceivedEvent onRAW;
        ucpTraceProtocolCallback onTrace;

        /// <summary>An OT 60 login: answer with ucpSendLoginResponse. With no
        /// handler, logins are rejected.</summary>
        public event ucpLoginReceivedEvent OnUcpLoginReceived
        {
            add { AddHandler(ref onLogin, value, Native.smscSetOnUcpLoginReceived, s_login); }
            remove { RemoveHandler(ref onLogin, value, Native.smscSetOnUcpLoginReceived); }
        }

        /// <summary>Every submitted part (OT 51 or 01): answer with ucpSendSubmitMessageResponse.
        /// With no handler a submit gets the library's error answer.</summary>
        public event ucpSubmitMessageReceivedEvent OnUcpSubmitMessageReceived
        {
            add { AddHandler(ref onSubmitReceived, value, Native.smscSetOnUcpSubmitMessageReceived, s_submitReceived); }
            remove { RemoveHandler(ref onSubmitReceived, value, Native.smscSetOnUcpSubmitMessageReceived); }
        }

        /// <summary>A whole message once all its parts arrived (no answer needed).</summary>
        public event ucpSubmitMessageCompletedEvent OnUcpSubmitMessageCompleted
        {
            add { AddHandler(ref onSubmitCompleted, value, Native.smscSetOnUcpSubmitMessageCompleted, s_submitCompleted); }
            remove { RemoveHandler(ref onSubmitCompleted, value, Native.smscSetOnUcpSubmitMessageCompleted); }
        }

        /// <summary>A multipart message whose parts did not all arrive (beyond the reference).</summary>
        public event ucpSubmitMessageIncompleteEvent OnUcpSubmitMessageIncomplete
        {
            add { AddHandler(ref onSubmitIncomplete, value, Native.smscSetOnUcpSubmitMessageIncomplete, s_submitIncomplete); }
            remove { RemoveHandler(ref onSubmitIncomplete, value, Native.smscSetOnUcpSubmitMessageIncomplete); }
        }

        /// <summary>The client's result to a deliver message (OT 52) or
        /// notification (OT 53); match it by TransactionNumber and OperationType.</summary>
        public event ucpDeliverResponseReceivedEvent OnUcpDeliverResponseReceived
        {
            add { AddHandler(ref onDeliverResponse, value, Native.smscSetOnUcpDeliverResponseReceived, s_deliverResponse); }
            remove { RemoveHandler(ref onDeliverResponse, value, Native.smscSetOnUcpDeliverResponseReceived); }
        }

        /// <summary>A frame no other event decodes; answer operations with ucpSendRAW.</summary>
        public event ucpRAWReceivedEvent OnUcpRAWReceived
        {
            add { AddHandler(ref onRAW, value, Native.smscSetOnUcpRAWReceived, s_raw); }
            remove { RemoveHandler(ref onRAW, value, Native.smscSetOnUcpRAWReceived); }
        }

        /// <summary>Every frame both ways, hex.</summary>
        public event ucpTraceProtocolCallback OnUcpTraceProtocol
        {
            add { AddHandler(ref onTrace, value, Native.smscSetOnUcpTraceProtocol, s_trace); }
            remove { RemoveHandler(ref onTrace, value, Native.smscSetOnUcpTraceProtocol); }
        }

        // ---------------------------------------------------------- bridges
        //
        // Native code calls these on the dispatcher thread. Each copies what
        // it needs out of the borrowed struct, raises the event, and turns an
        // exception into OnError plus a non-zero return (the library then
        // sends its default answer). Nothing ever propagates into native code.

        static readonly NativeEventCallback s_login = LoginBridge;
        static readonly NativeEventCallback s_submitReceived = SubmitReceivedBridge;
        static readonly NativeEventCallback s_submitCompleted = SubmitCompletedBridge;
        static readonly NativeEventCallback s_submitIncomplete = SubmitIncompleteBridge;
        static readonly NativeEventCallback s_deliverResponse = DeliverResponseBridge;
        static readonly NativeEventCallback s_raw = RAWBridge;
        static readonly NativeEventCallback s_trace = TraceBridge;

        static unsafe void Fill(ucpSubmitMessageEventArgs e, NUcpSubmit* n)
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
            SMSCserverUCP s = null;
            try
            {
                s = (SMSCserverUCP)Target(ud);
                if (s == null) return 1;
                ucpLoginReceivedEvent h = s.onLogin;
                if (h == null) return 1;
                NUcpLogin* n = (NUcpLogin*)p;
                h(s, new ucpLoginReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    TransactionNumber = n->TransactionNumber,
                    UserIdentity = Native.S(n->UserIdentity),
                    Originator = Native.S(n->Originator),
                    Password = Native.S(n->Password),
                    NewPassword = Native.S(n->NewPassword),
                    OTON = n->OTON,
                    ONPI = n->ONPI,
                    STYP = n->STYP,
                    VERS = Native.S(n->VERS),
                    OPID = Native.S(n->OPID),
                    ExtendedParameters = Native.S(n->ExtendedParameters)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnUcpLoginReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitReceivedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverUCP s = null;
            try
            {
                s = (SMSCserverUCP)Target(ud);
                if (s == null) return 1;
                ucpSubmitMessageReceivedEvent h = s.onSubmitReceived;
                if (h == null) return 1;
                ucpSubmitMessageReceivedEventArgs e = new ucpSubmitMessageReceivedEventArgs();
                Fill(e, (NUcpSubmit*)p);
                h(s, e);
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnUcpSubmitMessageReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitCompletedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverUCP s = null;
            try
            {
                s = (SMSCserverUCP)Target(ud);
                if (s == null) return 1;
                ucpSubmitMessageCompletedEvent h = s.onSubmitCompleted;
                if (h == null) return 1;
                NUcpSubmit* n = (NUcpSubmit*)p;
                ucpSubmitMessageCompletedEventArgs e = new ucpSubmitMessageCompletedEventArgs();
                Fill(e, n);
                e.TimeStamps = Native.Times(n->TimeStamps, n->PartCount);
                e.TransactionNumbers = Native.U32s(n->TransactionNumbers, n->PartCount);
                h(s, e);
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnUcpSubmitMessageCompleted", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitIncompleteBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverUCP s = null;
            try
            {
                s = (SMSCserverUCP)Target(ud);
                if (s == null) return 1;
                ucpSubmitMessageIncompleteEvent h = s.onSubmitIncomplete;
                if (h == null) return 1;
                NUcpSubmitIncomplete* n = (NUcpSubmitIncomplete*)p;
                h(s, new ucpSubmitMessageIncompleteEventArgs
                {
                    ClientID = n->ClientID,
                    Originator = Native.S(n->Originator),
                    Destination = Native.S(n->Destination),
                    Reference = n->Reference,
                    Total = n->Total,
                    Received = n->Received,
                    TransactionNumbers = Native.U32s(n->TransactionNumbers, n->PartCount),
                    TimeStamps = Native.Times(n->TimeStamps, n->PartCount)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnUcpSubmitMessageIncomplete", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int DeliverResponseBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverUCP s = null;
            try
            {
                s = (SMSCserverUCP)Target(ud);
                if (s == null) return 1;
                ucpDeliverResponseReceivedEvent h = s.onDeliverResponse;
                if (h == null) return 1;
                NUcpDeliverResponse* n = (NUcpDeliverResponse*)p;
                h(s, new ucpDeliverResponseReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    TransactionNumber = n->TransactionNumber,
                    OperationType = n->OperationType,
                    ErrorCode = n->ErrorCode,
                    ErrorMessage = Native.S(n->ErrorMessage),
                    ExtendedParameters = Native.S(n->ExtendedParameters)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnUcpDeliverResponseReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int RAWBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverUCP s = null;
            try
            {
                s = (SMSCserverUCP)Target(ud);
                if (s == null) return 1;
                ucpRAWReceivedEvent h = s.onRAW;
                if (h == null) return 1;
                NUcpRAW* n = (NUcpRAW*)p;
                h(s, new ucpRAWReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    TransactionNumber = n->TransactionNumber,
                    OperationType = n->OperationType,
                    IsResult = n->IsResult != 0,
                    Payload = Native.S(n->Payload)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnUcpRAWReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int TraceBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverUCP s = null;
            try
            {
                s = (SMSCserverUCP)Target(ud);
                if (s == null) return 1;
                ucpTraceProtocolCallback h = s.onTrace;
                if (h == null) return 1;
                NUcpTrace* n = (NUcpTrace*)p;
                h(s, new ucpTraceProtocolCallbackArgs
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
                return Fail(s, "OnUcpTraceProtocol", ex);
            }
        }
    }
}
