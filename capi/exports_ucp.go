package main

/*
#include "smscserver.h"
*/
import "C"

import (
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

//export goUcpCreateServer
func goUcpCreateServer() (out *C.SMSCserver) {
	defer func() {
		if r := recover(); r != nil {
			logPanic(r)
			out = nil
		}
	}()
	return newHandle(&entry{ucp: core.NewUCPServer()})
}

//export goUcpInitializeServer
func goUcpInitializeServer(h *C.SMSCserver, host *C.char, port C.int, ext *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := ucpOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.UcpInitializeServer(goString(host), int(port), goString(ext)))
}

//export goUcpFinalizeServer
func goUcpFinalizeServer(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := ucpOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.UcpFinalizeServer())
}

//export goUcpSendLoginResponse
func goUcpSendLoginResponse(h *C.SMSCserver, id C.int, trn C.uint32_t, ec C.uint32_t, msg *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := ucpOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.UcpSendLoginResponse(int32(id), uint32(trn), uint32(ec), goString(msg)))
}

//export goUcpSendSubmitMessageResponse
func goUcpSendSubmitMessageResponse(h *C.SMSCserver, id C.int, trn C.uint32_t, dst *C.char, ts C.int64_t, ec C.uint32_t, msg *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := ucpOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.UcpSendSubmitMessageResponse(int32(id), uint32(trn), goString(dst), fromMillis(ts), uint32(ec), goString(msg)))
}

//export goUcpSendDeliverMessage
func goUcpSendDeliverMessage(h *C.SMSCserver, id C.int, trn C.uint32_t, dst, src, content *C.char, encoding C.int, udh *C.char,
	options C.uint32_t, ts C.int64_t, ext *C.char, out *C.uint32_t, capacity C.size_t, count *C.size_t) (ret C.int) {
	defer guard(&ret)
	s, code := ucpOf(h)
	if code != core.OK {
		return C.int(code)
	}
	if capacity > 1<<20 {
		return C.int(core.ErrInvalidArgument)
	}
	max := partsLimit(out, capacity)
	used, parts, code := s.UcpSendDeliverMessageMaxParts(max, int32(id), uint32(trn), goString(dst), goString(src), goString(content),
		sms.Encoding(encoding), goString(udh), sms.SubmitOption(options), fromMillis(ts), goString(ext))
	fillNumbers(out, capacity, count, used, parts, code)
	return C.int(code)
}

//export goUcpSendDeliverStatusReport
func goUcpSendDeliverStatusReport(h *C.SMSCserver, id C.int, trn C.uint32_t, msgTS C.int64_t, dst, src *C.char, status, reason C.int,
	ts C.int64_t, ext *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := ucpOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.UcpSendDeliverStatusReport(int32(id), uint32(trn), fromMillis(msgTS), goString(dst), goString(src),
		int(status), int(reason), fromMillis(ts), goString(ext)))
}

//export goUcpSendRAW
func goUcpSendRAW(h *C.SMSCserver, id C.int, trn C.uint32_t, ot C.uint32_t, payload *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := ucpOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.UcpSendRAW(int32(id), uint32(trn), uint32(ot), goString(payload)))
}
