// Command floor is the benchmark's floor: the least a server can do and
// still answer the load client. Per connection one goroutine reads frames,
// looks only at their headers and appends fixed answers (patched with the
// request's sequence number / TRN / packet number) to an output buffer,
// written in one syscall once no further complete frame is buffered. No
// body decoding, no events, no message ids beyond a constant.
//
//	floor [-proto smpp|ucp|cimd2] [-port 0]
//
// Prints "port N"; runs until stdin closes or SIGINT/SIGTERM.
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	proto := flag.String("proto", "smpp", "smpp, ucp or cimd2")
	host := flag.String("host", "127.0.0.1", "listen address")
	port := flag.Int("port", 0, "listen port (0: any free port)")
	flag.Parse()
	var serve func(net.Conn)
	switch *proto {
	case "smpp":
		serve = serveSMPP
	case "ucp":
		serve = serveText(0x02, 0x03, ucpAnswer)
	case "cimd2":
		serve = serveText(0x02, 0x03, cimd2Answer)
	default:
		fmt.Fprintln(os.Stderr, "floor: unknown -proto", *proto)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, fmt.Sprint(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("port %d\n", ln.Addr().(*net.TCPAddr).Port)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() { io.Copy(io.Discard, os.Stdin); stop <- syscall.SIGTERM }()
	<-stop
	ln.Close()
}

// serveSMPP: bind_* -> bind_*_resp, submit_sm -> submit_sm_resp with a
// fixed id, enquire_link / unbind -> their responses, responses ignored,
// anything else -> generic_nack.
func serveSMPP(c net.Conn) {
	defer c.Close()
	br := bufio.NewReaderSize(c, 64<<10)
	out := make([]byte, 0, 64<<10)
	bindResp := []byte("floor\x00")
	submitResp := []byte("0000000001\x00")
	for {
		h, err := br.Peek(16)
		if err != nil {
			return
		}
		l := int(binary.BigEndian.Uint32(h))
		cmd := binary.BigEndian.Uint32(h[4:])
		seq := binary.BigEndian.Uint32(h[12:])
		if l < 16 || l > 64<<10 {
			return
		}
		if _, err := br.Discard(l); err != nil {
			return
		}
		var body []byte
		resp, status := cmd|0x80000000, uint32(0)
		switch {
		case cmd == 0x04:
			body = submitResp
		case cmd == 0x01 || cmd == 0x02 || cmd == 0x09:
			body = bindResp
		case cmd == 0x15 || cmd == 0x06:
		case cmd&0x80000000 != 0:
			resp = 0
		default:
			resp, status = 0x80000000, 3 // ESME_RINVCMDID
		}
		if resp != 0 {
			out = binary.BigEndian.AppendUint32(out, uint32(16+len(body)))
			out = binary.BigEndian.AppendUint32(out, resp)
			out = binary.BigEndian.AppendUint32(out, status)
			out = binary.BigEndian.AppendUint32(out, seq)
			out = append(out, body...)
		}
		if !complete(br) || len(out) > 60<<10 {
			if len(out) > 0 {
				if _, err := c.Write(out); err != nil {
					return
				}
				out = out[:0]
			}
		}
	}
}

// complete reports whether a whole SMPP PDU is already buffered.
func complete(br *bufio.Reader) bool {
	if br.Buffered() < 16 {
		return false
	}
	h, _ := br.Peek(16)
	return br.Buffered() >= int(binary.BigEndian.Uint32(h))
}

// serveText serves STX..ETX framed protocols; answer appends the fixed
// answer to one frame (or nothing).
func serveText(stx, etx byte, answer func(out, frame []byte) []byte) func(net.Conn) {
	return func(c net.Conn) {
		defer c.Close()
		br := bufio.NewReaderSize(c, 64<<10)
		out := make([]byte, 0, 64<<10)
		for {
			fr, err := br.ReadSlice(etx)
			if err != nil {
				return
			}
			if i := bytes.LastIndexByte(fr, stx); i >= 0 {
				out = answer(out, fr[i:])
			}
			// A partial frame left in the buffer has been sent already (the
			// client writes whole frames), so only an empty buffer can block.
			if br.Buffered() == 0 || len(out) > 60<<10 {
				if len(out) > 0 {
					if _, err := c.Write(out); err != nil {
						return
					}
					out = out[:0]
				}
			}
		}
	}
}

func sum(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return s
}

const hexUpper = "0123456789ABCDEF"

// ucpAnswer: "TT/00019/R/60/A//CC" to a login, "TT/LLLLL/R/51/A//AdC:SCTS/CC"
// to a submit (fixed AdC and SCTS), "TT/00019/R/OT/A//" to anything else.
func ucpAnswer(out, fr []byte) []byte {
	if len(fr) < 16 || fr[10] != 'O' {
		return out
	}
	start := len(out)
	out = append(out, 0x02, fr[1], fr[2], '/', '0', '0', '0', '0', '0', '/', 'R', '/', fr[12], fr[13], '/', 'A', '/')
	if fr[12] == '5' {
		out = append(out, "/447700900123:211126231906/"...) // MVP empty, SM = AdC:SCTS
	} else {
		out = append(out, '/')
	}
	l := len(out) - start - 1 + 2
	for i := 8; i >= 4; i-- {
		out[start+i] = byte('0' + l%10)
		l /= 10
	}
	s := sum(out[start+1:])
	return append(out, hexUpper[s>>4], hexUpper[s&15], 0x03)
}

// cimd2Answer: the request's code + 50 with the same packet number; a submit
// response carries a fixed destination and time stamp.
func cimd2Answer(out, fr []byte) []byte {
	if len(fr) < 8 || fr[3] != ':' {
		return out
	}
	op := int(fr[1]-'0')*10 + int(fr[2]-'0')
	if op >= 50 {
		return out
	}
	start := len(out)
	op += 50
	out = append(out, 0x02, byte('0'+op/10), byte('0'+op%10), ':', fr[4], fr[5], fr[6], '\t')
	if op == 53 {
		out = append(out, "021:447700900123\t060:261121232018\t"...)
	}
	s := sum(out[start:])
	return append(out, hexUpper[s>>4], hexUpper[s&15], 0x03)
}
