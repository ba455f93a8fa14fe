package core

import "bytes"

// Login passwords never reach a Trace event unless the host asks for them
// with trace-passwords=true: the received frame of a login is traced with
// its password octets replaced by '*', one for one, so the frame keeps
// its length and layout (the UCP checksum and CIMD2 checksum are left as
// received and no longer match). Covered: the SMPP binds' password, the
// PWD and NPWD of UCP 60 and 61, the CIMD2 login's 011.

const maskOctet = '*'

// maskSMPPBind masks the password of a bind_receiver, bind_transmitter
// or bind_transceiver (SMPP 3.4 §4.1: system_id then password, both
// C-octet strings). Other PDUs are returned as they are.
func maskSMPPBind(frame []byte) []byte {
	if len(frame) < 16 || frame[4] != 0 || frame[5] != 0 || frame[6] != 0 {
		return frame
	}
	switch frame[7] { // command_id 0x00000001, 0x00000002, 0x00000009
	case 1, 2, 9:
	default:
		return frame
	}
	body := frame[16:]
	i := bytes.IndexByte(body, 0) // end of system_id
	if i < 0 {
		return frame
	}
	pw := body[i+1:]
	if j := bytes.IndexByte(pw, 0); j >= 0 {
		pw = pw[:j]
	}
	if len(pw) == 0 {
		return frame
	}
	out := bytes.Clone(frame)
	start := 16 + i + 1
	maskRange(out[start : start+len(pw)])
	return out
}

// maskUCPLogin masks PWD and NPWD (fields 5 and 6 after the header) of an
// OT 60 or 61 operation: STX TRN/LEN/O/OT/OAdC/OTON/ONPI/STYP/PWD/NPWD/...
func maskUCPLogin(raw []byte) []byte {
	var out []byte
	field, start := 0, 0
	for i := 0; i <= len(raw); i++ {
		if i < len(raw) && raw[i] != '/' && raw[i] != 3 {
			continue
		}
		v := raw[start:i]
		switch field {
		case 2:
			if string(v) != "O" {
				return raw
			}
		case 3:
			if string(v) != "60" && string(v) != "61" {
				return raw
			}
		case 8, 9:
			if len(v) > 0 {
				if out == nil {
					out = bytes.Clone(raw)
				}
				maskRange(out[start:i])
			}
		}
		if field == 9 || i == len(raw) || raw[i] == 3 {
			break
		}
		field++
		start = i + 1
	}
	if out == nil {
		return raw
	}
	return out
}

// maskCIMD2Login masks the value of parameter 011 (password) of a login
// (01): STX 01:nnn TAB ... 011:value TAB ... ETX.
func maskCIMD2Login(frame []byte) []byte {
	b := frame
	if len(b) > 0 && b[0] == 2 {
		b = b[1:]
	}
	if !bytes.HasPrefix(b, []byte("01:")) {
		return frame
	}
	i := bytes.Index(frame, []byte("\t011:"))
	if i < 0 {
		return frame
	}
	start := i + 5
	end := start
	for end < len(frame) && frame[end] != '\t' && frame[end] != 3 {
		end++
	}
	if end == start {
		return frame
	}
	out := bytes.Clone(frame)
	maskRange(out[start:end])
	return out
}

func maskRange(b []byte) {
	for i := range b {
		b[i] = maskOctet
	}
}
