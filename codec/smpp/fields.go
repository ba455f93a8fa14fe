package smpp

import (
	"bytes"
	"encoding/binary"
)

// Field size limits in octets, including the terminating NUL (SMPP 3.4
// §5.2). A field of size n holds at most n-1 characters.
const (
	sizeSystemID     = 16
	sizePassword     = 9
	sizeSystemType   = 13
	sizeAddressRange = 41
	sizeServiceType  = 6
	sizeAddr         = 21 // submit_sm, deliver_sm, submit_multi, query/cancel/replace_sm
	sizeAddr65       = 65 // data_sm, alert_notification
	sizeMessageID    = 65
	sizeTime         = 17 // empty, or exactly 16 characters
	timeChars        = sizeTime - 1
	maxSMLength      = 254 // sm_length range per spec (the octet could say 255)
	maxDests         = 254 // number_of_dests (Kannel's limit; spec says "max 254" too)
)

// decoder walks a body. Its error is sticky: after the first failure every
// read is a no-op returning zero values, so decoding a body reads as a
// straight list of fields with one error check at the end.
//
// Nothing in here allocates on success; slices it returns alias b.
type decoder struct {
	b   []byte
	pos int
	err error
}

func (d *decoder) fail(st Status, field, msg string) {
	if d.err == nil {
		d.err = &DecodeError{Status: st, Field: field, Msg: msg}
	}
}

func (d *decoder) rest() int { return len(d.b) - d.pos }

func (d *decoder) u8(field string) byte {
	if d.err != nil {
		return 0
	}
	if d.pos >= len(d.b) {
		d.fail(StatusInvMsgLen, field, "body ends before the field")
		return 0
	}
	v := d.b[d.pos]
	d.pos++
	return v
}

func (d *decoder) u32(field string) uint32 {
	if d.err != nil {
		return 0
	}
	if d.rest() < 4 {
		d.fail(StatusInvMsgLen, field, "body ends before the field")
		return 0
	}
	v := binary.BigEndian.Uint32(d.b[d.pos:])
	d.pos += 4
	return v
}

// octets reads n octets (an Octet String whose length came from an earlier
// field, i.e. short_message).
func (d *decoder) octets(n int, field string) []byte {
	if d.err != nil {
		return nil
	}
	if n > d.rest() {
		d.fail(StatusInvMsgLen, field, "length exceeds the body")
		return nil
	}
	end := d.pos + n
	v := d.b[d.pos:end:end]
	d.pos = end
	return v
}

// cstr reads a C-octet string of at most size octets including its NUL and
// returns it without the NUL. Which status a bad string earns:
//   - size octets present but none is a NUL: the field is oversize, so the
//     field's own status (st, e.g. ESME_RINVSRCADR) tells the client which
//     field it got wrong;
//   - the body ends before a NUL (and before size octets): the PDU is cut
//     short, which is ESME_RINVMSGLEN whatever field it happened in.
func (d *decoder) cstr(size int, st Status, field string) []byte {
	if d.err != nil {
		return nil
	}
	rest := d.b[d.pos:]
	lim := min(size, len(rest))
	i := bytes.IndexByte(rest[:lim], 0)
	if i < 0 {
		if len(rest) < size {
			d.fail(StatusInvMsgLen, field, "body ends before the NUL terminator")
		} else {
			d.fail(st, field, "no NUL within the field's maximum size")
		}
		return nil
	}
	v := rest[:i:i]
	d.pos += i + 1
	return v
}

// time reads schedule_delivery_time, validity_period or final_date: a C17
// that is either empty or exactly 16 characters (YYMMDDhhmmsstnnp). The
// content itself is left to the caller.
func (d *decoder) time(st Status, field string) []byte {
	v := d.cstr(sizeTime, st, field)
	if d.err == nil && len(v) != 0 && len(v) != timeChars {
		d.fail(st, field, "must be empty or 16 characters")
	}
	return v
}

// tlvs appends the TLVs in the rest of the body to dst. TLVs run to the end
// of the body by definition, so leftovers shorter than a TLV header, or a
// length running past the end, are a broken stream (ESME_RINVTLVSTREAM).
func (d *decoder) tlvs(dst TLVs) TLVs {
	for d.err == nil && d.pos < len(d.b) {
		if d.rest() < 4 {
			d.fail(StatusInvTLVStream, "tlv", "truncated TLV header")
			break
		}
		tag := binary.BigEndian.Uint16(d.b[d.pos:])
		n := int(binary.BigEndian.Uint16(d.b[d.pos+2:]))
		d.pos += 4
		if n > d.rest() {
			d.fail(StatusInvTLVStream, TagName(tag), "TLV length exceeds the body")
			break
		}
		end := d.pos + n
		dst = append(dst, TLV{Tag: tag, Value: d.b[d.pos:end:end]})
		d.pos = end
	}
	return dst
}

// checkPayload enforces that message_payload and a non-empty short_message
// are not both present: the receiver could not tell which one is the
// message (SMPP 3.4 §5.3.2.32).
func checkPayload(sm []byte, t TLVs) error {
	if len(sm) > 0 {
		if _, ok := t.Get(TagMessagePayload); ok {
			return &DecodeError{Status: StatusInvTLVStream, Field: "message_payload", Msg: "present together with sm_length > 0"}
		}
	}
	return nil
}

func appendCStr(dst, s []byte) []byte {
	dst = append(dst, s...)
	return append(dst, 0)
}

// validator mirrors decoder for encoding: it checks that values filled in
// by the application fit their fields, keeping the first failure.
type validator struct{ err error }

func (v *validator) fail(st Status, field, msg string) {
	if v.err == nil {
		v.err = &DecodeError{Status: st, Field: field, Msg: msg}
	}
}

// cstr checks that s fits a C-octet string of the given size and has no
// NUL inside (which would end the field early on the wire and shift every
// field after it).
func (v *validator) cstr(s []byte, size int, st Status, field string) {
	switch {
	case len(s) >= size:
		v.fail(st, field, "longer than the field's maximum size")
	case bytes.IndexByte(s, 0) >= 0:
		v.fail(st, field, "contains a NUL octet")
	}
}

func (v *validator) time(s []byte, st Status, field string) {
	v.cstr(s, sizeTime, st, field)
	if len(s) != 0 && len(s) != timeChars {
		v.fail(st, field, "must be empty or 16 characters")
	}
}

func (v *validator) shortMessage(sm []byte, t TLVs) {
	if len(sm) > maxSMLength {
		v.fail(StatusInvMsgLen, "short_message", "longer than 254 octets (use message_payload)")
	}
	if v.err == nil {
		v.err = checkPayload(sm, t)
	}
}

func (v *validator) tlvs(t TLVs) {
	if v.err == nil {
		v.err = t.validate()
	}
}
