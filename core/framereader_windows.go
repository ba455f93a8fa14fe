package core

// useRawSocket does nothing on Windows: the reader keeps rc nil and reads
// through net.Conn into its own small buffer (framereader.go), which the
// Windows runtime serves with overlapped I/O on its completion port.
//
// The Unix path (framereader_unix.go) needs a socket that answers "no data"
// at once (EAGAIN). Go leaves Windows sockets in blocking mode and waits on
// them through the completion port, so a raw recv there would block an OS
// thread instead. The cost on Windows: an idle connection keeps its
// private read buffer (2 KiB, more while a large frame is arriving) rather
// than none.
func (fr *frameReader) useRawSocket() {}
