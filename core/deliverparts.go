package core

import (
	"encoding/hex"
	"sync/atomic"

	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

// What the Send*DeliverMessage methods of the three protocols share: a
// message for the client is split into concatenated parts, the parts are
// numbered, and each is sent once the throttle lets it go. Only the
// encoding of one part is the protocol's own.

// decodeHostUDH reads the UserDataHeader a host gives a delivery: hex whose
// first octet (UDHL) counts the octets after it; "" is no header.
func decodeHostUDH(s string) ([]byte, bool) {
	udh, err := hex.DecodeString(s)
	if err != nil || (len(udh) > 0 && int(udh[0])+1 != len(udh)) {
		return nil, false
	}
	return udh, true
}

// parseISOOctets reads the iso-8859=ucs2|8bit option of a UCP or CIMD2
// delivery. Their data coding scheme is GSM's, which has no ISO-8859
// alphabet, so by default such text goes as UCS-2: every character
// arrives, at 70 instead of 140 per message. 8bit sends the charset's own
// octets as 8-bit data instead, for clients that read them as Latin-1,
// Cyrillic or Hebrew (the reference leaves it to the SMSC's configuration).
func parseISOOctets(p Params, proto string) (bool, Code) {
	switch v, _ := p.Get(proto, "iso-8859"); v {
	case "", "ucs2":
		return false, OK
	case "8bit":
		return true, OK
	}
	return false, ErrInvalidArgument
}

// isoAsOctets turns ISO-8859 content into 8-bit data (hex of the
// charset's octets) when the host asked for iso-8859=8bit.
func isoAsOctets(enc sms.Encoding, content string, octets bool) (sms.Encoding, string, Code) {
	if !octets || (enc != sms.EtISO88591 && enc != sms.EtISO88595 && enc != sms.EtISO88598) {
		return enc, content, OK
	}
	b, err := text.Encode(enc, content)
	if err != nil {
		return enc, content, ErrEncodingFailed
	}
	return sms.Et8BitHexadecimal, hex.EncodeToString(b), OK
}

// splitDelivery splits content into the parts of one delivery under the
// session's next concatenation reference. More parts than maxParts
// (maxParts >= 0) is ErrBufferTooSmall, and the parts are still returned:
// the caller reports how many it would take.
func splitDelivery(ref *atomic.Uint32, enc sms.Encoding, content string, udh []byte, mode multipart.Mode,
	maxParts int) ([]multipart.Part, Code) {
	parts, err := multipart.Split(enc, content, udh, mode, uint16(ref.Add(1)))
	if err != nil {
		return nil, CodeOf(err)
	}
	if maxParts >= 0 && len(parts) > maxParts {
		return parts, ErrBufferTooSmall
	}
	return parts, OK
}

// partNumbers numbers the parts of one delivery: from the host's first
// number on, in steps of step, or by next, the session's own counter,
// when the host gave 0.
type partNumbers struct {
	first, step uint32
	next        func() uint32
}

func (n *partNumbers) of(i int) uint32 {
	if n.first == 0 {
		return n.next()
	}
	return n.first + n.step*uint32(i)
}

// deliverParts sends the parts in order, each once c's throttle lets it
// go, numbered by numbers. It stops at the first part that cannot go and
// returns the numbers of the parts sent (so a host learns which went out
// even when a later part failed), how many parts there are, and the
// reason it stopped. send encodes one part and returns the number the
// host will see in the part's answer (CIMD2 may put another on the wire);
// it runs on the caller's goroutine and must not keep p. Each part first
// takes a slot of the window (outstanding.reserve), which send consumes
// (sessionBase.sendRequest).
func deliverParts(b *sessionBase, parts []multipart.Part, numbers partNumbers,
	send func(num uint32, p *multipart.Part) (uint32, Code)) ([]uint32, int, Code) {
	c := b.c
	nums := make([]uint32, 0, len(parts))
	for i := range parts {
		num := numbers.of(i)
		if code := b.out.reserve(c.done); code != OK {
			return nums, len(parts), code
		}
		if !c.paced() {
			b.out.unreserve()
			return nums, len(parts), ErrConnectionClosed
		}
		num, code := send(num, &parts[i])
		if code != OK {
			return nums, len(parts), code
		}
		nums = append(nums, num)
	}
	return nums, len(parts), OK
}
