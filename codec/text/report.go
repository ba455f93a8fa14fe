package text

import "github.com/smscserver/libsmscserver/codec/sms"

// Status-report request and "short message type 0" in each protocol's
// fields, mapped to SoRequestStatusReport and SoZeroSMS.

// SMPPRegisteredDelivery is registered_delivery for opts: 0x01 (SMSC
// receipt on success or failure) when a report is requested, else 0.
func SMPPRegisteredDelivery(opts sms.SubmitOption) byte {
	if opts&sms.SoRequestStatusReport != 0 {
		return 0x01
	}
	return 0
}

// FromSMPPRegisteredDelivery: any SMSC-receipt request (bits 1-0 = 1, 2 or
// 3) is SoRequestStatusReport. SME acknowledgements (bits 3-2) and
// intermediate notification (bit 4) are not status reports; the host sees
// them in the event's RegisteredDelivery field.
func FromSMPPRegisteredDelivery(rd byte) sms.SubmitOption {
	if rd&0x03 != 0 {
		return sms.SoRequestStatusReport
	}
	return 0
}

// UCPNotification gives NRq (field 4) and NT (field 6) for opts: "1" and
// "3" (delivery + non-delivery notification, as Kannel sends for a
// success-or-failure report) when a report is requested, else both empty.
func UCPNotification(opts sms.SubmitOption) (nrq, nt string) {
	if opts&sms.SoRequestStatusReport != 0 {
		return "1", "3"
	}
	return "", ""
}

// FromUCPNotification: NRq "1" requests notification whatever NT says
// (NT 0 or empty means the SMSC's default types).
func FromUCPNotification(nrq, nt string) sms.SubmitOption {
	if nrq == "1" {
		return sms.SoRequestStatusReport
	}
	return 0
}

// CIMD2StatusReportRequest is parameter 056 for opts: 14 (validity expired,
// delivery failed, delivery successful — Kannel's "success or failure") or 0.
func CIMD2StatusReportRequest(opts sms.SubmitOption) int {
	if opts&sms.SoRequestStatusReport != 0 {
		return 14
	}
	return 0
}

// FromCIMD2StatusReportRequest: any bit of the 056 mask requests a report.
func FromCIMD2StatusReportRequest(v int) sms.SubmitOption {
	if v > 0 {
		return sms.SoRequestStatusReport
	}
	return 0
}

// PIDShortMessageType0 is the TP-PID of a "short message type 0" (23.040
// 9.2.3.9), which the handset acknowledges but discards: SoZeroSMS.
const PIDShortMessageType0 = 0x40

// ProtocolID is the TP-PID (SMPP protocol_id, CIMD2 052) for opts: 0x40 with
// SoZeroSMS, else 0. UCP writes it in RPID (field 14) as 4 decimal digits, "0064".
func ProtocolID(opts sms.SubmitOption) byte {
	if opts&sms.SoZeroSMS != 0 {
		return PIDShortMessageType0
	}
	return 0
}

// FromProtocolID maps a received TP-PID to SoZeroSMS.
func FromProtocolID(pid int) sms.SubmitOption {
	if pid == PIDShortMessageType0 {
		return sms.SoZeroSMS
	}
	return 0
}
