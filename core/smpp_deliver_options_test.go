package core

import (
	"encoding/binary"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/sms"
)

// The deliver_sm ExtendedParameters (long-messages, smpp.esm_class,
// smpp.data_coding, smpp.priority_flag, smpp.protocol_id,
// smpp.registered_delivery, smpp.tlvs, smpp.tlv.<name|0xTAG>) checked end to
// end: the host's call, then the PDUs a bound client reads off the socket.

// numbered is ASCII text (digits and spaces, which the GSM default
// alphabet encodes as the same octets) in which no two 150-character
// windows are alike, so a part cut at the wrong place or sent out of order
// shows in the joined text.
func numbered(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(' ')
	}
	return b.String()[:n]
}

// deliverText sends content as GSM text to e with the given options.
func deliverText(h *esmeHarness, e *esme, seq uint32, content string, ext string) ([]uint32, Code) {
	return h.srv.SmppSendDeliverMessage(e.id, seq, "447700900123", 1, 1, "1234", 3, 0, content, sms.Et7BitText, "", 0, "", ext)
}

// readParts reads n deliver_sm and checks they carry the numbers the call returned.
func readParts(t *testing.T, e *esme, seqs []uint32) []smpp.SM {
	t.Helper()
	out := make([]smpp.SM, len(seqs))
	for i := range seqs {
		seq, sm := e.deliver()
		require.Equal(t, seqs[i], seq, "part %d", i+1)
		out[i] = sm
	}
	return out
}

func TestDeliverLongMessagesUDH8(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	content := numbered(400)
	var refs []byte
	// The default, the explicit name, and its accepted spellings (the
	// mode is read case-insensitively, "udh" being the older name).
	for i, ext := range []string{"", "long-messages=udh8", "LONG-MESSAGES = UDH8", "long-messages=udh", "long-messages="} {
		seq := uint32(10 * (i + 1))
		seqs, code := deliverText(h, e, seq, content, ext)
		require.Equal(t, OK, code, ext)
		require.Equal(t, []uint32{seq, seq + 1, seq + 2}, seqs, ext)
		parts := readParts(t, e, seqs)
		ref := parts[0].ShortMessage[3]
		var joined []byte
		for j, sm := range parts {
			require.Equal(t, byte(0x40), sm.EsmClass, "UDHI set: %q part %d", ext, j+1)
			require.Equal(t, []byte{5, 0x00, 3, ref, 3, byte(j + 1)}, sm.ShortMessage[:6], "8-bit concatenation IE: %q part %d", ext, j+1)
			require.Empty(t, sm.TLVs, ext)
			joined = append(joined, sm.ShortMessage[6:]...)
		}
		require.Equal(t, []int{6 + 153, 6 + 153, 6 + 94}, []int{len(parts[0].ShortMessage), len(parts[1].ShortMessage), len(parts[2].ShortMessage)},
			"153 septets fit next to a 6-octet UDH (3GPP TS 23.040 §9.2.3.24.1)")
		require.Equal(t, content, string(joined), ext)
		refs = append(refs, ref)
	}
	// Each long message gets its own reference, or a handset would mix
	// the parts of two messages from the same sender.
	for i := 1; i < len(refs); i++ {
		require.NotEqual(t, refs[i-1], refs[i])
	}

	// A message that fits one SMS goes as one PDU without UDH in any mode.
	for _, ext := range []string{"", "long-messages=udh16", "long-messages=sar", "long-messages=payload"} {
		seqs, code := deliverText(h, e, 90, numbered(160), ext)
		require.Equal(t, OK, code, ext)
		require.Equal(t, []uint32{90}, seqs)
		sm := readParts(t, e, seqs)[0]
		require.Equal(t, byte(0), sm.EsmClass, ext)
		require.Equal(t, numbered(160), string(sm.ShortMessage), ext)
		require.Empty(t, sm.TLVs, ext)
	}
}

func TestDeliverLongMessagesUDH8KeepsUserUDH(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindReceiver, 0x34)
	// Application port addressing, 16-bit (23.040 §9.2.3.24.4): WAP push ports.
	const portIE = "05040b8423f0"
	content := numbered(400)
	seqs, code := h.srv.SmppSendDeliverMessage(e.id, 1, "1", 0, 0, "2", 0, 0, content, sms.Et7BitText, "06"+portIE, 0, "", "")
	require.Equal(t, OK, code)
	parts := readParts(t, e, seqs)
	require.Len(t, parts, 3)
	var joined []byte
	for j, sm := range parts {
		udh := sm.ShortMessage[:12]
		require.Equal(t, []byte{11, 0x05, 4, 0x0b, 0x84, 0x23, 0xf0, 0x00, 3, udh[9], 3, byte(j + 1)}, udh,
			"the host's IE first, then the concatenation IE, in every part")
		require.Equal(t, byte(0x40), sm.EsmClass)
		joined = append(joined, sm.ShortMessage[12:]...)
	}
	// 12 UDH octets take 14 septets of the 160 (23.040 §9.2.3.16).
	require.Equal(t, 12+146, len(parts[0].ShortMessage))
	require.Equal(t, content, string(joined))
}

func TestDeliverLongMessagesUDH16(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	// Cyrillic letters, which need UCS-2, numbered so no two parts are alike.
	var r []rune
	for i := 0; len(r) < 150; i++ {
		r = append(r, 'А'+rune(i%32))
		r = append(r, []rune(strconv.Itoa(i))...)
	}
	content := string(r[:150])
	seqs, code := h.srv.SmppSendDeliverMessage(e.id, 0, "1", 0, 0, "2", 0, 0, content, sms.EtUCS2Text, "", 0, "", "long-messages=udh16")
	require.Equal(t, OK, code)
	require.Len(t, seqs, 3, "66 + 66 + 18 UTF-16 units")
	parts := readParts(t, e, seqs)
	refHi, refLo := parts[0].ShortMessage[3], parts[0].ShortMessage[4]
	var units []uint16
	for j, sm := range parts {
		require.Equal(t, byte(0x40), sm.EsmClass)
		require.Equal(t, byte(0x08), sm.DataCoding, "UCS-2")
		require.Equal(t, []byte{6, 0x08, 4, refHi, refLo, 3, byte(j + 1)}, sm.ShortMessage[:7], "16-bit concatenation IE, part %d", j+1)
		body := sm.ShortMessage[7:]
		for k := 0; k+1 < len(body); k += 2 {
			units = append(units, binary.BigEndian.Uint16(body[k:]))
		}
	}
	require.Equal(t, 7+132, len(parts[0].ShortMessage), "66 UTF-16 units fit next to a 7-octet UDH")
	require.Equal(t, 7+36, len(parts[2].ShortMessage))
	require.Equal(t, content, string(utf16.Decode(units)))
}

func TestDeliverLongMessagesSAR(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	content := numbered(400)
	seqs, code := deliverText(h, e, 20, content, "long-messages=SAR")
	require.Equal(t, OK, code)
	parts := readParts(t, e, seqs)
	require.Len(t, parts, 3)
	ref := tlvValue(t, parts[0].TLVs, smpp.TagSarMsgRefNum)
	require.Len(t, ref, 2, "sar_msg_ref_num is a 2-octet integer (SMPP 3.4 §5.3.2.22)")
	var joined []byte
	for j, sm := range parts {
		require.Equal(t, byte(0), sm.EsmClass, "no UDH, so no UDHI")
		require.Equal(t, []uint16{smpp.TagSarMsgRefNum, smpp.TagSarTotalSegments, smpp.TagSarSegmentSeqnum}, tlvTags(sm.TLVs))
		require.Equal(t, ref, tlvValue(t, sm.TLVs, smpp.TagSarMsgRefNum))
		require.Equal(t, []byte{3}, tlvValue(t, sm.TLVs, smpp.TagSarTotalSegments))
		require.Equal(t, []byte{byte(j + 1)}, tlvValue(t, sm.TLVs, smpp.TagSarSegmentSeqnum))
		joined = append(joined, sm.ShortMessage...)
	}
	// Cut as for UDH8: the SMSC that forwards the parts adds that IE.
	require.Equal(t, 153, len(parts[0].ShortMessage))
	require.Equal(t, content, string(joined))

	// The next long message gets another reference.
	seqs, code = deliverText(h, e, 30, content, "long-messages=sar")
	require.Equal(t, OK, code)
	next := readParts(t, e, seqs)
	require.NotEqual(t, ref, tlvValue(t, next[0].TLVs, smpp.TagSarMsgRefNum))

	// With the protocol prefix, as every ExtendedParameters key may be given.
	seqs, code = deliverText(h, e, 40, content, "smpp.long-messages=sar")
	require.Equal(t, OK, code)
	prefixed := readParts(t, e, seqs)
	require.Len(t, prefixed, 3)
	require.Equal(t, byte(0), prefixed[0].EsmClass, "SAR, not a UDH")
	require.Equal(t, []byte{3}, tlvValue(t, prefixed[0].TLVs, smpp.TagSarTotalSegments))
}

func TestDeliverLongMessagesPayload(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	content := numbered(400)
	seqs, code := deliverText(h, e, 40, content, "long-messages=payload")
	require.Equal(t, OK, code)
	require.Equal(t, []uint32{40}, seqs, "one PDU")
	sm := readParts(t, e, seqs)[0]
	require.Empty(t, sm.ShortMessage, "sm_length 0 when message_payload is used (SMPP 3.4 §5.3.2.32)")
	require.Equal(t, []uint16{smpp.TagMessagePayload}, tlvTags(sm.TLVs))
	require.Equal(t, content, string(tlvValue(t, sm.TLVs, smpp.TagMessagePayload)))
	require.Equal(t, byte(0), sm.EsmClass)

	// A host UDH travels at the front of the payload, flagged by UDHI.
	seqs, code = h.srv.SmppSendDeliverMessage(e.id, 41, "1", 0, 0, "2", 0, 0, content, sms.Et7BitText, "0605040b8423f0", 0, "", "long-messages=payload")
	require.Equal(t, OK, code)
	sm = readParts(t, e, seqs)[0]
	require.Equal(t, byte(0x40), sm.EsmClass)
	require.Equal(t, "\x06\x05\x04\x0b\x84\x23\xf0"+content, string(tlvValue(t, sm.TLVs, smpp.TagMessagePayload)))

	// Up to the 254 octets short_message holds, the payload mode keeps
	// the text there: every client reads short_message, not all read
	// message_payload.
	seqs, code = deliverText(h, e, 42, numbered(254), "long-messages=payload")
	require.Equal(t, OK, code)
	sm = readParts(t, e, seqs)[0]
	require.Equal(t, numbered(254), string(sm.ShortMessage))
	require.Empty(t, sm.TLVs)
	seqs, code = deliverText(h, e, 43, numbered(255), "long-messages=payload")
	require.Equal(t, OK, code)
	sm = readParts(t, e, seqs)[0]
	require.Empty(t, sm.ShortMessage)
	require.Equal(t, numbered(255), string(tlvValue(t, sm.TLVs, smpp.TagMessagePayload)))

	// message_payload holds at most 65535 octets.
	_, code = deliverText(h, e, 44, numbered(65536), "long-messages=payload")
	require.Equal(t, ErrContentTooLong, code)
	e.requireNothingSent()
}

// An SMPP 3.3 client knows neither SAR nor message_payload TLVs, so it gets
// the UDH parts it can join.
func TestDeliverLongMessagesTo33ClientUseUDH(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindReceiver, 0x33)
	content := numbered(400)
	for _, ext := range []string{"long-messages=sar", "long-messages=payload"} {
		seqs, code := deliverText(h, e, 1, content, ext)
		require.Equal(t, OK, code, ext)
		parts := readParts(t, e, seqs)
		require.Len(t, parts, 3, ext)
		var joined []byte
		for j, sm := range parts {
			require.Equal(t, byte(0x40), sm.EsmClass, ext)
			require.Equal(t, []byte{5, 0x00, 3, parts[0].ShortMessage[3], 3, byte(j + 1)}, sm.ShortMessage[:6], ext)
			require.Empty(t, sm.TLVs, ext)
			joined = append(joined, sm.ShortMessage[6:]...)
		}
		require.Equal(t, content, string(joined), ext)
	}
	// udh16 needs no TLV and is kept.
	seqs, code := deliverText(h, e, 1, content, "long-messages=udh16")
	require.Equal(t, OK, code)
	require.Equal(t, byte(0x08), readParts(t, e, seqs)[0].ShortMessage[1])
	e.requireNothingSent()
}

// Header fields the host sets: exact values through, and the derived
// defaults when the key is absent.
func TestDeliverHeaderFieldOverrides(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	field := map[string]func(sm *smpp.SM) byte{
		"esm_class":           func(sm *smpp.SM) byte { return sm.EsmClass },
		"data_coding":         func(sm *smpp.SM) byte { return sm.DataCoding },
		"priority_flag":       func(sm *smpp.SM) byte { return sm.PriorityFlag },
		"protocol_id":         func(sm *smpp.SM) byte { return sm.ProtocolID },
		"registered_delivery": func(sm *smpp.SM) byte { return sm.RegisteredDelivery },
	}
	cases := []struct {
		ext  string
		name string
		want byte
	}{
		{"smpp.esm_class=0", "esm_class", 0},
		{"smpp.esm_class=0x08", "esm_class", 0x08},
		{"smpp.esm_class=255", "esm_class", 0xFF},
		{"smpp.data_coding=0", "data_coding", 0},
		{"smpp.data_coding=0xF0", "data_coding", 0xF0},
		{"smpp.data_coding=255", "data_coding", 0xFF},
		{"smpp.priority_flag=0", "priority_flag", 0},
		{"smpp.priority_flag=1", "priority_flag", 1},
		{"smpp.priority_flag=2", "priority_flag", 2},
		{"smpp.priority_flag=0x3", "priority_flag", 3},
		{"priority_flag=2", "priority_flag", 2}, // the prefix is optional (README, ExtendedParameters)
		{"smpp.protocol_id=0", "protocol_id", 0},
		{"smpp.protocol_id=0x7F", "protocol_id", 0x7F},
		{"smpp.protocol_id=255", "protocol_id", 0xFF},
		{"smpp.registered_delivery=0", "registered_delivery", 0},
		{"smpp.registered_delivery=0x11", "registered_delivery", 0x11},
		{"smpp.registered_delivery=255", "registered_delivery", 0xFF},
		{"smpp.priority_flag=1; smpp.priority_flag=3", "priority_flag", 3}, // the last value given wins
	}
	for i, c := range cases {
		seq := uint32(100 + i)
		seqs, code := deliverText(h, e, seq, "hello", c.ext)
		require.Equal(t, OK, code, c.ext)
		sm := readParts(t, e, seqs)[0]
		require.Equal(t, c.want, field[c.name](&sm), c.ext)
		// The other four keep their derived values.
		for name, get := range field {
			if name != c.name {
				require.Equal(t, byte(0), get(&sm), "%s changed %s", c.ext, name)
			}
		}
		require.Equal(t, "hello", string(sm.ShortMessage))
	}

	// Without keys the fields come from the call: the status report flag,
	// the zero-SMS flag (TP-PID 0x40) and the encoding.
	seqs, code := h.srv.SmppSendDeliverMessage(e.id, 200, "1", 0, 0, "2", 0, 0, "hi", sms.EtUCS2Text, "",
		sms.SoRequestStatusReport|sms.SoZeroSMS, "", "")
	require.Equal(t, OK, code)
	sm := readParts(t, e, seqs)[0]
	require.Equal(t, [4]byte{1, 0x40, 0x08, 0}, [4]byte{sm.RegisteredDelivery, sm.ProtocolID, sm.DataCoding, sm.PriorityFlag})
	// ... and the keys win over them.
	seqs, code = h.srv.SmppSendDeliverMessage(e.id, 201, "1", 0, 0, "2", 0, 0, "hi", sms.EtUCS2Text, "",
		sms.SoRequestStatusReport|sms.SoZeroSMS, "", "smpp.registered_delivery=0;smpp.protocol_id=0;smpp.data_coding=0x19")
	require.Equal(t, OK, code)
	sm = readParts(t, e, seqs)[0]
	require.Equal(t, [3]byte{0, 0, 0x19}, [3]byte{sm.RegisteredDelivery, sm.ProtocolID, sm.DataCoding})
	require.Equal(t, []byte{0, 'h', 0, 'i'}, sm.ShortMessage, "data_coding changes the header only, not the encoding")

	// esm_class is taken as given on every part of a long message, UDHI
	// bit included: the host that sets it owns it.
	seqs, code = deliverText(h, e, 300, numbered(400), "smpp.esm_class=0x03")
	require.Equal(t, OK, code)
	for _, sm := range readParts(t, e, seqs) {
		require.Equal(t, byte(0x03), sm.EsmClass)
		require.Equal(t, byte(5), sm.ShortMessage[0], "the concatenation UDH is still there")
	}
	e.requireNothingSent()
}

// Out-of-range and malformed values are refused before anything is sent.
func TestDeliverBadHeaderFieldValues(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	var bad []string
	for _, key := range []string{"esm_class", "data_coding", "protocol_id", "registered_delivery"} {
		for _, v := range []string{"256", "-1", "0x100", "abc", "1.5", "99999999999999999999"} {
			bad = append(bad, "smpp."+key+"="+v)
		}
	}
	// priority_flag is 0..3 (SMPP 3.4 §5.2.14): 4 and up are not levels.
	for _, v := range []string{"4", "0x04", "255", "-1", "level1"} {
		bad = append(bad, "smpp.priority_flag="+v)
	}
	for _, ext := range bad {
		seqs, code := deliverText(h, e, 1, "hello", ext)
		require.Equal(t, ErrInvalidArgument, code, ext)
		require.Empty(t, seqs, ext)
		// The MaxParts form says how many parts it did not send: none were counted.
		seqs, n, code := h.srv.SmppSendDeliverMessageMaxParts(5, e.id, 1, "1", 0, 0, "2", 0, 0, "hello", sms.Et7BitText, "", 0, "", ext)
		require.Equal(t, ErrInvalidArgument, code, ext)
		require.Empty(t, seqs, ext)
		require.Zero(t, n, ext)
	}
	e.requireNothingSent()
}

func TestDeliverUnknownLongMessagesMode(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	for _, ext := range []string{"long-messages=udh7", "long-messages=sar16", "long-messages=0", "long-messages=udh8 sar", "long-messages=payloads"} {
		for _, content := range []string{"short", numbered(400)} {
			seqs, code := deliverText(h, e, 1, content, ext)
			require.Equal(t, ErrInvalidArgument, code, ext)
			require.Empty(t, seqs, ext)
		}
	}
	e.requireNothingSent()
}

func TestDeliverTLVParameters(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	cases := []struct {
		ext  string
		want smpp.TLVs
	}{
		// A TLV stream: tag, length, value, as on the wire; a zero-length
		// value is a TLV too.
		{"smpp.tlvs=020400020007140300021A2B04260000", smpp.TLVs{
			{Tag: smpp.TagUserMessageReference, Value: []byte{0x00, 0x07}},
			{Tag: 0x1403, Value: []byte{0x1A, 0x2B}},
			{Tag: smpp.TagMoreMessagesToSend, Value: []byte{}},
		}},
		{"smpp.tlvs=", nil},
		{"smpp.tlv.user_message_reference=0007", smpp.TLVs{{Tag: smpp.TagUserMessageReference, Value: []byte{0x00, 0x07}}}},
		{"smpp.tlv.Source_Port=0B84", smpp.TLVs{{Tag: smpp.TagSourcePort, Value: []byte{0x0B, 0x84}}}},
		{"smpp.tlv.dest_port=23f0", smpp.TLVs{{Tag: smpp.TagDestinationPort, Value: []byte{0x23, 0xF0}}}}, // the 5.0 name
		{"smpp.tlv.0x1403=ABCDEF", smpp.TLVs{{Tag: 0x1403, Value: []byte{0xAB, 0xCD, 0xEF}}}},
		{"smpp.tlv.0X020b=23F0", smpp.TLVs{{Tag: smpp.TagDestinationPort, Value: []byte{0x23, 0xF0}}}},
		{"smpp.tlv.0x1500=", smpp.TLVs{{Tag: 0x1500, Value: []byte{}}}},
		// Several keys: sent in the order given, repeated tags kept.
		{"smpp.tlv.0x1401=01; smpp.tlvs=1402000102; smpp.tlv.0x1401=03", smpp.TLVs{
			{Tag: 0x1401, Value: []byte{1}}, {Tag: 0x1402, Value: []byte{2}}, {Tag: 0x1401, Value: []byte{3}},
		}},
	}
	for i, c := range cases {
		seqs, code := deliverText(h, e, uint32(1+i), "hi", c.ext)
		require.Equal(t, OK, code, c.ext)
		sm := readParts(t, e, seqs)[0]
		require.Equal(t, len(c.want), len(sm.TLVs), c.ext)
		for j := range c.want {
			require.Equal(t, c.want[j].Tag, sm.TLVs[j].Tag, c.ext)
			require.Equal(t, c.want[j].Value, []byte(append([]byte{}, sm.TLVs[j].Value...)), c.ext)
		}
		require.Equal(t, "hi", string(sm.ShortMessage))
	}

	// The host's TLVs go in every part, after the library's own.
	seqs, code := deliverText(h, e, 50, numbered(400), "long-messages=sar; smpp.tlv.0x1403=AA")
	require.Equal(t, OK, code)
	for _, sm := range readParts(t, e, seqs) {
		require.Equal(t, []uint16{smpp.TagSarMsgRefNum, smpp.TagSarTotalSegments, smpp.TagSarSegmentSeqnum, 0x1403}, tlvTags(sm.TLVs))
	}
	seqs, code = deliverText(h, e, 60, numbered(400), "long-messages=payload; smpp.tlvs=14030001AA")
	require.Equal(t, OK, code)
	sm := readParts(t, e, seqs)[0]
	require.Equal(t, []uint16{smpp.TagMessagePayload, 0x1403}, tlvTags(sm.TLVs))
	e.requireNothingSent()
}

func TestDeliverBadTLVParameters(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	for _, ext := range []string{
		"smpp.tlvs=0204000200",    // value shorter than its length
		"smpp.tlvs=020400",        // header cut short
		"smpp.tlvs=0204000200070", // odd number of digits
		"smpp.tlvs=02040002zz07",  // not hex
		"smpp.tlvs=02040002 0007", // spaces inside the value are not hex
		"smpp.tlv.no_such_tag=01", // unknown name
		"smpp.tlv.=01",            // no name
		"smpp.tlv.0x=01",          // no number
		"smpp.tlv.0x10000=01",     // tags are 16 bits
		"smpp.tlv.0x1403=ABC",     // odd number of digits
		"smpp.tlv.0x1403=0x01",    // hex digits only, no prefix
		"smpp.tlv.user_message_reference=gg",
		"smpp.tlv.0x1403=" + strings.Repeat("00", 65536), // longer than a TLV length can say
		"smpp.tlv.0x1403=01; smpp.tlvs=14",               // one bad key spoils the call
	} {
		seqs, code := deliverText(h, e, 1, "hi", ext)
		require.Equal(t, ErrInvalidArgument, code, ext)
		require.Empty(t, seqs, ext)
	}
	e.requireNothingSent()

	// TLVs cannot reach an SMPP 3.3 client: refused, not silently dropped.
	e33 := h.bind(t, cmdBindReceiver, 0x33)
	for _, ext := range []string{"smpp.tlvs=14030001AA", "smpp.tlv.0x1403=AA", "smpp.tlv.user_message_reference=0001"} {
		seqs, code := deliverText(h, e33, 1, "hi", ext)
		require.Equal(t, ErrUnsupported, code, ext)
		require.Empty(t, seqs, ext)
	}
	e33.requireNothingSent()
	// Header fields are not TLVs and do reach it.
	seqs, code := deliverText(h, e33, 2, "hi", "smpp.priority_flag=3; smpp.esm_class=0x08")
	require.Equal(t, OK, code)
	sm := readParts(t, e33, seqs)[0]
	require.Equal(t, [2]byte{3, 0x08}, [2]byte{sm.PriorityFlag, sm.EsmClass})
	require.Empty(t, sm.TLVs)
}

// SmppSendDeliverMessageMaxParts sends nothing when the message needs more
// parts than the caller can take, and says how many it needs.
func TestDeliverMaxParts(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	content := numbered(400)
	for _, c := range []struct {
		ext  string
		max  int
		need int
	}{
		{"", 2, 3}, {"", 0, 3}, {"long-messages=udh16", 2, 3}, {"long-messages=sar", 1, 3},
	} {
		seqs, n, code := h.srv.SmppSendDeliverMessageMaxParts(c.max, e.id, 1, "1", 0, 0, "2", 0, 0, content, sms.Et7BitText, "", 0, "", c.ext)
		require.Equal(t, ErrBufferTooSmall, code, c.ext)
		require.Equal(t, c.need, n, c.ext)
		require.Empty(t, seqs, c.ext)
	}
	_, n, code := h.srv.SmppSendDeliverMessageMaxParts(0, e.id, 1, "1", 0, 0, "2", 0, 0, "short", sms.Et7BitText, "", 0, "", "")
	require.Equal(t, ErrBufferTooSmall, code)
	require.Equal(t, 1, n)
	e.requireNothingSent()

	// Exactly enough room, and the payload mode needing one.
	seqs, n, code := h.srv.SmppSendDeliverMessageMaxParts(3, e.id, 7, "1", 0, 0, "2", 0, 0, content, sms.Et7BitText, "", 0, "", "")
	require.Equal(t, OK, code)
	require.Equal(t, 3, n)
	require.Equal(t, []uint32{7, 8, 9}, seqs)
	readParts(t, e, seqs)
	seqs, n, code = h.srv.SmppSendDeliverMessageMaxParts(1, e.id, 10, "1", 0, 0, "2", 0, 0, content, sms.Et7BitText, "", 0, "", "long-messages=payload")
	require.Equal(t, OK, code)
	require.Equal(t, 1, n)
	readParts(t, e, seqs)
	e.requireNothingSent()
}

// The remaining argument checks of SmppSendDeliverMessage, each refused
// with nothing sent.
func TestDeliverArgumentChecks(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	call := func(dst, src, content string, enc sms.Encoding, udh string, opts sms.SubmitOption, svc string) Code {
		_, code := h.srv.SmppSendDeliverMessage(e.id, 1, dst, 0, 0, src, 0, 0, content, enc, udh, opts, svc, "")
		return code
	}
	for _, c := range []struct {
		what string
		code Code
		got  Code
	}{
		{"encoding", ErrInvalidArgument, call("1", "2", "x", sms.Encoding(7), "", 0, "")},
		{"options", ErrInvalidArgument, call("1", "2", "x", sms.Et7BitText, "", sms.SoAll+1, "")},
		{"destination", ErrInvalidArgument, call(strings.Repeat("1", 21), "2", "x", sms.Et7BitText, "", 0, "")},
		{"originator", ErrInvalidArgument, call("1", strings.Repeat("2", 21), "x", sms.Et7BitText, "", 0, "")},
		{"service type", ErrInvalidArgument, call("1", "2", "x", sms.Et7BitText, "", 0, "CMTXYZ")},
		{"udh not hex", ErrInvalidArgument, call("1", "2", "x", sms.Et7BitText, "zz", 0, "")},
		{"udh length", ErrInvalidArgument, call("1", "2", "x", sms.Et7BitText, "0605040b84", 0, "")},
		{"not in the GSM alphabet", ErrEncodingFailed, call("1", "2", "漢字", sms.Et7BitText, "", 0, "")},
		{"more than 255 parts", ErrContentTooLong, call("1", "2", numbered(256*153), sms.Et7BitText, "", 0, "")},
	} {
		require.Equal(t, c.code, c.got, c.what)
	}
	e.requireNothingSent()

	tx := h.bind(t, cmdBindTransmitter, 0x34)
	_, code := deliverText(h, tx, 1, "x", "")
	require.Equal(t, ErrWrongState, code)
	tx.requireNothingSent()
	_, code = deliverText(h, &esme{id: 999999}, 1, "x", "")
	require.Equal(t, ErrUnknownClient, code)
}
