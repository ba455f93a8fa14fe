package cimd2

import (
	"bytes"

	"github.com/smscserver/libsmscserver/codec/internal/hexdigit"
)

// Reserved octets of the framing.
const (
	STX byte = 0x02
	ETX byte = 0x03
	TAB byte = 0x09
)

// HeaderLen is the length of "STX CC:NNN TAB"; MinLen the shortest packet
// (a header and ETX, no checksum).
const (
	HeaderLen = 8
	MinLen    = HeaderLen + 1
)

// Param is one parameter of a packet. Value aliases the parsed frame.
type Param struct {
	Code  int
	Value []byte
}

// Packet is one parsed CIMD2 packet.
type Packet struct {
	Op       int // operation code 0..99; -1 when the header could not be read
	Number   int // packet number 0..999; -1 when the header could not be read
	Params   []Param
	Checksum int // the received checksum 0..255, -1 when the packet had none
}

// Get returns the value of the first parameter with that code.
func (p *Packet) Get(code int) ([]byte, bool) {
	for i := range p.Params {
		if p.Params[i].Code == code {
			return p.Params[i].Value, true
		}
	}
	return nil, false
}

// Int returns an integer parameter; ok is false when it is absent or not
// an integer.
func (p *Packet) Int(code int) (n int, ok bool) {
	v, found := p.Get(code)
	if !found {
		return 0, false
	}
	return atoi(v)
}

// Count is the number of parameters with that code.
func (p *Packet) Count(code int) int {
	n := 0
	for i := range p.Params {
		if p.Params[i].Code == code {
			n++
		}
	}
	return n
}

// ParseHeader reads "STX CC:NNN" at the start of b.
func ParseHeader(b []byte) (op, number int, ok bool) {
	if len(b) < 7 || b[0] != STX || b[3] != ':' {
		return -1, -1, false
	}
	op, ok1 := digits(b[1:3])
	number, ok2 := digits(b[4:7])
	if !ok1 || !ok2 {
		return -1, -1, false
	}
	return op, number, true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Parse decodes one packet (STX through ETX, as Split returns it) into p,
// reusing p.Params. Values alias frame. On error p.Op and p.Number hold
// what could be read of the header (-1 otherwise), so that a NACK can echo
// the number. Errors: ErrSyntax, ErrChecksum.
func Parse(frame []byte, p *Packet) error {
	p.Params = p.Params[:0]
	p.Checksum = -1
	var ok bool
	p.Op, p.Number, ok = ParseHeader(frame)
	n := len(frame)
	if !ok || n < HeaderLen || frame[n-1] != ETX {
		return ErrSyntax
	}
	inner := frame[1 : n-1]
	if bytes.IndexByte(inner, STX) >= 0 || bytes.IndexByte(inner, ETX) >= 0 {
		return ErrSyntax
	}
	if n == HeaderLen && frame[7] == ETX { // "STX CC:NNN ETX": header only, no TAB
		return nil
	}
	if frame[7] != TAB {
		return ErrSyntax
	}
	body := frame[HeaderLen : n-1]
	sumEnd := HeaderLen // frame[:sumEnd] is covered by the checksum
	for len(body) > 0 {
		i := bytes.IndexByte(body, TAB)
		if i < 0 {
			// The tail after the last TAB: a checksum, or (leniently) a
			// last parameter whose TAB is missing.
			if len(body) == 2 {
				h, ok1 := hexdigit.Value(body[0])
				l, ok2 := hexdigit.Value(body[1])
				if !ok1 || !ok2 {
					return ErrSyntax
				}
				p.Checksum = int(h<<4 | l)
				break
			}
			code, ok := paramCode(body)
			if !ok {
				return ErrSyntax
			}
			p.Params = append(p.Params, Param{Code: code, Value: body[4:len(body):len(body)]})
			break
		}
		code, ok := paramCode(body[:i])
		if !ok {
			return ErrSyntax
		}
		p.Params = append(p.Params, Param{Code: code, Value: body[4:i:i]})
		body = body[i+1:]
		sumEnd += i + 1
	}
	if p.Checksum >= 0 && int(Checksum(frame[:sumEnd])) != p.Checksum {
		return ErrChecksum
	}
	return nil
}

// paramCode reads "PPP:" at the start of item.
func paramCode(item []byte) (int, bool) {
	if len(item) < 4 || item[3] != ':' {
		return 0, false
	}
	return digits(item[:3])
}

// Checksum is the CIMD2 checksum of b: the sum of its octets modulo 256.
// For a packet, b runs from STX through the last TAB.
func Checksum(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return s
}

// AppendHeader appends "STX CC:NNN TAB". op must be 0..99, number 0..999.
func AppendHeader(dst []byte, op, number int) []byte {
	return append(dst, STX, byte('0'+op/10%10), byte('0'+op%10), ':',
		byte('0'+number/100%10), byte('0'+number/10%10), byte('0'+number%10), TAB)
}

// AppendParam appends "PPP:value TAB". value must not contain reserved
// octets (see ValidValue).
func AppendParam(dst []byte, code int, value []byte) []byte {
	dst = appendCode(dst, code)
	dst = append(dst, value...)
	return append(dst, TAB)
}

// AppendParamString is AppendParam for a string value.
func AppendParamString(dst []byte, code int, value string) []byte {
	dst = appendCode(dst, code)
	dst = append(dst, value...)
	return append(dst, TAB)
}

// AppendParamInt appends an integer parameter in decimal.
func AppendParamInt(dst []byte, code int, v int) []byte {
	dst = appendCode(dst, code)
	if v < 0 {
		dst = append(dst, '-')
		v = -v
	}
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	dst = append(dst, buf[i:]...)
	return append(dst, TAB)
}

// AppendParamHex appends a hex parameter (upper case) holding b.
func AppendParamHex(dst []byte, code int, b []byte) []byte {
	dst = appendCode(dst, code)
	for _, c := range b {
		dst = hexdigit.AppendByte(dst, c)
	}
	return append(dst, TAB)
}

func appendCode(dst []byte, code int) []byte {
	return append(dst, byte('0'+code/100%10), byte('0'+code/10%10), byte('0'+code%10), ':')
}

// AppendTrailer closes the packet that starts at dst[start] (its STX): the
// checksum of dst[start:] in upper-case hex, then ETX.
func AppendTrailer(dst []byte, start int) []byte {
	s := Checksum(dst[start:])
	return append(hexdigit.AppendByte(dst, s), ETX)
}

// Append writes p as a packet with a checksum. p.Op and p.Number must be in
// range and the values free of reserved octets.
func (p *Packet) Append(dst []byte) []byte {
	start := len(dst)
	dst = AppendHeader(dst, p.Op, p.Number)
	for _, pr := range p.Params {
		dst = AppendParam(dst, pr.Code, pr.Value)
	}
	return AppendTrailer(dst, start)
}
