package ucp

import (
	"bytes"

	"github.com/smscserver/libsmscserver/codec/internal/hexdigit"
)

// Frame delimiters (not part of LEN or the checksum).
const (
	STX byte = 0x02
	ETX byte = 0x03
)

// Kind is the O|R field of the header.
type Kind byte

const (
	Operation Kind = 'O'
	Result    Kind = 'R'
)

// Operation types (Wireshark vals_hdr_OT).
const (
	OTCallInput              = 1
	OTMultipleAddressCall    = 2
	OTCallInputSupplementary = 3
	OTSMSMessageTransfer     = 30
	OTAlert                  = 31
	OTSubmitSM               = 51
	OTDeliverSM              = 52
	OTDeliverNotification    = 53
	OTModifyMessage          = 54
	OTInquiryMessage         = 55
	OTDeleteMessage          = 56
	OTResponseInquiry        = 57
	OTResponseDelete         = 58
	OTSessionManagement      = 60
	OTListManagement         = 61
)

const (
	// HeaderLen is the length of "TT/LLLLL/O/OT/".
	HeaderLen = 14
	// MinLen is the shortest frame: a header and a checksum, no fields.
	MinLen = HeaderLen + 2
	// MaxLen is the largest LEN the 5-digit field can hold.
	MaxLen = 99999
)

// Header is the fixed part of a frame.
type Header struct {
	TRN  int  // 0..99
	Len  int  // the LEN field as received (== len(Text) after a successful Parse)
	Kind Kind // Operation or Result
	OT   int  // 0..99
}

// Frame is one parsed frame. Text and Fields alias the buffer given to Parse.
type Frame struct {
	Header
	// Fields are the data fields between the OT and the checksum, without
	// their '/' separators. An empty field is an empty (non-nil) slice.
	Fields [][]byte
	// Text is the frame without STX and ETX.
	Text []byte
}

// Data is the data part of the frame: every field followed by its '/',
// i.e. everything between "OT/" and the checksum ("" when no fields).
func (f *Frame) Data() []byte {
	if len(f.Text) < MinLen {
		return nil
	}
	return f.Text[HeaderLen : len(f.Text)-2]
}

// Field returns field i, or nil when the frame has fewer fields.
func (f *Frame) Field(i int) []byte {
	if i < 0 || i >= len(f.Fields) {
		return nil
	}
	return f.Fields[i]
}

// Parse splits one frame. b may include the STX and ETX. Errors are *Error
// (ECChecksum or ECSyntax) describing as much of the header as was readable.
// A reused Frame parses without allocating.
func (f *Frame) Parse(b []byte) error {
	if len(b) > 0 && b[0] == STX {
		b = b[1:]
	}
	if len(b) > 0 && b[len(b)-1] == ETX {
		b = b[:len(b)-1]
	}
	f.Header = Header{}
	f.Fields = f.Fields[:0]
	f.Text = b

	// Header fields, read leniently first so an error can name the TRN/OT.
	var hdr [4][]byte
	rest := b
	n := 0
	for ; n < 4; n++ {
		j := bytes.IndexByte(rest, '/')
		if j < 0 {
			break
		}
		hdr[n], rest = rest[:j], rest[j+1:]
	}
	trn, okTRN := num2(hdr[0])
	ot, okOT := -1, false
	kind := Kind(0)
	if n >= 3 && len(hdr[2]) == 1 && (hdr[2][0] == 'O' || hdr[2][0] == 'R') {
		kind = Kind(hdr[2][0])
	}
	if n == 4 {
		ot, okOT = num2(hdr[3])
	}
	headerOK := okTRN && okOT && kind != 0
	fail := func(ec int, msg string) error {
		e := &Error{EC: ec, Msg: msg, HeaderOK: headerOK, TRN: -1, OT: -1, Kind: kind}
		if okTRN {
			e.TRN = trn
		}
		if okOT {
			e.OT = ot
		}
		return e
	}
	if !headerOK || len(hdr[1]) != 5 {
		return fail(ECSyntax, "malformed header")
	}
	declared, ok := num(hdr[1])
	if !ok {
		return fail(ECSyntax, "LEN is not numeric")
	}
	f.TRN, f.Len, f.Kind, f.OT = trn, declared, kind, ot

	// Checksum: two hex digits after the last '/'.
	k := bytes.LastIndexByte(b, '/')
	cc := b[k+1:]
	want, okCC := hexByte(cc)
	if !okCC {
		return fail(ECChecksum, "missing or malformed checksum")
	}
	if Checksum(b[:k+1]) != want {
		return fail(ECChecksum, "checksum mismatch")
	}
	if declared != len(b) {
		return fail(ECSyntax, "LEN does not match the frame length")
	}
	// The header is exactly "TT/LLLLL/O/OT/" now; fields follow.
	data := b[HeaderLen : k+1]
	for len(data) > 0 {
		j := bytes.IndexByte(data, '/')
		f.Fields = append(f.Fields, data[:j:j])
		data = data[j+1:]
	}
	return nil
}

// Checksum is the UCP checksum of b: the sum of its octets mod 256.
func Checksum(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return s
}

func hexByte(b []byte) (byte, bool) {
	if len(b) != 2 {
		return 0, false
	}
	h, ok1 := hexdigit.Value(b[0])
	l, ok2 := hexdigit.Value(b[1])
	return h<<4 | l, ok1 && ok2
}

func num2(b []byte) (int, bool) {
	if len(b) != 2 {
		return 0, false
	}
	return num(b)
}

// num reads a decimal field of 1..9 digits.
func num(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Num reads a decimal field (1..9 digits); ok is false for an empty or
// non-numeric field.
func Num(b []byte) (n int, ok bool) { return num(b) }

// Scan finds the first frame in a stream buffer. skip is the number of
// octets before its STX (line noise, to be dropped); n is the frame's length
// from STX through ETX, 0 when it is not complete yet. With no STX at all,
// skip is len(b). max bounds a frame (STX and ETX included); a longer one is
// ErrTooLong. An ETX before any STX is ErrNoSTX, a second STX before the ETX
// ErrNoETX: the peer does not frame its data and the stream cannot be
// trusted any more.
func Scan(b []byte, max int) (skip, n int, err error) {
	s := bytes.IndexByte(b, STX)
	if s < 0 {
		if bytes.IndexByte(b, ETX) >= 0 {
			return 0, 0, ErrNoSTX
		}
		return len(b), 0, nil
	}
	if bytes.IndexByte(b[:s], ETX) >= 0 {
		return 0, 0, ErrNoSTX
	}
	body := b[s+1:]
	e := bytes.IndexByte(body, ETX)
	if e < 0 {
		if bytes.IndexByte(body, STX) >= 0 {
			return 0, 0, ErrNoETX
		}
		if len(body)+1 > max {
			return 0, 0, ErrTooLong
		}
		return s, 0, nil
	}
	if bytes.IndexByte(body[:e], STX) >= 0 {
		return 0, 0, ErrNoETX
	}
	if e+2 > max {
		return 0, 0, ErrTooLong
	}
	return s, e + 2, nil
}

// Begin appends STX and the header "TT/00000/K/OT/" to dst; the frame
// starts at len(dst) as passed in (remember it for End). trn and ot are
// taken mod 100.
func Begin(dst []byte, trn int, kind Kind, ot int) []byte {
	trn, ot = mod100(trn), mod100(ot)
	return append(dst, STX, byte('0'+trn/10), byte('0'+trn%10), '/', '0', '0', '0', '0', '0', '/',
		byte(kind), '/', byte('0'+ot/10), byte('0'+ot%10), '/')
}

func mod100(n int) int {
	n %= 100
	if n < 0 {
		n += 100
	}
	return n
}

// AppendField appends one field and its '/'.
func AppendField(dst []byte, f []byte) []byte {
	dst = append(dst, f...)
	return append(dst, '/')
}

// AppendFieldString appends one field and its '/'.
func AppendFieldString(dst []byte, f string) []byte {
	dst = append(dst, f...)
	return append(dst, '/')
}

// AppendFieldHex appends b as upper-case hex and a '/' (AMsg, TMsg, PWD).
func AppendFieldHex(dst []byte, b []byte) []byte {
	for _, c := range b {
		dst = hexdigit.AppendByte(dst, c)
	}
	return append(dst, '/')
}

// AppendFieldInt appends v in decimal, zero-padded to width digits, and a '/'.
func AppendFieldInt(dst []byte, v int, width int) []byte {
	var buf [20]byte
	i := len(buf)
	if v < 0 {
		v = 0
	}
	for v > 0 || i == len(buf) {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	for len(buf)-i < width && i > 0 {
		i--
		buf[i] = '0'
	}
	dst = append(dst, buf[i:]...)
	return append(dst, '/')
}

// End completes the frame that Begin started at start: it writes LEN,
// appends the checksum and the ETX. A frame over MaxLen gives ErrLenLimit
// and dst cut back to start.
func End(dst []byte, start int) ([]byte, error) {
	text := dst[start+1:]
	l := len(text) + 2
	if l > MaxLen || len(dst) < start+MinLen-1 {
		return dst[:start], ErrLenLimit
	}
	lf := dst[start+4 : start+9]
	for i := 4; i >= 0; i-- {
		lf[i] = byte('0' + l%10)
		l /= 10
	}
	cs := Checksum(dst[start+1:])
	return append(hexdigit.AppendByte(dst, cs), ETX), nil
}

// AppendFrame appends a whole frame with the given fields.
func AppendFrame(dst []byte, trn int, kind Kind, ot int, fields ...[]byte) ([]byte, error) {
	start := len(dst)
	dst = Begin(dst, trn, kind, ot)
	for _, f := range fields {
		dst = AppendField(dst, f)
	}
	return End(dst, start)
}

// ValidField reports whether s can be sent as a field value: no '/', STX or
// ETX, which would break the frame.
func ValidField(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', STX, ETX:
			return false
		}
	}
	return true
}

// HasMVP reports whether results of ot carry the MVP field (A/MVP/SM): OT 30
// and the 50 series. Other results are A/SM.
func HasMVP(ot int) bool { return ot == OTSMSMessageTransfer || (ot >= 51 && ot <= 58) }

// AppendACK appends a positive result: "A/MVP/SM" for OTs with MVP,
// "A/SM" otherwise (mvp ignored).
func AppendACK(dst []byte, trn, ot int, mvp, sm []byte) ([]byte, error) {
	start := len(dst)
	dst = Begin(dst, trn, Result, ot)
	dst = append(dst, 'A', '/')
	if HasMVP(ot) {
		dst = AppendField(dst, mvp)
	}
	dst = AppendField(dst, sm)
	return End(dst, start)
}

// AppendNACK appends a negative result "N/EC/SM"; ec is written with two
// digits (taken mod 100).
func AppendNACK(dst []byte, trn, ot, ec int, sm []byte) ([]byte, error) {
	start := len(dst)
	dst = Begin(dst, trn, Result, ot)
	dst = append(dst, 'N', '/')
	dst = AppendFieldInt(dst, mod100(ec), 2)
	dst = AppendField(dst, sm)
	return End(dst, start)
}
