package core

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/smstime"
	"github.com/smscserver/libsmscserver/codec/text"
)

var cimd2NoTime time.Time

// cimd2SubmitRef is what a pending submit needs for its answer.
type cimd2SubmitRef struct {
	id   uint64 // part id: a per-session counter << 16 | transaction number
	dest string // first destination, for an answer that names none
}

func cimd2PartNumber(id uint64) uint32 { return uint32(id & 0xFFFF) }

// onSubmit validates a submit message (03), reports
// OnCimd2SubmitMessageReceived and feeds the reassembly that reports
// OnCimd2SubmitMessageCompleted. Refusals carry the 900 code of the
// offending parameter (protocols.md §3.7).
func (ss *cimd2Session) onSubmit(p *cimd2.Packet) {
	num := p.Number
	refuse := func(code int) { ss.sendStdError(cimd2.OpSubmitResponse, num, code) }
	if ss.state.Load() != cimd2StLoggedIn {
		refuse(cimd2.ErrCodeUnexpectedOperation)
		return
	}
	if pe := p.Check(); pe != nil {
		refuse(pe.SubmitErrorCode())
		return
	}
	var (
		dest                  strings.Builder
		nDest                 int
		orig                  []byte
		hasOrig, hasAlpha     bool
		ud, udb, udhHex       []byte
		hasUD, hasUDB, hasUDH bool
		dcs                   = -1
		pid                   = -1
		srr                   int
		times                 smstime.CIMD2Times
		extBuf                [160]byte
	)
	ext := extBuf[:0]
	for _, pr := range p.Params {
		switch pr.Code {
		case cimd2.ParamDestinationAddress:
			if nDest > 0 {
				dest.WriteByte(';')
			}
			dest.Write(pr.Value)
			nDest++
			continue
		case cimd2.ParamOriginatingAddress:
			orig, hasOrig = pr.Value, true
			continue
		case cimd2.ParamUserDataHeader:
			udhHex, hasUDH = pr.Value, true
			continue
		case cimd2.ParamUserData:
			ud, hasUD = pr.Value, true
			continue
		case cimd2.ParamUserDataBinary:
			udb, hasUDB = pr.Value, true
			continue
		case cimd2.ParamAlphanumericOriginator:
			if !hasOrig {
				orig = pr.Value
			}
			hasAlpha = true
		case cimd2.ParamDataCodingScheme:
			dcs, _ = cimd2.Atoi(pr.Value)
		case cimd2.ParamProtocolIdentifier:
			pid, _ = cimd2.Atoi(pr.Value)
		case cimd2.ParamStatusReportRequest:
			srr, _ = cimd2.Atoi(pr.Value)
		case cimd2.ParamValidityPeriodRelative:
			times.ValidityRelative = string(pr.Value)
		case cimd2.ParamValidityPeriodAbsolute:
			times.ValidityAbsolute = string(pr.Value)
		case cimd2.ParamFirstDeliveryTimeRelative:
			times.DeliveryRelative = string(pr.Value)
		case cimd2.ParamFirstDeliveryTimeAbsolute:
			times.DeliveryAbsolute = string(pr.Value)
		}
		ext = appendCimd2ExtParam(ext, pr.Code, pr.Value)
	}
	switch {
	case nDest == 0:
		refuse(cimd2.ErrCodeDestinationCount)
		return
	case hasOrig && hasAlpha:
		refuse(cimd2.ErrCodeOriginator)
		return
	case hasUD && hasUDB:
		refuse(cimd2.ErrCodeUserDataCombination)
		return
	}
	var udh []byte
	if hasUDH && len(udhHex) > 0 {
		raw, err := text.AppendHexDecode(nil, string(udhHex))
		if err != nil {
			refuse(cimd2.ErrCodeUserDataCombination)
			return
		}
		u, rest, err := multipart.ParseUDH(raw)
		if err != nil || len(rest) != 0 {
			refuse(cimd2.ErrCodeUserDataCombination)
			return
		}
		udh = u
	}
	now := time.Now()
	ts, err := smstime.FromCIMD2(times, now, ss.srv.loc.Load())
	if err != nil {
		if errors.Is(err, smstime.ErrInvalidDeliveryTime) {
			refuse(cimd2.ErrCodeFirstDelivery)
		} else {
			refuse(cimd2.ErrCodeValidityPeriod)
		}
		return
	}

	enc, opts := text.FromCIMD2Fields(dcs, hasUDB)
	var content string
	var data []byte // what the reassembly joins: octets of 034, or the raw 033 text
	if hasUDB {
		data, _ = text.AppendHexDecode(nil, string(udb)) // Check validated the hex
		content, err = text.Decode(enc, data)
		if err != nil {
			enc, content = sms.Et8BitHexadecimal, string(udb)
		}
	} else {
		data = ud
		content, _ = text.DecodeCIMD2UserData(string(ud))
	}
	opts |= text.FromCIMD2StatusReportRequest(srr) | text.FromProtocolID(pid) | ts.Options

	e := &Cimd2SubmitMessageReceivedEventArgs{
		ClientID: ss.c.id, TransactionNumber: uint32(num),
		Destination: dest.String(), Originator: string(orig),
		Content: content, Encoding: enc, Options: opts,
		DeliveryTime: ts.DeliveryTime, ValidityPeriod: ts.ValidityPeriod,
		ExtendedParameters: string(ext),
	}
	if len(udh) > 0 {
		e.UserDataHeader = cimd2Hex(udh)
	}

	hs := ss.srv.h()
	if hs.OnCimd2SubmitMessageReceived == nil && hs.OnCimd2SubmitMessageCompleted == nil {
		ss.answerDefault(uint32(num), pendingReq{cmd: cimd2.OpSubmit}, false)
		return
	}
	ss.partSeq++
	id := ss.partSeq<<16 | uint64(num&0xFFFF)
	// Reassemble before reporting: a part the reassembler cannot hold is
	// refused with 900:10 (temporary congestion), so the client sends it
	// again instead of the host acknowledging a message that cannot complete.
	var ce *Cimd2SubmitMessageCompletedEventArgs
	var ids []uint64
	held := false
	if hs.OnCimd2SubmitMessageCompleted != nil {
		var ok bool
		ce, ids, held, ok = ss.reassemble(e, udh, data, hasUDB, enc, id, now)
		if !ok {
			refuse(cimd2.ErrCodeCongestion)
			return
		}
	}
	// Completed waits for the answers only when a Received handler gives them.
	track := held && hs.OnCimd2SubmitMessageReceived != nil
	if track {
		ss.parts.add(id)
	}
	ss.pending.add(uint32(num), cimd2.OpSubmit, ss.deadline(), &cimd2SubmitRef{id: id, dest: e.Destination})
	if hs.OnCimd2SubmitMessageReceived != nil {
		ss.srv.emit(ss.c, func() {
			ok := false
			if hd := ss.srv.h().OnCimd2SubmitMessageReceived; hd != nil {
				ok = safeCall(&ss.srv.server, "OnCimd2SubmitMessageReceived", func() { hd(e) })
			}
			if !ok || e.Declined() {
				ss.answerDefaultIfPending(uint32(num))
			}
		})
	}
	if ce != nil && (!track || ss.parts.attach(ce, ids)) {
		ss.emitCompleted(ce)
	} // else it fires when the last part is answered (flushCompleted)
}

// cimd2Head is what a long message keeps of its parts until it completes.
type cimd2Head struct {
	first  *Cimd2SubmitMessageReceivedEventArgs // part 1, once it arrived
	report sms.SubmitOption                     // status report asked by any part
}

// reassemble feeds one part to the reassembly. It returns the whole message
// when this part completes it (at once for a message without concatenation
// information) with the ids of its parts in part order; held says whether
// this part belongs to what the reassembler keeps (a repeated or malformed
// part does not), and ok=false that the reassembler is full.
func (ss *cimd2Session) reassemble(e *Cimd2SubmitMessageReceivedEventArgs, udh, data []byte, binary bool, enc sms.Encoding,
	id uint64, now time.Time) (ce *Cimd2SubmitMessageCompletedEventArgs, ids []uint64, held, ok bool) {
	c, concat := multipart.FindConcat(udh)
	if !concat || c.Total <= 1 {
		ids = []uint64{id}
		return newCimd2Completed(e, ids), ids, true, true
	}
	key := multipart.Key{Client: int64(ss.c.id), Originator: e.Originator, Destination: e.Destination, Ref: c.Ref}
	whole, ids, done, dup, err := ss.reasm.Add(now, key, c.Total, c.Seq, data, id)
	if err != nil {
		if errors.Is(err, multipart.ErrFull) {
			return nil, nil, false, false
		}
		// A malformed part (seq 0 or beyond total) cannot join anything; it
		// is still reported as received on its own.
		ss.srv.logger().Warn("multipart part not reassembled", "client", ss.c.id, "err", err)
		return nil, nil, false, true
	}
	// The whole message's header is its first part's, and it asks for a
	// status report if any part did (parts may arrive in any order).
	head := ss.heads[key]
	if head == nil {
		if ss.heads == nil {
			ss.heads = make(map[multipart.Key]*cimd2Head)
		}
		head = &cimd2Head{}
		ss.heads[key] = head
	}
	head.report |= e.Options & sms.SoRequestStatusReport
	if c.Seq == 1 {
		first := *e
		head.first = &first
	}
	if !done {
		return nil, nil, !dup, true
	}
	delete(ss.heads, key)
	base := e
	if head.first != nil {
		base = head.first
	}
	ce = newCimd2Completed(base, ids)
	ce.Options |= head.report
	if binary {
		content, derr := text.Decode(enc, whole)
		if derr != nil {
			enc, content = sms.Et8BitHexadecimal, cimd2Hex(whole)
		}
		ce.Content = content
	} else {
		ce.Content, _ = text.DecodeCIMD2UserData(string(whole))
	}
	ce.Encoding = enc
	ce.UserDataHeader = ""
	if rest := multipart.StripConcat(udh); len(rest) > 0 {
		ce.UserDataHeader = cimd2Hex(rest)
	}
	return ce, ids, true, true
}

// newCimd2Completed copies the received-event arguments (before the host
// can touch them) and numbers the parts.
func newCimd2Completed(e *Cimd2SubmitMessageReceivedEventArgs, ids []uint64) *Cimd2SubmitMessageCompletedEventArgs {
	ce := &Cimd2SubmitMessageCompletedEventArgs{Cimd2SubmitMessageReceivedEventArgs: *e,
		TimeStamps: make([]time.Time, len(ids)), TransactionNumbers: make([]uint32, len(ids))}
	ce.Reply = Reply{}
	for i, id := range ids {
		ce.TransactionNumbers[i] = cimd2PartNumber(id)
	}
	ce.TransactionNumber = ce.TransactionNumbers[0]
	return ce
}

func (ss *cimd2Session) emitCompleted(ce *Cimd2SubmitMessageCompletedEventArgs) {
	ss.srv.emit(ss.c, func() {
		if hd := ss.srv.h().OnCimd2SubmitMessageCompleted; hd != nil {
			safeCall(&ss.srv.server, "OnCimd2SubmitMessageCompleted", func() { hd(ce) })
		}
	})
}

// flushCompleted emits the Completed events whose last part was answered
// since the last look. Only the reading goroutine calls it, so those
// events keep the connection's order and precede OnTcpDisconnected.
func (ss *cimd2Session) flushCompleted() {
	ss.wake.Store(false)
	if ss.parts.nReady.Load() == 0 {
		return
	}
	for _, ce := range ss.parts.takeReady() {
		ss.emitCompleted(ce)
	}
}

func (ss *cimd2Session) reportIncomplete(x multipart.Expired, why string) {
	delete(ss.heads, x.Key)
	for _, id := range x.IDs {
		ss.parts.forget(id)
	}
	if x.Reason == multipart.ReasonDuplicate {
		ss.srv.logger().Debug("repeated parts of a completed message dropped", "client", ss.c.id,
			"originator", x.Key.Originator, "destination", x.Key.Destination, "reference", x.Key.Ref)
		return
	}
	nums := make([]uint32, len(x.IDs))
	for i, id := range x.IDs {
		nums[i] = cimd2PartNumber(id)
	}
	e := &Cimd2SubmitMessageIncompleteEventArgs{ClientID: ss.c.id, Originator: x.Key.Originator, Destination: x.Key.Destination,
		Reference: x.Key.Ref, Total: int32(x.Total), Received: int32(x.Received), TransactionNumbers: nums}
	if ss.srv.h().OnCimd2SubmitMessageIncomplete == nil {
		ss.srv.logger().Warn("incomplete multipart message dropped", "client", ss.c.id, "reason", why,
			"originator", e.Originator, "destination", e.Destination, "reference", e.Reference,
			"parts", e.Total, "received", e.Received)
		return
	}
	ss.srv.emit(ss.c, func() {
		if hd := ss.srv.h().OnCimd2SubmitMessageIncomplete; hd != nil {
			safeCall(&ss.srv.server, "OnCimd2SubmitMessageIncomplete", func() { hd(e) })
		}
	})
}

// cimd2Parts tracks, for OnCimd2SubmitMessageCompleted, which parts the
// host has answered and with which time stamp. Answers arrive on any
// thread; attach and takeReady run on the reading goroutine.
type cimd2Parts struct {
	mu     sync.Mutex
	m      map[uint64]*cimd2Part
	ready  []*Cimd2SubmitMessageCompletedEventArgs
	nReady atomic.Int32
}

type cimd2Part struct {
	answered bool
	ts       time.Time
	msg      *cimd2Waiting // set once the whole message is known
	idx      int           // this part's index in msg
}

type cimd2Waiting struct {
	e       *Cimd2SubmitMessageCompletedEventArgs
	waiting int // parts not answered yet
}

func (t *cimd2Parts) add(id uint64) {
	t.mu.Lock()
	if t.m == nil {
		t.m = make(map[uint64]*cimd2Part)
	}
	t.m[id] = &cimd2Part{}
	t.mu.Unlock()
}

func (t *cimd2Parts) forget(id uint64) {
	t.mu.Lock()
	delete(t.m, id)
	t.mu.Unlock()
}

// answer records a part's answer (ts zero for a refusal). It reports
// whether that completed a waiting message; the caller then wakes the
// reading goroutine.
func (t *cimd2Parts) answer(id uint64, ts time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.m[id]
	if p == nil {
		return false
	}
	if p.msg == nil {
		p.answered, p.ts = true, ts
		return false
	}
	w := p.msg
	w.e.TimeStamps[p.idx] = ts
	delete(t.m, id)
	w.waiting--
	if w.waiting > 0 {
		return false
	}
	t.ready = append(t.ready, w.e)
	t.nReady.Add(1)
	return true
}

// attach links a complete message to its parts. It returns true when every
// part is answered already, so the event can be emitted at once.
func (t *cimd2Parts) attach(e *Cimd2SubmitMessageCompletedEventArgs, ids []uint64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := &cimd2Waiting{e: e}
	for i, id := range ids {
		p := t.m[id]
		if p == nil {
			continue // not tracked (dropped duplicate): nothing to wait for
		}
		if p.answered {
			e.TimeStamps[i] = p.ts
			delete(t.m, id)
			continue
		}
		p.msg, p.idx = w, i
		w.waiting++
	}
	return w.waiting == 0
}

func (t *cimd2Parts) takeReady() []*Cimd2SubmitMessageCompletedEventArgs {
	t.mu.Lock()
	r := t.ready
	t.ready = nil
	t.nReady.Store(0)
	t.mu.Unlock()
	return r
}
