package smpp

import "fmt"

// Status is a command_status value. It is 0 in requests and carries the
// outcome in responses. Status implements error so that a status can travel
// up a call chain as-is (and errors.Is matches it); StatusOK is still a
// non-nil error value if used that way, so return nil for success instead.
type Status uint32

// Status codes of SMPP 3.4 §5.1.3, named after their ESME_R* mnemonics. The
// TLV-related ones (0xC0..0xC4) use the 5.0 names; 3.4 called them
// ESME_RINVOPTPARSTREAM, ESME_ROPTPARNOTALLWD, ESME_RINVPARLEN,
// ESME_RMISSINGOPTPARAM and ESME_RINVOPTPARAMVAL.
const (
	StatusOK              Status = 0x00 // ESME_ROK
	StatusInvMsgLen       Status = 0x01 // message length is invalid
	StatusInvCmdLen       Status = 0x02 // command length is invalid
	StatusInvCmdID        Status = 0x03 // invalid command ID
	StatusInvBndSts       Status = 0x04 // incorrect bind status for given command
	StatusAlyBnd          Status = 0x05 // ESME already in bound state
	StatusInvPrtFlg       Status = 0x06 // invalid priority flag
	StatusInvRegDlvFlg    Status = 0x07 // invalid registered delivery flag
	StatusSysErr          Status = 0x08 // system error
	StatusInvSrcAdr       Status = 0x0A // invalid source address
	StatusInvDstAdr       Status = 0x0B // invalid destination address
	StatusInvMsgID        Status = 0x0C // message ID is invalid
	StatusBindFail        Status = 0x0D // bind failed
	StatusInvPaswd        Status = 0x0E // invalid password
	StatusInvSysID        Status = 0x0F // invalid system ID
	StatusCancelFail      Status = 0x11 // cancel_sm failed
	StatusReplaceFail     Status = 0x13 // replace_sm failed
	StatusMsgQFul         Status = 0x14 // message queue full
	StatusInvSerTyp       Status = 0x15 // invalid service type
	StatusInvNumDests     Status = 0x33 // invalid number of destinations
	StatusInvDLName       Status = 0x34 // invalid distribution list name
	StatusInvDestFlag     Status = 0x40 // destination flag is invalid (submit_multi)
	StatusInvSubRep       Status = 0x42 // invalid submit-with-replace request
	StatusInvEsmClass     Status = 0x43 // invalid esm_class field data
	StatusCntSubDL        Status = 0x44 // cannot submit to distribution list
	StatusSubmitFail      Status = 0x45 // submit_sm or submit_multi failed
	StatusInvSrcTON       Status = 0x48 // invalid source address TON
	StatusInvSrcNPI       Status = 0x49 // invalid source address NPI
	StatusInvDstTON       Status = 0x50 // invalid destination address TON
	StatusInvDstNPI       Status = 0x51 // invalid destination address NPI
	StatusInvSysTyp       Status = 0x53 // invalid system_type field
	StatusInvRepFlag      Status = 0x54 // invalid replace_if_present flag
	StatusInvNumMsgs      Status = 0x55 // invalid number of messages
	StatusThrottled       Status = 0x58 // throttling error
	StatusInvSched        Status = 0x61 // invalid scheduled delivery time
	StatusInvExpiry       Status = 0x62 // invalid validity period
	StatusInvDftMsgID     Status = 0x63 // predefined message invalid or not found
	StatusXTAppn          Status = 0x64 // ESME receiver temporary app error
	StatusXPAppn          Status = 0x65 // ESME receiver permanent app error
	StatusXRAppn          Status = 0x66 // ESME receiver reject message error
	StatusQueryFail       Status = 0x67 // query_sm request failed
	StatusInvTLVStream    Status = 0xC0 // error in the optional part of the PDU body
	StatusTLVNotAllwd     Status = 0xC1 // TLV not allowed
	StatusInvTLVLen       Status = 0xC2 // invalid parameter length
	StatusMissingTLV      Status = 0xC3 // expected TLV missing
	StatusInvTLVVal       Status = 0xC4 // invalid TLV value
	StatusDeliveryFailure Status = 0xFE // delivery failure (data_sm_resp)
	StatusUnknownErr      Status = 0xFF // unknown error

	// SMPP 5.0 only.
	StatusSerTypUnauth      Status = 0x100 // ESME not authorised to use service_type
	StatusProhibited        Status = 0x101 // ESME prohibited from using operation
	StatusSerTypUnavail     Status = 0x102 // service_type unavailable
	StatusSerTypDenied      Status = 0x103 // service_type denied
	StatusInvDCS            Status = 0x104 // invalid data coding scheme
	StatusInvSrcAddrSubunit Status = 0x105 // source address subunit invalid
	StatusInvDstAddrSubunit Status = 0x106 // destination address subunit invalid
	StatusInvBcastFreqInt   Status = 0x107 // broadcast frequency interval invalid
	StatusInvBcastAliasName Status = 0x108 // broadcast alias name invalid
	StatusInvBcastAreaFmt   Status = 0x109 // broadcast area format invalid
	StatusInvNumBcastAreas  Status = 0x10A // number of broadcast areas invalid
	StatusInvBcastCntType   Status = 0x10B // broadcast content type invalid
	StatusInvBcastMsgClass  Status = 0x10C // broadcast message class invalid
	StatusBcastFail         Status = 0x10D // broadcast_sm failed
	StatusBcastQueryFail    Status = 0x10E // query_broadcast_sm failed
	StatusBcastCancelFail   Status = 0x10F // cancel_broadcast_sm failed
	StatusInvBcastRep       Status = 0x110 // number of repeated broadcasts invalid
	StatusInvBcastSrvGrp    Status = 0x111 // broadcast service group invalid
	StatusInvBcastChanInd   Status = 0x112 // broadcast channel indicator invalid
)

var statusNames = map[Status]string{
	StatusOK:                "ESME_ROK",
	StatusInvMsgLen:         "ESME_RINVMSGLEN",
	StatusInvCmdLen:         "ESME_RINVCMDLEN",
	StatusInvCmdID:          "ESME_RINVCMDID",
	StatusInvBndSts:         "ESME_RINVBNDSTS",
	StatusAlyBnd:            "ESME_RALYBND",
	StatusInvPrtFlg:         "ESME_RINVPRTFLG",
	StatusInvRegDlvFlg:      "ESME_RINVREGDLVFLG",
	StatusSysErr:            "ESME_RSYSERR",
	StatusInvSrcAdr:         "ESME_RINVSRCADR",
	StatusInvDstAdr:         "ESME_RINVDSTADR",
	StatusInvMsgID:          "ESME_RINVMSGID",
	StatusBindFail:          "ESME_RBINDFAIL",
	StatusInvPaswd:          "ESME_RINVPASWD",
	StatusInvSysID:          "ESME_RINVSYSID",
	StatusCancelFail:        "ESME_RCANCELFAIL",
	StatusReplaceFail:       "ESME_RREPLACEFAIL",
	StatusMsgQFul:           "ESME_RMSGQFUL",
	StatusInvSerTyp:         "ESME_RINVSERTYP",
	StatusInvNumDests:       "ESME_RINVNUMDESTS",
	StatusInvDLName:         "ESME_RINVDLNAME",
	StatusInvDestFlag:       "ESME_RINVDESTFLAG",
	StatusInvSubRep:         "ESME_RINVSUBREP",
	StatusInvEsmClass:       "ESME_RINVESMCLASS",
	StatusCntSubDL:          "ESME_RCNTSUBDL",
	StatusSubmitFail:        "ESME_RSUBMITFAIL",
	StatusInvSrcTON:         "ESME_RINVSRCTON",
	StatusInvSrcNPI:         "ESME_RINVSRCNPI",
	StatusInvDstTON:         "ESME_RINVDSTTON",
	StatusInvDstNPI:         "ESME_RINVDSTNPI",
	StatusInvSysTyp:         "ESME_RINVSYSTYP",
	StatusInvRepFlag:        "ESME_RINVREPFLAG",
	StatusInvNumMsgs:        "ESME_RINVNUMMSGS",
	StatusThrottled:         "ESME_RTHROTTLED",
	StatusInvSched:          "ESME_RINVSCHED",
	StatusInvExpiry:         "ESME_RINVEXPIRY",
	StatusInvDftMsgID:       "ESME_RINVDFTMSGID",
	StatusXTAppn:            "ESME_RX_T_APPN",
	StatusXPAppn:            "ESME_RX_P_APPN",
	StatusXRAppn:            "ESME_RX_R_APPN",
	StatusQueryFail:         "ESME_RQUERYFAIL",
	StatusInvTLVStream:      "ESME_RINVTLVSTREAM",
	StatusTLVNotAllwd:       "ESME_RTLVNOTALLWD",
	StatusInvTLVLen:         "ESME_RINVTLVLEN",
	StatusMissingTLV:        "ESME_RMISSINGTLV",
	StatusInvTLVVal:         "ESME_RINVTLVVAL",
	StatusDeliveryFailure:   "ESME_RDELIVERYFAILURE",
	StatusUnknownErr:        "ESME_RUNKNOWNERR",
	StatusSerTypUnauth:      "ESME_RSERTYPUNAUTH",
	StatusProhibited:        "ESME_RPROHIBITED",
	StatusSerTypUnavail:     "ESME_RSERTYPUNAVAIL",
	StatusSerTypDenied:      "ESME_RSERTYPDENIED",
	StatusInvDCS:            "ESME_RINVDCS",
	StatusInvSrcAddrSubunit: "ESME_RINVSRCADDRSUBUNIT",
	StatusInvDstAddrSubunit: "ESME_RINVDSTADDRSUBUNIT",
	StatusInvBcastFreqInt:   "ESME_RINVBCASTFREQINT",
	StatusInvBcastAliasName: "ESME_RINVBCASTALIAS_NAME",
	StatusInvBcastAreaFmt:   "ESME_RINVBCASTAREAFMT",
	StatusInvNumBcastAreas:  "ESME_RINVNUMBCAST_AREAS",
	StatusInvBcastCntType:   "ESME_RINVBCASTCNTTYPE",
	StatusInvBcastMsgClass:  "ESME_RINVBCASTMSGCLASS",
	StatusBcastFail:         "ESME_RBCASTFAIL",
	StatusBcastQueryFail:    "ESME_RBCASTQUERYFAIL",
	StatusBcastCancelFail:   "ESME_RBCASTCANCELFAIL",
	StatusInvBcastRep:       "ESME_RINVBCAST_REP",
	StatusInvBcastSrvGrp:    "ESME_RINVBCASTSRVGRP",
	StatusInvBcastChanInd:   "ESME_RINVBCASTCHANIND",
}

// String returns the spec mnemonic ("ESME_RINVSRCADR"); codes without one
// (reserved or vendor-specific 0x400..0x4FF) print as "ESME_0x00000400".
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("ESME_0x%08X", uint32(s))
}

// Known reports whether s is a code defined by SMPP 3.4 or 5.0.
func (s Status) Known() bool {
	_, ok := statusNames[s]
	return ok
}

// Error makes Status usable as an error (see the type comment).
func (s Status) Error() string { return s.String() }
