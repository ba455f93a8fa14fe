package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// msgList agrees with a sorted slice through inserts in and out of order
// (blocks split), replacements, deletions (blocks emptied) and walks from
// ids present and absent.
func TestMsgListAgreesWithSortedSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var l msgList
	var want []string
	id := func(n int) string { return fmt.Sprintf("%08d", n) }
	walks := func() {
		var got []string
		l.ascend("", func(it msgItem) bool { got = append(got, it.id); return true })
		require.Equal(t, want, got)
		from := id(rng.IntN(20000))
		got = nil
		l.ascend(from, func(it msgItem) bool { got = append(got, it.id); return len(got) < 300 })
		i, _ := slices.BinarySearch(want, from)
		require.Equal(t, len(want[i:min(i+300, len(want))]), len(got), "ascend from %s", from)
		if len(got) > 0 {
			require.Equal(t, want[i:min(i+300, len(want))], got, "ascend from %s", from)
		}
		got = nil
		l.descend(from, func(it msgItem) bool { got = append(got, it.id); return true })
		j, found := slices.BinarySearch(want, from)
		if found {
			j++
		}
		rev := slices.Clone(want[:j])
		slices.Reverse(rev)
		require.Equal(t, len(rev), len(got), "descend from %s", from)
		if len(rev) > 0 {
			require.Equal(t, rev, got, "descend from %s", from)
		}
	}
	most, split := 0, false // the walk did see many blocks, and a split one
	for round := range 40 {
		for range 500 {
			n := 500*round + rng.IntN(600) // mostly growing, some behind
			if rng.IntN(10) == 0 {
				n = rng.IntN(20000) // anywhere
			}
			l.put(msgItem{id: id(n), v: []byte{byte(round)}})
			if i, found := slices.BinarySearch(want, id(n)); !found {
				want = slices.Insert(want, i, id(n))
			}
		}
		most = max(most, len(l.blocks))
		for _, b := range l.blocks {
			split = split || len(b) > blockMax
		}
		var gone []string
		for _, w := range want {
			if rng.IntN(4) == 0 || (round%7 == 0 && w < id(500*round)) {
				gone = append(gone, w)
			}
		}
		gone = append(gone, id(99999)) // absent
		l.deleteSorted(gone)
		want = slices.DeleteFunc(want, func(w string) bool { _, f := slices.BinarySearch(gone, w); return f })
		for _, b := range l.blocks {
			require.NotEmpty(t, b)
			require.LessOrEqual(t, len(b), 2*blockMax)
		}
		walks()
		for range 50 {
			k := id(rng.IntN(20000))
			_, found := slices.BinarySearch(want, k)
			it, ok := l.get(k)
			require.Equal(t, found, ok)
			if ok {
				require.Equal(t, k, it.id)
			}
		}
	}
	require.Greater(t, most, 4)
	require.True(t, split)
}
