// Namespace smscs.SMPP: SMSCserverSMPP, its enums, event delegates and
// event argument classes, named as in the reference component.
using System;
using System.Collections.Generic;

namespace smscs.SMPP
{
    public enum smppBindModeEnum
    {
        bmTransmitter = 0,
        bmReceiver = 1,
        bmTransceiver = 2
    }

    public enum smppReportTypeEnum
    {
        /// <summary>esm_class 0x04</summary>
        rtFinal = 0,
        /// <summary>esm_class 0x20</summary>
        rtIntermediate = 1
    }

    /// <summary>SMPP message_state values.</summary>
    public enum smppMessageStateEnum
    {
        /// <summary>SMPP 5.0</summary>
        msScheduled = 0,
        msEnroute = 1,
        msDelivered = 2,
        msExpired = 3,
        msDeleted = 4,
        msUndeliverable = 5,
        msAccepted = 6,
        msUnknown = 7,
        msRejected = 8,
        /// <summary>SMPP 5.0</summary>
        msSkipped = 9
    }

    // ------------------------------------------------------------- delegates

    public delegate void smppLoginReceivedEvent(object sender, smppLoginReceivedEventArgs e);
    public delegate void smppLogoutReceivedEvent(object sender, smppLogoutReceivedEventArgs e);
    public delegate void smppSubmitMessageReceivedEvent(object sender, smppSubmitMessageReceivedEventArgs e);
    public delegate void smppSubmitMessageCompletedEvent(object sender, smppSubmitMessageCompletedEventArgs e);
    public delegate void smppSubmitMessageIncompleteEvent(object sender, smppSubmitMessageIncompleteEventArgs e);
    public delegate void smppDeliverResponseReceivedEvent(object sender, smppDeliverResponseReceivedEventArgs e);
    public delegate void smppRAWReceivedEvent(object sender, smppRAWReceivedEventArgs e);
    /// <summary>Named like the reference's cimd2TraceProtocolCallback.</summary>
    public delegate void smppTraceProtocolCallback(object sender, smppTraceProtocolCallbackArgs e);
    public delegate void smppQueryReceivedEvent(object sender, smppQueryReceivedEventArgs e);
    public delegate void smppCancelReceivedEvent(object sender, smppCancelReceivedEventArgs e);
    public delegate void smppReplaceReceivedEvent(object sender, smppReplaceReceivedEventArgs e);

    // ------------------------------------------------------------ event args

    public class smppLoginReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint SequenceNumber { get; internal set; }
        public string SystemID { get; internal set; }
        public string Password { get; internal set; }
        public string SystemType { get; internal set; }
        /// <summary>0x33 and lower = 3.3, 0x34 = 3.4, 0x50 = 5.0</summary>
        public byte InterfaceVersion { get; internal set; }
        public byte AddressTON { get; internal set; }
        public byte AddressNPI { get; internal set; }
        public string AddressRange { get; internal set; }
        public smppBindModeEnum BindMode { get; internal set; }
    }

    public class smppLogoutReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint SequenceNumber { get; internal set; }
    }

    /// <summary>The fields of a submitted message (submit_sm, submit_multi, data_sm).</summary>
    public abstract class smppSubmitMessageEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint SequenceNumber { get; internal set; }
        /// <summary>submit_multi: all destinations joined by ';'.</summary>
        public string Destination { get; internal set; }
        public byte DestinationTON { get; internal set; }
        public byte DestinationNPI { get; internal set; }
        public string Originator { get; internal set; }
        public byte OriginatorTON { get; internal set; }
        public byte OriginatorNPI { get; internal set; }
        /// <summary>Decoded text; hex for binary data.</summary>
        public string Content { get; internal set; }
        public EncodingEnum Encoding { get; internal set; }
        /// <summary>Hex including the UDHL octet; "" when none.</summary>
        public string UserDataHeader { get; internal set; }
        public SubmitOptionEnum Options { get; internal set; }
        /// <summary>Local time; DateTime.MinValue when none. Options says relative or absolute.</summary>
        public DateTime DeliveryTime { get; internal set; }
        /// <summary>Local time; DateTime.MinValue when none.</summary>
        public DateTime ValidityPeriod { get; internal set; }
        public string ServiceType { get; internal set; }
        public byte ProtocolID { get; internal set; }
        public byte Priority { get; internal set; }
        public byte DataCoding { get; internal set; }
        public byte RegisteredDelivery { get; internal set; }
        public byte EsmClass { get; internal set; }
        /// <summary>"smpp.command=submit_sm;smpp.tlv.&lt;name&gt;=&lt;hex&gt;;..."</summary>
        public string ExtendedParameters { get; internal set; }
    }

    /// <summary>Every received part; answer it with smppSendSubmitMessageResponse.</summary>
    public class smppSubmitMessageReceivedEventArgs : smppSubmitMessageEventArgs
    {
    }

    /// <summary>A whole message, once all its parts arrived.</summary>
    public class smppSubmitMessageCompletedEventArgs : smppSubmitMessageEventArgs
    {
        /// <summary>Sequence numbers of the parts, in part order.</summary>
        public List<uint> SequenceNumbers { get; internal set; }
    }

    /// <summary>A multipart message dropped because parts were missing
    /// after reassembly-timeout or when the connection ended (beyond the reference).</summary>
    public class smppSubmitMessageIncompleteEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public string Originator { get; internal set; }
        public string Destination { get; internal set; }
        public ushort Reference { get; internal set; }
        public int Total { get; internal set; }
        public int Received { get; internal set; }
        public List<uint> SequenceNumbers { get; internal set; }
    }

    public class smppDeliverResponseReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        /// <summary>Of the deliver_sm it answers.</summary>
        public uint SequenceNumber { get; internal set; }
        /// <summary>command_status (also of a generic_nack).</summary>
        public uint Status { get; internal set; }
        public string MessageID { get; internal set; }
        public string ExtendedParameters { get; internal set; }
    }

    public class smppRAWReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint SequenceNumber { get; internal set; }
        public uint CommandID { get; internal set; }
        public uint CommandStatus { get; internal set; }
        /// <summary>Body after the header, hex.</summary>
        public string Payload { get; internal set; }
    }

    public class smppTraceProtocolCallbackArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        /// <summary>"ip:port"</summary>
        public string FromAddress { get; internal set; }
        public string ToAddress { get; internal set; }
        /// <summary>command_id</summary>
        public uint Operation { get; internal set; }
        /// <summary>sequence_number</summary>
        public uint OperationType { get; internal set; }
        /// <summary>The whole PDU, hex.</summary>
        public string PDU { get; internal set; }
    }

    public class smppQueryReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint SequenceNumber { get; internal set; }
        public string MessageID { get; internal set; }
        public string Originator { get; internal set; }
        public byte OriginatorTON { get; internal set; }
        public byte OriginatorNPI { get; internal set; }
    }

    public class smppCancelReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint SequenceNumber { get; internal set; }
        public string ServiceType { get; internal set; }
        public string MessageID { get; internal set; }
        public string Originator { get; internal set; }
        public byte OriginatorTON { get; internal set; }
        public byte OriginatorNPI { get; internal set; }
        public string Destination { get; internal set; }
        public byte DestinationTON { get; internal set; }
        public byte DestinationNPI { get; internal set; }
    }

    public class smppReplaceReceivedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        public uint SequenceNumber { get; internal set; }
        public string MessageID { get; internal set; }
        public string Originator { get; internal set; }
        public byte OriginatorTON { get; internal set; }
        public byte OriginatorNPI { get; internal set; }
        public DateTime DeliveryTime { get; internal set; }
        public DateTime ValidityPeriod { get; internal set; }
        public SubmitOptionEnum Options { get; internal set; }
        public byte RegisteredDelivery { get; internal set; }
        public byte DefaultMessageID { get; internal set; }
        /// <summary>The new short_message, hex (replace_sm has no data_coding).</summary>
        public string Content { get; internal set; }
    }

    // ------------------------------------------------------------- interface

    /// <summary>The members of SMSCserverSMPP (one signature per method; the
    /// class adds int/uint overloads for ClientID and SequenceNumber).</summary>
    public interface ISMSCserverSMPP : IDisposable
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

        event tcpConnectedEvent OnTcpConnected;
        event tcpDisconnectedEvent OnTcpDisconnected;
        event smppLoginReceivedEvent OnSmppLoginReceived;
        event smppLogoutReceivedEvent OnSmppLogoutReceived;
        event smppSubmitMessageReceivedEvent OnSmppSubmitMessageReceived;
        event smppSubmitMessageCompletedEvent OnSmppSubmitMessageCompleted;
        event smppSubmitMessageIncompleteEvent OnSmppSubmitMessageIncomplete;
        event smppDeliverResponseReceivedEvent OnSmppDeliverResponseReceived;
        event smppRAWReceivedEvent OnSmppRAWReceived;
        event smppTraceProtocolCallback OnSmppTraceProtocol;
        event smppQueryReceivedEvent OnSmppQueryReceived;
        event smppCancelReceivedEvent OnSmppCancelReceived;
        event smppReplaceReceivedEvent OnSmppReplaceReceived;
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
    public class SMSCserverSMPP : SMSCserverBase, ISMSCserverSMPP
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

        /// <summary>Answer an unbind; with Status 0 the connection is closed shortly after.</summary>
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
            const int MaxParts = 255; // the library refuses more (SMSC_ERR_CONTENT_TOO_LONG)
            unsafe
            {
                uint* seqs = stackalloc uint[MaxParts];
                UIntPtr count = UIntPtr.Zero;
                int rc = Native.smppSendDeliverMessage(handle, ClientID, SequenceNumber,
                    Native.Z(Destination), DestinationTON, DestinationNPI,
                    Native.Z(Originator), OriginatorTON, OriginatorNPI,
                    Native.Z(Content), (int)Encoding, Native.Z(UserDataHeader),
                    (uint)Options, Native.Z(ServiceType), Native.Z(ExtendedParameters),
                    seqs, (UIntPtr)MaxParts, &count);
                if (SequenceNumbers == null) SequenceNumbers = new List<uint>();
                else SequenceNumbers.Clear();
                if (rc == 0)
                {
                    int n = (int)count.ToUInt64();
                    for (int i = 0; i < n && i < MaxParts; i++) SequenceNumbers.Add(seqs[i]);
                }
                return rc;
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

        // ----------------------------------------------------------- events

        smppLoginReceivedEvent onLogin;
        smppLogoutReceivedEvent onLogout;
        smppSubmitMessageReceivedEvent onSubmitReceived;
        smppSubmitMessageCompletedEvent onSubmitCompleted;
        smppSubmitMessageIncompleteEvent onSubmitIncomplete;
        smppDeliverResponseReceivedEvent onDeliverResponse;
        smppRAWReceivedEvent onRAW;
        smppTraceProtocolCallback onTrace;
        smppQueryReceivedEvent onQuery;
        smppCancelReceivedEvent onCancel;
        smppReplaceReceivedEvent onReplace;

        /// <summary>A bind: answer with smppSendLoginResponse. With no handler,
        /// binds are rejected (ESME_RBINDFAIL) and the connection closed.</summary>
        public event smppLoginReceivedEvent OnSmppLoginReceived
        {
            add { AddHandler(ref onLogin, value, Native.smscSetOnSmppLoginReceived, s_login); }
            remove { RemoveHandler(ref onLogin, value, Native.smscSetOnSmppLoginReceived); }
        }

        /// <summary>An unbind: answer with smppSendLogoutResponse. With no
        /// handler the library answers and closes the connection.</summary>
        public event smppLogoutReceivedEvent OnSmppLogoutReceived
        {
            add { AddHandler(ref onLogout, value, Native.smscSetOnSmppLogoutReceived, s_logout); }
            remove { RemoveHandler(ref onLogout, value, Native.smscSetOnSmppLogoutReceived); }
        }

        /// <summary>Every submitted part: answer with smppSendSubmitMessageResponse.
        /// With no handler a submit gets ESME_RSYSERR.</summary>
        public event smppSubmitMessageReceivedEvent OnSmppSubmitMessageReceived
        {
            add { AddHandler(ref onSubmitReceived, value, Native.smscSetOnSmppSubmitMessageReceived, s_submitReceived); }
            remove { RemoveHandler(ref onSubmitReceived, value, Native.smscSetOnSmppSubmitMessageReceived); }
        }

        /// <summary>A whole message once all its parts arrived (no answer needed).</summary>
        public event smppSubmitMessageCompletedEvent OnSmppSubmitMessageCompleted
        {
            add { AddHandler(ref onSubmitCompleted, value, Native.smscSetOnSmppSubmitMessageCompleted, s_submitCompleted); }
            remove { RemoveHandler(ref onSubmitCompleted, value, Native.smscSetOnSmppSubmitMessageCompleted); }
        }

        /// <summary>A multipart message whose parts did not all arrive (beyond the reference).</summary>
        public event smppSubmitMessageIncompleteEvent OnSmppSubmitMessageIncomplete
        {
            add { AddHandler(ref onSubmitIncomplete, value, Native.smscSetOnSmppSubmitMessageIncomplete, s_submitIncomplete); }
            remove { RemoveHandler(ref onSubmitIncomplete, value, Native.smscSetOnSmppSubmitMessageIncomplete); }
        }

        /// <summary>The client's answer to a deliver_sm (message or status report);
        /// match it by SequenceNumber.</summary>
        public event smppDeliverResponseReceivedEvent OnSmppDeliverResponseReceived
        {
            add { AddHandler(ref onDeliverResponse, value, Native.smscSetOnSmppDeliverResponseReceived, s_deliverResponse); }
            remove { RemoveHandler(ref onDeliverResponse, value, Native.smscSetOnSmppDeliverResponseReceived); }
        }

        /// <summary>A PDU no other event decodes (and query/cancel/replace when
        /// their typed events have no handler); answer requests with smppSendRAW.</summary>
        public event smppRAWReceivedEvent OnSmppRAWReceived
        {
            add { AddHandler(ref onRAW, value, Native.smscSetOnSmppRAWReceived, s_raw); }
            remove { RemoveHandler(ref onRAW, value, Native.smscSetOnSmppRAWReceived); }
        }

        /// <summary>Every PDU both ways, hex.</summary>
        public event smppTraceProtocolCallback OnSmppTraceProtocol
        {
            add { AddHandler(ref onTrace, value, Native.smscSetOnSmppTraceProtocol, s_trace); }
            remove { RemoveHandler(ref onTrace, value, Native.smscSetOnSmppTraceProtocol); }
        }

        /// <summary>query_sm: answer with smppSendQueryResponse (beyond the reference).</summary>
        public event smppQueryReceivedEvent OnSmppQueryReceived
        {
            add { AddHandler(ref onQuery, value, Native.smscSetOnSmppQueryReceived, s_query); }
            remove { RemoveHandler(ref onQuery, value, Native.smscSetOnSmppQueryReceived); }
        }

        /// <summary>cancel_sm: answer with smppSendCancelResponse (beyond the reference).</summary>
        public event smppCancelReceivedEvent OnSmppCancelReceived
        {
            add { AddHandler(ref onCancel, value, Native.smscSetOnSmppCancelReceived, s_cancel); }
            remove { RemoveHandler(ref onCancel, value, Native.smscSetOnSmppCancelReceived); }
        }

        /// <summary>replace_sm: answer with smppSendReplaceResponse (beyond the reference).</summary>
        public event smppReplaceReceivedEvent OnSmppReplaceReceived
        {
            add { AddHandler(ref onReplace, value, Native.smscSetOnSmppReplaceReceived, s_replace); }
            remove { RemoveHandler(ref onReplace, value, Native.smscSetOnSmppReplaceReceived); }
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
        static readonly NativeEventCallback s_query = QueryBridge;
        static readonly NativeEventCallback s_cancel = CancelBridge;
        static readonly NativeEventCallback s_replace = ReplaceBridge;

        static unsafe List<uint> U32s(uint* p, UIntPtr count)
        {
            int n = (int)count.ToUInt64();
            List<uint> l = new List<uint>(n);
            for (int i = 0; i < n; i++) l.Add(p[i]);
            return l;
        }

        static unsafe void Fill(smppSubmitMessageEventArgs e, NSmppSubmit* n)
        {
            e.ClientID = n->ClientID;
            e.SequenceNumber = n->SequenceNumber;
            e.Destination = Native.S(n->Destination);
            e.DestinationTON = n->DestinationTON;
            e.DestinationNPI = n->DestinationNPI;
            e.Originator = Native.S(n->Originator);
            e.OriginatorTON = n->OriginatorTON;
            e.OriginatorNPI = n->OriginatorNPI;
            e.Content = Native.S(n->Content);
            e.Encoding = (EncodingEnum)n->Encoding;
            e.UserDataHeader = Native.S(n->UserDataHeader);
            e.Options = (SubmitOptionEnum)n->Options;
            e.DeliveryTime = Native.FromUnixMs(n->DeliveryTime);
            e.ValidityPeriod = Native.FromUnixMs(n->ValidityPeriod);
            e.ServiceType = Native.S(n->ServiceType);
            e.ProtocolID = n->ProtocolID;
            e.Priority = n->Priority;
            e.DataCoding = n->DataCoding;
            e.RegisteredDelivery = n->RegisteredDelivery;
            e.EsmClass = n->EsmClass;
            e.ExtendedParameters = Native.S(n->ExtendedParameters);
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int LoginBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppLoginReceivedEvent h = s.onLogin;
                if (h == null) return 1;
                NSmppLogin* n = (NSmppLogin*)p;
                h(s, new smppLoginReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    SequenceNumber = n->SequenceNumber,
                    SystemID = Native.S(n->SystemID),
                    Password = Native.S(n->Password),
                    SystemType = Native.S(n->SystemType),
                    InterfaceVersion = n->InterfaceVersion,
                    AddressTON = n->AddressTON,
                    AddressNPI = n->AddressNPI,
                    AddressRange = Native.S(n->AddressRange),
                    BindMode = (smppBindModeEnum)n->BindMode
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppLoginReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int LogoutBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppLogoutReceivedEvent h = s.onLogout;
                if (h == null) return 1;
                NSmppLogout* n = (NSmppLogout*)p;
                h(s, new smppLogoutReceivedEventArgs { ClientID = n->ClientID, SequenceNumber = n->SequenceNumber });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppLogoutReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitReceivedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppSubmitMessageReceivedEvent h = s.onSubmitReceived;
                if (h == null) return 1;
                smppSubmitMessageReceivedEventArgs e = new smppSubmitMessageReceivedEventArgs();
                Fill(e, (NSmppSubmit*)p);
                h(s, e);
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppSubmitMessageReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitCompletedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppSubmitMessageCompletedEvent h = s.onSubmitCompleted;
                if (h == null) return 1;
                NSmppSubmit* n = (NSmppSubmit*)p;
                smppSubmitMessageCompletedEventArgs e = new smppSubmitMessageCompletedEventArgs();
                Fill(e, n);
                e.SequenceNumbers = U32s(n->SequenceNumbers, n->SequenceNumberCount);
                h(s, e);
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppSubmitMessageCompleted", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int SubmitIncompleteBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppSubmitMessageIncompleteEvent h = s.onSubmitIncomplete;
                if (h == null) return 1;
                NSmppSubmitIncomplete* n = (NSmppSubmitIncomplete*)p;
                h(s, new smppSubmitMessageIncompleteEventArgs
                {
                    ClientID = n->ClientID,
                    Originator = Native.S(n->Originator),
                    Destination = Native.S(n->Destination),
                    Reference = n->Reference,
                    Total = n->Total,
                    Received = n->Received,
                    SequenceNumbers = U32s(n->SequenceNumbers, n->SequenceNumberCount)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppSubmitMessageIncomplete", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int DeliverResponseBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppDeliverResponseReceivedEvent h = s.onDeliverResponse;
                if (h == null) return 1;
                NSmppDeliverResponse* n = (NSmppDeliverResponse*)p;
                h(s, new smppDeliverResponseReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    SequenceNumber = n->SequenceNumber,
                    Status = n->Status,
                    MessageID = Native.S(n->MessageID),
                    ExtendedParameters = Native.S(n->ExtendedParameters)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppDeliverResponseReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int RAWBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppRAWReceivedEvent h = s.onRAW;
                if (h == null) return 1;
                NSmppRAW* n = (NSmppRAW*)p;
                h(s, new smppRAWReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    SequenceNumber = n->SequenceNumber,
                    CommandID = n->CommandID,
                    CommandStatus = n->CommandStatus,
                    Payload = Native.S(n->Payload)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppRAWReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int TraceBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppTraceProtocolCallback h = s.onTrace;
                if (h == null) return 1;
                NSmppTrace* n = (NSmppTrace*)p;
                h(s, new smppTraceProtocolCallbackArgs
                {
                    ClientID = n->ClientID,
                    FromAddress = Native.S(n->FromAddress),
                    ToAddress = Native.S(n->ToAddress),
                    Operation = n->Operation,
                    OperationType = n->OperationType,
                    PDU = Native.S(n->PDU)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppTraceProtocol", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int QueryBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppQueryReceivedEvent h = s.onQuery;
                if (h == null) return 1;
                NSmppQuery* n = (NSmppQuery*)p;
                h(s, new smppQueryReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    SequenceNumber = n->SequenceNumber,
                    MessageID = Native.S(n->MessageID),
                    Originator = Native.S(n->Originator),
                    OriginatorTON = n->OriginatorTON,
                    OriginatorNPI = n->OriginatorNPI
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppQueryReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int CancelBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppCancelReceivedEvent h = s.onCancel;
                if (h == null) return 1;
                NSmppCancel* n = (NSmppCancel*)p;
                h(s, new smppCancelReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    SequenceNumber = n->SequenceNumber,
                    ServiceType = Native.S(n->ServiceType),
                    MessageID = Native.S(n->MessageID),
                    Originator = Native.S(n->Originator),
                    OriginatorTON = n->OriginatorTON,
                    OriginatorNPI = n->OriginatorNPI,
                    Destination = Native.S(n->Destination),
                    DestinationTON = n->DestinationTON,
                    DestinationNPI = n->DestinationNPI
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppCancelReceived", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int ReplaceBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverSMPP s = null;
            try
            {
                s = (SMSCserverSMPP)Target(ud);
                if (s == null) return 1;
                smppReplaceReceivedEvent h = s.onReplace;
                if (h == null) return 1;
                NSmppReplace* n = (NSmppReplace*)p;
                h(s, new smppReplaceReceivedEventArgs
                {
                    ClientID = n->ClientID,
                    SequenceNumber = n->SequenceNumber,
                    MessageID = Native.S(n->MessageID),
                    Originator = Native.S(n->Originator),
                    OriginatorTON = n->OriginatorTON,
                    OriginatorNPI = n->OriginatorNPI,
                    DeliveryTime = Native.FromUnixMs(n->DeliveryTime),
                    ValidityPeriod = Native.FromUnixMs(n->ValidityPeriod),
                    Options = (SubmitOptionEnum)n->Options,
                    RegisteredDelivery = n->RegisteredDelivery,
                    DefaultMessageID = n->DefaultMessageID,
                    Content = Native.S(n->Content)
                });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnSmppReplaceReceived", ex);
            }
        }
    }
}
