package multipart

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func h(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

func hx(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }

func TestParseUDH(t *testing.T) {
	tests := []struct {
		name, in, udh, rest string
		ok                  bool
	}{
		{"8-bit concat + text", "050003CC0201 68656C6C6F", "050003CC0201", "68656C6C6F", true},
		{"16-bit concat", "0608040102030201 41", "0608040102030201"[:14], "0141", true},
		{"WAP port", "0605040B8423F0 010203", "0605040B8423F0", "010203", true},
		{"empty header", "00 41", "00", "41", true},
		{"header only", "050003010202", "050003010202", "", true},
		{"UDHL past end", "0500030102", "", "", false},
		{"IE past header", "0300050102 41", "", "", false},
		{"lone IEI", "0100", "", "", false},
		{"nothing", "", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			udh, rest, err := ParseUDH(h(t, tc.in))
			if !tc.ok {
				require.ErrorIs(t, err, ErrBadUDH)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.udh, hx(udh))
			require.Equal(t, tc.rest, hx(rest))
		})
	}
}

func TestFindConcat(t *testing.T) {
	tests := []struct {
		name, udh string
		c         Concat
		ok        bool
	}{
		{"8-bit", "050003CC0201", Concat{Ref: 0xCC, Total: 2, Seq: 1}, true},
		{"kannel 2/2", "050003010202", Concat{Ref: 1, Total: 2, Seq: 2}, true},
		{"16-bit", "06080412340302", Concat{Ref: 0x1234, Total: 3, Seq: 2, Is16Bit: true}, true},
		{"after port IE", "0B05040B8423F0 0003070201", Concat{Ref: 7, Total: 2, Seq: 1}, true},
		{"last one wins", "0A 0003010201 0003020202", Concat{Ref: 2, Total: 2, Seq: 2}, true},
		{"seq 0 ignored", "050003010200", Concat{}, false},
		{"seq > total ignored", "050003010203", Concat{}, false},
		{"total 0 ignored", "050003010000", Concat{}, false},
		{"wrong IEDL", "06000401020201", Concat{}, false},
		{"no concat", "0605040B8423F0", Concat{}, false},
		{"malformed", "0500030102", Concat{}, false},
		{"nil", "", Concat{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := FindConcat(h(t, tc.udh))
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.c, c)
		})
	}
}

func TestStripConcat(t *testing.T) {
	tests := []struct{ name, in, out string }{
		{"only concat", "050003CC0201", ""},
		{"only 16-bit concat", "06080412340302", ""},
		{"port kept", "0B05040B8423F00003070201", "0605040B8423F0"},
		{"port kept, concat first", "0B00030702010504 0B8423F0", "0605040B8423F0"},
		{"nothing to strip", "0605040B8423F0", "0605040B8423F0"},
		{"malformed returned as is", "0500030102", "0500030102"},
		{"nil", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := StripConcat(h(t, tc.in))
			if tc.out == "" {
				require.Nil(t, out)
				return
			}
			require.Equal(t, strings.ReplaceAll(tc.out, " ", ""), hx(out))
		})
	}
}

func TestUDHBuild(t *testing.T) {
	require.Equal(t, "050003CC0201", hx(AppendConcat(nil, nil, Concat{Ref: 0xCC, Total: 2, Seq: 1})))
	require.Equal(t, "06080412340302", hx(AppendConcat(nil, nil, Concat{Ref: 0x1234, Total: 3, Seq: 2, Is16Bit: true})))
	require.Equal(t, "0B05040B8423F00003070201", hx(AppendConcat(nil, h(t, "0605040B8423F0"), Concat{Ref: 7, Total: 2, Seq: 1})))
	u, err := DecodeUDH(h(t, "0B05040B8423F00003070201"))
	require.NoError(t, err)
	require.Equal(t, []IE{{0x05, h(t, "0B8423F0")}, {0x00, h(t, "070201")}}, u.IEs)
	require.Equal(t, 12, u.Len())
	require.Equal(t, "0B05040B8423F00003070201", hx(u.Append(nil)))
	_, err = DecodeUDH(h(t, "0B05040B8423F0000307020199")) // longer than UDHL
	require.ErrorIs(t, err, ErrBadUDH)
}

func TestParseMode(t *testing.T) {
	for s, m := range map[string]Mode{"": ModeUDH8, "udh8": ModeUDH8, " UDH16 ": ModeUDH16, "sar": ModeSAR, "Payload": ModePayload} {
		got, err := ParseMode(s)
		require.NoError(t, err)
		require.Equal(t, m, got)
	}
	_, err := ParseMode("udh32")
	require.ErrorIs(t, err, ErrBadMode)
	for _, m := range []Mode{ModeUDH8, ModeUDH16, ModeSAR, ModePayload} {
		back, err := ParseMode(m.String())
		require.NoError(t, err)
		require.Equal(t, m, back)
	}
}
