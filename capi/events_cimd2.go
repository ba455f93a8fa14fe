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

// setCimd2Callback installs or removes one CIMD2 event callback; false for
// a kind that is not a CIMD2 event.
func setCimd2Callback(s *core.CIMD2Server, kind C.int, cb callback, set bool) bool {
	ok := true
	s.UpdateHandlers(func(hs *core.CIMD2Handlers) {
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
		case C.SMSC_EV_OnCimd2LoginReceived:
			hs.OnCimd2LoginReceived = nil
			if set {
				hs.OnCimd2LoginReceived = cb.cimd2Login
			}
		case C.SMSC_EV_OnCimd2LogoutReceived:
			hs.OnCimd2LogoutReceived = nil
			if set {
				hs.OnCimd2LogoutReceived = cb.cimd2Logout
			}
		case C.SMSC_EV_OnCimd2SubmitMessageReceived:
			hs.OnCimd2SubmitMessageReceived = nil
			if set {
				hs.OnCimd2SubmitMessageReceived = cb.cimd2SubmitReceived
			}
		case C.SMSC_EV_OnCimd2SubmitMessageCompleted:
			hs.OnCimd2SubmitMessageCompleted = nil
			if set {
				hs.OnCimd2SubmitMessageCompleted = cb.cimd2SubmitCompleted
			}
		case C.SMSC_EV_OnCimd2SubmitMessageIncomplete:
			hs.OnCimd2SubmitMessageIncomplete = nil
			if set {
				hs.OnCimd2SubmitMessageIncomplete = cb.cimd2SubmitIncomplete
			}
		case C.SMSC_EV_OnCimd2DeliverResponseReceived:
			hs.OnCimd2DeliverResponseReceived = nil
			if set {
				hs.OnCimd2DeliverResponseReceived = cb.cimd2DeliverResponse
			}
		case C.SMSC_EV_OnCimd2RAWReceived:
			hs.OnCimd2RAWReceived = nil
			if set {
				hs.OnCimd2RAWReceived = cb.cimd2RAW
			}
		case C.SMSC_EV_OnCimd2TraceProtocol:
			hs.OnCimd2TraceProtocol = nil
			if set {
				hs.OnCimd2TraceProtocol = cb.cimd2Trace
			}
		default:
			ok = false
		}
	})
	return ok
}

func (cb callback) cimd2Login(e *core.Cimd2LoginReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.cimd2LoginReceivedEventArgs{}), 0, e.UserIdentity, e.Password, e.ExtendedParameters)
	defer a.free()
	c := (*C.cimd2LoginReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	c.UserIdentity = a.str(e.UserIdentity)
	c.Password = a.str(e.Password)
	c.ExtendedParameters = a.str(e.ExtendedParameters)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) cimd2Logout(e *core.Cimd2LogoutReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.cimd2LogoutReceivedEventArgs{}), 0)
	defer a.free()
	c := (*C.cimd2LogoutReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	cb.callFree(&a)
}

func cimd2SubmitArgs(e *core.Cimd2SubmitMessageReceivedEventArgs, nums []uint32, ts []time.Time) arena {
	a := newPartsArena(unsafe.Sizeof(C.cimd2SubmitMessageEventArgs{}), len(ts), len(nums), e.Destination, e.Originator,
		e.Content, e.UserDataHeader, e.ExtendedParameters)
	c := (*C.cimd2SubmitMessageEventArgs)(a.base)
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

func (cb callback) cimd2SubmitReceived(e *core.Cimd2SubmitMessageReceivedEventArgs) {
	a := cimd2SubmitArgs(e, nil, nil)
	defer a.free()
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) cimd2SubmitCompleted(e *core.Cimd2SubmitMessageCompletedEventArgs) {
	ts := perPart(e.TimeStamps, len(e.TransactionNumbers))
	a := cimd2SubmitArgs(&e.Cimd2SubmitMessageReceivedEventArgs, e.TransactionNumbers, ts)
	defer a.free()
	cb.callFree(&a)
}

func (cb callback) cimd2SubmitIncomplete(e *core.Cimd2SubmitMessageIncompleteEventArgs) {
	a := newArena(unsafe.Sizeof(C.cimd2SubmitMessageIncompleteEventArgs{}), len(e.TransactionNumbers), e.Originator, e.Destination)
	defer a.free()
	c := (*C.cimd2SubmitMessageIncompleteEventArgs)(a.base)
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

func (cb callback) cimd2DeliverResponse(e *core.Cimd2DeliverResponseReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.cimd2DeliverResponseReceivedEventArgs{}), 0, e.ErrorMessage, e.ExtendedParameters)
	defer a.free()
	c := (*C.cimd2DeliverResponseReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	c.ErrorCode = C.uint32_t(e.ErrorCode)
	c.Code = C.int32_t(e.Code)
	c.ErrorMessage = a.str(e.ErrorMessage)
	c.ExtendedParameters = a.str(e.ExtendedParameters)
	cb.callFree(&a)
}

func (cb callback) cimd2RAW(e *core.Cimd2RAWReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.cimd2RAWReceivedEventArgs{}), 0, e.Payload)
	defer a.free()
	c := (*C.cimd2RAWReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.TransactionNumber = C.uint32_t(e.TransactionNumber)
	c.Code = C.int32_t(e.Code)
	c.Payload = a.str(e.Payload)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) cimd2Trace(e *core.Cimd2TraceProtocolEventArgs) {
	a := newArena(unsafe.Sizeof(C.cimd2TraceProtocolEventArgs{}), 0, e.FromAddress, e.ToAddress, e.PDU)
	defer a.free()
	c := (*C.cimd2TraceProtocolEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.FromAddress = a.str(e.FromAddress)
	c.ToAddress = a.str(e.ToAddress)
	c.Operation = C.uint32_t(e.Operation)
	c.OperationType = C.uint32_t(e.OperationType)
	c.PDU = a.str(e.PDU)
	cb.callFree(&a)
}
