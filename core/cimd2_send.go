package core

import (
	"bytes"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/smstime"
	"github.com/smscserver/libsmscserver/codec/text"
)

// session resolves a ClientID to its CIMD2 session.
func (s *CIMD2Server) session(clientID int32) (*cimd2Session, Code) {
	c, code := s.liveConn(clientID)
	if code != OK {
		return nil, code
	}
	return c.sess.(*cimd2Session), OK
}

// takePending removes the request being answered and checks its operation,
// in one step: of two threads answering it, one succeeds. A mismatch leaves
// it pending.
func (ss *cimd2Session) takePending(num uint32, op int) (pendingReq, Code) {
	q, ok := ss.pending.takeIf(num, func(cmd uint32) bool { return cmd == uint32(op) })
	if !ok {
		return q, ErrNotPending
	}
	return q, OK
}

func cimd2ValidErrorText(s string) bool { return len(s) <= 64 && cimd2.ValidValue(s) }

// isCIMD2Address: digits, '+' and '-', at most 20 (CIMD2 address parameters).
func isCIMD2Address(s string) bool {
	if len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// Cimd2SendLoginResponse answers a login. ErrorCode 0 logs the client in
// and sends 51 without parameters; any other code sends 51 with 900 and,
// when ErrorMessage is not empty, 901 (at most 64 characters), and leaves
// the client logged out (close it with TcpCloseConnection if it should go).
func (s *CIMD2Server) Cimd2SendLoginResponse(clientID int32, transactionNumber uint32, errorCode uint32, errorMessage string) Code {
	if errorCode > 999 || !cimd2ValidErrorText(errorMessage) {
		return ErrInvalidArgument
	}
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	if _, code = ss.takePending(transactionNumber, cimd2.OpLogin); code != OK {
		return code
	}
	if errorCode == 0 {
		ss.state.Store(cimd2StLoggedIn)
		return ss.send(cimd2.OpLoginResponse, int(transactionNumber), nil)
	}
	ss.state.Store(cimd2StOpen)
	return ss.sendError(cimd2.OpLoginResponse, int(transactionNumber), int(errorCode), errorMessage)
}

// Cimd2SendSubmitMessageResponse answers a submit message. ErrorCode 0
// sends 53 with 021 Destination ("" = the submit's destinations;
// several joined by ';' give one 021 each) and 060 TimeStamp, the service
// centre time stamp that, with the destination, identifies the message for
// status reports. A zero TimeStamp lets the library choose the current
// second, never the same one twice for a destination. Any other ErrorCode
// sends 53 with 900 and, when ErrorMessage is not empty, 901.
func (s *CIMD2Server) Cimd2SendSubmitMessageResponse(clientID int32, transactionNumber uint32, destination string, timeStamp time.Time,
	errorCode uint32, errorMessage string) Code {
	if errorCode > 999 || !cimd2ValidErrorText(errorMessage) {
		return ErrInvalidArgument
	}
	for _, d := range strings.Split(destination, ";") {
		if !isCIMD2Address(d) {
			return ErrInvalidArgument
		}
	}
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	q, code := ss.takePending(transactionNumber, cimd2.OpSubmit)
	if code != OK {
		return code
	}
	if !ss.c.paced() { // after the take, as for SMPP's submitResponse
		return ErrConnectionClosed
	}
	ref, _ := q.extra.(*cimd2SubmitRef)
	num := int(transactionNumber)
	if errorCode != 0 {
		code = ss.sendError(cimd2.OpSubmitResponse, num, int(errorCode), errorMessage)
		if ref != nil && ss.parts.answer(ref.id, cimd2NoTime) {
			ss.wakeReader()
		}
		return code
	}
	if destination == "" && ref != nil {
		destination = ref.dest
	}
	loc := s.loc.Load()
	if timeStamp.IsZero() {
		timeStamp = s.stamps.next(destination, time.Now())
	}
	timeStamp = timeStamp.Truncate(time.Second).In(loc)
	stamp := smstime.FormatCIMD2(timeStamp)
	code = ss.send(cimd2.OpSubmitResponse, num, func(b []byte) []byte {
		for d := destination; ; {
			one, rest, more := strings.Cut(d, ";")
			if one != "" {
				b = cimd2.AppendParamString(b, cimd2.ParamDestinationAddress, one)
			}
			if !more {
				break
			}
			d = rest
		}
		return cimd2.AppendParamString(b, cimd2.ParamServiceCentreTimestamp, stamp)
	})
	if ref != nil && ss.parts.answer(ref.id, timeStamp) {
		ss.wakeReader()
	}
	return code
}

// Cimd2SendRAW sends any packet: "CC:NNN" from OperationCode (0..99) and
// TransactionNumber (0..999), Payload = the parameter area in hex
// ("PPP:value<TAB>..." as on the wire; spaces between octets allowed; a
// final TAB is added when missing), then the checksum and ETX. Answering a
// pending request this way (its code + 50, or 98 / 99) counts as its
// answer; for a login, 51 without 900 (or 900:0) logs the client in.
func (s *CIMD2Server) Cimd2SendRAW(clientID int32, transactionNumber uint32, operationCode uint32, payload string) Code {
	body, err := hex.DecodeString(strings.Join(strings.Fields(payload), ""))
	if err != nil || len(body) > 16<<20 || operationCode > 99 || transactionNumber > 999 ||
		bytes.IndexByte(body, cimd2.STX) >= 0 || bytes.IndexByte(body, cimd2.ETX) >= 0 {
		return ErrInvalidArgument
	}
	if len(body) > 0 && body[len(body)-1] != cimd2.TAB {
		body = append(body, cimd2.TAB)
	}
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	op, num := int(operationCode), int(transactionNumber)
	answers := func(cmd uint32) bool {
		return int(cmd)+cimd2.OpResponse == op || op == cimd2.OpGeneralError || op == cimd2.OpNack
	}
	if q, ok := ss.pending.takeIf(transactionNumber, answers); ok {
		errCode, hasErr := cimd2RawParamInt(body, cimd2.ParamErrorCode)
		accepted := op == int(q.cmd)+cimd2.OpResponse && (!hasErr || errCode == 0)
		switch int(q.cmd) {
		case cimd2.OpLogin:
			if accepted {
				ss.state.Store(cimd2StLoggedIn)
			} else {
				ss.state.Store(cimd2StOpen)
			}
		case cimd2.OpSubmit:
			var ts time.Time
			if v, ok := cimd2RawParam(body, cimd2.ParamServiceCentreTimestamp); ok && accepted {
				ts, _ = smstime.ParseCIMD2(string(v), s.loc.Load())
			}
			if ref, ok := q.extra.(*cimd2SubmitRef); ok && ss.parts.answer(ref.id, ts) {
				defer ss.wakeReader()
			}
		}
	}
	return ss.send(op, num, func(b []byte) []byte { return append(b, body...) })
}

// cimd2RawParam finds parameter code in a parameter area "PPP:value<TAB>...".
func cimd2RawParam(body []byte, code int) ([]byte, bool) {
	for len(body) > 0 {
		item := body
		if i := bytes.IndexByte(body, cimd2.TAB); i >= 0 {
			item, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		if len(item) >= 4 && item[3] == ':' {
			if n, err := strconv.Atoi(string(item[:3])); err == nil && n == code {
				return item[4:], true
			}
		}
	}
	return nil, false
}

func cimd2RawParamInt(body []byte, code int) (int, bool) {
	v, ok := cimd2RawParam(body, code)
	if !ok {
		return 0, false
	}
	return cimd2.Atoi(v)
}

// cimd2SendOptions are what a host can add to a deliver message or status
// report through ExtendedParameters.
type cimd2SendOptions struct {
	mode      multipart.Mode
	overrides []cimd2Override // cimd2.<code>=<value>, in the order given
	isoOctets bool            // iso-8859=8bit
}

type cimd2Override struct {
	code  int
	value string // "" = leave the parameter out
}

// parseCIMD2SendOptions reads long-messages=udh8|udh16 and cimd2.<code>=
// <value> (any parameter: replaces the value the library would write,
// or is added after the library's parameters; an empty value leaves the
// parameter out). Values are checked against the parameter table.
func parseCIMD2SendOptions(ext string) (cimd2SendOptions, Code) {
	o := cimd2SendOptions{mode: multipart.ModeUDH8}
	p := ParseParams(ext)
	if v, ok := p.Get("cimd2", "long-messages"); ok && v != "" {
		m, err := multipart.ParseMode(v)
		if err != nil {
			return o, ErrInvalidArgument
		}
		if m != multipart.ModeUDH8 && m != multipart.ModeUDH16 {
			return o, ErrUnsupported // CIMD2 has no SAR fields nor a payload parameter
		}
		o.mode = m
	}
	var code Code
	if o.isoOctets, code = parseISOOctets(p, "cimd2"); code != OK {
		return o, code
	}
	bad := false
	p.Each("cimd2", func(k, v string) {
		if k == "" || len(k) > 3 || strings.Trim(k, "0123456789") != "" {
			return // not a parameter code: some other key
		}
		code, _ := strconv.Atoi(k)
		if !cimd2.ValidValue(v) {
			bad = true
			return
		}
		if in, ok := cimd2.Info(code); ok && v != "" && in.Check([]byte(v)) != nil {
			bad = true
			return
		}
		for i := range o.overrides { // the last value given for a code wins
			if o.overrides[i].code == code {
				o.overrides[i].value = v
				return
			}
		}
		o.overrides = append(o.overrides, cimd2Override{code: code, value: v})
	})
	if bad {
		return o, ErrInvalidArgument
	}
	return o, OK
}

func (o *cimd2SendOptions) override(code int) (string, bool) {
	for _, ov := range o.overrides {
		if ov.code == code {
			return ov.value, true
		}
	}
	return "", false
}

// param writes a parameter the library fills itself, unless overridden.
func (o *cimd2SendOptions) param(b []byte, code int, write func([]byte) []byte) []byte {
	if v, ok := o.override(code); ok {
		if v == "" {
			return b
		}
		return cimd2.AppendParamString(b, code, v)
	}
	return write(b)
}

// extras appends the overrides for parameters the library does not write.
func (o *cimd2SendOptions) extras(b []byte, builtin ...int) []byte {
next:
	for _, ov := range o.overrides {
		for _, c := range builtin {
			if ov.code == c {
				continue next
			}
		}
		if ov.value != "" {
			b = cimd2.AppendParamString(b, ov.code, ov.value)
		}
	}
	return b
}

var cimd2DeliverBuiltin = []int{cimd2.ParamDestinationAddress, cimd2.ParamOriginatingAddress, cimd2.ParamAlphanumericOriginator,
	cimd2.ParamServiceCentreTimestamp, cimd2.ParamProtocolIdentifier, cimd2.ParamDataCodingScheme,
	cimd2.ParamUserDataHeader, cimd2.ParamUserData, cimd2.ParamUserDataBinary}

// Cimd2SendDeliverMessage delivers a message (20) to a logged-in client:
// 021 Destination, 023 Originator (027 when it is not a number, at most 11
// characters), 060 TimeStamp (zero = now), 052 64 for soZeroSMS, 030 when
// the DCS is not 0 (UCS-2, 8-bit, WAP, a message class or flash), 032 UDH,
// and the text in 033 with CIMD escapes (GSM) or as hex in 034 (everything
// else; ISO-8859 content goes as UCS-2). Content longer than one message is
// split into concatenated parts (long-messages=udh8|udh16). The parts are
// identified by TransactionNumber, +2, +4, ... (any values; 0 lets the
// library number them), which go on the wire as they are when they are
// free even numbers 2..254 and are mapped to free ones otherwise (see
// requestNumbers). The identifiers are returned in order, also those of the
// parts sent before a failure; the client's answers arrive as
// OnCimd2DeliverResponseReceived carrying them.
func (s *CIMD2Server) Cimd2SendDeliverMessage(clientID int32, transactionNumber uint32, destination, originator, content string,
	encoding sms.Encoding, userDataHeader string, options sms.SubmitOption, timeStamp time.Time, extendedParameters string) ([]uint32, Code) {
	nums, _, code := s.Cimd2SendDeliverMessageMaxParts(-1, clientID, transactionNumber, destination, originator, content,
		encoding, userDataHeader, options, timeStamp, extendedParameters)
	return nums, code
}

// Cimd2SendDeliverMessageMaxParts is Cimd2SendDeliverMessage that sends
// nothing and returns ErrBufferTooSmall when the content needs more than
// maxParts parts (maxParts < 0 = no limit); parts is the number needed.
func (s *CIMD2Server) Cimd2SendDeliverMessageMaxParts(maxParts int, clientID int32, transactionNumber uint32, destination, originator,
	content string, encoding sms.Encoding, userDataHeader string, options sms.SubmitOption, timeStamp time.Time,
	extendedParameters string) (nums []uint32, nparts int, code Code) {

	if !encoding.Valid() || options&^sms.SoAll != 0 || destination == "" || !isCIMD2Address(destination) {
		return nil, 0, ErrInvalidArgument
	}
	m := cimd2DeliverMessage{dest: destination, orig: originator, origCode: cimd2.ParamOriginatingAddress}
	if !isCIMD2Address(originator) {
		if len(originator) > 11 || !cimd2.ValidValue(originator) {
			return nil, 0, ErrInvalidArgument
		}
		m.origCode = cimd2.ParamAlphanumericOriginator
	}
	udh, ok := decodeHostUDH(userDataHeader)
	if !ok {
		return nil, 0, ErrInvalidArgument
	}
	o, code := parseCIMD2SendOptions(extendedParameters)
	if code != OK {
		return nil, 0, code
	}
	ss, code := s.loggedIn(clientID)
	if code != OK {
		return nil, 0, code
	}
	if encoding, content, code = isoAsOctets(encoding, content, o.isoOctets); code != OK {
		return nil, 0, code
	}
	parts, code := splitDelivery(&ss.ref, text.GSMEncoding(encoding), content, udh, o.mode, maxParts)
	if code != OK {
		return nil, len(parts), code
	}
	m.options = &o
	m.dcs, m.binary = text.CIMD2Fields(encoding, options)
	m.pid = int(text.ProtocolID(options))
	if timeStamp.IsZero() {
		timeStamp = time.Now()
	}
	m.stamp = smstime.FormatCIMD2(timeStamp.In(s.loc.Load()))
	// Identifiers step by 2 so that valid even numbers keep going on the
	// wire unchanged; 0 leaves every part to the library's counter.
	return deliverParts(&ss.sessionBase, parts, partNumbers{first: transactionNumber, step: 2, next: numberedByLibrary},
		func(id uint32, p *multipart.Part) (uint32, Code) {
			return ss.nums.send(id, func(wire int, ident uint32) Code {
				return ss.sendNumbered(wire, ident, cimd2.OpDeliverMessage, func() Code { return ss.sendDeliverPart(wire, &m, p) })
			})
		})
}

// loggedIn resolves clientID to a logged-in session, the only kind that
// takes deliveries.
func (s *CIMD2Server) loggedIn(clientID int32) (*cimd2Session, Code) {
	ss, code := s.session(clientID)
	if code != OK {
		return nil, code
	}
	if ss.state.Load() != cimd2StLoggedIn {
		return nil, ErrWrongState
	}
	return ss, OK
}

// cimd2DeliverMessage is what every part of one deliver message (20)
// shares.
type cimd2DeliverMessage struct {
	options    *cimd2SendOptions
	dest, orig string
	origCode   int // 023, or 027 for an alphanumeric originator
	stamp      string
	pid, dcs   int  // pid 0 and dcs -1 are left out
	binary     bool // the text goes as hex in 034, not in 033
}

// sendDeliverPart sends one part as deliver message (20): m's parameters
// and the part's UDH and user data, each unless the host overrode it, then
// the host's further parameters.
func (ss *cimd2Session) sendDeliverPart(num int, m *cimd2DeliverMessage, p *multipart.Part) Code {
	o := m.options
	return ss.send(cimd2.OpDeliverMessage, num, func(b []byte) []byte {
		b = o.param(b, cimd2.ParamDestinationAddress, func(b []byte) []byte {
			return cimd2.AppendParamString(b, cimd2.ParamDestinationAddress, m.dest)
		})
		if m.orig != "" {
			b = o.param(b, m.origCode, func(b []byte) []byte { return cimd2.AppendParamString(b, m.origCode, m.orig) })
		}
		b = o.param(b, cimd2.ParamServiceCentreTimestamp, func(b []byte) []byte {
			return cimd2.AppendParamString(b, cimd2.ParamServiceCentreTimestamp, m.stamp)
		})
		if m.pid != 0 {
			b = o.param(b, cimd2.ParamProtocolIdentifier, func(b []byte) []byte {
				return cimd2.AppendParamInt(b, cimd2.ParamProtocolIdentifier, m.pid)
			})
		}
		if m.dcs >= 0 {
			b = o.param(b, cimd2.ParamDataCodingScheme, func(b []byte) []byte {
				return cimd2.AppendParamInt(b, cimd2.ParamDataCodingScheme, m.dcs)
			})
		}
		if len(p.UDH) > 0 {
			b = o.param(b, cimd2.ParamUserDataHeader, func(b []byte) []byte {
				return cimd2.AppendParamHex(b, cimd2.ParamUserDataHeader, p.UDH)
			})
		}
		if m.binary {
			b = o.param(b, cimd2.ParamUserDataBinary, func(b []byte) []byte {
				return cimd2.AppendParamHex(b, cimd2.ParamUserDataBinary, p.Data)
			})
		} else {
			b = o.param(b, cimd2.ParamUserData, func(b []byte) []byte {
				b = append(b, "033:"...)
				return append(text.AppendCIMD2Septets(b, p.Data), cimd2.TAB)
			})
		}
		return o.extras(b, cimd2DeliverBuiltin...)
	})
}

var cimd2ReportBuiltin = []int{cimd2.ParamDestinationAddress, cimd2.ParamServiceCentreTimestamp, cimd2.ParamStatusCode,
	cimd2.ParamStatusErrorCode, cimd2.ParamDischargeTime}

// Cimd2SendDeliverStatusReport delivers a status report (23) to a
// logged-in client: 021 Destination (the recipient of the original
// message), 060 MessageTimeStamp (the 060 of the submit's 53, which with
// 021 identifies the message), 061 StatusCode (0..9: 4 delivered, 2
// expired, 3 failed, ...), 062 StatusErrorCode when not 0 (0..999), 063
// TimeStamp, the discharge time (zero = now). ExtendedParameters may add
// parameters (cimd2.023=<original originator>). TransactionNumber is any
// identifier, mapped to a wire number as for Cimd2SendDeliverMessage; 0
// lets the library choose the number.
func (s *CIMD2Server) Cimd2SendDeliverStatusReport(clientID int32, transactionNumber uint32, messageTimeStamp time.Time, destination string,
	statusCode, statusErrorCode int, timeStamp time.Time, extendedParameters string) Code {
	if messageTimeStamp.IsZero() || destination == "" || !isCIMD2Address(destination) || statusCode < 0 || statusCode > 9 ||
		statusErrorCode < 0 || statusErrorCode > 999 {
		return ErrInvalidArgument
	}
	o, code := parseCIMD2SendOptions(extendedParameters)
	if code != OK {
		return code
	}
	ss, code := s.loggedIn(clientID)
	if code != OK {
		return code
	}
	loc := s.loc.Load()
	if timeStamp.IsZero() {
		timeStamp = time.Now()
	}
	msgStamp := smstime.FormatCIMD2(messageTimeStamp.In(loc))
	doneStamp := smstime.FormatCIMD2(timeStamp.In(loc))
	if code := ss.out.reserve(ss.c.done); code != OK {
		return code
	}
	if !ss.c.paced() {
		ss.out.unreserve()
		return ErrConnectionClosed
	}
	r := cimd2Report{o: &o, dest: destination, msgStamp: msgStamp, doneStamp: doneStamp, status: statusCode, errCode: statusErrorCode}
	_, code = ss.nums.send(transactionNumber, func(num int, ident uint32) Code {
		return ss.sendNumbered(num, ident, cimd2.OpDeliverStatusReport, func() Code { return ss.send(cimd2.OpDeliverStatusReport, num, r.append) })
	})
	return code
}

// cimd2Report is the content of one status report (23).
type cimd2Report struct {
	o                         *cimd2SendOptions
	dest, msgStamp, doneStamp string
	status, errCode           int
}

func (r *cimd2Report) append(b []byte) []byte {
	o := r.o
	b = o.param(b, cimd2.ParamDestinationAddress, func(b []byte) []byte {
		return cimd2.AppendParamString(b, cimd2.ParamDestinationAddress, r.dest)
	})
	b = o.param(b, cimd2.ParamServiceCentreTimestamp, func(b []byte) []byte {
		return cimd2.AppendParamString(b, cimd2.ParamServiceCentreTimestamp, r.msgStamp)
	})
	b = o.param(b, cimd2.ParamStatusCode, func(b []byte) []byte {
		return cimd2.AppendParamInt(b, cimd2.ParamStatusCode, r.status)
	})
	if r.errCode != 0 {
		b = o.param(b, cimd2.ParamStatusErrorCode, func(b []byte) []byte {
			return cimd2.AppendParamInt(b, cimd2.ParamStatusErrorCode, r.errCode)
		})
	}
	b = o.param(b, cimd2.ParamDischargeTime, func(b []byte) []byte {
		return cimd2.AppendParamString(b, cimd2.ParamDischargeTime, r.doneStamp)
	})
	return o.extras(b, cimd2ReportBuiltin...)
}
