// Namespace smscs.SMPP: the methods of SMSCserverSMPP, named as in the
// reference component. Its enums, events, event delegates and event
// argument classes are generated from the C header (Enums.g.cs, SMPP.g.cs).
using System;
using System.Collections.Generic;

namespace smscs.SMPP
{
    // ------------------------------------------------------------- interface

    /// <summary>The members of SMSCserverSMPP (one signature per method; the
    /// class adds int/uint overloads for ClientID and SequenceNumber).</summary>
    public partial interface ISMSCserverSMPP : IDisposable
    {
        int smppInitializeServer(string LocalHost, int LocalPort, string ExtendedParameters);
        int smppFinalizeServer();
        int tcpAcceptConnection(int ClientID);
        int tcpCloseConnection(int ClientID);
        void tcpCloseAllConnections();
        int smppSendLoginResponse(int ClientID, uint SequenceNumber, smppBindModeEnum BindMode, uint Status, string SystemID);
        int smppSendLogoutResponse(int ClientID, uint SequenceNumber, uint Status);
        int smppSendSubmitMessageResponse(int ClientID, uint SequenceNumber, uint Status, string MessageID, bool MultipleDestinations);
        int smppSendSubmitMultiMessageResponse(int ClientID, uint SequenceNumber, uint Status, string MessageID, string UnsuccessfulDestinations);
        int smppSendDeliverMessage(int ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI,
            string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding,
            string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters,
            ref List<uint> SequenceNumbers);
        int smppSendDeliverMessage(int ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI,
            string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding,
            string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters);
        int smppSendDeliverStatusReport(int ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI,
            string Originator, int OriginatorTON, int OriginatorNPI, smppReportTypeEnum ReportType, string MessageID,
            string ServiceType, int Submitted, int Delivered, DateTime SubmitDate, DateTime DoneDate,
            smppMessageStateEnum MessageState, int ErrorCode, string Text, string ExtendedParameters);
        int smppSendRAW(int ClientID, uint SequenceNumber, uint CommandID, uint CommandStatus, string Payload);
        int smppSendQueryResponse(int ClientID, uint SequenceNumber, uint Status, string MessageID, DateTime FinalDate,
            smppMessageStateEnum MessageState, int ErrorCode);
        int smppSendCancelResponse(int ClientID, uint SequenceNumber, uint Status);
        int smppSendReplaceResponse(int ClientID, uint SequenceNumber, uint Status);

        int KeepAliveInterval { get; set; }
        int ThrottleRate { get; set; }

        event smscErrorEvent OnError;
    }

    // ----------------------------------------------------------------- class

    /// <summary>
    /// An SMPP (3.3, 3.4, 5.0) server: one object serves many client
    /// connections. Events are raised on the object's dispatcher thread (see
    /// SMSCserverBase). Every method returns 0 on success, a negative
    /// smscError code, or a positive OS error number.
    /// ClientID and SequenceNumber are accepted as int or uint.
    /// </summary>
    public partial class SMSCserverSMPP : SMSCserverBase, ISMSCserverSMPP
    {
        public SMSCserverSMPP() : base(Native.smppCreateServer(), "SMPP")
        {
        }

        /// <summary>Start listening. LocalHost "" = all interfaces (IPv4 and
        /// IPv6); LocalPort 0 = a free port (read it from LocalPort).
        /// ExtendedParameters: "max-connections=...;bind-timeout=...;..."</summary>
        public int smppInitializeServer(string LocalHost, int LocalPort, string ExtendedParameters)
        {
            return Native.smppInitializeServer(handle, Native.Z(LocalHost), LocalPort, Native.Z(ExtendedParameters));
        }

        /// <summary>Stop listening; existing connections stay open.</summary>
        public int smppFinalizeServer()
        {
            return Native.smppFinalizeServer(handle);
        }

        // ------------------------------------------------------- SMPP calls

        /// <summary>Answer a bind. Status 0 binds in the mode the client asked
        /// for; another status leaves it unbound (close it with tcpCloseConnection).
        /// SystemID "" = the server's system-id.</summary>
        public int smppSendLoginResponse(int ClientID, uint SequenceNumber, smppBindModeEnum BindMode, uint Status, string SystemID)
        {
            return Native.smppSendLoginResponse(handle, ClientID, SequenceNumber, (int)BindMode, Status, Native.Z(SystemID));
        }

        /// <summary>Answer an unbind. With Status 0 the session is unbound and the
        /// connection stays open (requests get ESME_RINVBNDSTS) until the client
        /// closes it, or the host does with tcpCloseConnection after giving the
        /// client some time; unbind-close-timeout in the InitializeServer
        /// ExtendedParameters lets the library close it.</summary>
        public int smppSendLogoutResponse(int ClientID, uint SequenceNumber, uint Status)
        {
            return Native.smppSendLogoutResponse(handle, ClientID, SequenceNumber, Status);
        }

        /// <summary>Answer submit_sm, submit_multi or data_sm (the library knows
        /// which). A non-zero Status sends the header only.</summary>
        public int smppSendSubmitMessageResponse(int ClientID, uint SequenceNumber, uint Status, string MessageID, bool MultipleDestinations)
        {
            return Native.smppSendSubmitMessageResponse(handle, ClientID, SequenceNumber, Status, Native.Z(MessageID), MultipleDestinations ? 1 : 0);
        }

        /// <summary>Answer a submit_multi naming failed destinations:
        /// "address:status;address:status" (beyond the reference).</summary>
        public int smppSendSubmitMultiMessageResponse(int ClientID, uint SequenceNumber, uint Status, string MessageID, string UnsuccessfulDestinations)
        {
            return Native.smppSendSubmitMultiMessageResponse(handle, ClientID, SequenceNumber, Status, Native.Z(MessageID), Native.Z(UnsuccessfulDestinations));
        }

        /// <summary>Deliver a message (deliver_sm) to a receiver or transceiver.
        /// Long Content is split into parts numbered SequenceNumber,
        /// SequenceNumber+1, ... (0 = numbered by the library).</summary>
        public int smppSendDeliverMessage(int ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI,
            string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding,
            string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters)
        {
            unsafe
            {
                return Native.smppSendDeliverMessage(handle, ClientID, SequenceNumber,
                    Native.Z(Destination), DestinationTON, DestinationNPI,
                    Native.Z(Originator), OriginatorTON, OriginatorNPI,
                    Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.Z(ServiceType), Native.Z(ExtendedParameters),
                    null, UIntPtr.Zero, null);
            }
        }

        /// <summary>As above; SequenceNumbers (created when null) is set to the
        /// sequence numbers of the parts sent.</summary>
        public int smppSendDeliverMessage(int ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI,
            string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding,
            string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters,
            ref List<uint> SequenceNumbers)
        {
            unsafe
            {
                uint* numbers = stackalloc uint[MaxParts];
                UIntPtr count = UIntPtr.Zero;
                int rc = Native.smppSendDeliverMessage(handle, ClientID, SequenceNumber,
                    Native.Z(Destination), DestinationTON, DestinationNPI,
                    Native.Z(Originator), OriginatorTON, OriginatorNPI,
                    Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.Z(ServiceType), Native.Z(ExtendedParameters),
                    numbers, (UIntPtr)MaxParts, &count);
                return TakeParts(rc, numbers, count, ref SequenceNumbers);
            }
        }

        /// <summary>Deliver a status report (deliver_sm with esm_class 0x04 or
        /// 0x20, the standard receipt text and, for 3.4+ clients, the
        /// receipted_message_id / message_state / network_error_code TLVs).
        /// Destination is the original sender, Originator the original recipient.
        /// SubmitDate / DoneDate: DateTime.MinValue = now.</summary>
        public int smppSendDeliverStatusReport(int ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI,
            string Originator, int OriginatorTON, int OriginatorNPI, smppReportTypeEnum ReportType, string MessageID,
            string ServiceType, int Submitted, int Delivered, DateTime SubmitDate, DateTime DoneDate,
            smppMessageStateEnum MessageState, int ErrorCode, string Text, string ExtendedParameters)
        {
            return Native.smppSendDeliverStatusReport(handle, ClientID, SequenceNumber,
                Native.Z(Destination), DestinationTON, DestinationNPI,
                Native.Z(Originator), OriginatorTON, OriginatorNPI,
                (int)ReportType, Native.Z(MessageID), Native.Z(ServiceType),
                Submitted, Delivered, Native.ToUnixMs(SubmitDate), Native.ToUnixMs(DoneDate),
                (int)MessageState, ErrorCode, Native.Z(Text), Native.Z(ExtendedParameters));
        }

        /// <summary>Send any PDU: header from the arguments, Payload = body in hex.</summary>
        public int smppSendRAW(int ClientID, uint SequenceNumber, uint CommandID, uint CommandStatus, string Payload)
        {
            return Native.smppSendRAW(handle, ClientID, SequenceNumber, CommandID, CommandStatus, Native.Z(Payload));
        }

        /// <summary>Answer a query_sm (beyond the reference). FinalDate
        /// DateTime.MinValue sends an empty final_date.</summary>
        public int smppSendQueryResponse(int ClientID, uint SequenceNumber, uint Status, string MessageID, DateTime FinalDate,
            smppMessageStateEnum MessageState, int ErrorCode)
        {
            return Native.smppSendQueryResponse(handle, ClientID, SequenceNumber, Status, Native.Z(MessageID),
                Native.ToUnixMs(FinalDate), (int)MessageState, ErrorCode);
        }

        /// <summary>Answer a cancel_sm (beyond the reference).</summary>
        public int smppSendCancelResponse(int ClientID, uint SequenceNumber, uint Status)
        {
            return Native.smppSendCancelResponse(handle, ClientID, SequenceNumber, Status);
        }

        /// <summary>Answer a replace_sm (beyond the reference).</summary>
        public int smppSendReplaceResponse(int ClientID, uint SequenceNumber, uint Status)
        {
            return Native.smppSendReplaceResponse(handle, ClientID, SequenceNumber, Status);
        }

        // The same methods with ClientID and SequenceNumber as uint/uint,
        // int/int and uint/int: the reference mixes int and uint, and its
        // event args carry int ClientID with uint SequenceNumber.
        public int smppSendLoginResponse(uint ClientID, uint SequenceNumber, smppBindModeEnum BindMode, uint Status, string SystemID)
            => smppSendLoginResponse(unchecked((int)ClientID), SequenceNumber, BindMode, Status, SystemID);
        public int smppSendLoginResponse(int ClientID, int SequenceNumber, smppBindModeEnum BindMode, uint Status, string SystemID)
            => smppSendLoginResponse(ClientID, unchecked((uint)SequenceNumber), BindMode, Status, SystemID);
        public int smppSendLoginResponse(uint ClientID, int SequenceNumber, smppBindModeEnum BindMode, uint Status, string SystemID)
            => smppSendLoginResponse(unchecked((int)ClientID), unchecked((uint)SequenceNumber), BindMode, Status, SystemID);
        public int smppSendLogoutResponse(uint ClientID, uint SequenceNumber, uint Status)
            => smppSendLogoutResponse(unchecked((int)ClientID), SequenceNumber, Status);
        public int smppSendLogoutResponse(int ClientID, int SequenceNumber, uint Status)
            => smppSendLogoutResponse(ClientID, unchecked((uint)SequenceNumber), Status);
        public int smppSendLogoutResponse(uint ClientID, int SequenceNumber, uint Status)
            => smppSendLogoutResponse(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Status);
        public int smppSendSubmitMessageResponse(uint ClientID, uint SequenceNumber, uint Status, string MessageID, bool MultipleDestinations)
            => smppSendSubmitMessageResponse(unchecked((int)ClientID), SequenceNumber, Status, MessageID, MultipleDestinations);
        public int smppSendSubmitMessageResponse(int ClientID, int SequenceNumber, uint Status, string MessageID, bool MultipleDestinations)
            => smppSendSubmitMessageResponse(ClientID, unchecked((uint)SequenceNumber), Status, MessageID, MultipleDestinations);
        public int smppSendSubmitMessageResponse(uint ClientID, int SequenceNumber, uint Status, string MessageID, bool MultipleDestinations)
            => smppSendSubmitMessageResponse(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Status, MessageID, MultipleDestinations);
        public int smppSendSubmitMultiMessageResponse(uint ClientID, uint SequenceNumber, uint Status, string MessageID, string UnsuccessfulDestinations)
            => smppSendSubmitMultiMessageResponse(unchecked((int)ClientID), SequenceNumber, Status, MessageID, UnsuccessfulDestinations);
        public int smppSendSubmitMultiMessageResponse(int ClientID, int SequenceNumber, uint Status, string MessageID, string UnsuccessfulDestinations)
            => smppSendSubmitMultiMessageResponse(ClientID, unchecked((uint)SequenceNumber), Status, MessageID, UnsuccessfulDestinations);
        public int smppSendSubmitMultiMessageResponse(uint ClientID, int SequenceNumber, uint Status, string MessageID, string UnsuccessfulDestinations)
            => smppSendSubmitMultiMessageResponse(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Status, MessageID, UnsuccessfulDestinations);
        public int smppSendDeliverMessage(uint ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters)
            => smppSendDeliverMessage(unchecked((int)ClientID), SequenceNumber, Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, Content, Encoding, UserDataHeader, Options, ServiceType, ExtendedParameters);
        public int smppSendDeliverMessage(int ClientID, int SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters)
            => smppSendDeliverMessage(ClientID, unchecked((uint)SequenceNumber), Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, Content, Encoding, UserDataHeader, Options, ServiceType, ExtendedParameters);
        public int smppSendDeliverMessage(uint ClientID, int SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters)
            => smppSendDeliverMessage(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, Content, Encoding, UserDataHeader, Options, ServiceType, ExtendedParameters);
        public int smppSendDeliverMessage(uint ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters, ref List<uint> SequenceNumbers)
            => smppSendDeliverMessage(unchecked((int)ClientID), SequenceNumber, Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, Content, Encoding, UserDataHeader, Options, ServiceType, ExtendedParameters, ref SequenceNumbers);
        public int smppSendDeliverMessage(int ClientID, int SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters, ref List<uint> SequenceNumbers)
            => smppSendDeliverMessage(ClientID, unchecked((uint)SequenceNumber), Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, Content, Encoding, UserDataHeader, Options, ServiceType, ExtendedParameters, ref SequenceNumbers);
        public int smppSendDeliverMessage(uint ClientID, int SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, string Content, EncodingEnum Encoding, string UserDataHeader, SubmitOptionEnum Options, string ServiceType, string ExtendedParameters, ref List<uint> SequenceNumbers)
            => smppSendDeliverMessage(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, Content, Encoding, UserDataHeader, Options, ServiceType, ExtendedParameters, ref SequenceNumbers);
        public int smppSendDeliverStatusReport(uint ClientID, uint SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, smppReportTypeEnum ReportType, string MessageID, string ServiceType, int Submitted, int Delivered, DateTime SubmitDate, DateTime DoneDate, smppMessageStateEnum MessageState, int ErrorCode, string Text, string ExtendedParameters)
            => smppSendDeliverStatusReport(unchecked((int)ClientID), SequenceNumber, Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, ReportType, MessageID, ServiceType, Submitted, Delivered, SubmitDate, DoneDate, MessageState, ErrorCode, Text, ExtendedParameters);
        public int smppSendDeliverStatusReport(int ClientID, int SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, smppReportTypeEnum ReportType, string MessageID, string ServiceType, int Submitted, int Delivered, DateTime SubmitDate, DateTime DoneDate, smppMessageStateEnum MessageState, int ErrorCode, string Text, string ExtendedParameters)
            => smppSendDeliverStatusReport(ClientID, unchecked((uint)SequenceNumber), Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, ReportType, MessageID, ServiceType, Submitted, Delivered, SubmitDate, DoneDate, MessageState, ErrorCode, Text, ExtendedParameters);
        public int smppSendDeliverStatusReport(uint ClientID, int SequenceNumber, string Destination, int DestinationTON, int DestinationNPI, string Originator, int OriginatorTON, int OriginatorNPI, smppReportTypeEnum ReportType, string MessageID, string ServiceType, int Submitted, int Delivered, DateTime SubmitDate, DateTime DoneDate, smppMessageStateEnum MessageState, int ErrorCode, string Text, string ExtendedParameters)
            => smppSendDeliverStatusReport(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Destination, DestinationTON, DestinationNPI, Originator, OriginatorTON, OriginatorNPI, ReportType, MessageID, ServiceType, Submitted, Delivered, SubmitDate, DoneDate, MessageState, ErrorCode, Text, ExtendedParameters);
        public int smppSendRAW(uint ClientID, uint SequenceNumber, uint CommandID, uint CommandStatus, string Payload)
            => smppSendRAW(unchecked((int)ClientID), SequenceNumber, CommandID, CommandStatus, Payload);
        public int smppSendRAW(int ClientID, int SequenceNumber, uint CommandID, uint CommandStatus, string Payload)
            => smppSendRAW(ClientID, unchecked((uint)SequenceNumber), CommandID, CommandStatus, Payload);
        public int smppSendRAW(uint ClientID, int SequenceNumber, uint CommandID, uint CommandStatus, string Payload)
            => smppSendRAW(unchecked((int)ClientID), unchecked((uint)SequenceNumber), CommandID, CommandStatus, Payload);
        public int smppSendQueryResponse(uint ClientID, uint SequenceNumber, uint Status, string MessageID, DateTime FinalDate, smppMessageStateEnum MessageState, int ErrorCode)
            => smppSendQueryResponse(unchecked((int)ClientID), SequenceNumber, Status, MessageID, FinalDate, MessageState, ErrorCode);
        public int smppSendQueryResponse(int ClientID, int SequenceNumber, uint Status, string MessageID, DateTime FinalDate, smppMessageStateEnum MessageState, int ErrorCode)
            => smppSendQueryResponse(ClientID, unchecked((uint)SequenceNumber), Status, MessageID, FinalDate, MessageState, ErrorCode);
        public int smppSendQueryResponse(uint ClientID, int SequenceNumber, uint Status, string MessageID, DateTime FinalDate, smppMessageStateEnum MessageState, int ErrorCode)
            => smppSendQueryResponse(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Status, MessageID, FinalDate, MessageState, ErrorCode);
        public int smppSendCancelResponse(uint ClientID, uint SequenceNumber, uint Status)
            => smppSendCancelResponse(unchecked((int)ClientID), SequenceNumber, Status);
        public int smppSendCancelResponse(int ClientID, int SequenceNumber, uint Status)
            => smppSendCancelResponse(ClientID, unchecked((uint)SequenceNumber), Status);
        public int smppSendCancelResponse(uint ClientID, int SequenceNumber, uint Status)
            => smppSendCancelResponse(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Status);
        public int smppSendReplaceResponse(uint ClientID, uint SequenceNumber, uint Status)
            => smppSendReplaceResponse(unchecked((int)ClientID), SequenceNumber, Status);
        public int smppSendReplaceResponse(int ClientID, int SequenceNumber, uint Status)
            => smppSendReplaceResponse(ClientID, unchecked((uint)SequenceNumber), Status);
        public int smppSendReplaceResponse(uint ClientID, int SequenceNumber, uint Status)
            => smppSendReplaceResponse(unchecked((int)ClientID), unchecked((uint)SequenceNumber), Status);
    }
}
