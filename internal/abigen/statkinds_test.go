package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/core"
)

// The header's PDU-kind enums (smppStatKindEnum, ...) index the per-kind
// counters core fills: each member must be core's kind of the same index,
// named sk<Protocol><CamelCase of core's name> (skSmppSubmitSmResp for
// "submit_sm_resp"), and the arrays must be as long as core's.
func TestStatKindEnumsMatchCore(t *testing.T) {
	h, err := ParseHeader("../../include/smscserver.h")
	require.NoError(t, err)
	require.Equal(t, strconv.Itoa(core.StatKinds), h.Defines["SMSC_STAT_KINDS"])
	require.Equal(t, strconv.Itoa(core.LatencyBuckets), h.Defines["SMSC_LATENCY_BUCKETS"])
	for _, p := range []struct{ enum, prefix, proto string }{
		{"smppStatKindEnum", "skSmpp", "smpp"},
		{"ucpStatKindEnum", "skUcp", "ucp"},
		{"cimd2StatKindEnum", "skCimd2", "cimd2"},
	} {
		var e *Enum
		for _, x := range h.Enums {
			if x.Name == p.enum {
				e = x
			}
		}
		require.NotNil(t, e, p.enum)
		var want []string
		for i, n := range core.StatKindNames(p.proto) {
			camel := ""
			for _, part := range strings.Split(n, "_") {
				camel += strings.ToUpper(part[:1]) + part[1:]
			}
			want = append(want, p.prefix+camel+"="+strconv.Itoa(i))
		}
		var got []string
		for _, m := range e.Members {
			got = append(got, m.Name+"="+m.Value)
		}
		require.Equal(t, want, got, p.enum)
	}
}
