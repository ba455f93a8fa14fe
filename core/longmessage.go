package core

import (
	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

// What the protocols share to report a long message their client
// submitted in parts as one whole message (the Completed events).

// longMessageHeads keeps, for each long message being reassembled, what
// its Completed event takes from the parts besides the text: part 1's
// event arguments (the message's header) and whether any part asked for a
// status report. Kannel asks on part 1 only, and parts may arrive in any
// order. E is the protocol's Received event arguments.
type longMessageHeads[E any] map[multipart.Key]*longMessageHead[E]

type longMessageHead[E any] struct {
	first  *E               // part 1's arguments, once it arrived
	report sms.SubmitOption // SoRequestStatusReport when any part asked
}

// note records part seq of the message key, with its event arguments e
// and options.
func (m *longMessageHeads[E]) note(key multipart.Key, seq uint8, e *E, opts sms.SubmitOption) {
	if *m == nil {
		*m = make(longMessageHeads[E])
	}
	head := (*m)[key]
	if head == nil {
		head = &longMessageHead[E]{}
		(*m)[key] = head
	}
	head.report |= opts & sms.SoRequestStatusReport
	if seq == 1 {
		first := *e
		head.first = &first
	}
}

// complete forgets the completed message key and returns the arguments
// its event starts from (part 1's, or last when part 1 never arrived under
// this key) and the status report option of its parts.
func (m longMessageHeads[E]) complete(key multipart.Key, last *E) (*E, sms.SubmitOption) {
	head := m[key]
	delete(m, key)
	if head == nil {
		return last, 0
	}
	if head.first == nil {
		return last, head.report
	}
	return head.first, head.report
}

// droppedQuietly tells whether a long message given up goes without an
// Incomplete event, and logs it then: repeats of a message already
// completed (a retransmission: nothing was lost) quietly, a lost message no
// handler hears of (handled false) as a warning.
func (s *server) droppedQuietly(client int32, x multipart.Expired, why string, handled bool) bool {
	switch {
	case x.Reason == multipart.ReasonDuplicate:
		s.logger().Debug("repeated parts of a completed message dropped", "client", client,
			"originator", x.Key.Originator, "destination", x.Key.Destination, "reference", x.Key.Ref)
		return true
	case !handled:
		s.logger().Warn("incomplete multipart message dropped", "client", client, "reason", why,
			"originator", x.Key.Originator, "destination", x.Key.Destination, "reference", x.Key.Ref,
			"parts", x.Total, "received", x.Received)
		return true
	}
	return false
}

// decodeText decodes a message's octets in enc. Octets that do not decode
// are given as hex (Et8BitHexadecimal) rather than lost.
func decodeText(enc sms.Encoding, data []byte) (string, sms.Encoding) {
	content, err := text.Decode(enc, data)
	if err != nil {
		return upperHex(data), sms.Et8BitHexadecimal
	}
	return content, enc
}

// udhWithoutConcat is a whole message's UserDataHeader: its parts' UDH
// without the concatenation IE, in hex; "" when nothing else remains.
func udhWithoutConcat(udh []byte) string {
	if rest := multipart.StripConcat(udh); len(rest) > 0 {
		return upperHex(rest)
	}
	return ""
}
