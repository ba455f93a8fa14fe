package multipart

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

func FuzzParseUDH(f *testing.F) {
	for _, s := range []string{"050003CC020168656C6C6F", "0608041234030241", "0B05040B8423F0000307020100", "00", "05", "0300050102", ""} {
		f.Add(h(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		udh, rest, err := ParseUDH(b)
		if err != nil {
			return
		}
		if len(udh) != 1+int(udh[0]) || len(udh)+len(rest) != len(b) {
			t.Fatalf("lengths: udh %d rest %d of %d", len(udh), len(rest), len(b))
		}
		u, err := DecodeUDH(udh)
		if err != nil {
			t.Fatalf("ParseUDH accepted what DecodeUDH refuses: %x", udh)
		}
		if !bytes.Equal(u.Append(nil), udh) {
			t.Fatalf("re-encode %x != %x", u.Append(nil), udh)
		}
		c, ok := FindConcat(udh)
		if ok && (c.Total == 0 || c.Seq == 0 || c.Seq > c.Total) {
			t.Fatalf("invalid concat %+v accepted", c)
		}
		s := StripConcat(udh)
		if s != nil {
			if _, rest, err := ParseUDH(s); err != nil || len(rest) != 0 {
				t.Fatalf("StripConcat gave malformed %x", s)
			}
			if _, ok := FindConcat(s); ok {
				t.Fatalf("StripConcat left a concat IE: %x", s)
			}
		}
	})
}

// FuzzReassembler drives a small reassembler with random operations: it
// must never panic, never exceed its limits, and only ever complete
// messages with every part present.
func FuzzReassembler(f *testing.F) {
	f.Add([]byte{0, 0, 3, 1, 5, 0, 0, 3, 2, 5, 0, 0, 3, 3, 5})
	f.Add([]byte{0, 1, 2, 1, 200, 1, 0, 0, 0, 0, 0, 1, 2, 2, 200, 2, 0, 0, 0, 0})
	f.Add([]byte{0, 2, 255, 7, 100, 0, 2, 4, 7, 100, 3, 0, 0, 0, 0})
	const maxPending, maxBytes = 4, 4096
	f.Fuzz(func(t *testing.T, prog []byte) {
		r := NewReassembler(10*time.Second, maxPending, maxBytes)
		now := t0
		for len(prog) >= 5 {
			op, a, b, c, d := prog[0], prog[1], prog[2], prog[3], prog[4]
			prog = prog[5:]
			switch op % 4 {
			case 0, 1: // add a part
				k := Key{Client: int64(a % 3), Originator: "o", Destination: "d", Ref: uint16(a % 5)}
				data := bytes.Repeat([]byte{c}, int(d))
				whole, ids, done, dup, err := r.Add(now, k, b, c, data, uint64(c))
				if done && (dup || err != nil || len(ids) != int(b)) {
					t.Fatalf("done with dup=%v err=%v ids=%d total=%d", dup, err, len(ids), b)
				}
				if done {
					for i, id := range ids {
						if b > 1 && id != uint64(i+1) {
							t.Fatalf("ids out of order: %v", ids)
						}
					}
					if b > 1 && len(whole) == 0 && d != 0 {
						t.Fatalf("empty whole")
					}
				}
			case 2: // time passes
				now = now.Add(time.Duration(a) * time.Second / 4)
			case 3:
				for _, e := range r.Expire(now) {
					if e.Received >= e.Total || len(e.IDs) != e.Received || len(e.Seqs) != e.Received {
						t.Fatalf("bad expiry %+v", e)
					}
				}
				if dl, ok := r.NextDeadline(); ok && dl.Before(now.Add(-time.Hour)) {
					t.Fatalf("deadline far in the past")
				}
			}
			n, bytesUsed := r.Pending()
			if n > maxPending || bytesUsed > maxBytes || bytesUsed < 0 {
				t.Fatalf("limits: %d messages, %d bytes", n, bytesUsed)
			}
		}
		r.Flush()
		r.Expire(now.Add(time.Hour))
		if n, b := r.Pending(); n != 0 || b != 0 {
			t.Fatalf("leftover after flush+expire: %d messages, %d bytes", n, b)
		}
	})
}

// FuzzSplit: whatever Split accepts comes back whole through Reassembler,
// and every part fits one SMS.
func FuzzSplit(f *testing.F) {
	f.Add(uint8(0), strings.Repeat("a", 152)+"€b", uint8(0), uint16(1))
	f.Add(uint8(2), strings.Repeat("ж", 66)+"😀ж", uint8(1), uint16(2))
	f.Add(uint8(1), strings.Repeat("ab", 300), uint8(2), uint16(3))
	f.Fuzz(func(t *testing.T, e uint8, content string, m uint8, ref uint16) {
		enc, mode := sms.Encoding(e%7), Mode(m%4)
		parts, err := Split(enc, content, nil, mode, ref)
		if err != nil {
			return
		}
		r := NewReassembler(time.Minute, 4, 1<<22)
		var whole []byte
		for _, p := range parts {
			if mode != ModePayload {
				udhLen := len(p.UDH)
				if mode == ModeSAR && p.Total > 1 {
					udhLen = 6
				}
				units := len(p.Data)
				if enc == sms.EtUCS2Text {
					units /= 2
				}
				if units > Capacity(enc, udhLen) {
					t.Fatalf("part %d: %d units, UDH %d", p.Seq, units, udhLen)
				}
			}
			w, _, done, _, err := r.Add(t0, Key{Ref: p.Ref}, p.Total, p.Seq, p.Data, 0)
			if err != nil {
				t.Fatal(err)
			}
			if done {
				whole = w
			}
		}
		got, _ := text.Decode(enc, whole)
		if enc == sms.Et8BitHexadecimal || enc == sms.EtWAPPushOrMMS {
			got, content = strings.ToUpper(got), strings.ToUpper(content)
		}
		if enc == sms.EtUCS2Text && (strings.HasPrefix(content, "\uFEFF") || strings.HasPrefix(content, "\uFFFE")) {
			return
		}
		if got != content {
			t.Fatalf("%v/%v: %q -> %q", enc, mode, content, got)
		}
	})
}
