package core

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Frames of every size, up to twice the pooled buffer, arrive in random
// pieces with pauses between them, so the reader waits holding a partial
// frame, moves it out of the pool, compacts and grows. Every frame must come
// out whole and in order.
func TestFrameReaderPiecesAndPauses(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer client.Close()
	server, err := ln.Accept()
	require.NoError(t, err)
	defer server.Close()

	const max = 2 * readBufSize
	rng := rand.New(rand.NewSource(1))
	var frames [][]byte
	for i := 0; i < 300; i++ {
		n := 16 + rng.Intn(200)
		switch i % 10 {
		case 3:
			n = readBufSize - 8 + rng.Intn(16) // around the pooled size
		case 7:
			n = readBufSize + rng.Intn(readBufSize) // larger than the pool's buffers
		}
		f := make([]byte, n)
		rng.Read(f)
		binary.BigEndian.PutUint32(f, uint32(n))
		frames = append(frames, f)
	}
	stream := bytes.Join(frames, nil)

	go func() {
		for len(stream) > 0 {
			k := min(len(stream), 1+rng.Intn(3000))
			if _, err := client.Write(stream[:k]); err != nil {
				return
			}
			stream = stream[k:]
			if rng.Intn(8) == 0 {
				time.Sleep(time.Millisecond) // the reader waits, holding a partial frame
			}
		}
	}()

	fr := newFrameReader(server, max, smppSplitter(max))
	require.NotNil(t, fr.rc, "a TCP connection is read without a private buffer")
	fr.setDeadline(time.Now().Add(30 * time.Second))
	for i, want := range frames {
		got, err := fr.next()
		require.NoError(t, err, "frame %d", i)
		require.True(t, bytes.Equal(want, got), "frame %d (%d octets) differs", i, len(want))
	}
	// Everything handled: the reader holds no pooled buffer once it waits.
	client.Close()
	_, err = fr.next()
	require.Error(t, err)
	require.Nil(t, fr.pooled)
}
