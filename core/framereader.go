package core

import (
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// frameReader owns a connection's input buffer. Unlike bufio.Reader plus
// io.ReadFull, a read deadline that fires in the middle of a frame loses
// nothing: the partial frame stays in buf and the next call resumes. The
// session loops rely on that to run their timers on the reading goroutine.
type frameReader struct {
	nc   net.Conn
	buf  []byte
	r, w int // unread data is buf[r:w]
	// split reports the length of the first complete frame in b, 0 when more
	// data is needed, or an error when the stream cannot be framed.
	split    func(b []byte) (int, error)
	max      int
	deadline time.Time
	reads    uint64 // Read calls made; a change means time has moved on
}

// minReadBuffer is the initial input buffer; it grows to the largest frame
// seen. Small, because idle sessions should cost little memory.
const minReadBuffer = 2 << 10

func newFrameReader(nc net.Conn, max int, split func([]byte) (int, error)) *frameReader {
	return &frameReader{nc: nc, buf: make([]byte, minReadBuffer), split: split, max: max}
}

var errReadTimeout = errors.New("read deadline")

// setDeadline arms the read deadline only when it changes: re-arming a
// runtime timer for every frame would cost more than the frame decode.
func (fr *frameReader) setDeadline(t time.Time) {
	if t.Equal(fr.deadline) {
		return
	}
	fr.deadline = t
	_ = fr.nc.SetReadDeadline(t)
}

// next returns the next frame, aliasing the internal buffer until the next
// call. It returns errReadTimeout when the deadline passes (nothing lost).
func (fr *frameReader) next() ([]byte, error) {
	for {
		if fr.w > fr.r {
			n, err := fr.split(fr.buf[fr.r:fr.w])
			if err != nil {
				return nil, err
			}
			if n > 0 {
				f := fr.buf[fr.r : fr.r+n]
				fr.r += n
				return f, nil
			}
		}
		if fr.r == fr.w {
			fr.r, fr.w = 0, 0
		}
		if fr.w == len(fr.buf) {
			if fr.r > 0 {
				copy(fr.buf, fr.buf[fr.r:fr.w])
				fr.w -= fr.r
				fr.r = 0
			} else {
				if len(fr.buf) >= fr.max+minReadBuffer {
					return nil, errFrameTooLarge
				}
				nb := make([]byte, 2*len(fr.buf))
				copy(nb, fr.buf[:fr.w])
				fr.buf = nb
			}
		}
		n, err := fr.nc.Read(fr.buf[fr.w:])
		fr.reads++
		fr.w += n
		if err != nil {
			if n > 0 {
				// Deliver what arrived first; the error repeats on the next read.
				continue
			}
			if errors.Is(err, os.ErrDeadlineExceeded) {
				// The deadline fired (or someone moved it to wake us):
				// whatever it was, the next setDeadline must re-arm it.
				fr.deadline = time.Time{}
				return nil, errReadTimeout
			}
			if errors.Is(err, io.EOF) && fr.w > fr.r {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
}

var errFrameTooLarge = errors.New("frame larger than the maximum")
