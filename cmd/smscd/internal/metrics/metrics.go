// Package metrics exposes the library's server statistics
// (core.Statistics, docs/api.md "Statistics") in the Prometheus text
// format, for smscd's /metrics. Nothing is counted here: every scrape
// reads the servers' own counters, so a value can never be counted twice
// or drift from what the library saw.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/smscserver/libsmscserver/core"
)

// Source is a server whose statistics are exposed: *core.SMPPServer,
// *core.UCPServer and *core.CIMD2Server all are.
type Source interface {
	Statistics() core.Statistics
}

// Collector is a prometheus.Collector over the statistics of servers.
// Servers of the same protocol are added up into one series per label
// set, so two SMPP listeners show as protocol="smpp" once.
type Collector struct {
	sources []Source

	connections, connAccepted, connRefused *prometheus.Desc
	logins, loginsTotal                    *prometheus.Desc
	pdus                                   *prometheus.Desc
	malformed, errorResponses, writeErrors *prometheus.Desc
	timeouts                               *prometheus.Desc
	eventQueue, writeQueue                 *prometheus.Desc
	pending, outstanding                   *prometheus.Desc
	latency, latencyMax                    *prometheus.Desc
}

// NewCollector returns a collector reading sources at every scrape.
func NewCollector(sources ...Source) *Collector {
	p := []string{"protocol"}
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("smscd_"+name, help, append(p, labels...), nil)
	}
	return &Collector{
		sources:        sources,
		connections:    d("connections", "Client connections open now."),
		connAccepted:   d("connections_accepted_total", "TCP connections the listener accepted."),
		connRefused:    d("connections_refused_total", "Accepted connections closed before their protocol session started (limits, PROXY header, TLS handshake, host did not accept)."),
		logins:         d("logins", "Sessions logged in (bound) now."),
		loginsTotal:    d("logins_total", "Login (bind) answers sent, by result.", "result"),
		pdus:           d("pdus_total", "PDUs received (in) and sent (out), by the protocol's kind.", "direction", "kind"),
		malformed:      d("malformed_pdus_total", "Frames received that could not be decoded or broke the protocol's syntax."),
		errorResponses: d("error_responses_total", "Answers sent with an error status (SMPP non-zero command_status, UCP NACK, CIMD2 error code)."),
		writeErrors:    d("write_errors_total", "Connections ended by a failed socket write."),
		timeouts:       d("timeouts_total", "Timeouts: response (the host did not answer in time), deliver (the client did not answer a delivery), session (bind, idle, PDU, write or keep-alive timeout).", "type"),
		eventQueue:     d("event_queue_length", "Events waiting for the host's dispatcher (pumped mode)."),
		writeQueue:     d("write_queue_bytes", "Octets queued for writing, over all connections."),
		pending:        d("pending_requests", "Client requests handed to the host and not answered yet."),
		outstanding:    d("outstanding_deliveries", "Deliveries sent and awaiting the client's answer."),
		latency:        d("response_latency_seconds", "Host's answer time: from reading a request to queueing its answer.", "request"),
		latencyMax:     d("response_latency_max_seconds", "Longest answer time seen.", "request"),
	}
}

// Describe sends every metric's description.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.connections, c.connAccepted, c.connRefused, c.logins, c.loginsTotal,
		c.pdus, c.malformed, c.errorResponses, c.writeErrors, c.timeouts, c.eventQueue, c.writeQueue,
		c.pending, c.outstanding, c.latency, c.latencyMax} {
		ch <- d
	}
}

// Collect reads the servers' statistics now.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	var order []string
	byProto := map[string]*core.Statistics{}
	for _, s := range c.sources {
		st := s.Statistics()
		if sum, ok := byProto[st.Protocol]; ok {
			add(sum, &st)
			continue
		}
		byProto[st.Protocol] = &st
		order = append(order, st.Protocol)
	}
	for _, proto := range order {
		c.collect(ch, byProto[proto])
	}
}

func (c *Collector) collect(ch chan<- prometheus.Metric, st *core.Statistics) {
	p := st.Protocol
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), append([]string{p}, labels...)...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, append([]string{p}, labels...)...)
	}
	gauge(c.connections, float64(st.ConnectionsCurrent))
	counter(c.connAccepted, st.ConnectionsAccepted)
	counter(c.connRefused, st.ConnectionsRefused)
	gauge(c.logins, float64(st.LoginsCurrent))
	counter(c.loginsTotal, st.LoginsAccepted, "accepted")
	counter(c.loginsTotal, st.LoginsRefused, "refused")
	for k, name := range core.StatKindNames(p) {
		counter(c.pdus, st.PDUsIn[k], "in", name)
		counter(c.pdus, st.PDUsOut[k], "out", name)
	}
	counter(c.malformed, st.Malformed)
	counter(c.errorResponses, st.ErrorResponses)
	counter(c.writeErrors, st.WriteErrors)
	counter(c.timeouts, st.ResponseTimeouts, "response")
	counter(c.timeouts, st.DeliverTimeouts, "deliver")
	counter(c.timeouts, st.SessionTimeouts, "session")
	gauge(c.eventQueue, float64(st.EventQueue))
	gauge(c.writeQueue, float64(st.WriteQueueBytes))
	gauge(c.pending, float64(st.PendingRequests))
	gauge(c.outstanding, float64(st.OutstandingDeliveries))
	bounds := core.LatencyBounds()
	for class := 0; class < core.LatencyClasses; class++ {
		h := st.Latency[class]
		name := core.LatencyClassName(class)
		// Prometheus buckets are cumulative; the library's are not.
		buckets := make(map[float64]uint64, len(bounds))
		var cum uint64
		for i, b := range bounds {
			cum += h.Buckets[i]
			buckets[b.Seconds()] = cum
		}
		ch <- prometheus.MustNewConstHistogram(c.latency, h.Count, h.Sum.Seconds(), buckets, p, name)
		gauge(c.latencyMax, h.Max.Seconds(), name)
	}
}

// add adds b's statistics to a's (two servers of one protocol).
func add(a, b *core.Statistics) {
	a.ConnectionsCurrent += b.ConnectionsCurrent
	a.ConnectionsAccepted += b.ConnectionsAccepted
	a.ConnectionsRefused += b.ConnectionsRefused
	a.LoginsCurrent += b.LoginsCurrent
	a.LoginsAccepted += b.LoginsAccepted
	a.LoginsRefused += b.LoginsRefused
	for i := range a.PDUsIn {
		a.PDUsIn[i] += b.PDUsIn[i]
		a.PDUsOut[i] += b.PDUsOut[i]
	}
	a.Malformed += b.Malformed
	a.ErrorResponses += b.ErrorResponses
	a.WriteErrors += b.WriteErrors
	a.ResponseTimeouts += b.ResponseTimeouts
	a.DeliverTimeouts += b.DeliverTimeouts
	a.SessionTimeouts += b.SessionTimeouts
	a.EventQueue += b.EventQueue
	a.WriteQueueBytes += b.WriteQueueBytes
	a.PendingRequests += b.PendingRequests
	a.OutstandingDeliveries += b.OutstandingDeliveries
	for i := range a.Latency {
		x, y := &a.Latency[i], &b.Latency[i]
		x.Count += y.Count
		x.Sum += y.Sum
		x.Max = max(x.Max, y.Max)
		for j := range x.Buckets {
			x.Buckets[j] += y.Buckets[j]
		}
	}
}

// Handler serves the statistics of servers, with the Go runtime's and the
// process's own metrics (memory, goroutines, file descriptors), in the
// Prometheus exposition format. Each call makes its own registry, so
// handlers of different server sets do not mix.
func Handler(servers ...Source) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(NewCollector(servers...),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Timeout: 10 * time.Second})
}
