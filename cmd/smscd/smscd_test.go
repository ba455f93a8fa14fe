package main

import (
	"io"
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
