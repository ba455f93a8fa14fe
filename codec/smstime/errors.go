package smstime

// Error carries the API return code (method Code() int32), like the
// errors of codec/text.
type Error struct {
	code int32
	msg  string
}

func (e *Error) Error() string { return e.msg }

// Code is the negative API return code (-5, invalid argument).
func (e *Error) Code() int32 { return e.code }

var (
	// ErrInvalidTime: a time field that is not in its protocol's format or
	// names an impossible date.
	ErrInvalidTime = &Error{-5, "smstime: invalid time"}
	// ErrInvalidDeliveryTime / ErrInvalidValidityPeriod say which field of a
	// pair was wrong (SMPP answers ESME_RINVSCHED 0x61 / ESME_RINVEXPIRY
	// 0x62); both also match errors.Is(err, ErrInvalidTime).
	ErrInvalidDeliveryTime   = &fieldError{"smstime: invalid delivery (schedule) time"}
	ErrInvalidValidityPeriod = &fieldError{"smstime: invalid validity period"}
)

type fieldError struct{ msg string }

func (e *fieldError) Error() string { return e.msg }
func (e *fieldError) Code() int32   { return ErrInvalidTime.code }
func (e *fieldError) Unwrap() error { return ErrInvalidTime }
