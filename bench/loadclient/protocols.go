package main

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// ---------------------------------------------------------------- SMPP

const (
	smppBindTransceiver = 0x00000009
	smppSubmitSM        = 0x00000004
	smppDeliverSM       = 0x00000005
	smppUnbind          = 0x00000006
	smppEnquireLink     = 0x00000015
	smppGenericNack     = 0x80000000
	smppResp            = 0x80000000
	smppMaxPDU          = 64 << 10
)

// smppProto sends submit_sm; the key is the sequence number.
type smppProto struct {
	receipts bool
	submit   []byte
}

func smppPDU(dst []byte, cmd, status, seq uint32, body []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(16+len(body)))
	dst = binary.BigEndian.AppendUint32(dst, cmd)
	dst = binary.BigEndian.AppendUint32(dst, status)
	dst = binary.BigEndian.AppendUint32(dst, seq)
	return append(dst, body...)
}

func cstr(b []byte, s string) []byte { return append(append(b, s...), 0) }

func (p *smppProto) slots(int) int { return 0 }

func (p *smppProto) key(counter uint32, n int) (uint32, int) {
	seq := counter + 1 // 1 is the bind
	return seq, int(seq) & (n - 1)
}

func (p *smppProto) slotOf(key uint32, n int) int { return int(key) & (n - 1) }

func (p *smppProto) login(c *conn) error {
	var body []byte
	body = cstr(body, c.o.systemID)
	body = cstr(body, c.o.password)
	body = cstr(body, "")     // system_type
	body = append(body, 0x34) // interface_version
	body = append(body, 0, 0) // addr_ton, addr_npi
	body = cstr(body, "")     // address_range
	c.bw.Write(smppPDU(nil, smppBindTransceiver, 0, 1, body))
	if err := c.bw.Flush(); err != nil {
		return err
	}
	// submit_sm: service_type "", source 5/0 "Alpha", dest 1/1
	// -dest (447700900123), esm_class 0, protocol_id 0, priority 0, no schedule,
	// no validity, registered_delivery, replace 0, data_coding 0,
	// sm_default_msg_id 0, "Hello world".
	var sm []byte
	sm = cstr(sm, "")
	sm = append(sm, 5, 0)
	sm = cstr(sm, "Alpha")
	sm = append(sm, 1, 1)
	sm = cstr(sm, c.o.dest)
	sm = append(sm, 0, 0, 0)
	sm = cstr(sm, "")
	sm = cstr(sm, "")
	rd := byte(0)
	if p.receipts {
		rd = 1
	}
	sm = append(sm, rd, 0, 0, 0)
	msg := "Hello world"
	sm = append(sm, byte(len(msg)))
	sm = append(sm, msg...)
	p.submit = smppPDU(nil, smppSubmitSM, 0, 0, sm)
	for {
		cmd, status, _, err := p.read(c)
		if err != nil {
			return err
		}
		if cmd == smppBindTransceiver|smppResp || cmd == smppGenericNack {
			if status != 0 {
				return fmt.Errorf("bind_transceiver_resp status 0x%08X", status)
			}
			return c.bw.Flush()
		}
	}
}

func (p *smppProto) appendSubmit(dst []byte, key uint32) []byte {
	n := len(dst)
	dst = append(dst, p.submit...)
	binary.BigEndian.PutUint32(dst[n+12:], key)
	return dst
}

// read reads one PDU and answers the server's own requests.
func (p *smppProto) read(c *conn) (cmd, status, seq uint32, err error) {
	h, err := c.br.Peek(16)
	if err != nil {
		return 0, 0, 0, err
	}
	l := binary.BigEndian.Uint32(h)
	if l < 16 || l > smppMaxPDU {
		return 0, 0, 0, fmt.Errorf("bad command_length %d", l)
	}
	cmd = binary.BigEndian.Uint32(h[4:])
	status = binary.BigEndian.Uint32(h[8:])
	seq = binary.BigEndian.Uint32(h[12:])
	if _, err := c.br.Discard(int(l)); err != nil {
		return 0, 0, 0, err
	}
	switch cmd {
	case smppDeliverSM:
		c.bw.Write(smppPDU(c.bw.AvailableBuffer(), smppDeliverSM|smppResp, 0, seq, []byte{0}))
	case smppEnquireLink:
		c.bw.Write(smppPDU(c.bw.AvailableBuffer(), smppEnquireLink|smppResp, 0, seq, nil))
	case smppUnbind:
		c.bw.Write(smppPDU(c.bw.AvailableBuffer(), smppUnbind|smppResp, 0, seq, nil))
		c.bw.Flush()
		return cmd, status, seq, errors.New("the server sent unbind")
	}
	return cmd, status, seq, nil
}

func (p *smppProto) readFrame(c *conn) (frameKind, uint32, bool, string, error) {
	cmd, status, seq, err := p.read(c)
	if err != nil {
		return frameOther, 0, false, "", err
	}
	switch cmd {
	case smppSubmitSM | smppResp, smppGenericNack:
		st := ""
		if status != 0 || cmd == smppGenericNack {
			st = fmt.Sprintf("command 0x%08X status 0x%08X", cmd, status)
		}
		return frameAnswer, seq, status == 0 && cmd != smppGenericNack, st, nil
	case smppDeliverSM:
		return frameDeliver, 0, false, "", nil
	}
	return frameOther, 0, false, "", nil
}

// ---------------------------------------------------------------- UCP

// ucpProto sends operation 51; the key is the TRN (00..99), 00 is the login.
type ucpProto struct {
	receipts bool
	frames   [100][]byte
}

func (p *ucpProto) slots(int) int { return 100 }

func (p *ucpProto) key(counter uint32, n int) (uint32, int) {
	k := counter % 100
	return k, int(k)
}

func (p *ucpProto) slotOf(key uint32, n int) int { return int(key) }

func (p *ucpProto) login(c *conn) error {
	var f [ucp.Fields60][]byte
	f[ucp.F60OAdC] = []byte(c.o.systemID)
	f[ucp.F60OTON] = []byte("6")
	f[ucp.F60ONPI] = []byte("5")
	f[ucp.F60STYP] = []byte("1")
	f[ucp.F60PWD] = []byte(strings.ToUpper(hex.EncodeToString([]byte(c.o.password))))
	f[ucp.F60VERS] = []byte("0100")
	login, err := ucp.AppendFrame(nil, 0, ucp.Operation, ucp.OTSessionManagement, f[:]...)
	if err != nil {
		return err
	}
	var m ucp.Msg5x
	m.F[ucp.F5xAdC] = []byte(c.o.dest)
	m.F[ucp.F5xOAdC] = []byte("1234")
	m.F[ucp.F5xMT] = []byte("3")
	m.F[ucp.F5xMsg] = []byte(strings.ToUpper(hex.EncodeToString([]byte("Hello world"))))
	if p.receipts {
		m.F[ucp.F5xNRq] = []byte("1")
		m.F[ucp.F5xNT] = []byte("3")
	}
	for trn := range p.frames {
		if p.frames[trn], err = m.AppendFrame(nil, trn, ucp.OTSubmitSM); err != nil {
			return err
		}
	}
	c.bw.Write(login)
	if err := c.bw.Flush(); err != nil {
		return err
	}
	for {
		text, err := p.read(c)
		if err != nil {
			return err
		}
		if text[9] == 'R' && string(text[11:13]) == "60" {
			if text[14] != 'A' {
				return fmt.Errorf("login refused: %q", text)
			}
			return c.bw.Flush()
		}
	}
}

func (p *ucpProto) appendSubmit(dst []byte, key uint32) []byte {
	return append(dst, p.frames[key]...)
}

// read returns the text of the next frame (between STX and ETX, valid
// until the next read) and answers operations from the server.
func (p *ucpProto) read(c *conn) ([]byte, error) {
	for {
		fr, err := c.br.ReadSlice(ucp.ETX)
		if err != nil {
			if errors.Is(err, bufioErrBufferFull) {
				return nil, errors.New("UCP frame too long")
			}
			return nil, err
		}
		i := bytes.LastIndexByte(fr, ucp.STX)
		if i < 0 {
			continue // junk between frames
		}
		text := fr[i+1 : len(fr)-1]
		if len(text) < ucp.MinLen {
			continue
		}
		if text[9] == 'O' {
			trn, _ := ucp.Num(text[0:2])
			ot, _ := ucp.Num(text[11:13])
			ack, _ := ucp.AppendACK(c.bw.AvailableBuffer(), trn, ot, nil, nil)
			c.bw.Write(ack)
		}
		return text, nil
	}
}

func (p *ucpProto) readFrame(c *conn) (frameKind, uint32, bool, string, error) {
	text, err := p.read(c)
	if err != nil {
		return frameOther, 0, false, "", err
	}
	if text[9] == 'O' {
		return frameDeliver, 0, false, "", nil
	}
	if text[9] != 'R' || string(text[11:13]) != "51" {
		return frameOther, 0, false, "", nil
	}
	trn, ok := ucp.Num(text[0:2])
	if !ok {
		return frameOther, 0, false, "", nil
	}
	if text[14] == 'A' {
		return frameAnswer, uint32(trn), true, "", nil
	}
	return frameAnswer, uint32(trn), false, string(text), nil
}

// ---------------------------------------------------------------- CIMD2

// cimd2Proto sends operation 03; slot i uses packet number 2i+1, slot 0
// (001) is the login.
type cimd2Proto struct {
	receipts bool
	packets  [128][]byte
}

func (p *cimd2Proto) slots(int) int { return 128 }

func (p *cimd2Proto) key(counter uint32, n int) (uint32, int) {
	s := counter % 128
	return 2*s + 1, int(s)
}

func (p *cimd2Proto) slotOf(key uint32, n int) int { return int(key-1) / 2 }

func (p *cimd2Proto) login(c *conn) error {
	login := cimd2.AppendHeader(nil, cimd2.OpLogin, 1)
	login = cimd2.AppendParamString(login, 10, c.o.systemID)
	login = cimd2.AppendParamString(login, 11, c.o.password)
	login = cimd2.AppendTrailer(login, 0)
	for i := range p.packets {
		b := cimd2.AppendHeader(nil, cimd2.OpSubmit, 2*i+1)
		b = cimd2.AppendParamString(b, 21, c.o.dest)      // destination address
		b = cimd2.AppendParamString(b, 23, "1234")        // originating address
		b = cimd2.AppendParamString(b, 33, "Hello world") // user data
		if p.receipts {
			b = cimd2.AppendParamString(b, 56, "14") // status report request
		}
		p.packets[i] = cimd2.AppendTrailer(b, 0)
	}
	c.bw.Write(login)
	if err := c.bw.Flush(); err != nil {
		return err
	}
	for {
		pk, err := p.read(c)
		if err != nil {
			return err
		}
		op, _, _ := cimd2.ParseHeader(pk)
		if op == cimd2.OpLoginResponse || op == cimd2.OpNack || op == cimd2.OpGeneralError {
			if op != cimd2.OpLoginResponse || bytes.Contains(pk, []byte("\t900:")) {
				return fmt.Errorf("login refused: %q", pk)
			}
			return c.bw.Flush()
		}
	}
}

func (p *cimd2Proto) appendSubmit(dst []byte, key uint32) []byte {
	return append(dst, p.packets[(key-1)/2]...)
}

// read returns the next packet (STX..ETX, valid until the next read) and
// answers the server's own requests.
func (p *cimd2Proto) read(c *conn) ([]byte, error) {
	for {
		fr, err := c.br.ReadSlice(cimd2.ETX)
		if err != nil {
			if errors.Is(err, bufioErrBufferFull) {
				return nil, errors.New("CIMD2 packet too long")
			}
			return nil, err
		}
		i := bytes.LastIndexByte(fr, cimd2.STX)
		if i < 0 {
			continue
		}
		pk := fr[i:]
		op, num, ok := cimd2.ParseHeader(pk)
		if !ok {
			continue
		}
		switch op {
		case cimd2.OpDeliverMessage, cimd2.OpDeliverStatusReport, cimd2.OpAlive:
			b := c.bw.AvailableBuffer()
			b = cimd2.AppendHeader(b, op+cimd2.OpResponse, num)
			c.bw.Write(cimd2.AppendTrailer(b, 0))
		}
		return pk, nil
	}
}

func (p *cimd2Proto) readFrame(c *conn) (frameKind, uint32, bool, string, error) {
	pk, err := p.read(c)
	if err != nil {
		return frameOther, 0, false, "", err
	}
	op, num, _ := cimd2.ParseHeader(pk)
	switch op {
	case cimd2.OpSubmitResponse:
		if bytes.Contains(pk, []byte("\t900:")) {
			return frameAnswer, uint32(num), false, string(pk), nil
		}
		return frameAnswer, uint32(num), true, "", nil
	case cimd2.OpNack, cimd2.OpGeneralError:
		return frameAnswer, uint32(num), false, string(pk), nil
	case cimd2.OpDeliverMessage, cimd2.OpDeliverStatusReport:
		return frameDeliver, 0, false, "", nil
	}
	return frameOther, 0, false, "", nil
}
