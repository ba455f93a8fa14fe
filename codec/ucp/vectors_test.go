package ucp

import (
	"github.com/smscserver/libsmscserver/codec/internal/hexdigit"

	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every UCP vector of docs/test-vectors.md, text between STX and ETX.
var vectors = []struct {
	name string
	text string
}{
	{"1 OT01 call input", "00/00070/O/01/01234567890/09876543210//3/53686F7274204D657373616765/D9"},
	{"2 OT01 ACK", "06/00043/R/01/A/01234567890:090196103258/4E"},
	{"2 OT01 NACK", "12/00022/R/01/N/02//03"},
	{"3 OT31 alert", "02/00035/O/31/0234765439845/0139/A0"},
	{"3 OT31 ACK", "04/00023/R/31/A/0003/2D"},
	{"3 OT31 NACK", "00/00022/R/31/N/06//07"},
	{"4 OT51 notification request", "18/00113/O/51/012345/09876//1/1920870340125000/4/0539//////3012961212//////3//4D657373616765203531/////////////CD"},
	{"5 OT51 transparent", "39/00099/O/51/0657467/078769//1//7//1/0545765/0122/1/0808971800///////4/32/F5AA34DE////1/////////65"},
	{"6 OT51 ACK", "00/00039/R/51/A//012234:090996101010/68"},
	{"6 OT51 NACK", "00/00022/R/51/N/31//07"},
	{"7 OT52 deliver", "00/00120/O/52/076523578/07686745/////////////120396111055////3//43616C6C20796F75206261636B206C617465722E///0//////////A3"},
	{"8 OT52 ACK", "00/00039/R/52/A//076567:010196010101/6C"},
	{"8 OT52 NACK", "00/00022/R/52/N/01//05"},
	{"9 OT53 notification", "00/00234/O/53/1299998/3155555/////////////090196161057/1/108/090196161105/3//4D65737361676520666F7220333135353535352C2077697468206964656E74696669636174696F6E2039363031303931363130353720686173206265656E206275666665726564/////////////1F"},
	{"10 OT53 ACK", "00/00032/R/53/A//020296020202/F2"},
	{"10 OT53 NACK", "00/00022/R/53/N/02//07"},
	{"11 OT60 session", "02/00059/O/60/07656765/2/1/1/50617373776F7264//0100//////61"},
	{"11 OT60 ACK", "00/00019/R/60/A//6D"},
	{"11 OT60 NACK", "00/00022/R/60/N/01//04"},
	{"12 Kannel login", "00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2"},
	{"13 Kannel keep-alive", "00/00029/O/31/emiuser/0539/F3"},
	{"13 keep-alive ACK", "00/00019/R/31/A//6B"},
	{"14 Kannel 51 text", "02/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D"},
	{"15 Kannel 51 alpha sender", "01/00097/O/51/4412345/0941361C1D06//1//7/////////////3//48656C6C6F20001B281B65////////5039/////FC"},
	{"16 Kannel 51 concatenated 2/2", "03/00111/O/51/4412345/1234/////////////////3//4242424242424242424242424242424242//////////0106050003030202///16"},
	{"17 Kannel 51 8-bit WAP", "05/00092/O/51/4412345/1234//1//7/////////////4/0024/010203////1//////01070605040B8423F0///7A"},
	{"18 Kannel 53 ACK", "50/00020/R/53/A///9B"},
	{"18 Kannel 52 ACK", "51/00020/R/52/A///9B"},
	{"19 51 ACK to Kannel", "02/00040/R/51/A//4412345:211126231906/9B"},
	{"20 OT60 NACK 07", "00/00022/R/60/N/07//0A"},
}

func wire(s string) []byte { return []byte("\x02" + s + "\x03") }

func TestVectorsParseAndRebuild(t *testing.T) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			var f Frame
			require.NoError(t, f.Parse(wire(v.text)))
			require.Equal(t, len(v.text), f.Len)
			require.Equal(t, v.text, string(f.Text))
			out, err := AppendFrame(nil, f.TRN, f.Kind, f.OT, f.Fields...)
			require.NoError(t, err)
			require.Equal(t, string(wire(v.text)), string(out), "rebuilt byte-identical")
			// Without STX/ETX too.
			var g Frame
			require.NoError(t, g.Parse([]byte(v.text)))
			require.Equal(t, len(f.Fields), len(g.Fields))

			// Typed decoding succeeds for every operation and result.
			switch {
			case f.Kind == Result:
				var a Answer
				require.NoError(t, a.Decode(&f))
				out, err := rebuildAnswer(&f, &a)
				require.NoError(t, err)
				require.Equal(t, string(wire(v.text)), string(out))
			case f.OT >= 51 && f.OT <= 58:
				var m Msg5x
				require.NoError(t, m.Decode(&f))
				require.Empty(t, m.Extra)
				out, err := m.AppendFrame(nil, f.TRN, f.OT)
				require.NoError(t, err)
				require.Equal(t, string(wire(v.text)), string(out))
			case f.OT == 60:
				var m Msg60
				require.NoError(t, m.Decode(&f))
				out, err := m.AppendFrame(nil, f.TRN, f.OT)
				require.NoError(t, err)
				require.Equal(t, string(wire(v.text)), string(out))
			case f.OT == 31:
				var m Msg31
				require.NoError(t, m.Decode(&f))
				out, err := m.AppendFrame(nil, f.TRN)
				require.NoError(t, err)
				require.Equal(t, string(wire(v.text)), string(out))
			case f.OT == 1:
				var m Msg01
				require.NoError(t, m.Decode(&f))
				out, err := m.AppendFrame(nil, f.TRN)
				require.NoError(t, err)
				require.Equal(t, string(wire(v.text)), string(out))
			}
		})
	}
}

func rebuildAnswer(f *Frame, a *Answer) ([]byte, error) {
	if !a.ACK {
		return AppendNACK(nil, f.TRN, f.OT, a.EC, a.SM)
	}
	return AppendACK(nil, f.TRN, f.OT, a.MVP, a.SM)
}

func parse(t *testing.T, s string) *Frame {
	t.Helper()
	f := new(Frame)
	require.NoError(t, f.Parse(wire(s)))
	return f
}

func TestTypedFields(t *testing.T) {
	// Kannel's login.
	f := parse(t, "00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2")
	require.Equal(t, Header{TRN: 0, Len: 54, Kind: Operation, OT: 60}, f.Header)
	var m60 Msg60
	require.NoError(t, m60.Decode(f))
	require.Equal(t, "emiuser", string(m60.F[F60OAdC]))
	require.Equal(t, "6", string(m60.F[F60OTON]))
	require.Equal(t, "5", string(m60.F[F60ONPI]))
	require.Equal(t, "1", string(m60.F[F60STYP]))
	require.Equal(t, "0100", string(m60.F[F60VERS]))
	pwd, err := DecodeIRA(m60.F[F60PWD])
	require.NoError(t, err)
	require.Equal(t, "secret", pwd)
	require.Equal(t, "736563726574", string(AppendIRA(nil, "secret")))

	// 51 with alpha sender.
	f = parse(t, "01/00097/O/51/4412345/0941361C1D06//1//7/////////////3//48656C6C6F20001B281B65////////5039/////FC")
	var m Msg5x
	require.NoError(t, m.Decode(f))
	require.Equal(t, "4412345", string(m.F[F5xAdC]))
	require.Equal(t, "0941361C1D06", string(m.F[F5xOAdC]))
	require.Equal(t, "1", string(m.F[F5xNRq]))
	require.Equal(t, "7", string(m.F[F5xNT]))
	require.Equal(t, "3", string(m.F[F5xMT]))
	require.Equal(t, "48656C6C6F20001B281B65", string(m.F[F5xMsg]))
	require.Equal(t, "5039", string(m.F[F5xOTOA]))
	msg, err := AppendHexDecode(nil, m.F[F5xMsg])
	require.NoError(t, err)
	require.Equal(t, []byte("Hello \x00\x1b(\x1be"), msg)

	// 51 transparent: MT 4, NB 32, LRq etc.
	f = parse(t, "39/00099/O/51/0657467/078769//1//7//1/0545765/0122/1/0808971800///////4/32/F5AA34DE////1/////////65")
	require.NoError(t, m.Decode(f))
	require.Equal(t, "4", string(m.F[F5xMT]))
	require.Equal(t, "32", string(m.F[F5xNB]))
	require.Equal(t, "F5AA34DE", string(m.F[F5xMsg]))
	require.Equal(t, "1", string(m.F[F5xLRq]))
	require.Equal(t, "0545765", string(m.F[F5xLRAd]))
	require.Equal(t, "0122", string(m.F[F5xLPID]))
	require.Equal(t, "1", string(m.F[F5xDD]))
	require.Equal(t, "0808971800", string(m.F[F5xDDT]))
	require.Equal(t, "1", string(m.F[F5xMCLs]))

	// 53 with Dst/Rsn/DSCTS.
	f = parse(t, vectors[13].text)
	require.NoError(t, m.Decode(f))
	require.Equal(t, "090196161057", string(m.F[F5xSCTS]))
	require.Equal(t, "1", string(m.F[F5xDst]))
	require.Equal(t, "108", string(m.F[F5xRsn]))
	require.Equal(t, "090196161105", string(m.F[F5xDSCTS]))
	txt, _ := AppendHexDecode(nil, m.F[F5xMsg])
	require.Equal(t, "Message for 3155555, with identification 960109161057 has been buffered", string(txt))

	// XSer with a UDH (concatenated part 2/2).
	f = parse(t, "03/00111/O/51/4412345/1234/////////////////3//4242424242424242424242424242424242//////////0106050003030202///16")
	require.NoError(t, m.Decode(f))
	typ, data, rest, ok, err := NextXSer(m.F[F5xXSer])
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, byte(XSerUDH), typ)
	require.Equal(t, "050003030202", string(data))
	_, _, _, ok, err = NextXSer(rest)
	require.NoError(t, err)
	require.False(t, ok)
	require.Equal(t, "0106050003030202", string(AppendXSer(nil, XSerUDH, []byte{5, 0, 3, 3, 2, 2})))
	for _, bad := range []string{"01", "0106", "01060500030302", "01020G00", "010"} {
		_, _, _, _, err = NextXSer([]byte(bad))
		require.ErrorIs(t, err, ErrXSer, bad)
	}

	// Results.
	var a Answer
	require.NoError(t, a.Decode(parse(t, "00/00039/R/51/A//012234:090996101010/68")))
	require.Equal(t, Answer{ACK: true, MVP: []byte{}, SM: []byte("012234:090996101010"), Extra: [][]byte{}}, a)
	require.NoError(t, a.Decode(parse(t, "00/00022/R/51/N/31//07")))
	require.False(t, a.ACK)
	require.Equal(t, 31, a.EC)
	require.NoError(t, a.Decode(parse(t, "04/00023/R/31/A/0003/2D")))
	require.True(t, a.ACK)
	require.Equal(t, "0003", string(a.SM))
	require.NoError(t, a.Decode(parse(t, "51/00020/R/52/A///9B")))
	require.True(t, a.ACK)
	require.Empty(t, a.SM)

	// A 5x ACK with only A/SM (some SMTs) is read as ACK + SM.
	out, err := AppendFrame(nil, 7, Result, 52, []byte("A"), []byte("x:1"))
	require.NoError(t, err)
	require.NoError(t, a.Decode(parse(t, string(out[1:len(out)-1]))))
	require.True(t, a.ACK)
	require.Equal(t, "x:1", string(a.SM))

	require.Equal(t, F5xMsg, Field5x("AMsg"))
	require.Equal(t, F5xXSer, Field5x("xser"))
	require.Equal(t, -1, Field5x("nope"))
}

func TestBuildResults(t *testing.T) {
	cases := []struct {
		got  func() ([]byte, error)
		want string
	}{
		{func() ([]byte, error) { return AppendACK(nil, 0, 60, nil, nil) }, "00/00019/R/60/A//6D"},
		{func() ([]byte, error) { return AppendNACK(nil, 0, 60, 7, nil) }, "00/00022/R/60/N/07//0A"},
		{func() ([]byte, error) { return AppendACK(nil, 0, 31, nil, nil) }, "00/00019/R/31/A//6B"},
		{func() ([]byte, error) { return AppendACK(nil, 2, 51, nil, []byte("4412345:211126231906")) }, "02/00040/R/51/A//4412345:211126231906/9B"},
		{func() ([]byte, error) { return AppendNACK(nil, 0, 51, 31, nil) }, "00/00022/R/51/N/31//07"},
		{func() ([]byte, error) { return AppendACK(nil, 50, 53, nil, nil) }, "50/00020/R/53/A///9B"},
		{func() ([]byte, error) { return AppendACK(nil, 6, 1, nil, []byte("01234567890:090196103258")) }, "06/00043/R/01/A/01234567890:090196103258/4E"},
		{func() ([]byte, error) { return AppendNACK(nil, 12, 1, 2, nil) }, "12/00022/R/01/N/02//03"},
	}
	for _, c := range cases {
		b, err := c.got()
		require.NoError(t, err)
		require.Equal(t, string(wire(c.want)), string(b))
	}
	// Incremental building into a buffer that already holds data.
	buf := []byte("xyz")
	start := len(buf)
	buf = Begin(buf, 100, Operation, 31) // TRN mod 100
	buf = AppendFieldString(buf, "emiuser")
	buf = AppendFieldInt(buf, 539, 4)
	buf, err := End(buf, start)
	require.NoError(t, err)
	require.Equal(t, "xyz"+string(wire("00/00029/O/31/emiuser/0539/F3")), string(buf))

	// LEN limit.
	big := make([]byte, MaxLen)
	out, err := AppendFrame([]byte("ab"), 1, Operation, 51, big)
	require.ErrorIs(t, err, ErrLenLimit)
	require.Equal(t, "ab", string(out))

	require.True(t, ValidField("abc:123"))
	require.False(t, ValidField("a/b"))
	require.False(t, ValidField("a\x03"))
	require.Equal(t, "0005/", string(AppendFieldInt(nil, 5, 4)))
	require.Equal(t, "0/", string(AppendFieldInt(nil, 0, 0)))
	require.Equal(t, "12345/", string(AppendFieldInt(nil, 12345, 2)))
	require.Equal(t, "0A1B/", string(AppendFieldHex(nil, []byte{0x0a, 0x1b})))
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name     string
		text     string
		ec       int
		headerOK bool
		trn, ot  int
	}{
		{"bad checksum", "00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D3", ECChecksum, true, 0, 60},
		{"missing checksum", "00/00052/O/60/emiuser/6/5/1/736563726574//0100//////", ECChecksum, true, 0, 60},
		{"non-hex checksum", "00/00054/O/60/emiuser/6/5/1/736563726574//0100//////ZZ", ECChecksum, true, 0, 60},
		{"LEN mismatch", withChecksum("00/00055/O/31/emiuser/0539/"), ECSyntax, true, 0, 31},
		{"LEN not numeric", "00/0002x/O/31/emiuser/0539/3B", ECSyntax, true, 0, 31},
		{"LEN 4 digits", "00/0029/O/31/emiuser/0539/C3", ECSyntax, true, 0, 31},
		{"bad O/R", "00/00029/X/31/emiuser/0539/FC", ECSyntax, false, 0, 31},
		{"TRN 3 digits", "000/00029/O/31/emiuser/0539/23", ECSyntax, false, -1, 31},
		{"OT not numeric", "07/00029/O/3x/emiuser/0539/3B", ECSyntax, false, 7, -1},
		{"garbage", "hello world", ECSyntax, false, -1, -1},
		{"empty", "", ECSyntax, false, -1, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var f Frame
			err := f.Parse(wire(c.text))
			require.Error(t, err)
			var e *Error
			require.True(t, errors.As(err, &e))
			require.Equal(t, c.ec, e.EC)
			require.Equal(t, c.ec, ECOf(err))
			require.Equal(t, c.headerOK, e.HeaderOK)
			if c.headerOK || c.trn >= 0 {
				require.Equal(t, c.trn, e.TRN)
			}
			if c.headerOK {
				require.Equal(t, c.ot, e.OT)
			}
			require.NotEmpty(t, e.Error())
		})
	}
	// Lower-case checksum is accepted.
	var f Frame
	require.NoError(t, f.Parse(wire("00/00022/R/60/N/07//0a")))

	// Too few fields for the operation: syntax error naming the frame.
	short := mustBuild(t, 9, Operation, 51, "123", "456")
	require.NoError(t, f.Parse(short))
	var m Msg5x
	err := m.Decode(&f)
	require.Equal(t, ECSyntax, ECOf(err))
	var e *Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, 9, e.TRN)
	require.Equal(t, 51, e.OT)
	var m60 Msg60
	require.Equal(t, ECSyntax, ECOf(m60.Decode(&f)))

	// Extra fields are tolerated and kept.
	fields := make([]string, Fields5x+2)
	fields[0], fields[Fields5x], fields[Fields5x+1] = "1", "x", "y"
	require.NoError(t, f.Parse(mustBuild(t, 1, Operation, 51, fields...)))
	require.NoError(t, m.Decode(&f))
	require.Len(t, m.Extra, 2)
	require.Equal(t, "y", string(m.Extra[1]))

	// Results that are neither A nor N, or a NACK without an EC.
	var a Answer
	require.NoError(t, f.Parse(mustBuild(t, 1, Result, 52, "X")))
	require.Equal(t, ECSyntax, ECOf(a.Decode(&f)))
	require.NoError(t, f.Parse(mustBuild(t, 1, Result, 52, "N")))
	require.Equal(t, ECSyntax, ECOf(a.Decode(&f)))
	require.NoError(t, f.Parse(mustBuild(t, 1, Result, 52, "N", "ab")))
	require.Equal(t, ECSyntax, ECOf(a.Decode(&f)))
	require.Equal(t, 0, ECOf(nil))
	require.Equal(t, ECSyntax, ECOf(errors.New("x")))
	require.Equal(t, "Authentication failure", ECText(7))
}

func withChecksum(s string) string {
	c := Checksum([]byte(s))
	return s + string(hexdigit.AppendByte(nil, c))
}

func mustBuild(t *testing.T, trn int, k Kind, ot int, fields ...string) []byte {
	t.Helper()
	bs := make([][]byte, len(fields))
	for i, f := range fields {
		bs[i] = []byte(f)
	}
	b, err := AppendFrame(nil, trn, k, ot, bs...)
	require.NoError(t, err)
	return b
}

func TestScan(t *testing.T) {
	login := string(wire(vectors[20].text))
	alive := string(wire(vectors[21].text))
	cases := []struct {
		name    string
		in      string
		skip, n int
		err     error
	}{
		{"one frame", login, 0, len(login), nil},
		{"two frames", login + alive, 0, len(login), nil},
		{"noise before", "\r\n  " + login, 4, len(login), nil},
		{"incomplete", login[:20], 0, 0, nil},
		{"noise then incomplete", "ab" + login[:20], 2, 0, nil},
		{"only noise", "hello", 5, 0, nil},
		{"empty", "", 0, 0, nil},
		{"ETX without STX", "00/00019/R/60/A//6D\x03", 0, 0, ErrNoSTX},
		{"noise with ETX then frame", "x\x03" + login, 0, 0, ErrNoSTX},
		{"STX inside frame", "\x0200/00019/R/60/A//6D" + alive, 0, 0, ErrNoETX},
		{"STX inside incomplete frame", "\x0200/00\x0200/00019", 0, 0, ErrNoETX},
		{"too long complete", "\x02" + strings.Repeat("a", 100) + "\x03", 0, 0, ErrTooLong},
		{"too long incomplete", "\x02" + strings.Repeat("a", 100), 0, 0, ErrTooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			skip, n, err := Scan([]byte(c.in), 80)
			if c.err != nil {
				require.ErrorIs(t, err, c.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.skip, skip)
			require.Equal(t, c.n, n)
		})
	}
}

func TestDecodeIRA(t *testing.T) {
	s, err := DecodeIRA([]byte("50617373776F7264"))
	require.NoError(t, err)
	require.Equal(t, "Password", s)
	s, err = DecodeIRA([]byte("E9"))
	require.NoError(t, err)
	require.Equal(t, "é", s)
	_, err = DecodeIRA([]byte("secret"))
	require.ErrorIs(t, err, ErrHex)
	_, err = AppendHexDecode(nil, []byte("abc"))
	require.ErrorIs(t, err, ErrHex)
}
