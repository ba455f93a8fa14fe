package cimd2

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The hot path — framing, parsing into a reused Packet, building into a
// reused buffer — must not allocate.
func TestNoAllocations(t *testing.T) {
	raw := v(vectors[4].packet) // Kannel submit with escapes
	var p Packet
	require.NoError(t, Parse(raw, &p))
	buf := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(1000, func() {
		if n, ok, err := Split(raw, 4096); err != nil || !ok || n != len(raw) {
			panic("split")
		}
		if err := Parse(raw, &p); err != nil {
			panic(err)
		}
		if p.Check() != nil {
			panic("check")
		}
		b := AppendHeader(buf[:0], OpSubmitResponse, p.Number)
		b = AppendParamString(b, ParamDestinationAddress, "4412345")
		b = AppendParamString(b, ParamServiceCentreTimestamp, "261121232018")
		b = AppendParamInt(b, ParamErrorCode, 300)
		buf = AppendTrailer(b, 0)
		buf = p.Append(buf[:0])
	})
	require.Zero(t, allocs)
}

func BenchmarkParse(b *testing.B) {
	raw := v(vectors[10].packet) // concatenated part, 150+ characters
	var p Packet
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := Parse(raw, &p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppend(b *testing.B) {
	var p Packet
	if err := Parse(v(vectors[10].packet), &p); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = p.Append(buf[:0])
	}
}
