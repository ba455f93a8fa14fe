package cimd2

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// v turns the notation of docs/test-vectors.md (<STX>, <TAB>, <ETX>) into octets.
func v(s string) []byte {
	s = strings.NewReplacer("<STX>", "\x02", "<TAB>", "\t", "<ETX>", "\x03").Replace(s)
	return []byte(s)
}

// The CIMD2 vectors of docs/test-vectors.md: Kannel 1.4.5 captures and the
// packets an SMSC answers with.
var vectors = []struct {
	name   string
	packet string
	op     int
	number int
	params []Param
}{
	{"kannel login", "<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>", 1, 1,
		[]Param{{10, []byte("cimduser")}, {11, []byte("secret")}}},
	{"login ok", "<STX>51:001<TAB>3C<ETX>", 51, 1, nil},
	{"alive", "<STX>40:003<TAB>3C<ETX>", 40, 3, nil},
	{"alive response", "<STX>90:003<TAB>41<ETX>", 90, 3, nil},
	{"submit with escapes", "<STX>03:003<TAB>021:4412345<TAB>023:1234<TAB>056:14<TAB>055:0<TAB>044:0<TAB>033:Hello _Oa_XX(_XXe_XX>_a\"<TAB>4B<ETX>", 3, 3,
		[]Param{{21, []byte("4412345")}, {23, []byte("1234")}, {56, []byte("14")}, {55, []byte("0")}, {44, []byte("0")}, {33, []byte(`Hello _Oa_XX(_XXe_XX>_a"`)}}},
	{"submit response", "<STX>53:003<TAB>021:4412345<TAB>060:261121232018<TAB>B3<ETX>", 53, 3,
		[]Param{{21, []byte("4412345")}, {60, []byte("261121232018")}}},
	{"status report", "<STX>23:000<TAB>021:4412345<TAB>060:261121232018<TAB>061:4<TAB>063:261121232018<TAB>F4<ETX>", 23, 0,
		[]Param{{21, []byte("4412345")}, {60, []byte("261121232018")}, {61, []byte("4")}, {63, []byte("261121232018")}}},
	{"status report response", "<STX>73:000<TAB>3F<ETX>", 73, 0, nil},
	{"deliver message", "<STX>20:002<TAB>021:1234<TAB>023:4412345<TAB>060:261121232018<TAB>033:Hi _Oa there<TAB>3F<ETX>", 20, 2,
		[]Param{{21, []byte("1234")}, {23, []byte("4412345")}, {60, []byte("261121232018")}, {33, []byte("Hi _Oa there")}}},
	{"deliver message response", "<STX>70:002<TAB>3E<ETX>", 70, 2, nil},
	{"concatenated part 1/2", "<STX>03:005<TAB>021:4412345<TAB>027:Alpha<TAB>056:14<TAB>055:0<TAB>044:1<TAB>032:050003060201<TAB>033:" +
		strings.Repeat("A", 150) + "BBB<TAB>76<ETX>", 3, 5,
		[]Param{{21, []byte("4412345")}, {27, []byte("Alpha")}, {56, []byte("14")}, {55, []byte("0")}, {44, []byte("1")},
			{32, []byte("050003060201")}, {33, []byte(strings.Repeat("A", 150) + "BBB")}}},
	{"login rejected", "<STX>51:001<TAB>900:100<TAB>901:Invalid login<TAB>86<ETX>", 51, 1,
		[]Param{{900, []byte("100")}, {901, []byte("Invalid login")}}},
	{"general error", "<STX>98:003<TAB>900:1<TAB>901:Unexpected operation<TAB>39<ETX>", 98, 3,
		[]Param{{900, []byte("1")}, {901, []byte("Unexpected operation")}}},
	{"nack", "<STX>99:003<TAB>4A<ETX>", 99, 3, nil},
	{"submit refused", "<STX>53:005<TAB>900:300<TAB>B1<ETX>", 53, 5, []Param{{900, []byte("300")}}},
	{"logout", "<STX>02:007<TAB>3E<ETX>", 2, 7, nil},
	{"logout response", "<STX>52:007<TAB>43<ETX>", 52, 7, nil},
	{"jcimd login", "<STX>01:001<TAB>010:username<TAB>011:password<TAB>B3<ETX>", 1, 1,
		[]Param{{10, []byte("username")}, {11, []byte("password")}}},
}

func TestVectorsParseAndRebuild(t *testing.T) {
	var p Packet
	for _, tc := range vectors {
		raw := v(tc.packet)
		require.NoError(t, Parse(raw, &p), tc.name)
		require.Equal(t, tc.op, p.Op, tc.name)
		require.Equal(t, tc.number, p.Number, tc.name)
		require.Equal(t, len(tc.params), len(p.Params), tc.name)
		for i := range tc.params {
			require.Equal(t, tc.params[i].Code, p.Params[i].Code, tc.name)
			require.Equal(t, string(tc.params[i].Value), string(p.Params[i].Value), tc.name)
		}
		require.NotEqual(t, -1, p.Checksum, tc.name)
		require.Nil(t, p.Check(), tc.name)
		require.Equal(t, string(raw), string(p.Append(nil)), "%s: rebuild byte-identical", tc.name)

		// Built with the Append* helpers from the expected fields.
		b := AppendHeader(nil, tc.op, tc.number)
		for _, pr := range tc.params {
			b = AppendParam(b, pr.Code, pr.Value)
		}
		require.Equal(t, string(raw), string(AppendTrailer(b, 0)), tc.name)

		// The stream splitter finds it whole.
		n, isPacket, err := Split(raw, 4096)
		require.NoError(t, err)
		require.True(t, isPacket)
		require.Equal(t, len(raw), n)
	}
}

func TestPacketWithoutChecksum(t *testing.T) {
	var p Packet
	raw := v("<STX>01:001<TAB>010:username<TAB>011:password<TAB><ETX>")
	require.NoError(t, Parse(raw, &p))
	require.Equal(t, -1, p.Checksum)
	require.Equal(t, 1, p.Op)
	u, _ := p.Get(ParamUserIdentity)
	pw, _ := p.Get(ParamPassword)
	require.Equal(t, "username", string(u))
	require.Equal(t, "password", string(pw))
	require.Equal(t, string(v("<STX>01:001<TAB>010:username<TAB>011:password<TAB>B3<ETX>")), string(p.Append(nil)))

	// The minimal packet (docs/protocols.md, "CIMD2 / Frame") and a lower-case checksum.
	require.NoError(t, Parse(v("<STX>40:003<TAB><ETX>"), &p))
	require.NoError(t, Parse(v("<STX>51:001<TAB>3c<ETX>"), &p))
	require.Equal(t, 0x3C, p.Checksum)
}

func TestParseLenient(t *testing.T) {
	var p Packet
	// Header directly followed by ETX.
	require.NoError(t, Parse(v("<STX>40:003<ETX>"), &p))
	require.Equal(t, 40, p.Op)
	require.Empty(t, p.Params)
	// Last parameter without its TAB.
	require.NoError(t, Parse(v("<STX>03:001<TAB>021:123<TAB>033:hi<ETX>"), &p))
	val, ok := p.Get(ParamUserData)
	require.True(t, ok)
	require.Equal(t, "hi", string(val))
	// Empty values and unknown parameter codes pass.
	require.NoError(t, Parse(v("<STX>03:001<TAB>021:123<TAB>033:<TAB>777:x<TAB><ETX>"), &p))
	require.Len(t, p.Params, 3)
	require.Nil(t, p.Check())
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, packet string
		err          error
		op, number   int
	}{
		{"bad checksum", "<STX>40:003<TAB>3D<ETX>", ErrChecksum, 40, 3},
		{"checksum not hex", "<STX>40:003<TAB>G0<ETX>", ErrSyntax, 40, 3},
		{"no ETX", "<STX>40:003<TAB>", ErrSyntax, 40, 3},
		{"short header", "<STX>40:03<TAB><ETX>", ErrSyntax, -1, -1},
		{"letters in op", "<STX>4x:003<TAB><ETX>", ErrSyntax, -1, -1},
		{"no TAB after header", "<STX>40:003X<TAB><ETX>", ErrSyntax, 40, 3},
		{"parameter without colon", "<STX>03:005<TAB>021-123<TAB><ETX>", ErrSyntax, 3, 5},
		{"parameter code not digits", "<STX>03:005<TAB>0a1:123<TAB><ETX>", ErrSyntax, 3, 5},
		{"stray tail", "<STX>03:005<TAB>021:123<TAB>X<ETX>", ErrSyntax, 3, 5},
		{"STX inside", "<STX>03:005<TAB>021:1<STX>23<TAB><ETX>", ErrSyntax, 3, 5},
		{"ETX inside", "<STX>03:005<TAB>021:1<ETX>23<TAB><ETX>", ErrSyntax, 3, 5},
		{"no STX", "03:005<TAB><ETX>", ErrSyntax, -1, -1},
		{"empty", "", ErrSyntax, -1, -1},
	}
	var p Packet
	for _, tc := range cases {
		err := Parse(v(tc.packet), &p)
		require.ErrorIs(t, err, tc.err, tc.name)
		require.Equal(t, OpNack, ReplyOf(err), tc.name)
		require.Equal(t, tc.op, p.Op, tc.name)
		require.Equal(t, tc.number, p.Number, tc.name)
	}
	require.Equal(t, OpGeneralError, ReplyOf(ErrUnexpectedOperation))
	require.Equal(t, 0, ReplyOf(ErrTooLong))
}

func TestCheck(t *testing.T) {
	cases := []struct {
		packet string
		param  int
		code   int
	}{
		{"<STX>03:001<TAB>021:12a<TAB><ETX>", 21, 300},
		{"<STX>03:001<TAB>021:123456789012345678901<TAB><ETX>", 21, 300},
		{"<STX>03:001<TAB>021:1<TAB>023:1<TAB>023:2<TAB><ETX>", 23, 306},
		{"<STX>03:001<TAB>021:1<TAB>050:256<TAB><ETX>", 50, 305},
		{"<STX>03:001<TAB>021:1<TAB>051:2611212320<TAB><ETX>", 51, 305},
		{"<STX>03:001<TAB>021:1<TAB>034:ABC<TAB><ETX>", 34, 302},
		{"<STX>03:001<TAB>021:1<TAB>032:0G<TAB><ETX>", 32, 303},
		{"<STX>03:001<TAB>021:1<TAB>056:x<TAB><ETX>", 56, 310},
		{"<STX>03:001<TAB>021:1<TAB>030:-1<TAB><ETX>", 30, 304},
		{"<STX>03:001<TAB>021:1<TAB>027:TooLongAlpha<TAB><ETX>", 27, 321},
		{"<STX>03:001<TAB>021:1<TAB>061:99<TAB><ETX>", 61, 8},
	}
	var p Packet
	for _, tc := range cases {
		require.NoError(t, Parse(v(tc.packet), &p), tc.packet)
		e := p.Check()
		require.NotNil(t, e, tc.packet)
		require.Equal(t, tc.param, e.Param, tc.packet)
		require.Equal(t, tc.code, e.SubmitErrorCode(), tc.packet)
		require.NotEmpty(t, e.Error())
	}
	// 021 repeats; -1 is a valid relative time.
	require.NoError(t, Parse(v("<STX>03:001<TAB>021:1<TAB>021:+2<TAB>050:-1<TAB>053:-1<TAB><ETX>"), &p))
	require.Nil(t, p.Check())
	require.Equal(t, 2, p.Count(ParamDestinationAddress))
	n, ok := p.Int(ParamValidityPeriodRelative)
	require.True(t, ok)
	require.Equal(t, -1, n)
}

func TestSplit(t *testing.T) {
	login := v("<STX>01:001<TAB>010:u<TAB>011:p<TAB><ETX>")
	alive := v("<STX>40:003<TAB>3C<ETX>")

	// Garbage before, between and after packets is skipped chunk by chunk.
	stream := append(append(append(append([]byte("junk\r\n"), login...), "xx"...), alive...), "tail"...)
	var got []string
	for len(stream) > 0 {
		n, isPacket, err := Split(stream, 4096)
		require.NoError(t, err)
		if n == 0 {
			break
		}
		if isPacket {
			got = append(got, string(stream[:n]))
		}
		stream = stream[n:]
	}
	require.Equal(t, []string{string(login), string(alive)}, got)
	require.Empty(t, stream, "garbage without STX is consumed at once")

	// A packet cut short by the next STX is skipped, the next one found.
	cut := append(v("<STX>03:005<TAB>021:12"), alive...)
	n, isPacket, err := Split(cut, 4096)
	require.NoError(t, err)
	require.False(t, isPacket)
	op, num, ok := ParseHeader(cut[:n])
	require.True(t, ok)
	require.Equal(t, 3, op)
	require.Equal(t, 5, num)
	n2, isPacket, _ := Split(cut[n:], 4096)
	require.True(t, isPacket)
	require.Equal(t, len(alive), n2)

	// Incomplete: need more.
	n, _, err = Split(login[:10], 4096)
	require.NoError(t, err)
	require.Zero(t, n)

	// Too long, with or without its ETX in view.
	big := append([]byte{STX}, bytes.Repeat([]byte("a"), 100)...)
	_, _, err = Split(big, 64)
	require.ErrorIs(t, err, ErrTooLong)
	_, _, err = Split(append(big, ETX), 64)
	require.ErrorIs(t, err, ErrTooLong)
	_, _, err = Split(big[:63], 64)
	require.NoError(t, err)
	n, isPacket, err = Split(append(big[:63], ETX), 64)
	require.NoError(t, err)
	require.True(t, isPacket)
	require.Equal(t, 64, n)
}

func TestNamesAndTexts(t *testing.T) {
	require.Equal(t, "submit message", OpName(OpSubmit))
	require.Equal(t, "submit message response", OpName(OpSubmitResponse))
	require.Equal(t, "alive response", OpName(OpAliveResponse))
	require.Equal(t, "", OpName(77))
	require.True(t, IsResponse(70))
	require.False(t, IsResponse(98))
	require.False(t, IsResponse(57))
	require.True(t, IsClientRequest(OpSubmit))
	require.False(t, IsClientRequest(OpDeliverMessage))
	require.Equal(t, "Invalid login", ErrorText(100))
	for code, text := range errorTexts {
		require.LessOrEqual(t, len(text), 64, code)
		require.True(t, ValidValue(text))
	}
	in, ok := Info(ParamUserData)
	require.True(t, ok)
	require.Equal(t, 480, in.MaxLen)
	_, ok = Info(777)
	require.False(t, ok)
	require.False(t, ValidValue("a\tb"))
}

func TestAppendParamInt(t *testing.T) {
	b := AppendParamInt(nil, 50, -1)
	b = AppendParamInt(b, 900, 0)
	b = AppendParamInt(b, 62, 999)
	b = AppendParamHex(b, 34, []byte{0x04, 0x1F})
	require.Equal(t, "050:-1\t900:0\t062:999\t034:041F\t", string(b))
}
