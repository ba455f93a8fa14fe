package main

/*
#include "smscserver.h"
*/
import "C"

import (
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

//export goCimd2CreateServer
func goCimd2CreateServer() (out *C.SMSCserver) {
	defer func() {
		if r := recover(); r != nil {
			logPanic(r)
			out = nil
		}
	}()
	return newHandle(&entry{cimd2: core.NewCIMD2Server()})
}

//export goCimd2InitializeServer
func goCimd2InitializeServer(h *C.SMSCserver, host *C.char, port C.int, ext *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := cimd2Of(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.Cimd2InitializeServer(goString(host), int(port), goString(ext)))
}

//export goCimd2FinalizeServer
func goCimd2FinalizeServer(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := cimd2Of(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.Cimd2FinalizeServer())
}

//export goCimd2SendLoginResponse
func goCimd2SendLoginResponse(h *C.SMSCserver, id C.int, trn C.uint32_t, ec C.uint32_t, msg *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := cimd2Of(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.Cimd2SendLoginResponse(int32(id), uint32(trn), uint32(ec), goString(msg)))
}

//export goCimd2SendSubmitMessageResponse
func goCimd2SendSubmitMessageResponse(h *C.SMSCserver, id C.int, trn C.uint32_t, dst *C.char, ts C.int64_t, ec C.uint32_t, msg *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := cimd2Of(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.Cimd2SendSubmitMessageResponse(int32(id), uint32(trn), goString(dst), fromMillis(ts), uint32(ec), goString(msg)))
}

//export goCimd2SendDeliverMessage
func goCimd2SendDeliverMessage(h *C.SMSCserver, id C.int, trn C.uint32_t, dst, src, content *C.char, encoding C.int, udh *C.char,
	options C.uint32_t, ts C.int64_t, ext *C.char, out *C.uint32_t, capacity C.size_t, count *C.size_t) (ret C.int) {
	defer guard(&ret)
	s, code := cimd2Of(h)
	if code != core.OK {
		return C.int(code)
	}
	if capacity > 1<<20 {
		return C.int(core.ErrInvalidArgument)
	}
	max := partsLimit(out, capacity)
	used, parts, code := s.Cimd2SendDeliverMessageMaxParts(max, int32(id), uint32(trn), goString(dst), goString(src), goString(content),
		sms.Encoding(encoding), goString(udh), sms.SubmitOption(options), fromMillis(ts), goString(ext))
	fillNumbers(out, capacity, count, used, parts, code)
	return C.int(code)
}

//export goCimd2SendDeliverStatusReport
func goCimd2SendDeliverStatusReport(h *C.SMSCserver, id C.int, trn C.uint32_t, msgTS C.int64_t, dst *C.char, status, statusErr C.int,
	ts C.int64_t, ext *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := cimd2Of(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.Cimd2SendDeliverStatusReport(int32(id), uint32(trn), fromMillis(msgTS), goString(dst),
		int(status), int(statusErr), fromMillis(ts), goString(ext)))
}

//export goCimd2SendRAW
func goCimd2SendRAW(h *C.SMSCserver, id C.int, trn C.uint32_t, op C.uint32_t, payload *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := cimd2Of(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.Cimd2SendRAW(int32(id), uint32(trn), uint32(op), goString(payload)))
}
