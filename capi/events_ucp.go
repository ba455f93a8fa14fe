package main

/*
#include "smscserver.h"
#include "trampoline.h"
*/
import "C"

import (
	"time"
	"unsafe"

	"github.com/smscserver/libsmscserver/core"
)

// setUcpCallback installs or removes one UCP event callback; false for a
// kind that is not a UCP event.
func setUcpCallback(s *core.UCPServer, kind C.int, cb callback, set bool) bool {
	ok := true
	s.UpdateHandlers(func(hs *core.UCPHandlers) {
		switch kind {
		case C.SMSC_EV_OnTcpConnected:
			hs.OnTcpConnected = nil
			if set {
				hs.OnTcpConnected = cb.tcpConnected
			}
		case C.SMSC_EV_OnTcpDisconnected:
			hs.OnTcpDisconnected = nil
			if set {
				hs.OnTcpDisconnected = cb.tcpDisconnected
			}
		case C.SMSC_EV_OnUcpLoginReceived:
			hs.OnUcpLoginReceived = nil
			if set {
				hs.OnUcpLoginReceived = cb.ucpLogin
			}
		case C.SMSC_EV_OnUcpSubmitMessageReceived:
			hs.OnUcpSubmitMessageReceived = nil
			if set {
				hs.OnUcpSubmitMessageReceived = cb.ucpSubmitReceived
			}
		case C.SMSC_EV_OnUcpSubmitMessageCompleted:
			hs.OnUcpSubmitMessageCompleted = nil
			if set {
				hs.OnUcpSubmitMessageCompleted = cb.ucpSubmitCompleted
			}
		case C.SMSC_EV_OnUcpSubmitMessageIncomplete:
			hs.OnUcpSubmitMessageIncomplete = nil
			if set {
				hs.OnUcpSubmitMessageIncomplete = cb.ucpSubmitIncomplete
			}
		case C.SMSC_EV_OnUcpDeliverResponseReceived:
			hs.OnUcpDeliverResponseReceived = nil
			if set {
				hs.OnUcpDeliverResponseReceived = cb.ucpDeliverResponse
			}
		case C.SMSC_EV_OnUcpRAWReceived:
			hs.OnUcpRAWReceived = nil
			if set {
				hs.OnUcpRAWReceived = cb.ucpRAW
			}
		case C.SMSC_EV_OnUcpTraceProtocol:
			hs.OnUcpTraceProtocol = nil
			if set {
				hs.OnUcpTraceProtocol = cb.ucpTrace
			}
		default:
			ok = false
		}
	})
	return ok
}

// newPartsArena lays out an event with per-part arrays: the struct, the
// int64 time stamps (8-aligned right after it), the uint32 numbers, then
// the strings.
func newPartsArena(structSize uintptr, nTS, nNum int, strs ...string) arena {
	a := newArena(structSize+uintptr(nTS)*8, nNum, strs...)
	a.off = structSize
	return a
}

// perPart gives ts exactly n entries (zero times for missing ones): the C
// struct's PartCount describes both its arrays.
func perPart(ts []time.Time, n int) []time.Time {
	if len(ts) == n {
		return ts
	}
	out := make([]time.Time, n)
	copy(out, ts)
	return out
}

func (a *arena) millis(ts []time.Time) *C.int64_t {
	if len(ts) == 0 {
		return nil
	}
	dst := unsafe.Add(a.base, a.off)
	out := unsafe.Slice((*int64)(dst), len(ts))
	for i, t := range ts {
		out[i] = int64(toMillis(t))
	}
	a.off += uintptr(len(ts)) * 8
	return (*C.int64_t)(dst)
}

func (cb callback) ucpLogin(e *core.UcpLoginReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.ucpLoginReceivedEventArgs{}), 0, e.UserIdentity, e.Originator, e.Password, e.NewPassword,
		e.VERS, e.OPID, e.ExtendedParameters)
	defer a.free()
	c := (*C.ucpLoginReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	c.UserIdentity = a.str(e.UserIdentity)
	c.Originator = a.str(e.Originator)
	c.Password = a.str(e.Password)
	c.NewPassword = a.str(e.NewPassword)
	c.OTON = C.uint8_t(e.OTON)
	c.ONPI = C.uint8_t(e.ONPI)
	c.STYP = C.uint8_t(e.STYP)
	c.VERS = a.str(e.VERS)
	c.OPID = a.str(e.OPID)
	c.ExtendedParameters = a.str(e.ExtendedParameters)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func ucpSubmitArgs(e *core.UcpSubmitMessageReceivedEventArgs, nums []uint32, ts []time.Time) arena {
	a := newPartsArena(unsafe.Sizeof(C.ucpSubmitMessageEventArgs{}), len(ts), len(nums), e.Destination, e.Originator,
		e.Content, e.UserDataHeader, e.ExtendedParameters)
	c := (*C.ucpSubmitMessageEventArgs)(a.base)
	c.TimeStamps = a.millis(ts)
	c.TransactionNumbers = a.u32s(nums)
	c.PartCount = C.size_t(len(nums))
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	c.Destination = a.str(e.Destination)
	c.Originator = a.str(e.Originator)
	c.Content = a.str(e.Content)
	c.Encoding = C.int32_t(e.Encoding)
	c.Options = C.uint32_t(e.Options)
	c.UserDataHeader = a.str(e.UserDataHeader)
	c.DeliveryTime = toMillis(e.DeliveryTime)
	c.ValidityPeriod = toMillis(e.ValidityPeriod)
	c.ExtendedParameters = a.str(e.ExtendedParameters)
	return a
}

func (cb callback) ucpSubmitReceived(e *core.UcpSubmitMessageReceivedEventArgs) {
	a := ucpSubmitArgs(e, nil, nil)
	defer a.free()
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) ucpSubmitCompleted(e *core.UcpSubmitMessageCompletedEventArgs) {
	ts := perPart(e.TimeStamps, len(e.TransactionNumbers))
	a := ucpSubmitArgs(&e.UcpSubmitMessageReceivedEventArgs, e.TransactionNumbers, ts)
	defer a.free()
	cb.callFree(&a)
}

func (cb callback) ucpSubmitIncomplete(e *core.UcpSubmitMessageIncompleteEventArgs) {
	ts := perPart(e.TimeStamps, len(e.TransactionNumbers))
	a := newPartsArena(unsafe.Sizeof(C.ucpSubmitMessageIncompleteEventArgs{}), len(ts), len(e.TransactionNumbers), e.Originator, e.Destination)
	defer a.free()
	c := (*C.ucpSubmitMessageIncompleteEventArgs)(a.base)
	c.TimeStamps = a.millis(ts)
	c.TransactionNumbers = a.u32s(e.TransactionNumbers)
	c.PartCount = C.size_t(len(e.TransactionNumbers))
	c.ClientID = C.int32_t(e.ClientID)
	c.Originator = a.str(e.Originator)
	c.Destination = a.str(e.Destination)
	c.Reference = C.uint16_t(e.Reference)
	c.Total = C.int32_t(e.Total)
	c.Received = C.int32_t(e.Received)
	cb.callFree(&a)
}

func (cb callback) ucpDeliverResponse(e *core.UcpDeliverResponseReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.ucpDeliverResponseReceivedEventArgs{}), 0, e.ErrorMessage, e.ExtendedParameters)
	defer a.free()
	c := (*C.ucpDeliverResponseReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	c.OperationType = C.uint32_t(e.OperationType)
	c.ErrorCode = C.uint32_t(e.ErrorCode)
	c.ErrorMessage = a.str(e.ErrorMessage)
	c.ExtendedParameters = a.str(e.ExtendedParameters)
	cb.callFree(&a)
}

func (cb callback) ucpRAW(e *core.UcpRAWReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.ucpRAWReceivedEventArgs{}), 0, e.Payload)
	defer a.free()
	c := (*C.ucpRAWReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	c.OperationType = C.uint32_t(e.OperationType)
	if e.IsResult {
		c.IsResult = 1
	}
	c.Payload = a.str(e.Payload)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) ucpTrace(e *core.UcpTraceProtocolEventArgs) {
	a := newArena(unsafe.Sizeof(C.ucpTraceProtocolEventArgs{}), 0, e.FromAddress, e.ToAddress, e.PDU)
	defer a.free()
	c := (*C.ucpTraceProtocolEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.FromAddress = a.str(e.FromAddress)
	c.ToAddress = a.str(e.ToAddress)
	c.Operation = C.uint32_t(e.Operation)
	c.OperationType = C.uint32_t(e.OperationType)
	c.PDU = a.str(e.PDU)
	cb.callFree(&a)
}
