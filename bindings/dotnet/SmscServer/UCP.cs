// Namespace smscs.UCP: the methods of SMSCserverUCP (UCP/EMI, CMG EMI-UCP
// 4.x), named like those of SMSCserverCIMD2 with the ucp prefix (the
// reference's rule for the protocol prefix). Its events, event delegates and
// event argument classes are generated from the C header (UCP.g.cs).
using System;
using System.Collections.Generic;

namespace smscs.UCP
{
    // ------------------------------------------------------------- interface

    /// <summary>The members of SMSCserverUCP (one signature per method; the
    /// class adds int/uint overloads for ClientID and TransactionNumber).</summary>
    public partial interface ISMSCserverUCP : IDisposable
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
        int ucpSendDeliverStatusReport(int ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination,
            int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters);
        int ucpSendSubmitMessageResponse(int ClientID, uint TransactionNumber, string Destination, DateTime TimeStamp,
            uint ErrorCode, string ErrorMessage);

        int KeepAliveInterval { get; set; }
        int ThrottleRate { get; set; }

        event smscErrorEvent OnError;
    }

    // ----------------------------------------------------------------- class

    /// <summary>
    /// A UCP/EMI server: one object serves many client connections. Events
    /// are raised on the object's dispatcher thread (see SMSCserverBase).
    /// Every method returns 0 on success, a negative smscError code, or a
    /// positive OS error number. ClientID and TransactionNumber are accepted
    /// as int or uint. On the wire transaction numbers are UCP TRNs, 00..99;
    /// the TransactionNumber of a delivery or notification is the host's own
    /// identifier, any value (0 = the library chooses), mapped to a free TRN
    /// and given back in OnUcpDeliverResponseReceived.
    /// </summary>
    public partial class SMSCserverUCP : SMSCserverBase, ISMSCserverUCP
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
        /// XSer). The parts are identified by TransactionNumber, +1, +2, ...
        /// (any values; 0 = numbered by the library); TimeStamp = SCTS
        /// (DateTime.MinValue = now). ExtendedParameters: ucp.&lt;field&gt;=&lt;value&gt;
        /// overrides a field, long-messages=udh8|udh16, iso-8859=8bit sends
        /// ISO-8859 text as its charset's octets.</summary>
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
            unsafe
            {
                uint* numbers = stackalloc uint[MaxParts];
                UIntPtr count = UIntPtr.Zero;
                int rc = Native.ucpSendDeliverMessage(handle, ClientID, TransactionNumber, Native.Z(Destination),
                    Native.Z(Originator), Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.ToUnixMs(TimeStamp), Native.Z(ExtendedParameters),
                    numbers, (UIntPtr)MaxParts, &count);
                return TakeParts(rc, numbers, count, ref TransactionNumbers);
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

        /// <summary>Deliver a notification (OT 53) with the arguments of
        /// cimd2SendDeliverStatusReport, so that code written for CIMD2 needs
        /// only the prefix changed: there is no Originator, and the library is
        /// called with Originator "" (empty). An empty Originator means: the AdC
        /// of the OT 53 becomes the address the session logged in with (OT 60
        /// OAdC), or ucp.AdC=&lt;addr&gt; from ExtendedParameters. The other
        /// arguments are those of the form with Originator.</summary>
        public int ucpSendDeliverStatusReport(int ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination,
            int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
        {
            return ucpSendDeliverStatusReport(ClientID, TransactionNumber, MessageTimeStamp, Destination, "", StatusCode,
                StatusErrorCode, TimeStamp, ExtendedParameters);
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
        public int ucpSendDeliverStatusReport(uint ClientID, uint TransactionNumber, DateTime MessageTimeStamp, string Destination, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverStatusReport(unchecked((int)ClientID), TransactionNumber, MessageTimeStamp, Destination, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int ucpSendDeliverStatusReport(int ClientID, int TransactionNumber, DateTime MessageTimeStamp, string Destination, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverStatusReport(ClientID, unchecked((uint)TransactionNumber), MessageTimeStamp, Destination, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int ucpSendDeliverStatusReport(uint ClientID, int TransactionNumber, DateTime MessageTimeStamp, string Destination, int StatusCode, int StatusErrorCode, DateTime TimeStamp, string ExtendedParameters)
            => ucpSendDeliverStatusReport(unchecked((int)ClientID), unchecked((uint)TransactionNumber), MessageTimeStamp, Destination, StatusCode, StatusErrorCode, TimeStamp, ExtendedParameters);
        public int ucpSendRAW(uint ClientID, uint TransactionNumber, uint OperationType, string Payload)
            => ucpSendRAW(unchecked((int)ClientID), TransactionNumber, OperationType, Payload);
        public int ucpSendRAW(int ClientID, int TransactionNumber, uint OperationType, string Payload)
            => ucpSendRAW(ClientID, unchecked((uint)TransactionNumber), OperationType, Payload);
        public int ucpSendRAW(uint ClientID, int TransactionNumber, uint OperationType, string Payload)
            => ucpSendRAW(unchecked((int)ClientID), unchecked((uint)TransactionNumber), OperationType, Payload);
    }
}
