package core

// useRawSocket does nothing on Windows: the queue keeps rc nil, so every
// batch goes out from a flush goroutine through net.Conn's Write
// (writer.go), which the Windows runtime serves with overlapped I/O.
//
// The Unix path (writer_unix.go) writes from the reading goroutine with one
// non-blocking write and leaves what the socket does not take to the flush
// goroutine. Go leaves Windows sockets in blocking mode, so a raw send there
// could block the reader on a peer that does not read; a write through
// net.Conn cannot.
func (q *outQueue) useRawSocket() {}
