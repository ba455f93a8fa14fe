package core

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// frameReader owns a connection's input buffer. Unlike bufio.Reader plus
// io.ReadFull, a read deadline that fires in the middle of a frame loses
// nothing: the partial frame stays in buf and the next call resumes. The
// session loops rely on that to run their timers on the reading goroutine.
//
// On TCP sockets the reader holds no buffer while it waits: it borrows a
// large buffer from a shared pool for each read and gives it back as soon as
// every frame in it has been handled. So 10,000 idle sessions cost no input
// memory at all, and a busy session still takes up to 64 KiB per syscall.
type frameReader struct {
	nc     net.Conn
	rc     syscall.RawConn // nil when nc is not a socket: plain Read into a private buffer
	buf    []byte
	pooled *[]byte // buf came from readBufs
	r, w   int     // unread data is buf[r:w]
	// split reports the length of the first complete frame in b, 0 when more
	// data is needed, or an error when the stream cannot be framed.
	split    func(b []byte) (int, error)
	max      int
	deadline time.Time
	reads    uint64 // Read calls made; a change means time has moved on

	// pduTimeout (pdu-timeout) bounds how long a frame may take to arrive
	// once its first octet is in, so that a client trickling octets cannot
	// hold a connection and its buffer for ever. partialSince is when the
	// frame now waiting for more octets began (zero when none is).
	pduTimeout   time.Duration
	partialSince time.Time

	// beforeRead runs when every buffered frame has been handled, just
	// before the socket is read; afterRead runs when the read returns. The
	// sessions use them to write a whole batch of answers in one syscall.
	beforeRead, afterRead func()

	readFn func(uintptr) bool // readOnce, bound once
	rn     int                // readOnce's result
	rerr   error
}

// minReadBuffer is the smallest private buffer: for the partial frame a
// waiting reader keeps, and on connections that are not sockets.
const minReadBuffer = 2 << 10

// readBufSize is the pooled buffer of one socket read.
const readBufSize = 64 << 10

var readBufs = sync.Pool{New: func() any { b := make([]byte, readBufSize); return &b }}

func newFrameReader(nc net.Conn, max int, split func([]byte) (int, error)) *frameReader {
	fr := &frameReader{nc: nc, split: split, max: max}
	fr.useRawSocket() // framereader_unix.go; a no-op on Windows
	return fr
}

// preload puts bytes that arrived before the session began (those a PROXY
// header's parser read past the header) in front of what the socket gives.
func (fr *frameReader) preload(b []byte) {
	size := minReadBuffer
	for size < 2*len(b) {
		size *= 2
	}
	fr.buf = make([]byte, size)
	fr.w = copy(fr.buf, b)
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

// buffered reports whether a complete frame (or a framing error) is
// waiting in the buffer, i.e. whether next will return without reading.
func (fr *frameReader) buffered() bool {
	if fr.w <= fr.r {
		return false
	}
	n, err := fr.split(fr.buf[fr.r:fr.w])
	return n > 0 || err != nil
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
				fr.partialSince = time.Time{}
				return f, nil
			}
			fr.partialStarted()
		}
		if err := fr.makeRoom(); err != nil {
			return nil, err
		}
		if fr.beforeRead != nil {
			fr.beforeRead()
		}
		n, err := fr.read()
		fr.reads++
		if fr.afterRead != nil {
			fr.afterRead()
		}
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

// partialStarted starts the clock of a frame that needs more octets and
// brings the read deadline forward to its pdu-timeout, so that the read
// returns errReadTimeout for the session's timers to close the connection.
// The clock starts when the reader first finds the frame incomplete: at
// most one batch of frames later than its first octet arrived.
func (fr *frameReader) partialStarted() {
	if fr.pduTimeout <= 0 || !fr.partialSince.IsZero() {
		return
	}
	fr.partialSince = time.Now()
	if d := fr.partialSince.Add(fr.pduTimeout); fr.deadline.IsZero() || d.Before(fr.deadline) {
		fr.setDeadline(d)
	}
}

// frameDeadline is when the frame under way must be complete; false when
// none is, or pdu-timeout is off.
func (fr *frameReader) frameDeadline() (time.Time, bool) {
	if fr.partialSince.IsZero() {
		return time.Time{}, false
	}
	return fr.partialSince.Add(fr.pduTimeout), true
}

// makeRoom prepares buf for a read: an empty buffer goes back to the pool
// (the read borrows one again), a partial frame moves to the front, and a
// frame larger than the buffer gets a bigger private one.
func (fr *frameReader) makeRoom() error {
	if fr.r == fr.w {
		fr.r, fr.w = 0, 0
		if fr.rc != nil {
			fr.drop()
			return nil
		}
	}
	if fr.buf == nil {
		fr.buf = make([]byte, minReadBuffer)
	}
	if fr.w < len(fr.buf) {
		return nil
	}
	if fr.r > 0 {
		copy(fr.buf, fr.buf[fr.r:fr.w])
		fr.w -= fr.r
		fr.r = 0
		return nil
	}
	if len(fr.buf) >= fr.max+minReadBuffer {
		return errFrameTooLarge
	}
	nb := make([]byte, 2*len(fr.buf))
	copy(nb, fr.buf[:fr.w])
	fr.drop()
	fr.buf = nb
	return nil
}

// read reads once into buf[w:]. On a socket it waits for data holding at
// most a partial frame, never a pooled buffer.
func (fr *frameReader) read() (int, error) {
	if fr.rc == nil {
		return fr.nc.Read(fr.buf[fr.w:])
	}
	err := fr.rc.Read(fr.readFn)
	n, rerr := fr.rn, fr.rerr
	fr.rn, fr.rerr = 0, nil
	if err != nil || rerr != nil || n == 0 {
		fr.park() // the connection is ending: the pool gets its buffer back
	}
	switch {
	case err != nil:
		return 0, err
	case rerr != nil:
		return 0, os.NewSyscallError("read", rerr)
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// park gives the pooled buffer back before the reader waits. A partial
// frame moves into a small private buffer of its own.
func (fr *frameReader) park() {
	if fr.pooled == nil {
		return
	}
	if fr.r == fr.w {
		fr.r, fr.w = 0, 0
		fr.drop()
		return
	}
	size := minReadBuffer
	for size < 2*(fr.w-fr.r) {
		size *= 2
	}
	nb := make([]byte, size)
	fr.w = copy(nb, fr.buf[fr.r:fr.w])
	fr.r = 0
	fr.drop()
	fr.buf = nb
}

// drop releases buf: a pooled buffer goes back to the pool.
func (fr *frameReader) drop() {
	if fr.pooled != nil {
		readBufs.Put(fr.pooled)
		fr.pooled = nil
	}
	fr.buf = nil
}

var errFrameTooLarge = errors.New("frame larger than the maximum")
