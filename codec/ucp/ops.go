package ucp

import "strings"

// Field positions of the 50-series operations (51..58), 0-based indexes
// into Msg5x.F (docs/protocols.md, "UCP / 50-series field order"; Kannel emimsg.h).
const (
	F5xAdC   = iota // recipient
	F5xOAdC         // originator
	F5xAC           // authentication code
	F5xNRq          // notification request 0/1
	F5xNAdC         // notification address
	F5xNT           // notification type bitmask
	F5xNPID         // notification PID
	F5xLRq          // last resort address request
	F5xLRAd         // last resort address
	F5xLPID         // last resort PID
	F5xDD           // deferred delivery requested 0/1
	F5xDDT          // deferred delivery time DDMMYYHHmm
	F5xVP           // validity period DDMMYYHHmm
	F5xRPID         // replace PID
	F5xSCTS         // SMSC time stamp DDMMYYhhmmss
	F5xDst          // delivery status 0/1/2
	F5xRsn          // reason code
	F5xDSCTS        // delivery time stamp DDMMYYhhmmss
	F5xMT           // message type 2/3/4
	F5xNB           // number of bits in TMsg
	F5xMsg          // NMsg / AMsg / TMsg
	F5xMMS          // more messages to send
	F5xPR           // priority
	F5xDCs          // data coding scheme (legacy)
	F5xMCLs         // message class
	F5xRPI          // reply path
	F5xCPg          // code page (reserved)
	F5xRPLy         // reply type (reserved)
	F5xOTOA         // originator type of address
	F5xHPLMN        // home PLMN address
	F5xXSer         // extra services
	F5xRES4         // reserved
	F5xRES5         // reserved
	Fields5x        // number of fields of a 50-series operation (33)
)

// Names5x are the spec names of the 50-series fields, by position.
var Names5x = [Fields5x]string{"AdC", "OAdC", "AC", "NRq", "NAdC", "NT", "NPID", "LRq", "LRAd", "LPID",
	"DD", "DDT", "VP", "RPID", "SCTS", "Dst", "Rsn", "DSCTS", "MT", "NB", "Msg", "MMS", "PR", "DCs",
	"MCLs", "RPI", "CPg", "RPLy", "OTOA", "HPLMN", "XSer", "RES4", "RES5"}

// Field5x returns the position of a 50-series field by its spec name, case
// insensitive ("AMsg", "NMsg" and "TMsg" name F5xMsg), or -1.
func Field5x(name string) int {
	switch strings.ToLower(name) {
	case "amsg", "nmsg", "tmsg":
		return F5xMsg
	}
	for i, n := range Names5x {
		if strings.EqualFold(n, name) {
			return i
		}
	}
	return -1
}

// Msg5x holds the fields of a 50-series operation.
type Msg5x struct {
	F [Fields5x][]byte
	// Extra are fields after the 33rd (tolerated, as Kannel does).
	Extra [][]byte
}

// Decode takes the fields of a parsed 50-series operation. Fewer than 33
// fields is ECSyntax.
func (m *Msg5x) Decode(f *Frame) error {
	if len(f.Fields) < Fields5x {
		return fieldCountError(f, Fields5x)
	}
	copy(m.F[:], f.Fields)
	m.Extra = f.Fields[Fields5x:]
	return nil
}

// Reset clears every field.
func (m *Msg5x) Reset() { *m = Msg5x{} }

// AppendFrame appends the operation as a frame of type ot (51..58).
func (m *Msg5x) AppendFrame(dst []byte, trn, ot int) ([]byte, error) {
	start := len(dst)
	dst = Begin(dst, trn, Operation, ot)
	for _, f := range m.F {
		dst = AppendField(dst, f)
	}
	for _, f := range m.Extra {
		dst = AppendField(dst, f)
	}
	return End(dst, start)
}

// Field positions of OT 60 (session management) and 61 (list management).
// They differ only in their last two fields (60: OPID, RES1; 61: RES1, RES2).
const (
	F60OAdC  = iota // originator: the account (user name) of the SMT
	F60OTON         // originator type of number: 1 international, 2 national, 6 abbreviated
	F60ONPI         // originator numbering plan: 1 E.164, 3 X.121, 5 private
	F60STYP         // subtype: 1 open session, 3 change password, 4 open provisioning, 6 change provisioning password
	F60PWD          // password, IRA hex
	F60NPWD         // new password, IRA hex
	F60VERS         // version, "0100"
	F60LAdC         // address for a VSMSC list operation
	F60LTON         // its TON
	F60LNPI         // its NPI
	F60OPID         // originator protocol identifier (61: RES1)
	F60RES1         // reserved (61: RES2)
	Fields60        // number of fields of OT 60 and 61 (12)
)

// Names60 and Names61 are the spec names of the OT 60 / 61 fields.
var (
	Names60 = [Fields60]string{"OAdC", "OTON", "ONPI", "STYP", "PWD", "NPWD", "VERS", "LAdC", "LTON", "LNPI", "OPID", "RES1"}
	Names61 = [Fields60]string{"OAdC", "OTON", "ONPI", "STYP", "PWD", "NPWD", "VERS", "LAdC", "LTON", "LNPI", "RES1", "RES2"}
)

// Msg60 holds the fields of OT 60 or 61.
type Msg60 struct {
	F     [Fields60][]byte
	Extra [][]byte
}

// Decode takes the fields of a parsed OT 60/61; fewer than 12 is ECSyntax.
func (m *Msg60) Decode(f *Frame) error {
	if len(f.Fields) < Fields60 {
		return fieldCountError(f, Fields60)
	}
	copy(m.F[:], f.Fields)
	m.Extra = f.Fields[Fields60:]
	return nil
}

// AppendFrame appends the operation as a frame of type ot (60 or 61).
func (m *Msg60) AppendFrame(dst []byte, trn, ot int) ([]byte, error) {
	start := len(dst)
	dst = Begin(dst, trn, Operation, ot)
	for _, f := range m.F {
		dst = AppendField(dst, f)
	}
	for _, f := range m.Extra {
		dst = AppendField(dst, f)
	}
	return End(dst, start)
}

// Field positions of OT 31 (alert).
const (
	F31AdC   = iota // address
	F31PID          // PID, e.g. 0539 PC over TCP/IP
	Fields31        // 2
)

// Names31 are the spec names of the OT 31 fields.
var Names31 = [Fields31]string{"AdC", "PID"}

// Msg31 holds the fields of OT 31.
type Msg31 struct {
	F     [Fields31][]byte
	Extra [][]byte
}

// Decode takes the fields of a parsed OT 31; fewer than 2 is ECSyntax.
func (m *Msg31) Decode(f *Frame) error {
	if len(f.Fields) < Fields31 {
		return fieldCountError(f, Fields31)
	}
	copy(m.F[:], f.Fields)
	m.Extra = f.Fields[Fields31:]
	return nil
}

// AppendFrame appends an OT 31 operation.
func (m *Msg31) AppendFrame(dst []byte, trn int) ([]byte, error) {
	return AppendFrame(dst, trn, Operation, OTAlert, m.F[0], m.F[1])
}

// Field positions of OT 01 (call input).
const (
	F01AdC   = iota // recipient
	F01OAdC         // originator
	F01AC           // authentication code
	F01MT           // message type: 2 numeric, 3 alphanumeric
	F01Msg          // NMsg (MT 2) or AMsg (MT 3)
	Fields01        // 5
)

// Names01 are the spec names of the OT 01 fields.
var Names01 = [Fields01]string{"AdC", "OAdC", "AC", "MT", "Msg"}

// Msg01 holds the fields of OT 01.
type Msg01 struct {
	F     [Fields01][]byte
	Extra [][]byte
}

// Decode takes the fields of a parsed OT 01; fewer than 5 is ECSyntax.
func (m *Msg01) Decode(f *Frame) error {
	if len(f.Fields) < Fields01 {
		return fieldCountError(f, Fields01)
	}
	copy(m.F[:], f.Fields)
	m.Extra = f.Fields[Fields01:]
	return nil
}

// AppendFrame appends an OT 01 operation.
func (m *Msg01) AppendFrame(dst []byte, trn int) ([]byte, error) {
	return AppendFrame(dst, trn, Operation, OTCallInput, m.F[0], m.F[1], m.F[2], m.F[3], m.F[4])
}

// Answer is the content of a result frame: "A/SM" or, for OTs with MVP
// (HasMVP), "A/MVP/SM"; or "N/EC/SM".
type Answer struct {
	ACK bool
	EC  int    // the NACK's error code (0 for an ACK)
	MVP []byte // modified validity period (ACKs of 30 and 5x)
	SM  []byte // system message: for a 51 ACK "AdC:SCTS"
	// Extra are fields after the expected ones.
	Extra [][]byte
}

// Decode reads a result frame leniently: a missing MVP or SM is empty, an
// ACK of a 5x with only two fields ("A/SM") is read as ACK and SM. The
// first field must be "A" or "N" and a NACK must have a numeric EC,
// otherwise ECSyntax.
func (a *Answer) Decode(f *Frame) error {
	*a = Answer{}
	fs := f.Fields
	if len(fs) == 0 || len(fs[0]) != 1 || (fs[0][0] != 'A' && fs[0][0] != 'N') {
		return &Error{EC: ECSyntax, HeaderOK: true, TRN: f.TRN, Kind: f.Kind, OT: f.OT, Msg: "result is neither A nor N"}
	}
	if fs[0][0] == 'A' {
		a.ACK = true
		switch {
		case HasMVP(f.OT) && len(fs) >= 3:
			a.MVP, a.SM, a.Extra = fs[1], fs[2], fs[3:]
		case len(fs) >= 2:
			a.SM, a.Extra = fs[1], fs[2:]
		}
		return nil
	}
	if len(fs) < 2 {
		return &Error{EC: ECSyntax, HeaderOK: true, TRN: f.TRN, Kind: f.Kind, OT: f.OT, Msg: "NACK without EC"}
	}
	ec, ok := num(fs[1])
	if !ok || len(fs[1]) > 3 {
		return &Error{EC: ECSyntax, HeaderOK: true, TRN: f.TRN, Kind: f.Kind, OT: f.OT, Msg: "NACK EC is not numeric"}
	}
	a.EC = ec
	if len(fs) >= 3 {
		a.SM, a.Extra = fs[2], fs[3:]
	}
	return nil
}

func fieldCountError(f *Frame, want int) error {
	return &Error{EC: ECSyntax, HeaderOK: true, TRN: f.TRN, Kind: f.Kind, OT: f.OT,
		Msg: "too few fields: " + pad2(len(f.Fields)) + " of " + pad2(want)}
}
