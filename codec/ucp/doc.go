// Package ucp is the wire format of UCP/EMI (CMG EMI-UCP 4.x) as an SMSC
// server meets it: frame scanning on a byte stream, parsing and building
// frames, the checksum and LEN rules, typed views of the operations a server
// handles (01, 31, 5x, 60/61) and of results, XSer TLVs and the IRA-hex
// password fields. It knows nothing about sessions or timers; the server core
// builds those on top of it.
//
// # Frame
//
//	STX TT/LLLLL/O|R/OT/field1/.../fieldN/CC ETX
//
// TT is the transaction number 00..99, LLLLL the number of characters from
// the first T through the checksum (STX and ETX excluded), O operation or R
// result, OT the operation type, every field followed by '/', and CC the sum
// of all octets from the first T through the '/' before CC, mod 256, in two
// upper-case hex digits (lower case is accepted when parsing).
//
// # Parsing
//
// Frame.Parse takes one frame (with or without its STX and ETX) and splits
// it into Header and Fields. Fields alias the input: nothing is copied and
// nothing is allocated once Frame.Fields has grown to the largest field count
// seen (a reused Frame decodes 51s without allocating). The typed views
// (Msg5x, Msg60, Msg31, Msg01, Result) copy slice headers only, so they alias
// the input too.
//
// Parsing is lenient where UCP peers are sloppy and strict where a server
// must refuse:
//   - extra fields after the ones an operation defines are kept in Extra
//     (Kannel also accepts and ignores them);
//   - a checksum in lower-case hex is accepted;
//   - a wrong checksum is ECChecksum (NACK 01), a malformed header, a LEN
//     that is not the frame's length or too few fields for the operation is
//     ECSyntax (NACK 02). Parse errors are *Error values carrying the EC to
//     answer with and, when they could be read, TRN, O/R and OT, so the NACK
//     can echo them. An error whose TRN or OT could not be read (HeaderOK
//     false) cannot be answered: such bytes are not UCP.
//
// Which operation types a server supports (NACK 03) is the server's
// decision; ECNotSupported is defined here for it.
//
// # Building
//
// Begin / AppendField / End build a frame field by field straight into a
// caller's buffer (LEN and checksum are patched in by End); AppendFrame,
// AppendACK, AppendNACK and the typed AppendFrame methods are built on them.
// Builders write exactly what they are given: a field containing '/', STX or
// ETX would break the frame, so ValidField checks values that come from a
// host.
//
// # Stream
//
// Scan finds the next frame in a byte stream: octets before an STX are line
// noise and skipped (Kannel does the same), an ETX with no STX before it
// (ErrNoSTX) or an STX inside a frame (ErrNoETX) means the peer does not
// frame its data, and a frame longer than the caller's maximum is ErrTooLong.
package ucp
