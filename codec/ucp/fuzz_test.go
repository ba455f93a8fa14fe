package ucp

import (
	"bytes"
	"testing"
)

// FuzzParse feeds arbitrary octets to Scan, Parse and every typed decoder.
// Nothing may panic; a frame that parses must rebuild to the same text (the
// checksum's case aside) and parse again to the same fields.
func FuzzParse(f *testing.F) {
	for _, v := range vectors {
		f.Add(wire(v.text))
		f.Add([]byte(v.text))
	}
	f.Add([]byte("\x02\x03"))
	f.Add([]byte("x\x02 00/00019/R/60/A//6D\x03"))
	f.Fuzz(func(t *testing.T, b []byte) {
		skip, n, err := Scan(b, 1024)
		if err == nil {
			if skip > len(b) || skip+n > len(b) {
				t.Fatalf("Scan out of range: %d %d of %d", skip, n, len(b))
			}
			if n > 0 && (b[skip] != STX || b[skip+n-1] != ETX) {
				t.Fatalf("Scan frame not delimited: %q", b[skip:skip+n])
			}
		}
		var fr Frame
		if err := fr.Parse(b); err != nil {
			if ECOf(err) != ECChecksum && ECOf(err) != ECSyntax {
				t.Fatalf("unexpected EC %d", ECOf(err))
			}
			return
		}
		var m5 Msg5x
		_ = m5.Decode(&fr)
		var m60 Msg60
		_ = m60.Decode(&fr)
		var m31 Msg31
		_ = m31.Decode(&fr)
		var m01 Msg01
		_ = m01.Decode(&fr)
		var a Answer
		_ = a.Decode(&fr)
		for _, fld := range fr.Fields {
			rest := fld
			for len(rest) > 0 {
				_, _, r, ok, err := NextXSer(rest)
				if err != nil || !ok {
					break
				}
				rest = r
			}
		}
		for _, fld := range fr.Fields {
			if bytes.IndexByte(fld, '/') >= 0 {
				t.Fatalf("field with separator: %q", fld)
			}
		}
		out, err := AppendFrame(nil, fr.TRN, fr.Kind, fr.OT, fr.Fields...)
		if err != nil {
			t.Fatalf("rebuild: %v", err)
		}
		text := out[1 : len(out)-1]
		if !bytes.EqualFold(text, fr.Text) || !bytes.Equal(text[:len(text)-2], fr.Text[:len(fr.Text)-2]) {
			t.Fatalf("rebuilt %q from %q", text, fr.Text)
		}
		var g Frame
		if err := g.Parse(out); err != nil || len(g.Fields) != len(fr.Fields) {
			t.Fatalf("reparse: %v", err)
		}
	})
}
