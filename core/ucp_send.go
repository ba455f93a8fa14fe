package core

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/smstime"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// session resolves a ClientID to its UCP session.
func (s *UCPServer) session(clientID int32) (*ucpSession, Code) {
	c, code := s.liveConn(clientID)
	if code != OK {
		return nil, code
	}
	return c.sess.(*ucpSession), OK
}

// takePending removes the first of keys that awaits an answer; of two
// threads answering the same request, one succeeds.
func (us *ucpSession) takePending(keys ...uint32) (uint32, pendingReq, Code) {
	for _, k := range keys {
		if q, ok := us.pending.take(k); ok {
			return k, q, OK
		}
	}
	return 0, pendingReq{}, ErrNotPending
}

// ucpValidSM reports whether s can go in a result's SM field: printable
// ASCII (IRA) without '/'.
func ucpValidSM(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7E || c == '/' {
			return false
		}
	}
	return true
}

// UcpSendLoginResponse answers an OT 60. ErrorCode 0 sends the positive
// result "A//" (ErrorMessage, if any, as its SM) and opens the session; any
// other code (1..99, e.g. 7 authentication failure) sends "N/EC/SM" and
// leaves the session as it was. ErrorMessage is printable ASCII without '/'.
func (s *UCPServer) UcpSendLoginResponse(clientID int32, transactionNumber uint32, errorCode uint32, errorMessage string) Code {
	if transactionNumber > 99 || errorCode > 99 || !ucpValidSM(errorMessage) {
		return ErrInvalidArgument
	}
	us, code := s.session(clientID)
	if code != OK {
		return code
	}
	trn := int(transactionNumber)
	_, q, code := us.takePending(ucpKey(ucp.OTSessionManagement, trn))
	if code != OK {
		return code
	}
	if errorCode != 0 {
		return us.sendNACK(trn, ucp.OTSessionManagement, int(errorCode), errorMessage)
	}
	if r, ok := q.extra.(*ucpRequest); ok {
		us.identity.Store(r.adc)
	}
	us.state.Store(ucpStLoggedIn) // before the ACK leaves: the client may submit at once
	us.c.nudge()                  // the reader re-arms its timers for the open session
	return us.sendACK(trn, ucp.OTSessionManagement, errorMessage)
}

// UcpSendSubmitMessageResponse answers an OT 51 (or 01). ErrorCode 0 sends
// the positive result with SM "AdC:SCTS" — "A//AdC:SCTS" for a 51,
// "A/AdC:SCTS" for an 01 — where AdC is Destination ("" = the submit's own
// AdC) and SCTS is TimeStamp as DDMMYYhhmmss in the server's time-zone
// (zero = now). The SCTS (with the AdC) identifies the message: keep it for
// UcpSendDeliverStatusReport's MessageTimeStamp; Kannel matches its DLRs on
// it, so give two messages to the same recipient different seconds. Any
// other ErrorCode (1..99) sends "N/EC/SM" with ErrorMessage as SM.
func (s *UCPServer) UcpSendSubmitMessageResponse(clientID int32, transactionNumber uint32, destination string, timeStamp time.Time,
	errorCode uint32, errorMessage string) Code {
	if transactionNumber > 99 || errorCode > 99 || !ucpValidSM(errorMessage) || !ucpValidSM(destination) ||
		strings.IndexByte(destination, ':') >= 0 {
		return ErrInvalidArgument
	}
	us, code := s.session(clientID)
	if code != OK {
		return code
	}
	trn := int(transactionNumber)
	key, q, code := us.takePending(ucpKey(ucp.OTSubmitSM, trn), ucpKey(ucp.OTCallInput, trn))
	if code != OK {
		return code
	}
	if !us.c.paced() { // after the take, as for SMPP's submitResponse
		return ErrConnectionClosed
	}
	ot := int(key >> 8)
	if errorCode != 0 {
		return us.sendNACK(trn, ot, int(errorCode), errorMessage)
	}
	r, _ := q.extra.(*ucpRequest)
	adc := destination
	if adc == "" && r != nil {
		adc = r.adc
	}
	if timeStamp.IsZero() {
		timeStamp = time.Now()
	}
	ts := timeStamp.In(us.opts.loc).Truncate(time.Second)
	sm := adc + ":" + smstime.FormatUCP12(ts)
	if r != nil {
		us.setTimeStamp(r.id, ts)
	}
	return us.send(trn, ot, func(b []byte) ([]byte, error) { return ucp.AppendACK(b, trn, ot, nil, bytesOf(sm)) })
}

// UcpSendRAW sends any frame: TransactionNumber (0..99) and OperationType
// (0..99) make the header, Payload is the data part in hex — the fields,
// each followed by '/' (a missing final '/' is added; spaces between hex
// octets are allowed). The frame is sent as a result (R) when a client
// operation with that TRN and OT awaits an answer (a RAW event, or a 51/60
// the host wants to answer its own way), and counts as its answer;
// otherwise as an operation (O).
func (s *UCPServer) UcpSendRAW(clientID int32, transactionNumber uint32, operationType uint32, payload string) Code {
	data, err := hex.DecodeString(strings.Join(strings.Fields(payload), ""))
	if err != nil || transactionNumber > 99 || operationType > 99 || len(data) > ucp.MaxLen {
		return ErrInvalidArgument
	}
	for _, c := range data {
		if c == ucp.STX || c == ucp.ETX {
			return ErrInvalidArgument
		}
	}
	if len(data) > 0 && data[len(data)-1] != '/' {
		data = append(data, '/')
	}
	us, code := s.session(clientID)
	if code != OK {
		return code
	}
	trn, ot := int(transactionNumber), int(operationType)
	kind := ucp.Operation
	if _, _, code := us.takePending(ucpKey(ot, trn)); code == OK {
		kind = ucp.Result
	}
	return us.send(trn, ot, func(b []byte) ([]byte, error) {
		start := len(b)
		b = ucp.Begin(b, trn, kind, ot)
		b = append(b, data...)
		return ucp.End(b, start)
	})
}
