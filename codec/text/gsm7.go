package text

import (
	"unicode/utf8"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// GSM 03.38 / 3GPP TS 23.038 default alphabet, one septet per entry.
// 0x1B is the escape to the extension table, not a character; 0x09 is
// U+00C7 (capital C cedilla) as in unicode.org GSM0338.TXT.
var gsmBasic = [128]rune{
	'@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
	'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', 0, 'Æ', 'æ', 'ß', 'É',
	' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	'¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
	'¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
}

// gsmExt is the extension table: the character of ESC followed by the index.
// Zero entries are undefined codes.
var gsmExt = [128]rune{
	0x0A: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2F: '\\',
	0x3C: '[', 0x3D: '~', 0x3E: ']', 0x40: '|', 0x65: '€',
}

// GSMEscape is the septet that introduces an extension-table character.
const GSMEscape = 0x1B

// Encoding lookup for runes below 0x100 (ASCII and Latin-1 cover all but 11
// GSM characters): 0 = not in GSM, otherwise gsmValid | [gsmIsExt] | septet.
const (
	gsmValid = 0x8000
	gsmIsExt = 0x0100
)

var gsmFromLatin [256]uint16

func init() {
	for s, r := range gsmBasic {
		if s != GSMEscape && r < 256 {
			gsmFromLatin[r] = gsmValid | uint16(s)
		}
	}
	for s, r := range gsmExt {
		if r != 0 && r < 256 {
			gsmFromLatin[r] = gsmValid | gsmIsExt | uint16(s)
		}
	}
}

// gsmLookup returns the septet for r and whether it needs the escape.
func gsmLookup(r rune) (septet byte, ext bool, ok bool) {
	if r < 256 {
		v := gsmFromLatin[r]
		return byte(v), v&gsmIsExt != 0, v != 0
	}
	switch r { // the characters outside Latin-1: Greek capitals and the euro sign
	case 'Δ':
		return 0x10, false, true
	case 'Φ':
		return 0x12, false, true
	case 'Γ':
		return 0x13, false, true
	case 'Λ':
		return 0x14, false, true
	case 'Ω':
		return 0x15, false, true
	case 'Π':
		return 0x16, false, true
	case 'Ψ':
		return 0x17, false, true
	case 'Σ':
		return 0x18, false, true
	case 'Θ':
		return 0x19, false, true
	case 'Ξ':
		return 0x1A, false, true
	case '€':
		return 0x65, true, true
	}
	return 0, false, false
}

// IsGSM reports whether r is in the GSM default alphabet or its extension table.
func IsGSM(r rune) bool {
	_, _, ok := gsmLookup(r)
	return ok
}

// appendGSM appends the unpacked septets of s (one per octet, extension
// characters as 0x1B + code). On error dst is returned unchanged in length.
func appendGSM(dst []byte, s string) ([]byte, error) {
	start := len(dst)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			v := gsmFromLatin[c]
			switch {
			case v == 0:
				return dst[:start], &UnencodableError{Encoding: sms.Et7BitText, Rune: rune(c), Offset: i}
			case v&gsmIsExt != 0:
				dst = append(dst, GSMEscape, byte(v))
			default:
				dst = append(dst, byte(v))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return dst[:start], &invalidUTF8Error{Offset: i}
		}
		sep, ext, ok := gsmLookup(r)
		if !ok {
			return dst[:start], &UnencodableError{Encoding: sms.Et7BitText, Rune: r, Offset: i}
		}
		if ext {
			dst = append(dst, GSMEscape)
		}
		dst = append(dst, sep)
		i += size
	}
	return dst, nil
}

// SeptetLen is the number of GSM septets content needs, extension
// characters counting two. It is what the 160/153 limits are measured in.
func SeptetLen(content string) (int, error) {
	n := 0
	for i := 0; i < len(content); {
		if c := content[i]; c < utf8.RuneSelf {
			v := gsmFromLatin[c]
			if v == 0 {
				return 0, &UnencodableError{Encoding: sms.Et7BitText, Rune: rune(c), Offset: i}
			}
			n += 1 + int((v&gsmIsExt)>>8)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(content[i:])
		if r == utf8.RuneError && size == 1 {
			return 0, &invalidUTF8Error{Offset: i}
		}
		_, ext, ok := gsmLookup(r)
		if !ok {
			return 0, &UnencodableError{Encoding: sms.Et7BitText, Rune: r, Offset: i}
		}
		n++
		if ext {
			n++
		}
		i += size
	}
	return n, nil
}

// appendGSMDecode appends the UTF-8 text of unpacked septets. It never fails:
// received data is shown as well as it can be, following 23.038 §6.2.1.1:
//   - ESC + a code the extension table does not define shows the basic character;
//   - ESC ESC (reserved for a further extension table) and a trailing lone
//     ESC show a space;
//   - an octet with the top bit set is not a septet and becomes U+FFFD.
func appendGSMDecode(dst []byte, septets []byte) []byte {
	for i := 0; i < len(septets); i++ {
		c := septets[i]
		if c >= 0x80 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
			continue
		}
		if c != GSMEscape {
			dst = appendRune(dst, gsmBasic[c])
			continue
		}
		if i+1 >= len(septets) {
			dst = append(dst, ' ')
			break
		}
		i++
		e := septets[i]
		switch {
		case e >= 0x80:
			dst = utf8.AppendRune(dst, utf8.RuneError)
		case e == GSMEscape:
			dst = append(dst, ' ')
		case gsmExt[e] != 0:
			dst = appendRune(dst, gsmExt[e])
		default:
			dst = appendRune(dst, gsmBasic[e])
		}
	}
	return dst
}

func appendRune(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return append(dst, byte(r))
	}
	return utf8.AppendRune(dst, r)
}
