package core

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRequestNumbersNeverRepeatTheLastWireNumber(t *testing.T) {
	// A host counting tn++ against a client that answers each request
	// before the next (Kannel's CIMD2 is stop-and-wait) must not get the
	// same wire number twice in a row: Kannel would drop the second as a
	// retransmission.
	var n requestNumbers
	n.init(128, 2)
	last := -1
	for tn := uint32(1); tn <= 600; tn++ {
		wire, id := n.assign(tn, true)
		require.Equal(t, tn, id)
		require.NotEqual(t, last, wire, "tn %d", tn)
		require.True(t, wire%2 == 0 && wire <= 254)
		require.Equal(t, tn, n.answered(wire))
		last = wire
	}
}

func TestRequestNumbersKeepValidFreeNumbers(t *testing.T) {
	var n requestNumbers
	n.init(100, 1)
	wire, id := n.assign(42, true)
	require.Equal(t, [2]uint32{42, 42}, [2]uint32{uint32(wire), id})
	wire, id = n.assign(42, true) // in flight: another TRN, the same identifier
	require.NotEqual(t, 42, wire)
	require.Equal(t, uint32(42), id)
	require.Equal(t, uint32(42), n.answered(wire))
	require.Equal(t, uint32(42), n.answered(42))
	require.Equal(t, uint32(7), n.answered(7), "nothing in flight under 07: the TRN itself")
	wire, id = n.assign(0, false) // the library's choice: identified by its TRN
	require.Equal(t, uint32(wire), id)
	require.Equal(t, uint32(wire), n.answered(wire), "untracked: never mapped")
}
