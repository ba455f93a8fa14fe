package main

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/core"
)

// smsc is the reference behaviour: everything accepted, every submit
// acknowledged, receipts on request.
type smsc struct {
	srv          *core.SMPPServer
	log          *eventLog
	receiptDelay time.Duration
	hexIDs       bool
	nextID       atomic.Uint64

	mu       sync.Mutex
	sessions map[int32]sessionInfo // bound sessions, for routing receipts
}

type sessionInfo struct {
	systemID string
	mode     core.BindMode
}

func newSMSC(srv *core.SMPPServer, lg *eventLog, receiptDelay time.Duration, hexIDs bool) *smsc {
	s := &smsc{srv: srv, log: lg, receiptDelay: receiptDelay, hexIDs: hexIDs, sessions: make(map[int32]sessionInfo)}
	// Ids stay unique across restarts without any storage.
	s.nextID.Store(uint64(time.Now().UnixNano()/1e6) << 16)
	return s
}

// logoutGrace is how long a client may keep the connection after its
// unbind_resp before the SMSC closes it, as the reference's usage overview
// has the host do ("after giving some time to let client receive and
// process logout response").
const logoutGrace = 2 * time.Second

// closeAfterLogout closes the connection if the client has not closed it
// within logoutGrace. ClientIDs are never reused, so a late close cannot hit
// another client.
func (s *smsc) closeAfterLogout(id int32) {
	time.AfterFunc(logoutGrace, func() {
		if s.srv.TcpCloseConnection(id) == core.OK {
			s.log.printf("client %d still connected %v after unbind_resp: closed", id, logoutGrace)
		}
	})
}

func (s *smsc) install() {
	s.srv.SetHandlers(core.SMPPHandlers{
		OnTcpConnected: func(e *core.TcpConnectedEventArgs) {
			s.log.printf("client %d connected from %s:%d", e.ClientID, e.RemoteHost, e.RemotePort)
			s.srv.TcpAcceptConnection(e.ClientID)
		},
		OnTcpDisconnected: func(e *core.TcpDisconnectedEventArgs) {
			s.mu.Lock()
			delete(s.sessions, e.ClientID)
			s.mu.Unlock()
			s.log.printf("client %d disconnected: reason %d %s", e.ClientID, e.Reason, e.ReasonText)
		},
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			s.log.printf("client %d bind mode %d system_id %q version 0x%02X", e.ClientID, e.BindMode, e.SystemID, e.InterfaceVersion)
			if s.srv.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "smscd") == core.OK {
				s.mu.Lock()
				s.sessions[e.ClientID] = sessionInfo{systemID: e.SystemID, mode: e.BindMode}
				s.mu.Unlock()
			}
		},
		OnSmppLogoutReceived: func(e *core.SmppLogoutReceivedEventArgs) {
			s.log.printf("client %d unbind", e.ClientID)
			if s.srv.SmppSendLogoutResponse(e.ClientID, e.SequenceNumber, 0) == core.OK {
				s.closeAfterLogout(e.ClientID)
			}
		},
		OnSmppSubmitMessageReceived: s.onSubmit,
		OnSmppSubmitMessageCompleted: func(e *core.SmppSubmitMessageCompletedEventArgs) {
			if len(e.SequenceNumbers) > 1 {
				s.log.printf("client %d long message complete from %s to %s in %d parts: %q", e.ClientID, e.Originator, e.Destination, len(e.SequenceNumbers), e.Content)
			}
		},
		OnSmppDeliverResponseReceived: func(e *core.SmppDeliverResponseReceivedEventArgs) {
			s.log.printf("client %d deliver_sm_resp seq %d status 0x%X", e.ClientID, e.SequenceNumber, e.Status)
		},
	})
}

func (s *smsc) messageID() string {
	n := s.nextID.Add(1)
	if s.hexIDs {
		return strconv.FormatUint(n, 16)
	}
	return strconv.FormatUint(n, 10)
}

func (s *smsc) onSubmit(e *core.SmppSubmitMessageReceivedEventArgs) {
	id := s.messageID()
	s.log.printf("client %d submit seq %d from %s to %s enc %s: %q -> id %s", e.ClientID, e.SequenceNumber, e.Originator, e.Destination, e.Encoding, e.Content, id)
	if s.srv.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, id, false) != core.OK {
		return
	}
	if e.RegisteredDelivery&0x03 == 0 || e.RegisteredDelivery&0x03 == 2 { // 2 = on failure only
		return
	}
	submitted := time.Now()
	dst, dton, dnpi := e.Originator, e.OriginatorTON, e.OriginatorNPI
	src, ston, snpi := e.Destination, e.DestinationTON, e.DestinationNPI
	txt := e.Content
	client := e.ClientID
	time.AfterFunc(s.receiptDelay, func() {
		to, ok := s.receiptTarget(client)
		if !ok {
			s.log.printf("client %d: no receiver session for the receipt of %s", client, id)
			return
		}
		code := s.srv.SmppSendDeliverStatusReport(to, 0, dst, dton, dnpi, src, ston, snpi, core.RtFinal, id, "",
			1, 1, submitted, time.Now(), core.MsDelivered, 0, txt, "")
		s.log.printf("client %d receipt for %s: %s", to, id, core.ErrorText(code))
	})
}

// receiptTarget is the submitting session when it can receive, otherwise
// a receiver session of the same system_id (transmitter + receiver pairs).
func (s *smsc) receiptTarget(client int32) (int32, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, ok := s.sessions[client]
	if !ok {
		return 0, false
	}
	if me.mode != core.BmTransmitter {
		return client, true
	}
	for id, si := range s.sessions {
		if si.systemID == me.systemID && si.mode != core.BmTransmitter {
			return id, true
		}
	}
	return 0, false
}
