// Package smpp is the wire format of SMPP 3.4 (with the 3.3 and 5.0 details a
// server meets): PDU framing, the command and status vocabularies, TLVs and
// one typed body per PDU family. It knows nothing about sessions, binds or
// timers; the server core builds those on top of it.
//
// # Decoding without allocating
//
// A server decodes every submit_sm it receives, so decoding is built to cost
// nothing in steady state:
//
//   - ReadPDU reads a whole PDU into a caller-owned buffer and only grows it
//     for a PDU larger than any seen before.
//   - Every []byte field of a decoded body aliases the body slice it was
//     decoded from (C-octet strings without their NUL). Each alias is capped
//     (three-index slice) so appending to it can never overwrite the octets
//     that follow it in the buffer.
//   - TLVs and submit_multi destinations are appended to the receiver's
//     existing slices after resetting them to length 0, so a body struct that
//     is reused PDU after PDU decodes without allocating.
//
// The price is the usual one: decoded fields are only valid until the buffer
// they alias is reused (typically the next ReadPDU call). Copy whatever has
// to outlive the current PDU.
//
// # Errors
//
// A malformed PDU yields a *DecodeError carrying the command_status the
// server must answer with (ESME_RINVSRCADR for an oversize source_addr,
// ESME_RINVTLVSTREAM for a truncated TLV, ...). Status itself implements
// error, and DecodeError unwraps to it, so both errors.As(err, &de) and
// errors.Is(err, StatusInvCmdLen) work; StatusOf(err) extracts the status.
//
// # Encoding
//
// AppendBody / AppendPDU write exactly what the struct holds, never
// truncating or rejecting. Fields filled from user input must be checked
// with the body's Validate method first, which reports oversize fields with
// the same statuses the decoder uses.
package smpp
