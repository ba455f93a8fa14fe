package core

import (
	"encoding/binary"
	"math/rand"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Bad input from the network must get the protocol's error reply or a clean
// close of that one connection, never hurt the process or other clients.

func TestRobustInvalidCommandLength(t *testing.T) {
	ts, addr := newTestSMSC(t, "max-pdu-size=4096")
	for _, length := range []uint32{0, 4, 15, 4097, 0xFFFFFFFF} {
		c := dialRaw(t, addr)
		hdr := make([]byte, 16)
		binary.BigEndian.PutUint32(hdr, length)
		binary.BigEndian.PutUint32(hdr[4:], 0x15)
		binary.BigEndian.PutUint32(hdr[12:], 77)
		c.write(hdr)
		p := c.read(5 * time.Second)
		require.Equal(t, uint32(0x80000000), p.cmd, "length %d", length)
		require.Equal(t, uint32(0x02), p.status) // ESME_RINVCMDLEN
		require.Equal(t, uint32(77), p.seq)
		c.expectClosed(5 * time.Second)
		d := recv(t, ts.disc, 5*time.Second, "disconnect")
		require.Equal(t, ReasonLocal, d.Reason)
	}
}

func TestRobustUnknownCommandAndWrongState(t *testing.T) {
	_, addr := newTestSMSC(t, "")
	c := dialRaw(t, addr)

	// submit_sm before bind: RINVBNDSTS in a submit_sm_resp.
	c.write(pduHex(0x04, 0, 5, "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 01 41"))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000004), p.cmd)
	require.Equal(t, uint32(0x04), p.status)
	require.Equal(t, uint32(5), p.seq)

	// unknown command id: generic_nack RINVCMDID, connection stays.
	c.write(pduHex(0x0000ABCD, 0, 6, "01020304"))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000000), p.cmd)
	require.Equal(t, uint32(0x03), p.status)
	require.Equal(t, uint32(6), p.seq)

	// enquire_link works in any state.
	c.write(pduHex(0x15, 0, 7, ""))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000015), p.cmd)

	// bind, then bind again: RALYBND.
	c.write(pduHex(0x09, 0, 8, bindBody("esme1", "secret", 0x34)))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000009), p.cmd)
	require.Equal(t, uint32(0), p.status)
	require.Equal(t, "testsmsc\x00\x02\x10\x00\x01\x34", string(p.body), "system_id then sc_interface_version")
	c.write(pduHex(0x02, 0, 9, bindBody("esme1", "secret", 0x34)))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000002), p.cmd)
	require.Equal(t, uint32(0x05), p.status)

	// A response is never answered: send a stray submit_sm_resp, then an
	// enquire_link, and the very next PDU must be the enquire_link_resp.
	c.write(pduHex(0x80000004, 0, 10, "00"))
	c.write(pduHex(0x15, 0, 11, ""))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000015), p.cmd)
	require.Equal(t, uint32(11), p.seq)

	// deliver_sm from an ESME is not allowed: generic_nack RINVCMDID.
	c.write(pduHex(0x05, 0, 12, "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 01 41"))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000000), p.cmd)
	require.Equal(t, uint32(0x03), p.status)
}

func TestRobustMalformedBodies(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("esme1", "secret", 0x34)))
	require.Equal(t, uint32(0), c.read(5*time.Second).status)

	cases := []struct {
		name   string
		body   string
		status uint32
	}{
		{"empty body", "", 0x01},
		{"source_addr runs off the body", "00 00 00 31323334", 0x01},
		{"source_addr over 21 octets", "00 00 00 3132333435363738393031323334353637383930313200 00 00 3200 00 00 00 00 00 00 00 00 00 01 41", 0x0A},
		{"sm_length beyond body", "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 09 41", 0x01},
		{"truncated TLV", "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 01 41 0424", 0xC0},
		{"bad schedule time", "00 00 00 3100 00 00 3200 00 00 00 3939393900 00 00 00 00 00 01 41", 0x61},
		{"bad priority", "00 00 00 3100 00 00 3200 00 00 07 00 00 00 00 00 00 01 41", 0x06},
		{"UDHI with bad UDH", "00 00 00 3100 00 00 3200 40 00 00 00 00 00 00 00 00 02 0700", 0x01},
	}
	for i, tc := range cases {
		c.write(pduHex(0x04, 0, uint32(100+i), tc.body))
		p := c.read(5 * time.Second)
		require.Equal(t, uint32(0x80000004), p.cmd, tc.name)
		require.Equal(t, tc.status, p.status, tc.name)
		require.Equal(t, uint32(100+i), p.seq, tc.name)
		require.Empty(t, p.body, "error responses carry no body")
	}
	select {
	case e := <-ts.received:
		t.Fatalf("malformed submit reached the host: %+v", e)
	default:
	}
	// Still serving this connection.
	c.write(pduHex(0x04, 0, 200, "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 02 4142"))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0), p.status)
	require.Equal(t, "id-200\x00", string(p.body))
}

// TestRobustGarbageDoesNotHurtOthers runs a well-behaved client while many
// others send random bytes, truncated PDUs and vanish mid-PDU.
func TestRobustGarbageDoesNotHurtOthers(t *testing.T) {
	ts, addr := newTestSMSC(t, "max-pdu-size=65536")
	good := dialRaw(t, addr)
	good.write(pduHex(0x09, 0, 1, bindBody("esme1", "secret", 0x34)))
	require.Equal(t, uint32(0), good.read(5*time.Second).status)

	rng := rand.New(rand.NewSource(1))
	var closedCount atomic.Int32
	go func() {
		for range ts.disc {
			closedCount.Add(1)
		}
	}()
	go func() {
		for range ts.conn {
		}
	}()
	const abusers = 40
	for i := 0; i < abusers; i++ {
		c := dialRaw(t, addr)
		switch i % 4 {
		case 0: // random garbage
			b := make([]byte, 1+rng.Intn(300))
			rng.Read(b)
			c.write(b)
		case 1: // a header promising more than is sent, then vanish
			c.write(pduHex(0x09, 0, 1, bindBody("x", "y", 0x34))[:20])
		case 2: // a valid bind split across writes, then a truncated submit
			full := pduHex(0x09, 0, 1, bindBody("esme1", "secret", 0x34))
			c.write(full[:3])
			time.Sleep(time.Millisecond)
			c.write(full[3:])
			c.read(5 * time.Second)
			c.write(pduHex(0x04, 0, 2, "00 00 00 3100")[:18])
		case 3: // a 64 KiB PDU (allowed) of junk
			big := make([]byte, 65536)
			binary.BigEndian.PutUint32(big, 65536)
			binary.BigEndian.PutUint32(big[4:], 0x04)
			c.write(big)
		}
		c.nc.Close()
		// Interleave work for the good client.
		good.write(pduHex(0x04, 0, uint32(1000+i), "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 01 41"))
		p := good.read(5 * time.Second)
		require.Equal(t, uint32(0x80000004), p.cmd)
		require.Equal(t, uint32(0), p.status)
		require.Equal(t, uint32(1000+i), p.seq)
	}
	waitFor(t, 10*time.Second, func() bool { return closedCount.Load() == abusers }, "every abuser disconnected")
	require.Equal(t, 1, ts.srv.ConnectionCount())
}

func TestRobustVanishMidPDUReportsDisconnect(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c := dialRaw(t, addr)
	conn := recv(t, ts.conn, 5*time.Second, "connected")
	c.write(pduHex(0x09, 0, 1, bindBody("esme1", "secret", 0x34))[:10])
	c.nc.Close()
	d := recv(t, ts.disc, 5*time.Second, "disconnect")
	require.Equal(t, conn.ClientID, d.ClientID)
	require.Equal(t, ReasonRemote, d.Reason)
}
