package ucp

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func requireNoAllocs(t *testing.T, f func()) {
	t.Helper()
	require.Zero(t, testing.AllocsPerRun(200, f))
}

// The hot path — parse a 51, take its fields, answer it, build a 52 — must
// not allocate once the reused Frame and buffers have grown.
func TestHotPathZeroAllocs(t *testing.T) {
	in := wire(vectors[23].text) // Kannel's 51
	var f Frame
	var m Msg5x
	var xs = wire(vectors[25].text)
	require.NoError(t, f.Parse(in))
	buf := make([]byte, 0, 1024)
	sm := []byte("4412345:211126231906")
	requireNoAllocs(t, func() {
		if err := f.Parse(in); err != nil {
			t.Fatal(err)
		}
		if err := m.Decode(&f); err != nil {
			t.Fatal(err)
		}
		if err := f.Parse(xs); err != nil {
			t.Fatal(err)
		}
		if err := m.Decode(&f); err != nil {
			t.Fatal(err)
		}
		if _, _, _, _, err := NextXSer(m.F[F5xXSer]); err != nil {
			t.Fatal(err)
		}
		var err error
		buf, err = AppendACK(buf[:0], 2, 51, nil, sm)
		if err != nil {
			t.Fatal(err)
		}
		buf, err = m.AppendFrame(buf[:0], 3, 52)
		if err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkParse51(b *testing.B) {
	in := wire(vectors[23].text)
	var f Frame
	var m Msg5x
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		if err := f.Parse(in); err != nil {
			b.Fatal(err)
		}
		if err := m.Decode(&f); err != nil {
			b.Fatal(err)
		}
	}
}
