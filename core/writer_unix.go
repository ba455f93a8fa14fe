//go:build !windows

package core

import "syscall"

// useRawSocket lets release write a batch to the socket's descriptor in one
// non-blocking write from the calling goroutine (writer.go). Every platform
// but Windows has Unix descriptors; writer_windows.go says why Windows
// writes through net.Conn instead.
func (q *outQueue) useRawSocket() {
	if sc, ok := q.nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			q.rc = rc
			q.writeFn = q.writeOnce // bound once: a closure per write would allocate
		}
	}
}

// writeOnce is the body of release's raw write: one attempt, never a wait.
func (q *outQueue) writeOnce(fd uintptr) bool {
	var n int
	var err error
	for {
		n, err = syscall.Write(int(fd), q.wout)
		if err != syscall.EINTR {
			break
		}
	}
	q.wn, q.werr = max(n, 0), err
	return true
}
