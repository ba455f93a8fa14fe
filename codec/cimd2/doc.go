// Package cimd2 is the wire format of Nokia CIMD 2.0 (docs/protocols.md, CIMD2):
// framing, packet parsing and building, the parameter table and the
// operation and error-code vocabularies. It knows nothing about sessions,
// logins or timers; the server core builds those on top of it.
//
// # Packets
//
//	STX CC ':' NNN TAB { PPP ':' value TAB }* [XX] ETX
//
// CC is the two-digit operation code, NNN the three-digit packet number,
// PPP a three-digit parameter code and XX an optional checksum: the sum of
// every octet from STX through the last TAB, modulo 256, as two hex digits.
// Parse verifies the checksum only when one is present (either case of hex
// digits); Append and AppendTrailer always write one, in upper case, so a
// parsed packet with an upper-case checksum rebuilds byte for byte.
//
// Parse is lenient where a deployed client might be sloppy and harmless to
// accept: a last parameter without its closing TAB, and a header followed
// directly by ETX. Everything else that does not fit the grammar is
// ErrSyntax, a wrong checksum ErrChecksum; both are answered with a NACK
// (operation 99) by a server. ReplyOf tells which answer an error calls
// for, ErrUnexpectedOperation (98, general error) included.
//
// # Framing
//
// Split finds the next chunk of a byte stream: a whole packet (STX..ETX),
// or octets to skip — data between packets, which the spec says to ignore,
// and a packet cut short by the STX of the next one (Kannel, JCIMD). A
// packet that has not ended within the size limit is ErrTooLong; the stream
// cannot be trusted after that.
//
// # Allocation
//
// Parse fills a caller-owned Packet, appending to its Params slice after
// resetting it, and every Value aliases the frame (capped with a three-index
// slice). Reusing one Packet per connection, parsing costs no allocation;
// the values are valid until the frame's buffer is reused. The Append*
// functions write into the caller's buffer and do not validate: check host
// supplied values with ValidValue and ParamInfo.Check first.
//
// # Parameters
//
// Info describes each parameter the spec defines (Kannel's table with
// CIMD 8.0's 012/019): name, type, maximum length and, for integers, the
// range. Packet.Check applies it to a received packet and returns a
// *ParamError naming the first offending parameter and the 900 error code
// a submit should be refused with (300 for a bad destination, 306 for a bad
// originator, ...). Only 021 (destination address) may repeat.
package cimd2
