package main

/*
#include "smscserver.h"
*/
import "C"

import (
	"unsafe"

	"github.com/smscserver/libsmscserver/core"
)

// Each method below copies one event into C memory, calls the C callback
// and frees the copy: event strings are valid during the callback only.

func (cb callback) tcpConnected(e *core.TcpConnectedEventArgs) {
	a := newArena(unsafe.Sizeof(C.tcpConnectedEventArgs{}), 0, e.RemoteHost)
	defer a.free()
	c := (*C.tcpConnectedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.RemoteHost = a.str(e.RemoteHost)
	c.RemotePort = C.int32_t(e.RemotePort)
	if !cb.callFree(&a) {
		e.Decline() // the default: accept
	}
}

func (cb callback) tcpDisconnected(e *core.TcpDisconnectedEventArgs) {
	a := newArena(unsafe.Sizeof(C.tcpDisconnectedEventArgs{}), 0, e.ReasonText)
	defer a.free()
	c := (*C.tcpDisconnectedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.Reason = C.int32_t(e.Reason)
	c.ReasonText = a.str(e.ReasonText)
	cb.callFree(&a)
}

func (cb callback) smppLogin(e *core.SmppLoginReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppLoginReceivedEventArgs{}), 0, e.SystemID, e.Password, e.SystemType, e.AddressRange)
	defer a.free()
	c := (*C.smppLoginReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	c.SystemID = a.str(e.SystemID)
	c.Password = a.str(e.Password)
	c.SystemType = a.str(e.SystemType)
	c.InterfaceVersion = C.uint8_t(e.InterfaceVersion)
	c.AddressTON = C.uint8_t(e.AddressTON)
	c.AddressNPI = C.uint8_t(e.AddressNPI)
	c.AddressRange = a.str(e.AddressRange)
	c.BindMode = C.int32_t(e.BindMode)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) smppLogout(e *core.SmppLogoutReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppLogoutReceivedEventArgs{}), 0)
	defer a.free()
	c := (*C.smppLogoutReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

// submitArgs fills the struct shared by the received and completed events.
func submitArgs(e *core.SmppSubmitMessageReceivedEventArgs, seqs []uint32) arena {
	a := newArena(unsafe.Sizeof(C.smppSubmitMessageEventArgs{}), len(seqs), e.Destination, e.Originator, e.Content,
		e.UserDataHeader, e.ServiceType, e.ExtendedParameters)
	c := (*C.smppSubmitMessageEventArgs)(a.base)
	c.SequenceNumbers = a.u32s(seqs)
	c.SequenceNumberCount = C.size_t(len(seqs))
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	c.Destination = a.str(e.Destination)
	c.DestinationTON = C.uint8_t(e.DestinationTON)
	c.DestinationNPI = C.uint8_t(e.DestinationNPI)
	c.Originator = a.str(e.Originator)
	c.OriginatorTON = C.uint8_t(e.OriginatorTON)
	c.OriginatorNPI = C.uint8_t(e.OriginatorNPI)
	c.Content = a.str(e.Content)
	c.Encoding = C.int32_t(e.Encoding)
	c.UserDataHeader = a.str(e.UserDataHeader)
	c.Options = C.uint32_t(e.Options)
	c.DeliveryTime = toMillis(e.DeliveryTime)
	c.ValidityPeriod = toMillis(e.ValidityPeriod)
	c.ServiceType = a.str(e.ServiceType)
	c.ProtocolID = C.uint8_t(e.ProtocolID)
	c.Priority = C.uint8_t(e.Priority)
	c.DataCoding = C.uint8_t(e.DataCoding)
	c.RegisteredDelivery = C.uint8_t(e.RegisteredDelivery)
	c.EsmClass = C.uint8_t(e.EsmClass)
	c.ExtendedParameters = a.str(e.ExtendedParameters)
	return a
}

func (cb callback) smppSubmitReceived(e *core.SmppSubmitMessageReceivedEventArgs) {
	a := submitArgs(e, nil)
	defer a.free()
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) smppSubmitCompleted(e *core.SmppSubmitMessageCompletedEventArgs) {
	a := submitArgs(&e.SmppSubmitMessageReceivedEventArgs, e.SequenceNumbers)
	defer a.free()
	cb.callFree(&a)
}

func (cb callback) smppSubmitIncomplete(e *core.SmppSubmitMessageIncompleteEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppSubmitMessageIncompleteEventArgs{}), len(e.SequenceNumbers), e.Originator, e.Destination)
	defer a.free()
	c := (*C.smppSubmitMessageIncompleteEventArgs)(a.base)
	c.SequenceNumbers = a.u32s(e.SequenceNumbers)
	c.SequenceNumberCount = C.size_t(len(e.SequenceNumbers))
	c.ClientID = C.int32_t(e.ClientID)
	c.Originator = a.str(e.Originator)
	c.Destination = a.str(e.Destination)
	c.Reference = C.uint16_t(e.Reference)
	c.Total = C.int32_t(e.Total)
	c.Received = C.int32_t(e.Received)
	cb.callFree(&a)
}

func (cb callback) smppDeliverResponse(e *core.SmppDeliverResponseReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppDeliverResponseReceivedEventArgs{}), 0, e.MessageID, e.ExtendedParameters)
	defer a.free()
	c := (*C.smppDeliverResponseReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	c.Status = C.uint32_t(e.Status)
	c.MessageID = a.str(e.MessageID)
	c.ExtendedParameters = a.str(e.ExtendedParameters)
	cb.callFree(&a)
}

func (cb callback) smppRAW(e *core.SmppRAWReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppRAWReceivedEventArgs{}), 0, e.Payload)
	defer a.free()
	c := (*C.smppRAWReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	c.CommandID = C.uint32_t(e.CommandID)
	c.CommandStatus = C.uint32_t(e.CommandStatus)
	c.Payload = a.str(e.Payload)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) smppTrace(e *core.SmppTraceProtocolEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppTraceProtocolEventArgs{}), 0, e.FromAddress, e.ToAddress, e.PDU)
	defer a.free()
	c := (*C.smppTraceProtocolEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.FromAddress = a.str(e.FromAddress)
	c.ToAddress = a.str(e.ToAddress)
	c.Operation = C.uint32_t(e.Operation)
	c.OperationType = C.uint32_t(e.OperationType)
	c.PDU = a.str(e.PDU)
	cb.callFree(&a)
}

func (cb callback) smppQuery(e *core.SmppQueryReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppQueryReceivedEventArgs{}), 0, e.MessageID, e.Originator)
	defer a.free()
	c := (*C.smppQueryReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	c.MessageID = a.str(e.MessageID)
	c.Originator = a.str(e.Originator)
	c.OriginatorTON = C.uint8_t(e.OriginatorTON)
	c.OriginatorNPI = C.uint8_t(e.OriginatorNPI)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) smppCancel(e *core.SmppCancelReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppCancelReceivedEventArgs{}), 0, e.ServiceType, e.MessageID, e.Originator, e.Destination)
	defer a.free()
	c := (*C.smppCancelReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	c.ServiceType = a.str(e.ServiceType)
	c.MessageID = a.str(e.MessageID)
	c.Originator = a.str(e.Originator)
	c.OriginatorTON = C.uint8_t(e.OriginatorTON)
	c.OriginatorNPI = C.uint8_t(e.OriginatorNPI)
	c.Destination = a.str(e.Destination)
	c.DestinationTON = C.uint8_t(e.DestinationTON)
	c.DestinationNPI = C.uint8_t(e.DestinationNPI)
	if !cb.callFree(&a) {
		e.Decline()
	}
}

func (cb callback) smppReplace(e *core.SmppReplaceReceivedEventArgs) {
	a := newArena(unsafe.Sizeof(C.smppReplaceReceivedEventArgs{}), 0, e.MessageID, e.Originator, e.Content)
	defer a.free()
	c := (*C.smppReplaceReceivedEventArgs)(a.base)
	c.ClientID = C.int32_t(e.ClientID)
	c.SequenceNumber = C.uint32_t(e.SequenceNumber)
	c.MessageID = a.str(e.MessageID)
	c.Originator = a.str(e.Originator)
	c.OriginatorTON = C.uint8_t(e.OriginatorTON)
	c.OriginatorNPI = C.uint8_t(e.OriginatorNPI)
	c.DeliveryTime = toMillis(e.DeliveryTime)
	c.ValidityPeriod = toMillis(e.ValidityPeriod)
	c.Options = C.uint32_t(e.Options)
	c.RegisteredDelivery = C.uint8_t(e.RegisteredDelivery)
	c.DefaultMessageID = C.uint8_t(e.DefaultMessageID)
	c.Content = a.str(e.Content)
	if !cb.callFree(&a) {
		e.Decline()
	}
}
