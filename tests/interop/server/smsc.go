package main

import (
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/core"
)

// Status codes the test SMSC answers with (SMPP 3.4 §5.1.3).
const (
	statusInvMsgID   = 0x0C
	statusCancelFail = 0x11
)

type session struct {
	ClientID int32  `json:"client"`
	SystemID string `json:"system_id"`
	Mode     string `json:"mode"`
	Version  uint8  `json:"version"`
}

// message is what the SMSC remembers of a submit, for receipts, query_sm
// and cancel_sm.
type message struct {
	id        string
	client    int32
	src, dst  string
	state     core.MessageState
	submitted time.Time
	done      time.Time
}

type testSMSC struct {
	srv          *core.SMPPServer
	log          *eventLog
	receiptDelay time.Duration
	hexIDs       bool
	rawOnly      bool
	failSuffix   string
	nextID       atomic.Uint64

	mu       sync.Mutex
	sessions map[int32]session
	messages map[string]*message
}

func newTestSMSC(srv *core.SMPPServer, lg *eventLog, receiptDelay time.Duration, hexIDs, rawOnly bool, failSuffix string) *testSMSC {
	t := &testSMSC{srv: srv, log: lg, receiptDelay: receiptDelay, hexIDs: hexIDs, rawOnly: rawOnly, failSuffix: failSuffix,
		sessions: make(map[int32]session), messages: make(map[string]*message)}
	// Hex ids start at 0xA0000000 so that they always carry letters and a
	// client that read them as decimal would visibly fail.
	if hexIDs {
		t.nextID.Store(0xA0000000)
	} else {
		t.nextID.Store(1000000)
	}
	return t
}

func modeName(m core.BindMode) string {
	switch m {
	case core.BmTransmitter:
		return "tx"
	case core.BmReceiver:
		return "rx"
	}
	return "trx"
}

// logoutGrace is how long a client may keep the connection after its
// unbind_resp before the SMSC closes it, as the reference's host does
// ("after giving some time to let client receive and process logout
// response ... it may be closed using tcpCloseConnection"). The library
// leaves that to the host; clients that wait for the server to close after
// unbind_resp rely on it.
const logoutGrace = 2 * time.Second

// closeAfterLogout closes the connection unless the client closed it
// within logoutGrace. ClientIDs are never reused, so a late close cannot
// hit another client.
func (t *testSMSC) closeAfterLogout(id int32) {
	time.AfterFunc(logoutGrace, func() {
		if t.srv.TcpCloseConnection(id) == core.OK {
			t.log.add("logout_close", ev{"client": id})
		}
	})
}

func (t *testSMSC) install() {
	h := core.SMPPHandlers{
		OnTcpConnected: func(e *core.TcpConnectedEventArgs) {
			t.log.add("connect", ev{"client": e.ClientID, "remote": e.RemoteHost + ":" + strconv.Itoa(int(e.RemotePort)),
				"ext": e.ExtendedParameters})
			t.srv.TcpAcceptConnection(e.ClientID)
		},
		OnTcpDisconnected: func(e *core.TcpDisconnectedEventArgs) {
			t.mu.Lock()
			delete(t.sessions, e.ClientID)
			t.mu.Unlock()
			t.log.add("disconnect", ev{"client": e.ClientID, "reason": e.Reason, "text": e.ReasonText})
		},
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			code := t.srv.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "interop")
			t.log.add("bind", ev{"client": e.ClientID, "seq": e.SequenceNumber, "system_id": e.SystemID, "password": e.Password,
				"system_type": e.SystemType, "version": e.InterfaceVersion, "mode": modeName(e.BindMode),
				"addr_ton": e.AddressTON, "addr_npi": e.AddressNPI, "address_range": e.AddressRange, "code": code})
			if code == core.OK {
				t.mu.Lock()
				t.sessions[e.ClientID] = session{ClientID: e.ClientID, SystemID: e.SystemID, Mode: modeName(e.BindMode), Version: e.InterfaceVersion}
				t.mu.Unlock()
			}
		},
		OnSmppLogoutReceived: func(e *core.SmppLogoutReceivedEventArgs) {
			code := t.srv.SmppSendLogoutResponse(e.ClientID, e.SequenceNumber, 0)
			t.log.add("unbind", ev{"client": e.ClientID, "seq": e.SequenceNumber, "code": code})
			if code == core.OK {
				t.closeAfterLogout(e.ClientID)
			}
		},
		OnSmppSubmitMessageReceived: t.onSubmit,
		OnSmppSubmitMessageCompleted: func(e *core.SmppSubmitMessageCompletedEventArgs) {
			x := submitFields(&e.SmppSubmitMessageReceivedEventArgs)
			x["seqs"] = e.SequenceNumbers
			x["parts"] = len(e.SequenceNumbers)
			t.log.add("complete", x)
		},
		OnSmppSubmitMessageIncomplete: func(e *core.SmppSubmitMessageIncompleteEventArgs) {
			t.log.add("incomplete", ev{"client": e.ClientID, "src": e.Originator, "dst": e.Destination, "ref": e.Reference,
				"total": e.Total, "received": e.Received, "seqs": e.SequenceNumbers})
		},
		OnSmppDeliverResponseReceived: func(e *core.SmppDeliverResponseReceivedEventArgs) {
			t.log.add("deliver_resp", ev{"client": e.ClientID, "seq": e.SequenceNumber, "status": e.Status, "id": e.MessageID, "ext": e.ExtendedParameters})
		},
		OnSmppRAWReceived: t.onRAW,
		OnSmppTraceProtocol: func(e *core.SmppTraceProtocolEventArgs) {
			dir := "in"
			if strings.HasSuffix(e.FromAddress, ":"+strconv.Itoa(t.srv.LocalPort())) {
				dir = "out"
			}
			status := ""
			if len(e.PDU) >= 24 {
				status = e.PDU[16:24]
			}
			t.log.add("trace", ev{"client": e.ClientID, "dir": dir, "from": e.FromAddress, "to": e.ToAddress,
				"cmd": smpp.CommandID(e.Operation).String(), "seq": e.OperationType, "status": status, "pdu": e.PDU})
		},
	}
	if !t.rawOnly {
		h.OnSmppQueryReceived = t.onQuery
		h.OnSmppCancelReceived = t.onCancel
		h.OnSmppReplaceReceived = func(e *core.SmppReplaceReceivedEventArgs) {
			code := t.srv.SmppSendReplaceResponse(e.ClientID, e.SequenceNumber, 0)
			t.log.add("replace", ev{"client": e.ClientID, "seq": e.SequenceNumber, "id": e.MessageID, "content": e.Content, "code": code})
		}
	}
	t.srv.SetHandlers(h)
}

// submitFields is the part of a submit event that submit and complete
// events share.
func submitFields(e *core.SmppSubmitMessageReceivedEventArgs) ev {
	p := core.ParseParams(e.ExtendedParameters)
	cmd, _ := p.Get("smpp", "command")
	return ev{
		"client": e.ClientID, "seq": e.SequenceNumber, "cmd": cmd,
		"src": e.Originator, "src_ton": e.OriginatorTON, "src_npi": e.OriginatorNPI,
		"dst": e.Destination, "dst_ton": e.DestinationTON, "dst_npi": e.DestinationNPI,
		"text": e.Content, "enc": e.Encoding.String(), "udh": e.UserDataHeader,
		"esm": e.EsmClass, "regdel": e.RegisteredDelivery, "dcs": e.DataCoding, "pid": e.ProtocolID,
		"priority": e.Priority, "service_type": e.ServiceType, "options": uint32(e.Options),
		"delivery_time": timeText(e.DeliveryTime), "validity": timeText(e.ValidityPeriod),
		"ext": e.ExtendedParameters,
	}
}

// timeText is an event time as RFC 3339 in UTC, "" for none.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (t *testSMSC) messageID() string {
	n := t.nextID.Add(1)
	if t.hexIDs {
		return strconv.FormatUint(n, 16)
	}
	return strconv.FormatUint(n, 10)
}

func (t *testSMSC) onSubmit(e *core.SmppSubmitMessageReceivedEventArgs) {
	id := t.messageID()
	m := &message{id: id, client: e.ClientID, src: e.Originator, dst: e.Destination, state: core.MsEnroute, submitted: time.Now()}
	t.mu.Lock()
	t.messages[id] = m
	t.mu.Unlock()
	code := t.srv.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, id, false)
	x := submitFields(e)
	x["id"], x["code"] = id, code
	t.log.add("submit", x)
	if code != core.OK {
		return
	}
	if rd := e.RegisteredDelivery & 0x03; rd == 0 || rd == 2 { // 2 = on failure only
		if t.failSuffix == "" || !strings.HasSuffix(e.Destination, t.failSuffix) || rd == 0 {
			return
		}
	}
	state, errCode := core.MsDelivered, 0
	if t.failSuffix != "" && strings.HasSuffix(e.Destination, t.failSuffix) {
		state, errCode = core.MsUndeliverable, 1
	}
	ton, npi, dton, dnpi := e.OriginatorTON, e.OriginatorNPI, e.DestinationTON, e.DestinationNPI
	txt := e.Content
	time.AfterFunc(t.receiptDelay, func() { t.sendReceipt(m, state, errCode, ton, npi, dton, dnpi, txt) })
}

func (t *testSMSC) sendReceipt(m *message, state core.MessageState, errCode int, ton, npi, dton, dnpi uint8, txt string) {
	t.mu.Lock()
	if m.state != core.MsEnroute { // cancelled meanwhile
		t.mu.Unlock()
		return
	}
	m.state, m.done = state, time.Now()
	t.mu.Unlock()
	to, ok := t.receiptTarget(m.client)
	if !ok {
		t.log.add("receipt", ev{"client": m.client, "id": m.id, "error": "no receiver session"})
		return
	}
	// For a receipt the destination is the original sender and the
	// originator the original recipient.
	delivered := 0
	if state == core.MsDelivered {
		delivered = 1
	}
	code := t.srv.SmppSendDeliverStatusReport(to, 0, m.src, ton, npi, m.dst, dton, dnpi, core.RtFinal, m.id, "",
		1, delivered, m.submitted, m.done, state, errCode, txt, "")
	t.log.add("receipt", ev{"client": to, "submit_client": m.client, "id": m.id, "state": int(state), "err": errCode, "code": code})
}

// receiptTarget is the submitting session when it can receive, otherwise a
// receiver session of the same system_id (Kannel's transmitter + receiver).
func (t *testSMSC) receiptTarget(client int32) (int32, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	me, ok := t.sessions[client]
	if !ok {
		// The submitting connection is gone (closed by a test): any
		// receiving session of a known system is still a fine target.
		return 0, false
	}
	if me.Mode != "tx" {
		return client, true
	}
	for id, s := range t.sessions {
		if s.SystemID == me.SystemID && s.Mode != "tx" {
			return id, true
		}
	}
	return 0, false
}

func (t *testSMSC) lookupMessage(id string) (message, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m, ok := t.messages[id]
	if !ok {
		return message{}, false
	}
	return *m, true
}

// cancelMessage marks a message deleted when no final receipt went yet.
func (t *testSMSC) cancelMessage(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	m, ok := t.messages[id]
	if !ok || m.state != core.MsEnroute {
		return false
	}
	m.state, m.done = core.MsDeleted, time.Now()
	return true
}

func (t *testSMSC) onQuery(e *core.SmppQueryReceivedEventArgs) {
	m, ok := t.lookupMessage(e.MessageID)
	var code core.Code
	if !ok {
		code = t.srv.SmppSendQueryResponse(e.ClientID, e.SequenceNumber, statusInvMsgID, e.MessageID, time.Time{}, 0, 0)
	} else {
		code = t.srv.SmppSendQueryResponse(e.ClientID, e.SequenceNumber, 0, e.MessageID, m.done, m.state, 0)
	}
	t.log.add("query", ev{"client": e.ClientID, "seq": e.SequenceNumber, "id": e.MessageID, "src": e.Originator,
		"src_ton": e.OriginatorTON, "src_npi": e.OriginatorNPI, "found": ok, "state": int(m.state), "code": code, "via": "typed"})
}

func (t *testSMSC) onCancel(e *core.SmppCancelReceivedEventArgs) {
	ok := t.cancelMessage(e.MessageID)
	status := uint32(0)
	if !ok {
		status = statusCancelFail
	}
	code := t.srv.SmppSendCancelResponse(e.ClientID, e.SequenceNumber, status)
	t.log.add("cancel", ev{"client": e.ClientID, "seq": e.SequenceNumber, "id": e.MessageID, "service_type": e.ServiceType,
		"src": e.Originator, "dst": e.Destination, "cancelled": ok, "status": status, "code": code, "via": "typed"})
}

// onRAW logs every RAW PDU. With -raw-only it answers query_sm and
// cancel_sm itself with SmppSendRAW, decoding the bodies by hand as a host
// without typed events would; any other request is declined (the library's
// default answer).
func (t *testSMSC) onRAW(e *core.SmppRAWReceivedEventArgs) {
	x := ev{"client": e.ClientID, "seq": e.SequenceNumber, "cmd": smpp.CommandID(e.CommandID).String(),
		"command_id": e.CommandID, "status": e.CommandStatus, "payload": e.Payload}
	body, _ := hex.DecodeString(e.Payload)
	switch {
	case t.rawOnly && smpp.CommandID(e.CommandID) == smpp.CmdQuerySM:
		// message_id, source_addr_ton, source_addr_npi, source_addr
		f := cstrings(body, 1)
		id := f[0]
		if rest := body[min(len(id)+1, len(body)):]; len(rest) >= 2 {
			x["src_ton"], x["src_npi"], x["src"] = rest[0], rest[1], cstrings(rest[2:], 1)[0]
		}
		m, ok := t.lookupMessage(id)
		var code core.Code
		if !ok {
			code = t.srv.SmppSendRAW(e.ClientID, e.SequenceNumber, uint32(smpp.CmdQuerySMResp), statusInvMsgID, "")
		} else {
			fd := ""
			if !m.done.IsZero() {
				fd = m.done.UTC().Format("060102150405") + "000+"
			}
			resp := append(append(append([]byte(id), 0), fd...), 0, byte(m.state), 0)
			code = t.srv.SmppSendRAW(e.ClientID, e.SequenceNumber, uint32(smpp.CmdQuerySMResp), 0, hex.EncodeToString(resp))
		}
		x["id"], x["found"], x["state"], x["code"], x["via"] = id, ok, int(m.state), code, "raw"
		t.log.add("query", x)
		return
	case t.rawOnly && smpp.CommandID(e.CommandID) == smpp.CmdCancelSM:
		f := cstrings(body, 2) // service_type, message_id
		ok := t.cancelMessage(f[1])
		status := uint32(0)
		if !ok {
			status = statusCancelFail
		}
		code := t.srv.SmppSendRAW(e.ClientID, e.SequenceNumber, uint32(smpp.CmdCancelSMResp), status, "")
		x["id"], x["service_type"], x["cancelled"], x["code"], x["via"] = f[1], f[0], ok, code, "raw"
		x["status"] = status
		t.log.add("cancel", x)
		return
	}
	t.log.add("raw", x)
	if !smpp.CommandID(e.CommandID).IsResponse() {
		e.Decline()
	}
}

// cstrings reads the first n NUL-terminated strings of b.
func cstrings(b []byte, n int) []string {
	out := make([]string, n)
	for i := 0; i < n; i++ {
		j := 0
		for j < len(b) && b[j] != 0 {
			j++
		}
		out[i] = string(b[:j])
		if j < len(b) {
			j++
		}
		b = b[j:]
	}
	return out
}
