package main

/*
#include "smscserver.h"
*/
import "C"

import (
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

//export goSmppInitializeServer
func goSmppInitializeServer(h *C.SMSCserver, host *C.char, port C.int, ext *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppInitializeServer(goString(host), int(port), goString(ext)))
}

//export goSmppFinalizeServer
func goSmppFinalizeServer(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppFinalizeServer())
}

//export goSmppSendLoginResponse
func goSmppSendLoginResponse(h *C.SMSCserver, id C.int, seq C.uint32_t, mode C.int, status C.uint32_t, systemID *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppSendLoginResponse(int32(id), uint32(seq), core.BindMode(mode), uint32(status), goString(systemID)))
}

//export goSmppSendLogoutResponse
func goSmppSendLogoutResponse(h *C.SMSCserver, id C.int, seq C.uint32_t, status C.uint32_t) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppSendLogoutResponse(int32(id), uint32(seq), uint32(status)))
}

//export goSmppSendSubmitMessageResponse
func goSmppSendSubmitMessageResponse(h *C.SMSCserver, id C.int, seq C.uint32_t, status C.uint32_t, messageID *C.char, multi C.int) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppSendSubmitMessageResponse(int32(id), uint32(seq), uint32(status), goString(messageID), multi != 0))
}

//export goSmppSendSubmitMultiMessageResponse
func goSmppSendSubmitMultiMessageResponse(h *C.SMSCserver, id C.int, seq C.uint32_t, status C.uint32_t, messageID *C.char, unsuccessful *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppSendSubmitMultiMessageResponse(int32(id), uint32(seq), uint32(status), goString(messageID), goString(unsuccessful)))
}

// tonNpi checks an int argument that must fit an octet.
func octet(v C.int) (uint8, bool) { return uint8(v), v >= 0 && v <= 255 }

//export goSmppSendDeliverMessage
func goSmppSendDeliverMessage(h *C.SMSCserver, id C.int, seq C.uint32_t, dst *C.char, dton, dnpi C.int, src *C.char, ston, snpi C.int,
	content *C.char, encoding C.int, udh *C.char, options C.uint32_t, serviceType *C.char, ext *C.char,
	seqs *C.uint32_t, capacity C.size_t, count *C.size_t) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	dT, ok1 := octet(dton)
	dN, ok2 := octet(dnpi)
	sT, ok3 := octet(ston)
	sN, ok4 := octet(snpi)
	if !(ok1 && ok2 && ok3 && ok4) || capacity > 1<<20 {
		return C.int(core.ErrInvalidArgument)
	}
	max := partsLimit(seqs, capacity)
	used, parts, code := s.SmppSendDeliverMessageMaxParts(max, int32(id), uint32(seq), goString(dst), dT, dN, goString(src), sT, sN,
		goString(content), sms.Encoding(encoding), goString(udh), sms.SubmitOption(options), goString(serviceType), goString(ext))
	fillNumbers(seqs, capacity, count, used, parts, code)
	return C.int(code)
}

//export goSmppSendDeliverStatusReport
func goSmppSendDeliverStatusReport(h *C.SMSCserver, id C.int, seq C.uint32_t, dst *C.char, dton, dnpi C.int, src *C.char, ston, snpi C.int,
	reportType C.int, messageID *C.char, serviceType *C.char, submitted, delivered C.int, submitDate, doneDate C.int64_t,
	state C.int, errorCode C.int, text *C.char, ext *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	dT, ok1 := octet(dton)
	dN, ok2 := octet(dnpi)
	sT, ok3 := octet(ston)
	sN, ok4 := octet(snpi)
	if !(ok1 && ok2 && ok3 && ok4) {
		return C.int(core.ErrInvalidArgument)
	}
	return C.int(s.SmppSendDeliverStatusReport(int32(id), uint32(seq), goString(dst), dT, dN, goString(src), sT, sN,
		core.ReportType(reportType), goString(messageID), goString(serviceType), int(submitted), int(delivered),
		fromMillis(submitDate), fromMillis(doneDate), core.MessageState(state), int(errorCode), goString(text), goString(ext)))
}

//export goSmppSendRAW
func goSmppSendRAW(h *C.SMSCserver, id C.int, seq C.uint32_t, cmd C.uint32_t, status C.uint32_t, payload *C.char) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppSendRAW(int32(id), uint32(seq), uint32(cmd), uint32(status), goString(payload)))
}

//export goSmppSendQueryResponse
func goSmppSendQueryResponse(h *C.SMSCserver, id C.int, seq C.uint32_t, status C.uint32_t, messageID *C.char, finalDate C.int64_t, state C.int, errorCode C.int) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	ec, ok := octet(errorCode)
	if !ok {
		return C.int(core.ErrInvalidArgument)
	}
	return C.int(s.SmppSendQueryResponse(int32(id), uint32(seq), uint32(status), goString(messageID), fromMillis(finalDate), core.MessageState(state), ec))
}

//export goSmppSendCancelResponse
func goSmppSendCancelResponse(h *C.SMSCserver, id C.int, seq C.uint32_t, status C.uint32_t) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppSendCancelResponse(int32(id), uint32(seq), uint32(status)))
}

//export goSmppSendReplaceResponse
func goSmppSendReplaceResponse(h *C.SMSCserver, id C.int, seq C.uint32_t, status C.uint32_t) (ret C.int) {
	defer guard(&ret)
	s, code := smppOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SmppSendReplaceResponse(int32(id), uint32(seq), uint32(status)))
}
