package main

/*
#include <string.h>
#include "smscserver.h"
*/
import "C"

import (
	"math"
	"time"
	"unsafe"

	"github.com/smscserver/libsmscserver/core"
)

// The C arrays and core's must agree; a mismatch fails the build here
// rather than truncating counters at run time.
var (
	_ [C.SMSC_STAT_KINDS - core.StatKinds]struct{}
	_ [core.StatKinds - C.SMSC_STAT_KINDS]struct{}
	_ [C.SMSC_LATENCY_BUCKETS - core.LatencyBuckets]struct{}
	_ [core.LatencyBuckets - C.SMSC_LATENCY_BUCKETS]struct{}
)

var cProtocols = map[string]C.int32_t{"smpp": C.SMSC_PROTOCOL_SMPP, "ucp": C.SMSC_PROTOCOL_UCP, "cimd2": C.SMSC_PROTOCOL_CIMD2}

//export goSmscGetStatistics
func goSmscGetStatistics(h *C.SMSCserver, out *C.smscStatistics) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	const size = C.sizeof_smscStatistics
	if out == nil || out.StructSize < size {
		return C.int(core.ErrInvalidArgument)
	}
	var st C.smscStatistics
	fillStatistics(&st, s.Statistics())
	// A caller compiled against a later header has a larger struct: what
	// this library does not know stays as the caller left it.
	st.StructSize = size
	C.memcpy(unsafe.Pointer(out), unsafe.Pointer(&st), size)
	return 0
}

func fillStatistics(c *C.smscStatistics, st core.Statistics) {
	c.Protocol = cProtocols[st.Protocol]
	c.ConnectionsCurrent = C.uint64_t(st.ConnectionsCurrent)
	c.ConnectionsAccepted = C.uint64_t(st.ConnectionsAccepted)
	c.ConnectionsRefused = C.uint64_t(st.ConnectionsRefused)
	c.LoginsCurrent = C.uint64_t(st.LoginsCurrent)
	c.LoginsAccepted = C.uint64_t(st.LoginsAccepted)
	c.LoginsRefused = C.uint64_t(st.LoginsRefused)
	for i := range st.PDUsIn {
		c.PDUsIn[i] = C.uint64_t(st.PDUsIn[i])
		c.PDUsOut[i] = C.uint64_t(st.PDUsOut[i])
	}
	c.Malformed = C.uint64_t(st.Malformed)
	c.ErrorResponses = C.uint64_t(st.ErrorResponses)
	c.WriteErrors = C.uint64_t(st.WriteErrors)
	c.ResponseTimeouts = C.uint64_t(st.ResponseTimeouts)
	c.DeliverTimeouts = C.uint64_t(st.DeliverTimeouts)
	c.SessionTimeouts = C.uint64_t(st.SessionTimeouts)
	c.EventQueue = C.uint64_t(st.EventQueue)
	c.WriteQueueBytes = C.uint64_t(st.WriteQueueBytes)
	c.PendingRequests = C.uint64_t(st.PendingRequests)
	c.OutstandingDeliveries = C.uint64_t(st.OutstandingDeliveries)
	bounds := core.LatencyBounds()
	for i := range c.LatencyBoundsMicros {
		c.LatencyBoundsMicros[i] = C.uint64_t(math.MaxUint64)
		if i < len(bounds) {
			c.LatencyBoundsMicros[i] = micros(bounds[i])
		}
	}
	fillLatency(&c.LoginLatencyCount, &c.LoginLatencySumMicros, &c.LoginLatencyMaxMicros, &c.LoginLatencyBuckets, st.Latency[core.LatencyLogin])
	fillLatency(&c.SubmitLatencyCount, &c.SubmitLatencySumMicros, &c.SubmitLatencyMaxMicros, &c.SubmitLatencyBuckets, st.Latency[core.LatencySubmit])
	fillLatency(&c.OtherLatencyCount, &c.OtherLatencySumMicros, &c.OtherLatencyMaxMicros, &c.OtherLatencyBuckets, st.Latency[core.LatencyOther])
}

func fillLatency(count, sum, max *C.uint64_t, buckets *[C.SMSC_LATENCY_BUCKETS]C.uint64_t, h core.LatencyHistogram) {
	*count, *sum, *max = C.uint64_t(h.Count), micros(h.Sum), micros(h.Max)
	for i := range buckets {
		buckets[i] = C.uint64_t(h.Buckets[i])
	}
}

func micros(d time.Duration) C.uint64_t { return C.uint64_t(d / time.Microsecond) }
