package core

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStringBlock(t *testing.T) {
	src := []byte("4477001122hello")
	var sb stringBlock
	sb.init(len(src))
	a := sb.add(src[:10])
	b := sb.add(src[10:])
	require.Equal(t, "4477001122", a)
	require.Equal(t, "hello", b)
	require.Equal(t, "", sb.add(nil))
	// More than init was told: a string of its own, the others untouched.
	c := sb.add([]byte("extra"))
	require.Equal(t, "extra", c)
	src[0] = 'X' // the block is a copy
	require.Equal(t, "4477001122", a)
	require.Equal(t, "hello", b)

	var empty stringBlock
	empty.init(0)
	require.Equal(t, "x", empty.add([]byte("x")))
}
