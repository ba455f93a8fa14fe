package core

import (
	"encoding/binary"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/smscserver/libsmscserver/codec/smpp"
)

// receiptStat is the stat: word of the de-facto receipt text (SMPP 3.4
// appendix B, as Kannel and cloudhopper read it).
func receiptStat(s MessageState) string {
	switch s {
	case MsScheduled:
		return "SCHEDUL"
	case MsEnroute:
		return "ENROUTE"
	case MsDelivered:
		return "DELIVRD"
	case MsExpired:
		return "EXPIRED"
	case MsDeleted:
		return "DELETED"
	case MsUndeliverable:
		return "UNDELIV"
	case MsAccepted:
		return "ACCEPTD"
	case MsRejected:
		return "REJECTD"
	case MsSkipped:
		return "SKIPPED"
	}
	return "UNKNOWN"
}

// receiptText builds "id:... sub:... dlvrd:... submit date:... done
// date:... stat:... err:... text:...". Dates are YYMMDDhhmm in UTC; text is
// cut to its first 20 characters.
func receiptText(messageID string, submitted, delivered int, submitDate, doneDate time.Time, state MessageState, errorCode int, txt string) string {
	if n := utf8.RuneCountInString(txt); n > 20 {
		r := []rune(txt)
		txt = string(r[:20])
	}
	txt = receiptASCII(txt)
	return fmt.Sprintf("id:%s sub:%03d dlvrd:%03d submit date:%s done date:%s stat:%s err:%03d text:%s",
		messageID, submitted%1000, delivered%1000, receiptDate(submitDate), receiptDate(doneDate), receiptStat(state), errorCode%1000, txt)
}

// receiptASCII keeps the receipt's short_message printable ASCII: every
// receipt parser (Kannel, cloudhopper, jsmpp) reads it as such whatever
// data_coding says, and raw UTF-8 or GSM octets there come out as garbage.
// The excerpt is informational, so other characters become '?'.
func receiptASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			b := make([]byte, 0, len(s))
			for _, r := range s {
				if r < 0x20 || r > 0x7E {
					r = '?'
				}
				b = append(b, byte(r))
			}
			return string(b)
		}
	}
	return s
}

func receiptDate(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Format("0601021504")
}

// SmppSendDeliverStatusReport sends a delivery receipt: deliver_sm with
// esm_class 0x04 (rtFinal) or 0x20 (rtIntermediate), the standard receipt
// text, and for SMPP 3.4+ clients the receipted_message_id, message_state
// and (when ErrorCode is not 0) network_error_code TLVs. For a receipt,
// Destination is the original sender and Originator the original recipient.
// Text "" uses the text: field empty; the short_message is GSM default
// alphabet (data_coding 0), as every receipt parser expects.
func (s *SMPPServer) SmppSendDeliverStatusReport(clientID int32, sequenceNumber uint32, destination string, destinationTON, destinationNPI uint8,
	originator string, originatorTON, originatorNPI uint8, reportType ReportType, messageID string, serviceType string,
	submitted, delivered int, submitDate, doneDate time.Time, messageState MessageState, errorCode int, text string,
	extendedParameters string) Code {

	if (reportType != RtFinal && reportType != RtIntermediate) || messageState < 0 || messageState > 255 ||
		len(messageID) > 64 || len(destination) > 20 || len(originator) > 20 || len(serviceType) > 5 ||
		submitted < 0 || delivered < 0 || errorCode < 0 || errorCode > 0xFFFF {
		return ErrInvalidArgument
	}
	o, code := parseDeliverOptions(extendedParameters)
	if code != OK {
		return code
	}
	ss, code := s.receiver(clientID, &o)
	if code != OK {
		return code
	}
	v34 := ss.version.Load() >= 0x34
	if sequenceNumber == 0 {
		sequenceNumber = ss.nextSeq()
	}
	body := receiptText(messageID, submitted, delivered, submitDate, doneDate, messageState, errorCode, text)
	if len(body) > 254 {
		return ErrContentTooLong
	}
	r := smppReceipt{text: body, receiptTLVs: v34, messageID: messageID, state: messageState, errorCode: errorCode, hostTLVs: o.tlvs}
	r.head = smpp.SM{ServiceType: bytesOf(serviceType), EsmClass: 0x04,
		SourceAddrTON: originatorTON, SourceAddrNPI: originatorNPI, SourceAddr: bytesOf(originator),
		DestAddrTON: destinationTON, DestAddrNPI: destinationNPI, DestinationAddr: bytesOf(destination)}
	if reportType == RtIntermediate {
		r.head.EsmClass = 0x20
	}
	if o.esmClass >= 0 {
		r.head.EsmClass = byte(o.esmClass)
	}
	if o.protocolID >= 0 {
		r.head.ProtocolID = byte(o.protocolID)
	}
	if o.dataCoding >= 0 {
		r.head.DataCoding = byte(o.dataCoding)
	}
	// The same keys as a delivery's, so a host sets one list for both.
	if o.priority >= 0 {
		r.head.PriorityFlag = byte(o.priority)
	}
	if o.regDel >= 0 {
		r.head.RegisteredDelivery = byte(o.regDel)
	}
	if code := ss.out.reserve(ss.c.done); code != OK {
		return code
	}
	if !ss.c.paced() {
		ss.out.unreserve()
		return ErrConnectionClosed
	}
	return ss.sendRequest(sequenceNumber, sequenceNumber, uint32(smpp.CmdDeliverSM), func() Code {
		return ss.sendReceipt(sequenceNumber, &r)
	})
}

// smppReceipt is a delivery receipt ready to go as deliver_sm.
type smppReceipt struct {
	head        smpp.SM // but short_message and the TLVs
	text        string  // short_message
	receiptTLVs bool    // 3.4 and later: receipted_message_id, message_state, network_error_code
	messageID   string
	state       MessageState
	errorCode   int // network_error_code's error code; 0 = no network_error_code
	hostTLVs    smpp.TLVs
}

func (ss *smppSession) sendReceipt(seq uint32, r *smppReceipt) Code {
	return ss.sendWith(smpp.CmdDeliverSM, smpp.StatusOK, seq, func() smpp.BodyAppender {
		sm := &ss.enc.sm
		tlvs, short := sm.TLVs[:0], sm.ShortMessage[:0]
		*sm = r.head
		sm.ShortMessage = append(short, r.text...)
		if r.receiptTLVs {
			b := ss.enc.tlvBuf[:4]
			b[0] = byte(r.state)
			b[1] = 3 // network type GSM
			binary.BigEndian.PutUint16(b[2:], uint16(r.errorCode))
			id := r.messageID
			tlvs = append(tlvs,
				smpp.TLV{Tag: smpp.TagReceiptedMessageID, Value: append(bytesOf(id)[:len(id):len(id)], 0)},
				smpp.TLV{Tag: smpp.TagMessageState, Value: b[0:1]})
			if r.errorCode != 0 {
				tlvs = append(tlvs, smpp.TLV{Tag: smpp.TagNetworkErrorCode, Value: b[1:4]})
			}
		}
		sm.TLVs = append(tlvs, r.hostTLVs...)
		return sm
	})
}
