// Namespace smscs.CIMD2: the methods of SMSCserverCIMD2 (Nokia CIMD 2.0),
// named as in the reference component. Its events, event delegates and event
// argument classes are generated from the C header (CIMD2.g.cs).
using System;
using System.Collections.Generic;

namespace smscs.CIMD2
{
    // ------------------------------------------------------------- interface

    /// <summary>The members of SMSCserverCIMD2 (one signature per method; the
    /// class adds int/uint overloads for ClientID and TransactionNumber).</summary>
    public partial interface ISMSCserverCIMD2 : IDisposable
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

        event smscErrorEvent OnError;
    }

    // ----------------------------------------------------------------- class

    /// <summary>
    /// A CIMD2 server: one object serves many client connections. Events are
    /// raised on the object's dispatcher thread (see SMSCserverBase). Every
    /// method returns 0 on success, a negative smscError code, or a positive
    /// OS error number. ClientID and TransactionNumber are accepted as int or
    /// uint. On the wire the server's packet numbers are even and the
    /// client's odd; the TransactionNumber of a delivery or status report is
    /// the host's own identifier, any value (0 = the library chooses), mapped
    /// to a free packet number and given back in
    /// OnCimd2DeliverResponseReceived.
    /// </summary>
    public partial class SMSCserverCIMD2 : SMSCserverBase, ISMSCserverCIMD2
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
        /// The parts are identified by TransactionNumber, +2, +4, ... (any
        /// values; 0 = numbered by the library); TimeStamp = 060
        /// (DateTime.MinValue = now). ExtendedParameters: cimd2.&lt;NNN&gt;=&lt;value&gt;
        /// sets or (empty value) removes a parameter, long-messages=udh8|udh16,
        /// iso-8859=8bit sends ISO-8859 text as its charset's octets.</summary>
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
            unsafe
            {
                uint* numbers = stackalloc uint[MaxParts];
                UIntPtr count = UIntPtr.Zero;
                int rc = Native.cimd2SendDeliverMessage(handle, ClientID, TransactionNumber, Native.Z(Destination),
                    Native.Z(Originator), Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.ToUnixMs(TimeStamp), Native.Z(ExtendedParameters),
                    numbers, (UIntPtr)MaxParts, &count);
                return TakeParts(rc, numbers, count, ref TransactionNumbers);
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
    }
}
