package multipart

import "strings"

// Mode is how a long message is cut and carried (ExtendedParameters key
// long-messages, docs/api.md).
type Mode int

const (
	ModeUDH8    Mode = iota // concatenation IE 00, 8-bit reference (the default)
	ModeUDH16               // concatenation IE 08, 16-bit reference
	ModeSAR                 // no IE; SMPP sar_msg_ref_num / sar_total_segments / sar_segment_seqnum
	ModePayload             // one PDU, all data in SMPP message_payload
)

// ParseMode reads "udh8", "udh16", "sar" or "payload" (case and surrounding
// spaces ignored). An empty value is the default ModeUDH8.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "udh8", "udh":
		return ModeUDH8, nil
	case "udh16":
		return ModeUDH16, nil
	case "sar":
		return ModeSAR, nil
	case "payload":
		return ModePayload, nil
	}
	return ModeUDH8, ErrBadMode
}

func (m Mode) String() string {
	switch m {
	case ModeUDH8:
		return "udh8"
	case ModeUDH16:
		return "udh16"
	case ModeSAR:
		return "sar"
	case ModePayload:
		return "payload"
	}
	return "Mode(?)"
}
