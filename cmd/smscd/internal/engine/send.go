package engine

import (
	"strconv"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	"github.com/smscserver/libsmscserver/core"
)

// sendDeliver delivers r to session s in s's protocol: a mobile-originated
// message (SMPP deliver_sm, UCP 52, CIMD2 20).
func (e *Engine) sendDeliver(s *session, r *store.Record) ([]uint32, bool, string) {
	var nums []uint32
	var code core.Code
	switch s.Protocol {
	case pSMPP:
		nums, code = e.smppDeliver(s, r)
	case pUCP:
		nums, code = e.ucpDeliver(s, r)
	case pCIMD2:
		nums, code = e.cimd2Deliver(s, r)
	}
	if code != core.OK || len(nums) == 0 {
		return nil, false, "send: " + core.ErrorText(code)
	}
	return nums, true, ""
}

// sendReceipt sends r's receipt to session s, in the protocol r was
// submitted with (s has that protocol).
func (e *Engine) sendReceipt(s *session, r *store.Record, intermediate bool) (uint32, bool, string) {
	var n uint32
	var code core.Code
	switch s.Protocol {
	case pSMPP:
		n, code = e.smppReceipt(s, r, intermediate)
	case pUCP:
		n, code = e.ucpReceipt(s, r, intermediate)
	case pCIMD2:
		n, code = e.cimd2Receipt(s, r, intermediate)
	}
	if code != core.OK {
		return 0, false, "send: " + core.ErrorText(code)
	}
	return n, true, ""
}

func strconvHex(v uint32) string { return strconv.FormatUint(uint64(v), 16) }
