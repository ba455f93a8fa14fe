package core

import (
	"errors"
	"time"

	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/smstime"
	"github.com/smscserver/libsmscserver/codec/text"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// onSubmit5x handles OT 51 (submit short message).
func (us *ucpSession) onSubmit5x(f *ucp.Frame) {
	if !us.open() {
		us.sendNACK(f.TRN, f.OT, ucp.ECAuthentication, "")
		return
	}
	m := &us.dec.m5x
	if err := m.Decode(f); err != nil {
		us.srv.stats.malformed.Add(1)
		us.sendNACK(f.TRN, f.OT, ucp.ECOf(err), "")
		return
	}
	if ec := checkUCP5x(m); ec != 0 {
		us.sendNACK(f.TRN, f.OT, ec, "")
		return
	}
	F := &m.F
	msg, ec := readUCP5xMessage(F)
	if ec != 0 {
		us.sendNACK(f.TRN, f.OT, ec, "")
		return
	}
	enc, opts := text.FromUCPFields(msg.mt, msg.dcs, msg.mcls)
	opts |= text.FromUCPNotification(string(F[ucp.F5xNRq]), string(F[ucp.F5xNT]))
	if pid, ok := ucp.Num(F[ucp.F5xRPID]); ok {
		opts |= text.FromProtocolID(pid)
	}
	ddt := F[ucp.F5xDDT]
	if string(F[ucp.F5xDD]) == "0" {
		ddt = nil // deferred delivery explicitly not requested
	}
	times, err := smstime.FromUCP(string(ddt), string(F[ucp.F5xVP]), us.opts.loc)
	if err != nil {
		us.sendNACK(f.TRN, f.OT, ucp.ECTimePeriodInvalid, "")
		return
	}
	opts |= times.Options

	var pb ParamsBuilder
	pb.Add("ucp.OT", "51")
	ucpFieldParams(&pb, ucp.Names5x[:], F[:], m.Extra, func(i int) bool {
		switch i {
		case ucp.F5xAdC, ucp.F5xOAdC, ucp.F5xMT, ucp.F5xNB, ucp.F5xMsg:
			return true
		}
		return false
	})
	us.submit(f.OT, f.TRN, string(F[ucp.F5xAdC]), ucp5xOriginator(F), enc, opts, msg.udh, msg.data, times, pb.String())
}

// ucp5xMessage is the message of a 51 and what its encoding is read from.
type ucp5xMessage struct {
	mt, dcs, mcls int // MT; XSer's DCS and MCLs, -1 when absent
	udh, data     []byte
}

// readUCP5xMessage reads and checks the AdC and the message fields of a 5x
// operation. A failure is the NACK's EC.
func readUCP5xMessage(F *[ucp.Fields5x][]byte) (m ucp5xMessage, ec int) {
	m.dcs, m.mcls = -1, -1
	mt, ok := ucp.Num(F[ucp.F5xMT])
	if !ok {
		return m, ucp.ECSyntax
	}
	m.mt = mt
	if m.data, ec = ucpMessageOctets(mt, F[ucp.F5xMsg], true); ec != 0 {
		return m, ec
	}
	if nb := F[ucp.F5xNB]; len(nb) > 0 {
		if _, ok := ucp.Num(nb); !ok {
			return m, ucp.ECSyntax
		}
	}
	if m.udh, m.dcs, ok = readUCPXSer(F[ucp.F5xXSer]); !ok {
		return m, ucp.ECSyntax
	}
	if mt == 4 && len(m.udh)+len(m.data) > ucpMaxTMsgOctets {
		return m, ucp.ECMessageTooLong // the UDH shares the 140 octets of one SMS
	}
	if v := F[ucp.F5xMCLs]; len(v) > 0 {
		n, ok := ucp.Num(v)
		if !ok || n > 3 {
			return m, ucp.ECSyntax
		}
		m.mcls = n
	}
	return m, 0
}

// readUCPXSer reads the UDH (type 01) and the DCS (type 02) of an XSer
// field; dcs is -1 when absent.
func readUCPXSer(xser []byte) (udh []byte, dcs int, ok bool) {
	dcs = -1
	for rest := xser; ; {
		typ, dh, r, more, err := ucp.NextXSer(rest)
		if err != nil {
			return nil, -1, false
		}
		if !more {
			return udh, dcs, true
		}
		switch typ {
		case ucp.XSerUDH:
			u, _ := ucp.AppendHexDecode(nil, dh)
			if _, tail, err := multipart.ParseUDH(u); err != nil || len(tail) != 0 {
				return nil, -1, false
			}
			udh = u
		case ucp.XSerDCS:
			if len(dh) == 2 {
				v, _ := ucp.AppendHexDecode(nil, dh)
				dcs = int(v[0])
			}
		}
		rest = r
	}
}

// ucp5xOriginator is the OAdC, an alphanumeric one (OTOA 5039) decoded; one
// that does not decode is reported as sent.
func ucp5xOriginator(F *[ucp.Fields5x][]byte) string {
	oadc := string(F[ucp.F5xOAdC])
	if string(F[ucp.F5xOTOA]) == "5039" && oadc != "" {
		if s, err := text.DecodeUCPAlphaAddress(oadc); err == nil {
			oadc = s
		}
	}
	return oadc
}

// onSubmit01 handles OT 01 (call input): AdC, OAdC, AC, MT 2 (NMsg) or 3 (AMsg).
func (us *ucpSession) onSubmit01(f *ucp.Frame) {
	if !us.open() {
		us.sendNACK(f.TRN, f.OT, ucp.ECAuthentication, "")
		return
	}
	m := &us.dec.m01
	if err := m.Decode(f); err != nil {
		us.srv.stats.malformed.Add(1)
		us.sendNACK(f.TRN, f.OT, ucp.ECOf(err), "")
		return
	}
	if ec := checkUCP01(m); ec != 0 {
		us.sendNACK(f.TRN, f.OT, ec, "")
		return
	}
	mt, ok := ucp.Num(m.F[ucp.F01MT])
	if !ok {
		us.sendNACK(f.TRN, f.OT, ucp.ECSyntax, "")
		return
	}
	data, ec := ucpMessageOctets(mt, m.F[ucp.F01Msg], false)
	if ec != 0 {
		us.sendNACK(f.TRN, f.OT, ec, "")
		return
	}
	var pb ParamsBuilder
	pb.Add("ucp.OT", "01")
	ucpFieldParams(&pb, ucp.Names01[:], m.F[:], m.Extra, func(i int) bool { return i != ucp.F01AC })
	us.submit(f.OT, f.TRN, string(m.F[ucp.F01AdC]), string(m.F[ucp.F01OAdC]), sms.Et7BitText, 0, nil, data,
		smstime.Times{}, pb.String())
}

// ucpMessageOctets reads the message field for its MT: 2 = NMsg digits, 3 =
// AMsg hex (GSM characters, one per octet), 4 = TMsg hex (5x only). It
// returns a NACK EC on failure.
func ucpMessageOctets(mt int, msg []byte, transparentOK bool) ([]byte, int) {
	if ucpMessageTooLong(mt, msg) {
		return nil, ucp.ECMessageTooLong
	}
	switch {
	case mt == 2:
		for _, c := range msg {
			if c < '0' || c > '9' {
				return nil, ucp.ECSyntax
			}
		}
		return append([]byte(nil), msg...), 0
	case mt == 3 || (mt == 4 && transparentOK):
		b, err := ucp.AppendHexDecode(make([]byte, 0, len(msg)/2), msg)
		if err != nil {
			return nil, ucp.ECSyntax
		}
		return b, 0
	}
	return nil, ucp.ECMessageTypeNotSupported
}

// submit reports OnUcpSubmitMessageReceived and feeds the reassembly that
// reports OnUcpSubmitMessageCompleted.
func (us *ucpSession) submit(ot, trn int, adc, oadc string, enc sms.Encoding, opts sms.SubmitOption, udh, data []byte,
	times smstime.Times, ext string) {
	content, enc := decodeText(enc, data)
	e := &UcpSubmitMessageReceivedEventArgs{
		ClientID: us.c.id, TransactionNumber: uint32(trn),
		Destination: adc, Originator: oadc, Content: content, Encoding: enc, Options: opts,
		DeliveryTime: times.DeliveryTime, ValidityPeriod: times.ValidityPeriod,
		ExtendedParameters: ext,
	}
	if len(udh) > 0 {
		e.UserDataHeader = upperHex(udh)
	}
	key := ucpKey(ot, trn)
	hs := us.srv.h()
	if hs.OnUcpSubmitMessageReceived == nil && hs.OnUcpSubmitMessageCompleted == nil {
		us.answerDefault(key, pendingReq{cmd: uint32(ot)}, false)
		return
	}
	now := time.Now()
	us.submitSeq++
	id := us.submitSeq<<8 | uint64(trn)
	// The Completed event is built from a copy taken before the host sees
	// e: in pumped mode its handler may run (and Decline) concurrently.
	base := *e
	var whole *UcpSubmitMessageReceivedEventArgs
	var ids []uint64
	if hs.OnUcpSubmitMessageCompleted != nil {
		var ok, held bool
		if whole, ids, held, ok = us.reassemble(&base, enc, udh, data, id, now); !ok {
			// Refused before the host sees it, as SMPP and CIMD2 refuse it:
			// a part acknowledged and then dropped would leave its message
			// incomplete without the client knowing. 04 (operation not
			// allowed) is what SMSCs answer when busy (docs/protocols.md,
			// "UCP / Error codes"); the client sends the part again.
			us.sendNACK(trn, ot, ucp.ECNotAllowed, "")
			return
		}
		if held {
			us.trackPart(id, &base, now)
		}
	}
	us.pending.add(key, uint32(ot), us.deadline(), &ucpRequest{id: id, adc: adc})
	if hs.OnUcpSubmitMessageReceived != nil {
		us.srv.emit(us.c, &e.ClientID, func() {
			ok := false
			if hd := us.srv.h().OnUcpSubmitMessageReceived; hd != nil {
				ok = safeCall(&us.srv.server, "OnUcpSubmitMessageReceived", func() { hd(e) })
			}
			if !ok || e.Declined() {
				us.answerDefaultIfPending(key)
			}
		})
	}
	if whole != nil {
		us.emitCompleted(whole, ids)
	}
}

// reassemble feeds one part to the reassembly. It returns the whole
// message when this part completes it (at once without a concatenation
// UDH), with its parts' ids; held says whether the part waits for its
// Completed event (a malformed part joins nothing), ok=false that the
// reassembler (or the server's reassembly-max-bytes) is full.
func (us *ucpSession) reassemble(e *UcpSubmitMessageReceivedEventArgs, enc sms.Encoding, udh, data []byte, id uint64,
	now time.Time) (whole *UcpSubmitMessageReceivedEventArgs, ids []uint64, held, ok bool) {
	c, concat := multipart.FindConcat(udh)
	if !concat || c.Total <= 1 {
		return e, []uint64{id}, true, true
	}
	key := multipart.Key{Client: int64(us.c.id), Originator: e.Originator, Destination: e.Destination, Ref: c.Ref}
	octets, ids, done, _, err := us.reasm.Add(now, key, c.Total, c.Seq, data, id)
	switch {
	case errors.Is(err, multipart.ErrFull):
		return nil, nil, false, false
	case err != nil:
		us.srv.logger().Warn("multipart part not reassembled", "client", us.c.id, "err", err)
		return nil, nil, false, true
	case !done:
		return nil, nil, true, true
	}
	ce := *e
	ce.Content, ce.Encoding = decodeText(enc, octets)
	ce.UserDataHeader = udhWithoutConcat(udh)
	ce.TransactionNumber = uint32(ids[0] & 0xFF)
	return &ce, ids, true, true
}

func (us *ucpSession) emitCompleted(e *UcpSubmitMessageReceivedEventArgs, ids []uint64) {
	ce := &UcpSubmitMessageCompletedEventArgs{UcpSubmitMessageReceivedEventArgs: *e, TransactionNumbers: ucpTRNs(ids)}
	ce.Reply = Reply{}
	us.srv.emit(us.c, &ce.ClientID, func() {
		// Taken now, after the parts' Received handlers ran (same queue).
		parts := us.takeParts(ids)
		ce.TimeStamps = make([]time.Time, len(parts))
		var report sms.SubmitOption
		for i, p := range parts {
			ce.TimeStamps[i] = p.scts
			if p.args != nil {
				report |= p.args.Options & sms.SoRequestStatusReport
			}
		}
		if first := parts[0].args; len(parts) > 1 && first != nil {
			// The message's header is its first part's: Kannel, for one,
			// asks for a status report (NRq) on the first part only.
			whole := ce.UcpSubmitMessageReceivedEventArgs
			ce.UcpSubmitMessageReceivedEventArgs = *first
			ce.TransactionNumber = whole.TransactionNumber
			ce.Content, ce.Encoding, ce.UserDataHeader = whole.Content, whole.Encoding, whole.UserDataHeader
		}
		ce.Options |= report
		ce.Reply = Reply{}
		if hd := us.srv.h().OnUcpSubmitMessageCompleted; hd != nil {
			safeCall(&us.srv.server, "OnUcpSubmitMessageCompleted", func() { hd(ce) })
		}
	})
}

func ucpTRNs(ids []uint64) []uint32 {
	out := make([]uint32, len(ids))
	for i, id := range ids {
		out[i] = uint32(id & 0xFF)
	}
	return out
}

func (us *ucpSession) reportIncomplete(x multipart.Expired, why string) {
	if us.srv.droppedQuietly(us.c.id, x, why, us.srv.h().OnUcpSubmitMessageIncomplete != nil) {
		us.takeTimeStamps(x.IDs) // forget them: no event takes them
		return
	}
	e := &UcpSubmitMessageIncompleteEventArgs{ClientID: us.c.id, Originator: x.Key.Originator, Destination: x.Key.Destination,
		Reference: x.Key.Ref, Total: int32(x.Total), Received: int32(x.Received), TransactionNumbers: ucpTRNs(x.IDs)}
	// An Incomplete event reports what the connection left behind, often
	// because it ended: it keeps the real ClientID, as OnTcpDisconnected does.
	us.srv.emit(us.c, nil, func() {
		e.TimeStamps = us.takeTimeStamps(x.IDs)
		if hd := us.srv.h().OnUcpSubmitMessageIncomplete; hd != nil {
			safeCall(&us.srv.server, "OnUcpSubmitMessageIncomplete", func() { hd(e) })
		}
	})
}
