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

// onSubmit handles a submit message (03): it reads and checks the
// parameters, then reports the message. Refusals carry the 900 code of the
// offending parameter (docs/protocols.md, "CIMD2 error codes").
func (ss *cimd2Session) onSubmit(p *cimd2.Packet) {
	num := p.Number
	if ss.state.Load() != cimd2StLoggedIn {
		ss.refuseSubmit(num, cimd2.ErrCodeUnexpectedOperation)
		return
	}
	if pe := p.Check(); pe != nil {
		ss.srv.stats.malformed.Add(1)
		ss.refuseSubmit(num, pe.SubmitErrorCode())
		return
	}
	var sub cimd2Submit
	var extBuf [160]byte
	ext := sub.read(p, extBuf[:0])
	udh, code := sub.validate()
	if code != 0 {
		ss.refuseSubmit(num, code)
		return
	}
	now := time.Now()
	ts, err := smstime.FromCIMD2(sub.times, now, ss.srv.loc.Load())
	if err != nil {
		code := cimd2.ErrCodeValidityPeriod
		if errors.Is(err, smstime.ErrInvalidDeliveryTime) {
			code = cimd2.ErrCodeFirstDelivery
		}
		ss.refuseSubmit(num, code)
		return
	}
	ts.ValidityPeriod = capRelativeValidity(ts.ValidityPeriod, ts.Options, now)
	ss.reportSubmit(num, &sub, string(ext), udh, ts, now)
}

func (ss *cimd2Session) refuseSubmit(num, code int) {
	ss.sendStdError(cimd2.OpSubmitResponse, num, code)
}

// cimd2Submit is a submit message (03) as its parameters give it. The
// slices alias the received packet.
type cimd2Submit struct {
	dest                  strings.Builder // the 021s, joined by ';'
	nDest                 int
	orig                  []byte // 023, or 027 when there is no 023
	hasOrig, hasAlpha     bool
	ud, udb, udhHex       []byte // 033, 034, 032
	hasUD, hasUDB, hasUDH bool
	dcs, pid, srr         int // 030, 052, 056; -1 for an absent 030 or 052
	times                 smstime.CIMD2Times
}

// read collects the parameters of p, which Check has validated, and
// appends the others to ext as ExtendedParameters.
func (sub *cimd2Submit) read(p *cimd2.Packet, ext []byte) []byte {
	sub.dcs, sub.pid = -1, -1
	for _, pr := range p.Params {
		switch pr.Code {
		case cimd2.ParamDestinationAddress:
			if sub.nDest > 0 {
				sub.dest.WriteByte(';')
			}
			sub.dest.Write(pr.Value)
			sub.nDest++
			continue
		case cimd2.ParamOriginatingAddress:
			sub.orig, sub.hasOrig = pr.Value, true
			continue
		case cimd2.ParamUserDataHeader:
			sub.udhHex, sub.hasUDH = pr.Value, true
			continue
		case cimd2.ParamUserData:
			sub.ud, sub.hasUD = pr.Value, true
			continue
		case cimd2.ParamUserDataBinary:
			sub.udb, sub.hasUDB = pr.Value, true
			continue
		}
		sub.readOther(pr.Code, pr.Value)
		ext = appendCimd2ExtParam(ext, pr.Code, pr.Value)
	}
	return ext
}

// readOther reads a parameter that ExtendedParameters repeats.
func (sub *cimd2Submit) readOther(code int, v []byte) {
	switch code {
	case cimd2.ParamAlphanumericOriginator:
		if !sub.hasOrig {
			sub.orig = v
		}
		sub.hasAlpha = true
	case cimd2.ParamDataCodingScheme:
		sub.dcs, _ = cimd2.Atoi(v)
	case cimd2.ParamProtocolIdentifier:
		sub.pid, _ = cimd2.Atoi(v)
	case cimd2.ParamStatusReportRequest:
		sub.srr, _ = cimd2.Atoi(v)
	case cimd2.ParamValidityPeriodRelative:
		sub.times.ValidityRelative = string(v)
	case cimd2.ParamValidityPeriodAbsolute:
		sub.times.ValidityAbsolute = string(v)
	case cimd2.ParamFirstDeliveryTimeRelative:
		sub.times.DeliveryRelative = string(v)
	case cimd2.ParamFirstDeliveryTimeAbsolute:
		sub.times.DeliveryAbsolute = string(v)
	}
}

// validate checks what Check cannot see in one parameter alone and decodes
// the UDH. It returns the 900 code of a refusal, or 0.
func (sub *cimd2Submit) validate() (udh []byte, refusal int) {
	switch {
	case sub.nDest == 0:
		return nil, cimd2.ErrCodeDestinationCount
	case sub.hasOrig && sub.hasAlpha:
		return nil, cimd2.ErrCodeOriginator
	case sub.hasUD && sub.hasUDB:
		return nil, cimd2.ErrCodeUserDataCombination
	}
	if !sub.hasUDH || len(sub.udhHex) == 0 {
		return nil, 0
	}
	raw, err := text.AppendHexDecode(nil, string(sub.udhHex))
	if err != nil {
		return nil, cimd2.ErrCodeUserDataCombination
	}
	udh, rest, err := multipart.ParseUDH(raw)
	if err != nil || len(rest) != 0 {
		return nil, cimd2.ErrCodeUserDataCombination
	}
	return udh, 0
}

// content decodes the text: 034 octets in the DCS's encoding (as hex when
// they do not decode), or 033 with its CIMD escapes. data is what the
// reassembly joins: the octets of 034, or the raw 033 text.
func (sub *cimd2Submit) content(enc sms.Encoding) (content string, _ sms.Encoding, data []byte) {
	if !sub.hasUDB {
		content, _ = text.DecodeCIMD2UserData(string(sub.ud))
		return content, enc, sub.ud
	}
	data, _ = text.AppendHexDecode(nil, string(sub.udb)) // Check validated the hex
	content, err := text.Decode(enc, data)
	if err != nil {
		return string(sub.udb), sms.Et8BitHexadecimal, data
	}
	return content, enc, data
}

// reportSubmit reports OnCimd2SubmitMessageReceived and feeds the
// reassembly that reports OnCimd2SubmitMessageCompleted.
func (ss *cimd2Session) reportSubmit(num int, sub *cimd2Submit, ext string, udh []byte, ts smstime.Times, now time.Time) {
	enc, opts := text.FromCIMD2Fields(sub.dcs, sub.hasUDB)
	content, enc, data := sub.content(enc)
	opts |= text.FromCIMD2StatusReportRequest(sub.srr) | text.FromProtocolID(sub.pid) | ts.Options
	e := &Cimd2SubmitMessageReceivedEventArgs{
		ClientID: ss.c.id, TransactionNumber: uint32(num),
		Destination: sub.dest.String(), Originator: string(sub.orig),
		Content: content, Encoding: enc, Options: opts,
		DeliveryTime: ts.DeliveryTime, ValidityPeriod: ts.ValidityPeriod,
		ExtendedParameters: ext,
	}
	if len(udh) > 0 {
		e.UserDataHeader = upperHex(udh)
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
		ce, ids, held, ok = ss.reassemble(e, udh, data, sub.hasUDB, enc, id, now)
		if !ok {
			ss.refuseSubmit(num, cimd2.ErrCodeCongestion)
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
		ss.emitSubmitReceived(num, e)
	}
	if ce != nil && (!track || ss.parts.attach(ce, ids)) {
		ss.emitCompleted(ce)
	} // else it fires when the last part is answered (flushCompleted)
}

func (ss *cimd2Session) emitSubmitReceived(num int, e *Cimd2SubmitMessageReceivedEventArgs) {
	ss.srv.emit(ss.c, &e.ClientID, func() {
		ok := false
		if hd := ss.srv.h().OnCimd2SubmitMessageReceived; hd != nil {
			ok = safeCall(&ss.srv.server, "OnCimd2SubmitMessageReceived", func() { hd(e) })
		}
		if !ok || e.Declined() {
			ss.answerDefaultIfPending(uint32(num))
		}
	})
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
	ss.heads.note(key, c.Seq, e, e.Options)
	if !done {
		return nil, nil, !dup, true
	}
	base, report := ss.heads.complete(key, e)
	ce = newCimd2Completed(base, ids)
	ce.Options |= report
	if binary {
		ce.Content, ce.Encoding = decodeText(enc, whole)
	} else {
		ce.Content, _ = text.DecodeCIMD2UserData(string(whole))
		ce.Encoding = enc
	}
	ce.UserDataHeader = udhWithoutConcat(udh)
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
	ss.srv.emit(ss.c, &ce.ClientID, func() {
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
	if ss.srv.droppedQuietly(ss.c.id, x, why, ss.srv.h().OnCimd2SubmitMessageIncomplete != nil) {
		return
	}
	nums := make([]uint32, len(x.IDs))
	for i, id := range x.IDs {
		nums[i] = cimd2PartNumber(id)
	}
	e := &Cimd2SubmitMessageIncompleteEventArgs{ClientID: ss.c.id, Originator: x.Key.Originator, Destination: x.Key.Destination,
		Reference: x.Key.Ref, Total: int32(x.Total), Received: int32(x.Received), TransactionNumbers: nums}
	// An Incomplete event reports what the connection left behind, often
	// because it ended: it keeps the real ClientID, as OnTcpDisconnected does.
	ss.srv.emit(ss.c, nil, func() {
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
