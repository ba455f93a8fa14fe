package main

import (
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/core"
)

// The reference SMSC, driven by gosmpp: a transmitter submits with a
// receipt request, a receiver of the same account gets the receipt whose
// id matches the submit_sm_resp.
func TestReferenceSMSCReceiptToReceiver(t *testing.T) {
	srv := core.NewSMPPServer()
	lg := newEventLog(io.Discard, false)
	defer lg.close()
	newSMSC(srv, lg, 50*time.Millisecond, true).install()
	require.Equal(t, core.OK, srv.SmppInitializeServer("127.0.0.1", 0, ""))
	defer srv.Destroy(true, 5*time.Second)
	addr := "127.0.0.1:" + strconv.Itoa(srv.LocalPort())

	pdus := make(chan pdu.PDU, 16)
	settings := gosmpp.Settings{ReadTimeout: 10 * time.Second, OnPDU: func(p pdu.PDU, _ bool) { pdus <- p }}
	auth := gosmpp.Auth{SMSC: addr, SystemID: "acct", Password: "pw"}
	rx, err := gosmpp.NewSession(gosmpp.RXConnector(gosmpp.NonTLSDialer, auth), settings, -1)
	require.NoError(t, err)
	defer rx.Close()
	tx, err := gosmpp.NewSession(gosmpp.TXConnector(gosmpp.NonTLSDialer, auth), settings, -1)
	require.NoError(t, err)
	defer tx.Close()

	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.SourceAddr = pdu.NewAddress()
	require.NoError(t, sm.SourceAddr.SetAddress("1234"))
	sm.DestAddr = pdu.NewAddress()
	require.NoError(t, sm.DestAddr.SetAddress("447700900123"))
	sm.RegisteredDelivery = 1
	require.NoError(t, sm.Message.SetMessageWithEncoding("receipt please", data.GSM7BIT))
	require.NoError(t, tx.Transmitter().Submit(sm))

	var id string
	deadline := time.After(5 * time.Second)
	for {
		select {
		case p := <-pdus:
			switch v := p.(type) {
			case *pdu.SubmitSMResp:
				require.Equal(t, data.ESME_ROK, v.CommandStatus)
				id = v.MessageID
				require.NotEmpty(t, id)
			case *pdu.DeliverSM:
				require.NotEmpty(t, id, "receipt after the response")
				require.Equal(t, byte(0x04), v.EsmClass)
				txt, _ := v.Message.GetMessage()
				require.True(t, strings.HasPrefix(txt, "id:"+id+" "), txt)
				require.Contains(t, txt, "stat:DELIVRD")
				require.Equal(t, "1234", v.DestAddr.Address())
				return
			}
		case <-deadline:
			t.Fatal("no receipt")
		}
	}
}

// After its unbind_resp a client that keeps the connection is closed by the
// SMSC, as the reference's host does, once it had logoutGrace to go itself.
func TestReferenceSMSCClosesAfterLogoutResponse(t *testing.T) {
	srv := core.NewSMPPServer()
	lg := newEventLog(io.Discard, false)
	defer lg.close()
	newSMSC(srv, lg, time.Second, false).install()
	require.Equal(t, core.OK, srv.SmppInitializeServer("127.0.0.1", 0, ""))
	defer srv.Destroy(true, 5*time.Second)
	nc, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(srv.LocalPort()), 5*time.Second)
	require.NoError(t, err)
	defer nc.Close()
	pdu := func(cmd, seq uint32, body string) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(16+len(body)))
		b = binary.BigEndian.AppendUint32(b, cmd)
		b = binary.BigEndian.AppendUint32(b, 0)
		return append(binary.BigEndian.AppendUint32(b, seq), body...)
	}
	readHeader := func() (cmd, status uint32) {
		var h [16]byte
		_, err := io.ReadFull(nc, h[:])
		require.NoError(t, err)
		_, err = io.CopyN(io.Discard, nc, int64(binary.BigEndian.Uint32(h[:])-16))
		require.NoError(t, err)
		return binary.BigEndian.Uint32(h[4:]), binary.BigEndian.Uint32(h[8:])
	}
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = nc.Write(pdu(0x09, 1, "acct\x00pw\x00\x00\x34\x00\x00\x00"))
	require.NoError(t, err)
	cmd, status := readHeader()
	require.Equal(t, [2]uint32{0x80000009, 0}, [2]uint32{cmd, status})
	start := time.Now()
	_, err = nc.Write(pdu(0x06, 2, ""))
	require.NoError(t, err)
	cmd, status = readHeader()
	require.Equal(t, [2]uint32{0x80000006, 0}, [2]uint32{cmd, status})
	_, err = nc.Read(make([]byte, 1))
	require.ErrorIs(t, err, io.EOF, "closed by the SMSC")
	require.GreaterOrEqual(t, time.Since(start), logoutGrace-100*time.Millisecond)
}
