// Command client is a scripted SMPP client built on github.com/linxGnu/gosmpp
// (a client written by others). The .NET binding tests start it as a child
// process and drive it over stdin/stdout, one line per command and per
// event:
//
//	line   = word *(" " key "=" value)     values are URL path-escaped
//
// Commands (stdin):
//
//	bind mode=trx|tx|rx sys= pw= type=          -> bound | bind_error status=
//	submit src= srcton= srcnpi= dst= dstton= dstnpi= text= enc=gsm7|ucs2|latin1|bin
//	       regdel= long=0|1 only=N svc= sched= validity= pid= prio=   -> sent seqs=1,2,..
//	submit_multi src= dsts=a;b text=              -> sent seqs=
//	data_sm src= dst= text=                       -> sent seqs=
//	query id= src=  |  cancel id= src= dst= svc=  |  replace id= src= text=
//	burst n=N                                     -> burst_done ok= bad= ms=
//	unbind | enquire                              -> sent seqs=
//	deliver_status status=N                       status of later deliver_sm_resp
//	close                                         gosmpp Close (unbind + close)
//	quit
//
// Events (stdout): ready; resp cmd= seq= status= [id= final= state= err= unsuccess=];
// deliver seq= esm= src= srcton= srcnpi= dst= dstton= dstnpi= dcs= text= udh= tlvs=;
// enquire_link seq=; unbind seq=; generic_nack seq= status=; pdu cmd= seq= status=;
// closed state=; error msg=.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
)

var (
	outMu         sync.Mutex
	deliverStatus atomic.Uint32
	// burst counts submit_sm_resp while a burst runs (and keeps them quiet).
	burstOn, burstOK, burstBad atomic.Int64
)

func emit(word string, kv ...string) {
	var b strings.Builder
	b.WriteString(word)
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteByte(' ')
		b.WriteString(kv[i])
		b.WriteByte('=')
		b.WriteString(url.PathEscape(kv[i+1]))
	}
	b.WriteByte('\n')
	outMu.Lock()
	os.Stdout.WriteString(b.String())
	outMu.Unlock()
}

func u(v uint32) string  { return strconv.FormatUint(uint64(v), 10) }
func i32(v int32) string { return strconv.FormatInt(int64(v), 10) }

func parse(line string) (string, map[string]string) {
	f := strings.Fields(line)
	if len(f) == 0 {
		return "", nil
	}
	args := map[string]string{}
	for _, t := range f[1:] {
		k, v, _ := strings.Cut(t, "=")
		if uv, err := url.PathUnescape(v); err == nil {
			v = uv
		}
		args[k] = v
	}
	return f[0], args
}

func num(a map[string]string, k string, def int) int {
	if v, ok := a[k]; ok {
		if n, err := strconv.ParseInt(v, 0, 64); err == nil {
			return int(n)
		}
	}
	return def
}

func encoding(name string) data.Encoding {
	switch name {
	case "ucs2":
		return data.UCS2
	case "latin1":
		return data.LATIN1
	case "bin":
		return data.BINARY8BIT2
	}
	return data.GSM7BIT
}

func address(a map[string]string, key string, tonDef, npiDef int) (pdu.Address, error) {
	ad := pdu.NewAddress()
	ad.SetTon(byte(num(a, key+"ton", tonDef)))
	ad.SetNpi(byte(num(a, key+"npi", npiDef)))
	return ad, ad.SetAddress(a[key])
}

// onPDU answers what the server sends and reports it.
func onPDU(p pdu.PDU) (pdu.PDU, bool) {
	h := p.GetHeader()
	seq := u(uint32(h.SequenceNumber))
	st := u(uint32(h.CommandStatus))
	switch pp := p.(type) {
	case *pdu.DeliverSM:
		text, _ := pp.Message.GetMessage()
		var udh string
		if x := pp.Message.UDH(); len(x) > 0 {
			if b, err := x.MarshalBinary(); err == nil {
				udh = hex.EncodeToString(b)
			}
		}
		var tags []string
		for t, f := range pp.OptionalParameters {
			tags = append(tags, fmt.Sprintf("%04x:%s", uint16(t), hex.EncodeToString(f.Data)))
		}
		sort.Strings(tags)
		dcs := -1 // gosmpp knows no encoding for e.g. flash (class 0) data_coding
		if enc := pp.Message.Encoding(); enc != nil {
			dcs = int(enc.DataCoding())
		}
		emit("deliver", "seq", seq, "esm", strconv.Itoa(int(pp.EsmClass)),
			"src", pp.SourceAddr.Address(), "srcton", strconv.Itoa(int(pp.SourceAddr.Ton())), "srcnpi", strconv.Itoa(int(pp.SourceAddr.Npi())),
			"dst", pp.DestAddr.Address(), "dstton", strconv.Itoa(int(pp.DestAddr.Ton())), "dstnpi", strconv.Itoa(int(pp.DestAddr.Npi())),
			"dcs", strconv.Itoa(dcs), "svc", pp.ServiceType,
			"text", text, "udh", udh, "tlvs", strings.Join(tags, ","))
		r := pp.GetResponse()
		r.(*pdu.DeliverSMResp).CommandStatus = data.CommandStatusType(deliverStatus.Load())
		return r, false
	case *pdu.EnquireLink:
		emit("enquire_link", "seq", seq)
		return pp.GetResponse(), false
	case *pdu.Unbind:
		emit("unbind", "seq", seq)
		return pp.GetResponse(), true
	case *pdu.GenericNack:
		emit("generic_nack", "seq", seq, "status", st)
	case *pdu.SubmitSMResp:
		if burstOn.Load() != 0 {
			if h.CommandStatus == data.ESME_ROK {
				burstOK.Add(1)
			} else {
				burstBad.Add(1)
			}
			return nil, false
		}
		emit("resp", "cmd", "submit_sm_resp", "seq", seq, "status", st, "id", pp.MessageID)
	case *pdu.DataSMResp:
		emit("resp", "cmd", "data_sm_resp", "seq", seq, "status", st, "id", pp.MessageID)
	case *pdu.SubmitMultiResp:
		var un []string
		for _, x := range pp.UnsuccessSMEs.Get() {
			un = append(un, x.Address.Address()+":"+u(uint32(x.ErrorStatusCode())))
		}
		emit("resp", "cmd", "submit_multi_resp", "seq", seq, "status", st, "id", pp.MessageID, "unsuccess", strings.Join(un, ";"))
	case *pdu.QuerySMResp:
		emit("resp", "cmd", "query_sm_resp", "seq", seq, "status", st, "id", pp.MessageID, "final", pp.FinalDate,
			"state", strconv.Itoa(int(pp.MessageState)), "err", strconv.Itoa(int(pp.ErrorCode)))
	case *pdu.CancelSMResp:
		emit("resp", "cmd", "cancel_sm_resp", "seq", seq, "status", st)
	case *pdu.ReplaceSMResp:
		emit("resp", "cmd", "replace_sm_resp", "seq", seq, "status", st)
	case *pdu.UnbindResp:
		emit("resp", "cmd", "unbind_resp", "seq", seq, "status", st)
	case *pdu.EnquireLinkResp:
		emit("resp", "cmd", "enquire_link_resp", "seq", seq, "status", st)
	default:
		emit("pdu", "cmd", fmt.Sprintf("0x%08x", uint32(h.CommandID)), "seq", seq, "status", st)
	}
	return nil, false
}

type client struct {
	sess *gosmpp.Session
}

func (c *client) bind(a map[string]string) {
	auth := gosmpp.Auth{SMSC: a["addr"], SystemID: a["sys"], Password: a["pw"], SystemType: a["type"]}
	var conn gosmpp.Connector
	switch a["mode"] {
	case "tx":
		conn = gosmpp.TXConnector(gosmpp.NonTLSDialer, auth)
	case "rx":
		conn = gosmpp.RXConnector(gosmpp.NonTLSDialer, auth)
	default:
		conn = gosmpp.TRXConnector(gosmpp.NonTLSDialer, auth)
	}
	sess, err := gosmpp.NewSession(conn, gosmpp.Settings{
		ReadTimeout: time.Hour,
		OnAllPDU:    onPDU,
		OnClosed:    func(st gosmpp.State) { emit("closed", "state", st.String()) },
	}, -1)
	if err != nil {
		if be, ok := err.(gosmpp.BindError); ok {
			emit("bind_error", "status", u(uint32(be.CommandStatus)))
			return
		}
		emit("error", "msg", err.Error())
		return
	}
	c.sess = sess
	emit("bound")
}

// send submits PDUs in order and reports their sequence numbers.
func (c *client) send(ps ...pdu.PDU) {
	if c.sess == nil {
		emit("error", "msg", "not bound")
		return
	}
	var seqs []string
	for _, p := range ps {
		if err := c.sess.Transceiver().Submit(p); err != nil {
			emit("error", "msg", err.Error())
			return
		}
		seqs = append(seqs, i32(p.GetSequenceNumber()))
	}
	emit("sent", "seqs", strings.Join(seqs, ","))
}

func (c *client) submit(a map[string]string) error {
	src, err := address(a, "src", 1, 1)
	if err != nil {
		return err
	}
	dst, err := address(a, "dst", 1, 1)
	if err != nil {
		return err
	}
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.SourceAddr, sm.DestAddr = src, dst
	sm.ServiceType = a["svc"]
	sm.RegisteredDelivery = byte(num(a, "regdel", 0))
	sm.ProtocolID = byte(num(a, "pid", 0))
	sm.PriorityFlag = byte(num(a, "prio", 0))
	sm.ScheduleDeliveryTime = a["sched"]
	sm.ValidityPeriod = a["validity"]
	enc := encoding(a["enc"])
	if a["enc"] == "bin" {
		b, err := hex.DecodeString(a["text"])
		if err != nil {
			return err
		}
		if err := sm.Message.SetMessageDataWithEncoding(b, enc); err != nil {
			return err
		}
		c.send(sm)
		return nil
	}
	if num(a, "long", 0) == 1 {
		if err := sm.Message.SetLongMessageWithEnc(a["text"], enc); err != nil {
			return err
		}
		parts, err := sm.Split()
		if err != nil {
			return err
		}
		ps := make([]pdu.PDU, len(parts))
		for i, p := range parts {
			if i > 0 {
				// gosmpp's Split copies the header: every part would carry
				// the first part's sequence number.
				p.AssignSequenceNumber()
			}
			ps[i] = p
		}
		if n := num(a, "only", 0); n > 0 && n < len(ps) {
			ps = ps[:n] // leave the message incomplete
		}
		c.send(ps...)
		return nil
	}
	if err := sm.Message.SetMessageWithEncoding(a["text"], enc); err != nil {
		return err
	}
	c.send(sm)
	return nil
}

// burst submits n messages as fast as gosmpp writes them and reports once
// all are answered: burst_done ok= bad= ms=.
func (c *client) burst(n int) error {
	if c.sess == nil {
		return fmt.Errorf("not bound")
	}
	burstOK.Store(0)
	burstBad.Store(0)
	burstOn.Store(1)
	defer burstOn.Store(0)
	start := time.Now()
	for i := 0; i < n; i++ {
		sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
		sm.SourceAddr, _ = pdu.NewAddressWithTonNpiAddr(1, 1, "4477009001")
		sm.DestAddr, _ = pdu.NewAddressWithTonNpiAddr(1, 1, "4477009002")
		if err := sm.Message.SetMessageWithEncoding("burst "+strconv.Itoa(i), data.GSM7BIT); err != nil {
			return err
		}
		if err := c.sess.Transceiver().Submit(sm); err != nil {
			return err
		}
	}
	deadline := time.Now().Add(2 * time.Minute)
	for burstOK.Load()+burstBad.Load() < int64(n) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	emit("burst_done", "ok", strconv.FormatInt(burstOK.Load(), 10), "bad", strconv.FormatInt(burstBad.Load(), 10),
		"ms", strconv.FormatInt(time.Since(start).Milliseconds(), 10))
	return nil
}

func (c *client) command(cmd string, a map[string]string) error {
	switch cmd {
	case "bind":
		c.bind(a)
	case "submit":
		return c.submit(a)
	case "submit_multi":
		src, err := address(a, "src", 1, 1)
		if err != nil {
			return err
		}
		sm := pdu.NewSubmitMulti().(*pdu.SubmitMulti)
		sm.SourceAddr = src
		for _, d := range strings.Split(a["dsts"], ";") {
			ad, err := pdu.NewAddressWithTonNpiAddr(1, 1, d)
			if err != nil {
				return err
			}
			da := pdu.NewDestinationAddress()
			da.SetAddress(ad)
			sm.DestAddrs.Add(da)
		}
		if err := sm.Message.SetMessageWithEncoding(a["text"], data.GSM7BIT); err != nil {
			return err
		}
		c.send(sm)
	case "data_sm":
		src, err := address(a, "src", 1, 1)
		if err != nil {
			return err
		}
		dst, err := address(a, "dst", 1, 1)
		if err != nil {
			return err
		}
		d := pdu.NewDataSM().(*pdu.DataSM)
		d.SourceAddr, d.DestAddr = src, dst
		d.DataCoding = 0
		d.RegisterOptionalParam(pdu.Field{Tag: pdu.TagMessagePayload, Data: []byte(a["text"])})
		c.send(d)
	case "query":
		src, err := address(a, "src", 1, 1)
		if err != nil {
			return err
		}
		q := pdu.NewQuerySM().(*pdu.QuerySM)
		q.MessageID, q.SourceAddr = a["id"], src
		c.send(q)
	case "cancel":
		src, err := address(a, "src", 1, 1)
		if err != nil {
			return err
		}
		dst, err := address(a, "dst", 1, 1)
		if err != nil {
			return err
		}
		q := pdu.NewCancelSM().(*pdu.CancelSM)
		q.ServiceType, q.MessageID, q.SourceAddr, q.DestAddr = a["svc"], a["id"], src, dst
		c.send(q)
	case "replace":
		src, err := address(a, "src", 1, 1)
		if err != nil {
			return err
		}
		q := pdu.NewReplaceSM().(*pdu.ReplaceSM)
		q.MessageID, q.SourceAddr = a["id"], src
		q.RegisteredDelivery = byte(num(a, "regdel", 0))
		if err := q.Message.SetMessageWithEncoding(a["text"], data.GSM7BIT); err != nil {
			return err
		}
		c.send(q)
	case "burst":
		return c.burst(num(a, "n", 1000))
	case "unbind":
		c.send(pdu.NewUnbind())
	case "enquire":
		c.send(pdu.NewEnquireLink())
	case "deliver_status":
		deliverStatus.Store(uint32(num(a, "status", 0)))
		emit("ok")
	case "close":
		if c.sess != nil {
			c.sess.Close()
			c.sess = nil
		}
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
	return nil
}

func main() {
	c := &client{}
	emit("ready")
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		cmd, a := parse(sc.Text())
		if cmd == "" {
			continue
		}
		if cmd == "quit" {
			break
		}
		if err := c.command(cmd, a); err != nil {
			emit("error", "msg", err.Error())
		}
	}
	if c.sess != nil {
		c.sess.Close()
	}
}
