//go:build !windows

package core

import "syscall"

// useRawSocket lets the reader read a TCP socket's descriptor directly, so
// that it borrows a pooled buffer only while data is there (framereader.go).
// Every platform but Windows has Unix descriptors; framereader_windows.go
// says why Windows reads through net.Conn instead.
func (fr *frameReader) useRawSocket() {
	if sc, ok := fr.nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			fr.rc = rc
			fr.readFn = fr.readOnce // bound once: a closure per read would allocate
		}
	}
}

// readOnce is the body of one raw read; it returns false to wait.
func (fr *frameReader) readOnce(fd uintptr) bool {
	if fr.buf == nil {
		fr.pooled = readBufs.Get().(*[]byte)
		fr.buf = *fr.pooled
	}
	var n int
	var err error
	for {
		n, err = syscall.Read(int(fd), fr.buf[fr.w:])
		if err != syscall.EINTR {
			break
		}
	}
	if err == syscall.EAGAIN {
		fr.park()
		return false // wait until readable, then this runs again
	}
	fr.rn, fr.rerr = max(n, 0), err
	return true
}
