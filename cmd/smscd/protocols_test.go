package main

import (
	"bufio"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/core"
)

// readFrame returns the next STX..ETX frame's text.
func readFrame(t *testing.T, r *bufio.Reader, c net.Conn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := r.ReadString(0x02); err != nil {
		t.Fatal(err)
	}
	s, err := r.ReadString(0x03)
	require.NoError(t, err)
	return strings.TrimSuffix(s, "\x03")
}

// The reference SMSC over UCP/EMI with Kannel's frames (docs/test-vectors.md, UCP vectors):
// login, a 51 with NRq=1 answered with an SCTS, then the 53 naming it.
func TestReferenceSMSCOverUCP(t *testing.T) {
	srv := core.NewUCPServer()
	lg := newEventLog(io.Discard, false)
	defer lg.close()
	(&ucpSMSC{srv: srv, log: lg, delay: 20 * time.Millisecond}).install()
	require.Equal(t, core.OK, srv.UcpInitializeServer("127.0.0.1", 0, ""))
	defer srv.Destroy(true, 5*time.Second)
	c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(srv.LocalPort()))
	require.NoError(t, err)
	defer c.Close()
	r := bufio.NewReader(c)
	c.Write([]byte("\x0200/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2\x03"))
	require.Equal(t, "00/00019/R/60/A//6D", readFrame(t, r, c))
	c.Write([]byte("\x0202/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D\x03"))
	ack := readFrame(t, r, c)
	require.True(t, strings.HasPrefix(ack, "02/00040/R/51/A//4412345:"), ack)
	scts := ack[len("02/00040/R/51/A//4412345:") : len(ack)-3] // then "/CC"
	n := readFrame(t, r, c)
	require.Contains(t, n, "/O/53/1234/4412345/")
	require.Contains(t, n, "/"+scts+"/0/")
}

// The reference SMSC over CIMD2 with Kannel's frames (docs/test-vectors.md, CIMD2 vectors):
// login, a submit asking for reports (056:14), its 53, then a 23 with the
// same 060 time stamp and status 4 (delivered).
func TestReferenceSMSCOverCIMD2(t *testing.T) {
	srv := core.NewCIMD2Server()
	lg := newEventLog(io.Discard, false)
	defer lg.close()
	(&cimd2SMSC{srv: srv, log: lg, delay: 20 * time.Millisecond}).install()
	require.Equal(t, core.OK, srv.Cimd2InitializeServer("127.0.0.1", 0, ""))
	defer srv.Destroy(true, 5*time.Second)
	c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(srv.LocalPort()))
	require.NoError(t, err)
	defer c.Close()
	r := bufio.NewReader(c)
	c.Write([]byte("\x0201:001\t010:cimduser\t011:secret\tC2\x03"))
	require.Equal(t, "51:001\t3C", readFrame(t, r, c))
	c.Write([]byte("\x0203:003\t021:4412345\t023:1234\t056:14\t055:0\t044:0\t033:Hello _Oa_XX(_XXe_XX>_a\"\t4B\x03"))
	ack := readFrame(t, r, c)
	require.True(t, strings.HasPrefix(ack, "53:003\t021:4412345\t060:"), ack)
	ts := ack[len("53:003\t021:4412345\t060:") : len("53:003\t021:4412345\t060:")+12]
	rep := readFrame(t, r, c)
	require.True(t, strings.HasPrefix(rep, "23:"), rep)
	require.Contains(t, rep, "\t021:4412345\t060:"+ts+"\t061:4\t")
}
