// Package multipart cuts long messages into concatenated parts and joins
// received parts back together, for SMPP, UCP/EMI and CIMD2 alike.
//
// # User data header
//
// Every UDH here is a []byte that starts with its UDHL octet, the form SMPP
// short_message (esm_class 0x40), UCP XSer type 01 and CIMD2 032 carry.
// Concatenation uses IEI 00 (8-bit reference, 6-octet UDH) or IEI 08
// (16-bit, 7 octets); SMPP can instead use the sar_* TLVs (Concat /
// Part.Ref/Total/Seq hold their values) or one message_payload.
//
// # Splitting
//
// Split encodes Content with codec/text and cuts it so each part fits one
// 140-octet SMS: 160/153/152 GSM septets (no UDH / 8-bit / 16-bit reference),
// 140/134/133 octets, 70/67/66 UTF-16 units — less when the caller's own UDH
// takes room. An escape pair or a surrogate pair is never cut; the part is
// one unit shorter instead. GSM parts carry unpacked septets (SMPP sends them
// so, Kannel: sm_length 159 for 6 + 153); packing, if any, happens at the
// radio side (codec/text.PackSeptets).
//
// # Reassembly
//
// Reassembler joins parts keyed by connection, originator, destination and
// reference, in any order, ignoring duplicates, and drops (and reports
// through Expire) a message that stops receiving parts for the timeout.
// Memory is bounded per Reassembler by a message count and a byte budget;
// a part that would exceed them is refused with ErrFull (answer it with a
// throttling error). Data is concatenated as octets before decoding —
// unpacked septets, UTF-16 or, for CIMD2, the raw 033 text — so even an
// escape or surrogate pair cut by a careless sender decodes correctly.
package multipart
