// Command idle opens N SMPP sessions to a server, binds them all and holds
// them open, to measure what idle sessions cost the server. It prints one
// JSON line when all are bound and keeps them until -hold has passed.
package main

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2775", "server address")
	n := flag.Int("n", 10000, "sessions")
	hold := flag.Duration("hold", 10*time.Second, "how long to hold them")
	flag.Parse()

	conns := make([]net.Conn, 0, *n)
	var mu sync.Mutex
	start := time.Now()
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	errs := 0
	for i := 0; i < *n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := bind(*addr, i)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs++
				return
			}
			conns = append(conns, c)
		}(i)
	}
	wg.Wait()
	json.NewEncoder(os.Stdout).Encode(map[string]any{"bound": len(conns), "errors": errs, "elapsed_s": time.Since(start).Seconds()})
	time.Sleep(*hold)
	for _, c := range conns {
		c.Close()
	}
}

func bind(addr string, i int) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	sys := fmt.Sprintf("idle%d", i%100000)
	body := append([]byte(sys), 0)
	body = append(body, 'x', 0, 0, 0x34, 0, 0, 0)
	pdu := make([]byte, 16, 16+len(body))
	binary.BigEndian.PutUint32(pdu, uint32(16+len(body)))
	binary.BigEndian.PutUint32(pdu[4:], 9)
	binary.BigEndian.PutUint32(pdu[12:], 1)
	pdu = append(pdu, body...)
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(pdu); err != nil {
		c.Close()
		return nil, err
	}
	var h [16]byte
	if _, err := io.ReadFull(c, h[:]); err != nil {
		c.Close()
		return nil, err
	}
	rest := make([]byte, binary.BigEndian.Uint32(h[:])-16)
	io.ReadFull(c, rest)
	if binary.BigEndian.Uint32(h[8:]) != 0 {
		c.Close()
		return nil, fmt.Errorf("bind status %x", binary.BigEndian.Uint32(h[8:]))
	}
	c.SetDeadline(time.Time{})
	return c, nil
}
