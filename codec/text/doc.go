// Package text converts message Content between the host's form (UTF-8
// text, or hex for binary data) and the octets SMPP, UCP/EMI and CIMD2 carry,
// and maps the API's Encoding and SubmitOption flags to and from each
// protocol's data-coding fields. It is the one place all three protocols get
// their content rules from.
//
// # Encodings
//
//	Et7BitText         GSM 03.38 default alphabet + extension table (ESC 0x1B),
//	                   unpacked on the wire: one septet per octet.
//	Et8BitHexadecimal  Content is hex; the wire carries its octets.
//	EtUCS2Text         UTF-16BE, no BOM; non-BMP characters as surrogate pairs.
//	EtISO88591/5/8     golang.org/x/text charmaps (no substitution).
//	EtWAPPushOrMMS     like 8-bit, data coding 0xF5.
//
// Encoding never substitutes: a character the encoding cannot carry is an
// error matching ErrUnencodable (API code -6), bad hex ErrInvalidHex and
// invalid UTF-8 ErrInvalidUTF8 (-5). Every error has a Code() int32 method
// returning its API code. GSM 0x09 is Ç (capital, as in unicode.org's
// GSM0338.TXT); ç is therefore unencodable rather than silently changed.
//
// Decoding is lenient, because received data must reach the host: GSM
// escapes the extension table does not define show the basic character,
// ESC ESC and a trailing ESC show a space, an octet >= 0x80 in GSM data,
// a lone surrogate or an odd trailing octet in UCS-2 become U+FFFD. A
// leading UTF-16 BOM is dropped (FF FE switches to little-endian).
//
// # Data coding per protocol
//
// SMPP data_coding (SMPPDataCoding / FromSMPPDataCoding): 0x00 GSM, 0x04 8-bit
// (0x02 and 0x04 accepted), 0x08 UCS-2, 0x03/0x06/0x07 ISO-8859-1/5/8, 0xF5
// WAP. 0x01 (IA5) is received as EtISO88591 — IA5 is ASCII, which Latin-1
// decodes exactly; reading it as GSM would change '@', '$', '_' and more —
// except that node "smpp" sends GSM septets under 0x01: DetectSMPPEncoding
// looks at the octets and reads 0x01 data holding control octets other
// than LF/CR (GSM '@' is 0x00, the escape 0x1B) as GSM. Use it for received
// PDUs. data_coding 0x00 is always GSM (the "SMSC default alphabet" of this
// SMSC); a client that puts ASCII there gets '¡' for '@', as cloudhopper's
// test PDU shows.
// Values SMPP defines for other charsets (JIS, KS C 5601, ...) and reserved
// ones arrive as Et8BitHexadecimal so no octet is lost; from 0x10 up the
// value is read as a GSM TP-DCS.
//
// A message class (SoMessageClass0..3, SoDirectDisplay = class 0 = flash)
// is sent in the GSM general data coding group: 0x10|class for GSM text,
// 0x14|class for 8-bit, 0x18|class for UCS-2 (Kannel's default form);
// received class bits (general group or 0xF0..0xFF) set the flags, class 0
// setting both SoMessageClass0 and SoDirectDisplay. ISO charsets cannot carry
// a class in data_coding; SMPPDestAddrSubunit gives the TLV that can.
//
// UCP and CIMD2 describe content with a GSM TP-DCS only (GSMDCS /
// FromGSMDCS; UCPFields / FromUCPFields adds MT and MCLs). They have no
// ISO-8859 codes, so GSMEncoding maps those encodings to UCS-2 for sending.
//
// # Wire forms
//
//   - SMPP short_message / message_payload: the octets of Encode.
//   - UCP: MT=3 AMsg = hex of the unpacked GSM septets (Kannel: "Hello @{€" ->
//     48656C6C6F20001B281B65); MT=4 TMsg = hex of the octets, NB = 8×octets.
//     Alphanumeric OAdC (OTOA 5039): EncodeUCPAlphaAddress / DecodeUCPAlphaAddress.
//   - CIMD2: GSM text in 033 with CIMD escapes (EncodeCIMD2UserData,
//     AppendCIMD2Septets for split parts, DecodeCIMD2UserData); any other
//     encoding in 034 as hex with 030 = GSMDCS (CIMD2Fields / FromCIMD2Fields). For reassembly pass the raw
//     033 text of each part and decode the concatenation once, so an escape
//     ("_XX" + char) cut by a sender between parts still decodes.
//
// Status-report request and short-message-type-0 mappings per protocol are
// in report.go.
package text
