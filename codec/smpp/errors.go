package smpp

import "errors"

// DecodeError is a malformed (or, from Validate, unencodable) PDU body. Status
// is the command_status the server should answer with; Field is the spec name
// of the offending field ("source_addr", "sm_length", "tlv", ...).
type DecodeError struct {
	Status Status
	Field  string
	Msg    string
}

func (e *DecodeError) Error() string {
	s := "smpp: "
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Msg + " (" + e.Status.String() + ")"
}

// Unwrap exposes the status so that errors.Is(err, StatusInvSrcAdr) works.
func (e *DecodeError) Unwrap() error { return e.Status }

// StatusOf returns the command_status that describes err: StatusOK for nil,
// the status carried by a DecodeError or Status in err's chain, and
// StatusSysErr for anything else (I/O errors and the like).
func StatusOf(err error) Status {
	if err == nil {
		return StatusOK
	}
	var s Status
	if errors.As(err, &s) {
		return s
	}
	return StatusSysErr
}
