package text

import (
	"unicode/utf8"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// CIMD2 user data (parameter 033) is GSM text written in printable ASCII:
// GSM characters without an ASCII twin are "_" + two characters, an
// extension character is "_XX" + the form of its second septet
// (docs/protocols.md, "CIMD2 / User-data character conversion (033)";
// Kannel smsc_cimd2.c cimd_combinations).

// cimdCombo[septet] is the two characters after '_' ("" = none).
var cimdCombo = [128]string{
	0x00: "Oa", 0x01: "L-", 0x03: "Y-", 0x04: "e`", 0x05: "e'", 0x06: "u`", 0x07: "i`",
	0x08: "o`", 0x09: "C,", 0x0B: "O/", 0x0C: "o/", 0x0E: "A*", 0x0F: "a*",
	0x10: "gd", 0x11: "--", 0x12: "gf", 0x13: "gg", 0x14: "gl", 0x15: "go", 0x16: "gp",
	0x17: "gi", 0x18: "gs", 0x19: "gt", 0x1A: "gx", 0x1B: "XX", 0x1C: "AE", 0x1D: "ae",
	0x1E: "ss", 0x1F: "E'", 0x22: "qq", 0x24: "ox", 0x40: "!!",
	0x5B: `A"`, 0x5C: `O"`, 0x5D: "N~", 0x5E: `U"`, 0x5F: "so", 0x60: "??",
	0x7B: `a"`, 0x7C: `o"`, 0x7D: "n~", 0x7E: `u"`, 0x7F: "a`",
}

// cimdFromCombo maps the two characters after '_' to a septet.
var cimdFromCombo = map[[2]byte]byte{}

func init() {
	for s, c := range cimdCombo {
		if c != "" {
			cimdFromCombo[[2]byte{c[0], c[1]}] = byte(s)
		}
	}
	cimdFromCombo[[2]byte{'e', '"'}] = 0x05 // é as one copy of the spec writes it
}

// EncodeCIMD2UserData encodes Content (UTF-8) as a CIMD2 033 value.
// Characters outside GSM 03.38 give ErrUnencodable (send those as UCS-2 in
// 034 instead). "Hello @{€]ä" -> `Hello _Oa_XX(_XXe_XX>_a"`.
func EncodeCIMD2UserData(content string) (string, error) {
	var buf [256]byte
	septets, err := appendGSM(buf[:0], content)
	if err != nil {
		return "", err
	}
	return string(AppendCIMD2Septets(make([]byte, 0, len(septets)+len(septets)/2), septets)), nil
}

// AppendCIMD2Septets appends the 033 form of unpacked GSM septets (as made by
// Encode(Et7BitText, ...) and Split) to dst: each septet's "_xx" combination,
// GSM '$' (0x02) as '$', ESC as "_XX", and every other septet as the ASCII
// character of the same code (LF and CR included). Octets above 0x7F are not
// septets; only their low 7 bits are used.
func AppendCIMD2Septets(dst []byte, septets []byte) []byte {
	for _, s := range septets {
		s &= 0x7F
		switch {
		case cimdCombo[s] != "":
			dst = append(dst, '_')
			dst = append(dst, cimdCombo[s]...)
		case s == 0x02:
			dst = append(dst, '$')
		default:
			dst = append(dst, s)
		}
	}
	return dst
}

// DecodeCIMD2UserData decodes a received 033 value into Content. It follows
// Kannel (convert_cimd2_to_gsm), which is what deployed CIMD2 clients are
// tested against, and never fails:
//   - "_" + a known pair is that GSM character ("_e\"" is also é); "_XX"
//     makes the next character an extension-table code ("_XX(" is '{');
//   - '@' is @, '$' is $, ']' is Å and '}' is å (the 7-bit national
//     variant CIMD2 inherited); every other ASCII octet is the GSM character
//     with that code, so '[' '\' '^' '{' '|' '~' '`' read as Ä Ö Ü ä ö ü ¿;
//   - an '_' not starting a known combination is an underscore (Kannel keeps
//     the octet, which would read as '§'; a sender that does not escape
//     means '_');
//   - octets >= 0x80 are 8-bit characters (the spec allows Latin-1 on 8-bit
//     links): the value is read as UTF-8 when it is valid UTF-8, else as
//     ISO-8859-1.
func DecodeCIMD2UserData(s string) (string, error) {
	out := make([]byte, 0, len(s)+len(s)/4)
	utf8Mode := !isASCII(s) && utf8.ValidString(s)
	esc := false // the previous septet was ESC
	emit := func(septet byte) {
		switch {
		case esc:
			esc = false
			switch {
			case septet == GSMEscape:
				out = append(out, ' ')
			case gsmExt[septet] != 0:
				out = appendRune(out, gsmExt[septet])
			default:
				out = appendRune(out, gsmBasic[septet])
			}
		case septet == GSMEscape:
			esc = true
		default:
			out = appendRune(out, gsmBasic[septet])
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x80:
			r, size := rune(c), 1
			if utf8Mode {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			esc = false // ESC before a non-GSM character: show the character (23.038)
			out = appendRune(out, r)
			i += size
			continue
		case c == '_' && i+2 < len(s):
			if sep, ok := cimdFromCombo[[2]byte{s[i+1], s[i+2]}]; ok {
				emit(sep)
				i += 3
				continue
			}
			emit(0x11) // plain underscore
		case c == '_':
			emit(0x11)
		case c == '@':
			emit(0x00)
		case c == '$':
			emit(0x02)
		case c == ']':
			emit(0x0E)
		case c == '}':
			emit(0x0F)
		default:
			emit(c)
		}
		i++
	}
	if esc {
		out = append(out, ' ')
	}
	return string(out), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// CIMD2Fields says how to send enc: the data coding scheme for 030 (-1 =
// leave the parameter out, as Kannel does for plain GSM text) and whether
// the data goes in 034 as hex (binary) or in 033 as CIMD text. GSM text
// uses 033; every other encoding — the ISO ones as UCS-2, see GSMEncoding —
// uses 034.
func CIMD2Fields(enc sms.Encoding, opts sms.SubmitOption) (dcs int, binary bool) {
	d := GSMDCS(enc, opts)
	binary = GSMEncoding(enc) != sms.Et7BitText
	if d == 0 && !binary {
		return -1, false
	}
	return int(d), binary
}

// FromCIMD2Fields maps a received 030 (-1 = absent) and which user data
// parameter was used (binary: 034, else 033) to an encoding and class
// options. 033 is GSM text whatever 030's alphabet says (only its class
// bits count). 034 is 8-bit data unless 030 says UCS-2 or WAP (0xF5); with
// a 7-bit DCS it stays 8-bit, because whether 034 then holds packed or
// unpacked septets cannot be known and hex keeps the octets.
func FromCIMD2Fields(dcs int, binary bool) (sms.Encoding, sms.SubmitOption) {
	enc, opts := sms.Et8BitHexadecimal, sms.SubmitOption(0)
	if dcs >= 0 && dcs <= 0xFF {
		enc, opts = FromGSMDCS(byte(dcs))
	}
	if !binary {
		return sms.Et7BitText, opts
	}
	if enc == sms.EtUCS2Text || enc == sms.EtWAPPushOrMMS {
		return enc, opts
	}
	return sms.Et8BitHexadecimal, opts
}
