package multipart

import (
	"strings"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

func BenchmarkEncodeSplit(b *testing.B) {
	cases := []struct {
		name    string
		enc     sms.Encoding
		content string
	}{
		{"GSM7_400", sms.Et7BitText, strings.Repeat("Hello world, {this} is GSM! ", 15)[:400]},
		{"UCS2_200", sms.EtUCS2Text, string([]rune(strings.Repeat("Привет, мир! Как дела? ", 10))[:200])},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.content)))
			for i := 0; i < b.N; i++ {
				parts, err := Split(c.enc, c.content, nil, ModeUDH8, uint16(i))
				if err != nil || len(parts) != 3 {
					b.Fatal(err, len(parts))
				}
			}
		})
	}
}

func BenchmarkDecodeReassemble(b *testing.B) {
	cases := []struct {
		name    string
		enc     sms.Encoding
		content string
	}{
		{"GSM7_3parts", sms.Et7BitText, strings.Repeat("Hello world, {this} is GSM! ", 15)[:400]},
		{"UCS2_3parts", sms.EtUCS2Text, string([]rune(strings.Repeat("Привет, мир! Как дела? ", 10))[:200])},
	}
	for _, c := range cases {
		parts, err := Split(c.enc, c.content, nil, ModeUDH8, 1)
		if err != nil || len(parts) != 3 {
			b.Fatal(err, len(parts))
		}
		// what a protocol layer receives: UDH + data of each part
		type rx struct{ udh, data []byte }
		var in []rx
		for _, p := range parts {
			in = append(in, rx{p.UDH, p.Data})
		}
		b.Run(c.name, func(b *testing.B) {
			r := NewReassembler(time.Minute, 256, 1<<20)
			now := time.Now()
			b.ReportAllocs()
			b.SetBytes(int64(len(c.content)))
			for i := 0; i < b.N; i++ {
				ref := uint16(i)
				var whole []byte
				for j := len(in) - 1; j >= 0; j-- { // out of order
					cc, ok := FindConcat(in[j].udh)
					if !ok {
						b.Fatal("no concat")
					}
					w, _, done, _, err := r.Add(now, Key{Client: 1, Originator: "4412345", Destination: "1234", Ref: ref}, cc.Total, cc.Seq, in[j].data, uint64(j))
					if err != nil {
						b.Fatal(err)
					}
					if done {
						whole = w
					}
				}
				s, err := text.Decode(c.enc, whole)
				if err != nil || len(s) != len(c.content) {
					b.Fatal(err, len(s))
				}
			}
		})
	}
}
