package core

import (
	"fmt"
	"strconv"
	"time"

	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/smstime"
	"github.com/smscserver/libsmscserver/codec/text"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// ucpDeliverOptions are what a host can give a 52/53 through
// ExtendedParameters, over the values derived from the arguments.
type ucpDeliverOptions struct {
	mode    multipart.Mode
	fields  [ucp.Fields5x]string
	set     [ucp.Fields5x]bool
	xser    string // TLVs (hex) appended to the library's XSer
	text    string // 53: the notification text
	hasText bool
	// iso-8859=8bit
	isoOctets bool
}

// parseUCPDeliverOptions reads long-messages=udh8|udh16 (sar and payload do
// not exist in UCP and fall back to udh8), text=<notification text> (53),
// and ucp.<field>=<value> for any 50-series field by its spec name
// (ucp.PR=1, ucp.RPI=1, ucp.DCs=0, ucp.MCLs=1, ucp.NT=3, ...), which
// replaces the value the library would send; ucp.XSer=<hex TLVs> is added
// after the library's own XSer TLVs instead.
func parseUCPDeliverOptions(ext string) (ucpDeliverOptions, Code) {
	o := ucpDeliverOptions{mode: multipart.ModeUDH8}
	p := ParseParams(ext)
	if v, ok := p.Get("ucp", "long-messages"); ok && v != "" {
		m, err := multipart.ParseMode(v)
		if err != nil {
			return o, ErrInvalidArgument
		}
		if m == multipart.ModeUDH16 {
			o.mode = m
		}
	}
	var code Code
	if o.isoOctets, code = parseISOOctets(p, "ucp"); code != OK {
		return o, code
	}
	bad := false
	p.Each("ucp", func(k, v string) {
		if k == "text" {
			o.text, o.hasText = v, true
			return
		}
		i := ucp.Field5x(k)
		if i < 0 {
			return
		}
		if !ucp.ValidField(v) {
			bad = true
			return
		}
		if i == ucp.F5xXSer {
			for rest := []byte(v); ; {
				_, _, r, ok, err := ucp.NextXSer(rest)
				if err != nil {
					bad = true
					return
				}
				if !ok {
					break
				}
				rest = r
			}
			o.xser = v
			return
		}
		o.fields[i], o.set[i] = v, true
	})
	if bad {
		return o, ErrInvalidArgument
	}
	return o, OK
}

// ucpOriginator gives OAdC and OTOA for a sender: digits as they are, "+"
// and digits as the digits with OTOA 1139 (international), anything else
// as an alphanumeric OAdC (OTOA 5039, at most 11 GSM characters).
func ucpOriginator(s string) (oadc, otoa string, code Code) {
	if s == "" {
		return "", "", OK
	}
	digits, intl := s, false
	if digits[0] == '+' {
		digits, intl = digits[1:], true
	}
	numeric := len(digits) > 0
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			numeric = false
			break
		}
	}
	if numeric {
		if intl {
			return digits, "1139", OK
		}
		return digits, "", OK
	}
	a, err := text.EncodeUCPAlphaAddress(s)
	if err != nil {
		return "", "", CodeOf(err)
	}
	return a, "5039", OK
}

// UcpSendDeliverMessage sends a message to the client as OT 52 (the SMT
// receives a mobile-originated message): AdC = Destination (the SMT's
// number), OAdC = Originator (alphanumeric senders get OTOA 5039, "+digits"
// OTOA 1139), SCTS = TimeStamp (zero = now) in the server's time-zone. GSM
// text goes as MT 3 (AMsg = hex of the unpacked GSM characters); UCS-2,
// 8-bit and WAP as MT 4 with NB and TMsg and the DCS in XSer type 02 (ISO
// charsets go as UCS-2). A UserDataHeader goes in XSer type 01. Content too
// long for one message is split into concatenated parts with an 8-bit
// reference UDH (long-messages=udh16 for a 16-bit one), each a 52 of its
// own. Options: SoRequestStatusReport sets NRq 1 / NT 3, the message class
// options MCLs (and the XSer DCS), SoZeroSMS RPID 0064.
//
// The parts are identified by TransactionNumber, +1, +2, ... (any values;
// 0 lets the library number them), which go on the wire as TRNs when they
// are free numbers 1..99 and under the next free TRN otherwise (see
// requestNumbers). The identifiers are returned in order, also those of
// the parts sent before a failure; the client's results arrive as
// OnUcpDeliverResponseReceived carrying them. The session must be open (logged
// in, or login-required=false), otherwise ErrWrongState.
func (s *UCPServer) UcpSendDeliverMessage(clientID int32, transactionNumber uint32, destination string, originator string,
	content string, encoding sms.Encoding, userDataHeader string, options sms.SubmitOption, timeStamp time.Time,
	extendedParameters string) ([]uint32, Code) {
	trns, _, code := s.UcpSendDeliverMessageMaxParts(-1, clientID, transactionNumber, destination, originator, content,
		encoding, userDataHeader, options, timeStamp, extendedParameters)
	return trns, code
}

// UcpSendDeliverMessageMaxParts is UcpSendDeliverMessage that sends nothing
// and returns ErrBufferTooSmall when the content needs more than maxParts
// parts (maxParts < 0 = no limit); parts is the number needed. The C API
// uses it to fill a caller's array without overrunning it.
func (s *UCPServer) UcpSendDeliverMessageMaxParts(maxParts int, clientID int32, transactionNumber uint32, destination string,
	originator string, content string, encoding sms.Encoding, userDataHeader string, options sms.SubmitOption,
	timeStamp time.Time, extendedParameters string) (trns []uint32, nparts int, code Code) {

	if !encoding.Valid() || options&^sms.SoAll != 0 || destination == "" ||
		!ucp.ValidField(destination) || !ucp.ValidField(originator) {
		return nil, 0, ErrInvalidArgument
	}
	udh, ok := decodeHostUDH(userDataHeader)
	if !ok {
		return nil, 0, ErrInvalidArgument
	}
	o, code := parseUCPDeliverOptions(extendedParameters)
	if code != OK {
		return nil, 0, code
	}
	oadc, otoa, code := ucpOriginator(originator)
	if code != OK {
		return nil, 0, code
	}
	us, code := s.openSession(clientID)
	if code != OK {
		return nil, 0, code
	}
	if encoding, content, code = isoAsOctets(encoding, content, o.isoOctets); code != OK {
		return nil, 0, code
	}
	parts, code := splitDelivery(&us.ref, text.GSMEncoding(encoding), content, udh, o.mode, maxParts)
	if code != OK {
		return nil, len(parts), code
	}
	if timeStamp.IsZero() {
		timeStamp = time.Now()
	}
	m := ucpDeliverSM{options: &o}
	m.fill(destination, oadc, otoa, encoding, options, timeStamp.In(us.opts.loc))
	return deliverParts(&us.sessionBase, parts, partNumbers{first: transactionNumber, step: 1, next: numberedByLibrary},
		func(id uint32, p *multipart.Part) (uint32, Code) {
			return us.nums.send(id, func(trn int, ident uint32) Code {
				return us.sendNumbered(trn, ident, ucp.OTDeliverSM, func() Code { return us.sendDeliverPart(trn, &m, p) })
			})
		})
}

// openSession resolves clientID to a session that may receive deliveries:
// logged in, or open without login-required.
func (s *UCPServer) openSession(clientID int32) (*ucpSession, Code) {
	us, code := s.session(clientID)
	if code != OK {
		return nil, code
	}
	if !us.open() {
		return nil, ErrWrongState
	}
	return us, OK
}

// ucpDeliverSM is what every part of one OT 52 delivery shares.
type ucpDeliverSM struct {
	options *ucpDeliverOptions
	fields  [ucp.Fields5x]string // but NB, Msg and XSer, which depend on the part
	mt      int
	xserDCS int // -1 = no DCS in XSer
}

// fill sets the fields from the arguments, then the host's ucp.<field>
// values over them.
func (m *ucpDeliverSM) fill(adc, oadc, otoa string, encoding sms.Encoding, options sms.SubmitOption, scts time.Time) {
	mt, xserDCS, mcls := text.UCPFields(encoding, options)
	m.mt, m.xserDCS = mt, xserDCS
	f := &m.fields
	f[ucp.F5xAdC] = adc
	f[ucp.F5xOAdC] = oadc
	f[ucp.F5xNRq], f[ucp.F5xNT] = text.UCPNotification(options)
	if options&sms.SoZeroSMS != 0 {
		f[ucp.F5xRPID] = fmt.Sprintf("%04d", text.ProtocolID(options))
	}
	f[ucp.F5xSCTS] = smstime.FormatUCP12(scts)
	f[ucp.F5xMT] = strconv.Itoa(mt)
	if mcls >= 0 {
		f[ucp.F5xMCLs] = strconv.Itoa(mcls)
	}
	f[ucp.F5xOTOA] = otoa
	for i, set := range m.options.set {
		if set {
			f[i] = m.options.fields[i]
		}
	}
}

// sendDeliverPart sends one part as OT 52: m's fields, and NB, the message
// and XSer (the part's UDH, the DCS, the host's XSer TLVs) from the part,
// unless the host set them.
func (us *ucpSession) sendDeliverPart(trn int, m *ucpDeliverSM, p *multipart.Part) Code {
	o := m.options
	return us.send(trn, ucp.OTDeliverSM, func(b []byte) ([]byte, error) {
		start := len(b)
		b = ucp.Begin(b, trn, ucp.Operation, ucp.OTDeliverSM)
		for f := 0; f < ucp.Fields5x; f++ {
			if o.set[f] && f != ucp.F5xXSer {
				b = ucp.AppendFieldString(b, m.fields[f])
				continue
			}
			switch f {
			case ucp.F5xNB:
				if m.mt == 4 {
					b = ucp.AppendFieldInt(b, 8*len(p.Data), 4)
				} else {
					b = append(b, '/')
				}
			case ucp.F5xMsg:
				b = ucp.AppendFieldHex(b, p.Data)
			case ucp.F5xXSer:
				if len(p.UDH) > 0 {
					b = ucp.AppendXSer(b, ucp.XSerUDH, p.UDH)
				}
				if m.xserDCS >= 0 {
					dcs := [1]byte{byte(m.xserDCS)}
					b = ucp.AppendXSer(b, ucp.XSerDCS, dcs[:])
				}
				b = append(b, o.xser...)
				b = append(b, '/')
			default:
				b = ucp.AppendFieldString(b, m.fields[f])
			}
		}
		return ucp.End(b, start)
	})
}

// ucpNotificationText is the human-readable AMsg of a 53, in the words of
// the EMI-UCP spec's example ("Message for 3155555, with identification
// 960109161057 has been buffered"); the identification is the SCTS as
// YYMMDDhhmmss.
func ucpNotificationText(recipient string, scts, done time.Time, dst int, rsn string) string {
	id := scts.Format("060102150405")
	switch dst {
	case 0:
		return fmt.Sprintf("Message for %s, with identification %s has been delivered on %s at %s",
			recipient, id, done.Format("2006-01-02"), done.Format("15:04:05"))
	case 1:
		return fmt.Sprintf("Message for %s, with identification %s has been buffered", recipient, id)
	}
	s := fmt.Sprintf("Message for %s, with identification %s could not be delivered", recipient, id)
	if rsn != "" {
		s += ", reason " + rsn
	}
	return s
}

// UcpSendDeliverStatusReport sends a delivery notification, OT 53, for a
// message the client submitted: AdC = Originator (the original sender, who
// receives the notification), OAdC = Destination (the original recipient),
// SCTS = MessageTimeStamp (the SCTS of the 51's positive answer, which with
// the OAdC identifies the message — Kannel matches on both), Dst =
// StatusCode (0 delivered, 1 buffered, 2 not delivered), Rsn =
// StatusErrorCode as 3 digits (left empty for a delivery with code 0),
// DSCTS = TimeStamp (zero = now), MT 3 and a human-readable AMsg ("Message
// for <recipient>, with identification <YYMMDDhhmmss> has been delivered on
// <date> at <time>" / "has been buffered" / "could not be delivered, reason
// <Rsn>"); ExtendedParameters text=<your text> replaces it, ucp.<field>=...
// overrides any field as for UcpSendDeliverMessage. TransactionNumber is
// any identifier, as for UcpSendDeliverMessage. Originator "" is the reference's CIMD2 shape
// of this call, which has no Originator: the AdC is then the address the
// session logged in with (OT 60 OAdC) or ucp.AdC from ExtendedParameters.
func (s *UCPServer) UcpSendDeliverStatusReport(clientID int32, transactionNumber uint32, messageTimeStamp time.Time,
	destination string, originator string, statusCode int, statusErrorCode int, timeStamp time.Time,
	extendedParameters string) Code {

	if messageTimeStamp.IsZero() || statusCode < 0 || statusCode > 2 ||
		statusErrorCode < 0 || statusErrorCode > 999 ||
		!ucp.ValidField(destination) || !ucp.ValidField(originator) {
		return ErrInvalidArgument
	}
	o, code := parseUCPDeliverOptions(extendedParameters)
	if code != OK {
		return code
	}
	us, code := s.openSession(clientID)
	if code != OK {
		return code
	}
	if originator == "" {
		originator, _ = us.identity.Load().(string)
	}
	if originator == "" && !o.set[ucp.F5xAdC] {
		return ErrInvalidArgument // nobody to notify
	}
	if timeStamp.IsZero() {
		timeStamp = time.Now()
	}
	n := ucpNotification{options: &o}
	loc := us.opts.loc
	if code := n.fill(originator, destination, messageTimeStamp.In(loc), timeStamp.In(loc), statusCode, statusErrorCode); code != OK {
		return code
	}
	if code := us.out.reserve(us.c.done); code != OK {
		return code
	}
	if !us.c.paced() {
		us.out.unreserve()
		return ErrConnectionClosed
	}
	_, code = us.nums.send(transactionNumber, func(trn int, ident uint32) Code {
		return us.sendNumbered(trn, ident, ucp.OTDeliverNotification, func() Code { return us.sendNotification(trn, &n) })
	})
	return code
}

// ucpNotification is an OT 53 ready to send.
type ucpNotification struct {
	options *ucpDeliverOptions
	fields  [ucp.Fields5x]string // but the message and XSer
	amsg    []byte               // the text in GSM characters, one per octet
}

// fill sets the fields of a notification to adc (the original sender)
// about the message to oadc stamped scts, with status dst, reason rsn
// (left empty for a delivery with code 0) and discharge time done, then
// the host's ucp.<field> values over them. The text, unless the host gave
// one, is ucpNotificationText.
func (n *ucpNotification) fill(adc, oadc string, scts, done time.Time, dst, rsnCode int) Code {
	rsn := ""
	if dst != 0 || rsnCode != 0 {
		rsn = fmt.Sprintf("%03d", rsnCode)
	}
	o := n.options
	txt := o.text
	if !o.hasText {
		txt = ucpNotificationText(oadc, scts, done, dst, rsn)
	}
	amsg, err := text.Encode(sms.Et7BitText, txt)
	if err != nil {
		return CodeOf(err)
	}
	if len(amsg) > 640 {
		return ErrContentTooLong
	}
	n.amsg = amsg
	f := &n.fields
	f[ucp.F5xAdC] = adc
	f[ucp.F5xOAdC] = oadc
	f[ucp.F5xSCTS] = smstime.FormatUCP12(scts)
	f[ucp.F5xDst] = strconv.Itoa(dst)
	f[ucp.F5xRsn] = rsn
	f[ucp.F5xDSCTS] = smstime.FormatUCP12(done)
	f[ucp.F5xMT] = "3"
	for i, set := range o.set {
		if set {
			f[i] = o.fields[i]
		}
	}
	return OK
}

// sendNotification sends n as OT 53; XSer carries only the host's TLVs.
func (us *ucpSession) sendNotification(trn int, n *ucpNotification) Code {
	return us.send(trn, ucp.OTDeliverNotification, func(b []byte) ([]byte, error) {
		start := len(b)
		b = ucp.Begin(b, trn, ucp.Operation, ucp.OTDeliverNotification)
		for i := 0; i < ucp.Fields5x; i++ {
			switch {
			case i == ucp.F5xMsg && !n.options.set[i]:
				b = ucp.AppendFieldHex(b, n.amsg)
			case i == ucp.F5xXSer:
				b = append(b, n.options.xser...)
				b = append(b, '/')
			default:
				b = ucp.AppendFieldString(b, n.fields[i])
			}
		}
		return ucp.End(b, start)
	})
}
