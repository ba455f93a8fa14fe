package cimd2

import (
	"bytes"
	"testing"
)

// FuzzParse: Parse never panics; whatever it accepts rebuilds into a
// packet that parses to the same fields, and rebuilding is stable.
func FuzzParse(f *testing.F) {
	for _, tc := range vectors {
		f.Add(v(tc.packet))
	}
	f.Add(v("<STX>01:001<TAB>010:username<TAB>011:password<TAB><ETX>"))
	f.Add(v("<STX>40:003<ETX>"))
	f.Add(v("<STX>03:001<TAB>021:123<TAB>033:hi<ETX>"))
	f.Fuzz(func(t *testing.T, frame []byte) {
		var p Packet
		if err := Parse(frame, &p); err != nil {
			if ReplyOf(err) != OpNack {
				t.Fatalf("parse error %v is not answered by a NACK", err)
			}
			return
		}
		if p.Op < 0 || p.Op > 99 || p.Number < 0 || p.Number > 999 {
			t.Fatalf("header out of range: %d %d", p.Op, p.Number)
		}
		_ = p.Check()
		out := p.Append(nil)
		var q Packet
		if err := Parse(out, &q); err != nil {
			t.Fatalf("own output does not parse: %v\n%q", err, out)
		}
		if q.Op != p.Op || q.Number != p.Number || len(q.Params) != len(p.Params) {
			t.Fatalf("round trip changed the packet\n%q\n%q", frame, out)
		}
		for i := range p.Params {
			if p.Params[i].Code != q.Params[i].Code || !bytes.Equal(p.Params[i].Value, q.Params[i].Value) {
				t.Fatalf("round trip changed parameter %d\n%q\n%q", i, frame, out)
			}
		}
		if out2 := q.Append(nil); !bytes.Equal(out, out2) {
			t.Fatalf("rebuild not stable\n%q\n%q", out, out2)
		}
		if n, isPacket, err := Split(out, len(out)); err != nil || !isPacket || n != len(out) {
			t.Fatalf("Split does not frame own output: %d %v %v", n, isPacket, err)
		}
	})
}

// FuzzSplit: Split over an arbitrary stream always makes progress or asks
// for more, never panics, and every packet chunk it reports is STX..ETX
// without reserved framing octets inside.
func FuzzSplit(f *testing.F) {
	var all []byte
	for _, tc := range vectors {
		all = append(all, v(tc.packet)...)
		all = append(all, "garbage"...)
	}
	f.Add(all, uint16(4096))
	f.Add(v("<STX>03:005<TAB>021:12<STX>40:003<TAB>3C<ETX>"), uint16(64))
	f.Fuzz(func(t *testing.T, stream []byte, max uint16) {
		m := int(max)%8192 + MinLen
		var p Packet
		for len(stream) > 0 {
			n, isPacket, err := Split(stream, m)
			if err != nil {
				if err != ErrTooLong {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if n == 0 {
				if bytes.IndexByte(stream, STX) != 0 || bytes.IndexByte(stream, ETX) >= 0 || len(stream) >= m {
					t.Fatalf("asked for more data although a chunk is complete: %q", stream)
				}
				return
			}
			if n > len(stream) {
				t.Fatalf("chunk longer than the data")
			}
			if isPacket {
				c := stream[:n]
				if c[0] != STX || c[n-1] != ETX || n > m ||
					bytes.IndexByte(c[1:n-1], STX) >= 0 || bytes.IndexByte(c[1:n-1], ETX) >= 0 {
					t.Fatalf("bad packet chunk %q", c)
				}
				_ = Parse(c, &p)
			}
			stream = stream[n:]
		}
	})
}
