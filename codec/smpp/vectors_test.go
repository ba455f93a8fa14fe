package smpp

import (
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
)

// The SMPP vectors of docs/test-vectors.md, numbered as there. Spaces are
// for readability only.
var (
	v1BindTransmitter  = "00000025 00000002 00000000 0003995f 7477697474657200 7477697474657200 00 34 00 00 00"
	v2BindTransceiver  = "00000023 00000009 00000000 00039951 414c4c5f545700 414c4c5f545700 00 34 01 02 00"
	v3BindKannel       = "00000024 00000009 00000000 00000001 757365723100 706173733100 564d4100 34 00 00 00"
	v4BindTRXResp      = "0000001d 80000009 00000000 00039943 536d736320475700 0210 0001 34"
	v5BindTRXRespErr   = "00000015 80000009 0000000e 00004db3 534d534300"
	v6EnquireLink      = "00000010 00000015 00000000 0a342ee7"
	v6EnquireLinkResp  = "00000010 80000015 00000000 0a342eed"
	v7GenericNack      = "00000010 80000000 00000001 00082a77"
	v8SubmitSM         = "00000039 00000004 00000000 00004fe8 00 01 01 343034303400 01 01 343439353133363139323000 00 00 00 00 00 01 00 00 00 08 4024232125262f3a"
	v9SubmitSMResp     = "0000001c 80000004 00000000 0a342ee1 393432353834333135393400"
	v10SubmitSMKannel  = "00000038 00000004 00000000 00000003 00 05 00 416c70686100 02 01 3434313233343500 03 00 00 00 00 11 00 00 00 0b 48656c6c6f20001b281b65"
	v11SubmitSMUCS2    = "00000038 00000004 00000000 00000002 00 02 01 3132333400 02 01 3434313233343500 03 00 00 00 00 11 00 08 00 0c 041f04400438043204350442"
	v12SubmitSMConcat  = "00000043 00000004 00000000 00000004 00 02 01 3132333400 02 01 3434313233343500 43 00 00 00 00 00 00 00 00 17 050003010202 4242424242424242424242424242424242"
	v13ReceiptText     = "id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 text:@$#!%&/:"
	v13DeliverReceipt  = "000000ba 00000005 00000000 00000002 00 01 01 343439353133363139323000 01 01 3430343034 00 04 00 00 00 00 00 00 00 00 6e " + hex.EncodeToString([]byte(v13ReceiptText)) + " 000e000101 0006000101 001e0008 3338363031666100 0427000102"
	v14DeliverSMResp   = "00000011 80000005 00000000 000003e9 00"
	v15DeliverPayload  = "00000064 00000005 00000000 000547eb 00 02 01 3434393531333631393200 04 09 3430343034 00 00 00 00 00 00 00 00 00 00 00 000e000101 0006000101 0424 0026 404d616964656e6d616e363634207761732069742073617070793f2026526f6d616e7469633f"
	v16DataSM          = "00000030 00000103 00000000 00000000 00 01 01 3535353237313030303000 00 01 3936393500 00 01 00 0424 0004 54657374"
	v17QuerySM         = "0000001e 00000003 00000000 00004fe8 313233343500 01 01 343034303400"
	v17QuerySMResp     = "00000019 80000003 00000000 00004fe8 313233343500 00 06 00"
	v18CancelSM        = "0000002d 00000008 00000000 00004fe8 00 313233343500 01 01 343034303400 01 01 343439353133363139323000"
	v19ReplaceSM       = "00000050 00000007 00000000 00004fe8 6d73672d313233343500 01 01 3535353237313030303000 3135303230333034303530363730382b00 30313032303330343035303630303052 00 01 02 04 74657874"
	v20SubmitMultiUCS2 = "006e006700681eaf0020006e00670068006900ea006e00670020006e0067006800691ec5006e00670020006e00671ea3" // gosmpp pdu/SubmitMulti_test.go
	v20SubmitMulti     = "0000006e 00000021 00000000 0000000d 61626300 1c 1d 416c69636572 00 03 01 00 00 426f623100 02 4c6973743100 02 4c6973743200 0d 63 3d 00 00 53 00 08 00 30 " + v20SubmitMultiUCS2
	v21SubmitMultiResp = "00000030 80000021 00000000 0000000d 666f6f7462616c6c00 02 26 21 426f623100 00000013 00 00 426f623200 00000014"
	v22Outbind         = "00000024 0000000b 00000000 0000000d 696e76656e746f727900 6970617373776f726400"
	v23Unbind          = "00000010 00000006 00000000 00000001"
	v23UnbindResp      = "00000010 80000006 00000000 00000001"
)

func unhex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	require.NoError(tb, err)
	return b
}

// splitPDU parses a vector and checks that command_length is its size.
func splitPDU(t *testing.T, s string, id CommandID, status Status, seq uint32) []byte {
	t.Helper()
	raw := unhex(t, s)
	h, err := ParseHeader(raw)
	require.NoError(t, err)
	require.NoError(t, h.Validate(DefaultMaxPDUSize))
	require.Equal(t, Header{Length: uint32(len(raw)), CommandID: id, Status: status, Sequence: seq}, h)
	return raw[HeaderLen:]
}

// reencode checks that encoding body with the vector's header gives the
// vector back octet for octet.
func reencode(t *testing.T, s string, body BodyAppender) {
	t.Helper()
	raw := unhex(t, s)
	h, err := ParseHeader(raw)
	require.NoError(t, err)
	require.Equal(t, raw, AppendPDU(nil, h.CommandID, h.Status, h.Sequence, body))
}

func str(b []byte) string { return string(b) }

func TestVector01BindTransmitter(t *testing.T) {
	body := splitPDU(t, v1BindTransmitter, CmdBindTransmitter, StatusOK, 0x0003995f)
	var p Bind
	require.NoError(t, p.Decode(body))
	require.Equal(t, "twitter", str(p.SystemID))
	require.Equal(t, "twitter", str(p.Password))
	require.Empty(t, p.SystemType)
	require.Equal(t, byte(0x34), p.InterfaceVersion)
	require.Zero(t, p.AddrTON)
	require.Zero(t, p.AddrNPI)
	require.Empty(t, p.AddressRange)
	require.NoError(t, p.Validate())
	reencode(t, v1BindTransmitter, &p)
}

func TestVector02BindTransceiver(t *testing.T) {
	body := splitPDU(t, v2BindTransceiver, CmdBindTransceiver, StatusOK, 0x00039951)
	var p Bind
	require.NoError(t, p.Decode(body))
	require.Equal(t, "ALL_TW", str(p.SystemID))
	require.Equal(t, "ALL_TW", str(p.Password))
	require.Empty(t, p.SystemType)
	require.Equal(t, byte(0x34), p.InterfaceVersion)
	require.Equal(t, byte(1), p.AddrTON)
	require.Equal(t, byte(2), p.AddrNPI)
	require.Empty(t, p.AddressRange)
	reencode(t, v2BindTransceiver, &p)
}

func TestVector03BindKannel(t *testing.T) {
	body := splitPDU(t, v3BindKannel, CmdBindTransceiver, StatusOK, 1)
	var p Bind
	require.NoError(t, p.Decode(body))
	require.Equal(t, "user1", str(p.SystemID))
	require.Equal(t, "pass1", str(p.Password))
	require.Equal(t, "VMA", str(p.SystemType))
	require.Equal(t, byte(0x34), p.InterfaceVersion)
	require.Empty(t, p.AddressRange)
	reencode(t, v3BindKannel, &p)
}

func TestVector04BindTransceiverResp(t *testing.T) {
	body := splitPDU(t, v4BindTRXResp, CmdBindTransceiverResp, StatusOK, 0x00039943)
	var p BindResp
	require.NoError(t, p.Decode(body))
	require.Equal(t, "Smsc GW", str(p.SystemID))
	require.Len(t, p.TLVs, 1)
	v, ok := p.TLVs.GetUint(TagScInterfaceVersion)
	require.True(t, ok)
	require.Equal(t, uint32(0x34), v)
	require.NoError(t, p.Validate())
	reencode(t, v4BindTRXResp, &p)

	// The way a server builds it.
	built := BindResp{SystemID: []byte("Smsc GW"), TLVs: TLVs{{Tag: TagScInterfaceVersion, Value: []byte{0x34}}}}
	reencode(t, v4BindTRXResp, &built)
}

func TestVector05BindRespError(t *testing.T) {
	body := splitPDU(t, v5BindTRXRespErr, CmdBindTransceiverResp, StatusInvPaswd, 0x00004db3)
	var p BindResp
	require.NoError(t, p.Decode(body))
	require.Equal(t, "SMSC", str(p.SystemID))
	require.Empty(t, p.TLVs)
	reencode(t, v5BindTRXRespErr, &p)
}

func TestVector06To07And23HeaderOnly(t *testing.T) {
	cases := []struct {
		hex    string
		id     CommandID
		status Status
		seq    uint32
	}{
		{v6EnquireLink, CmdEnquireLink, StatusOK, 0x0a342ee7},
		{v6EnquireLinkResp, CmdEnquireLinkResp, StatusOK, 0x0a342eed},
		{v7GenericNack, CmdGenericNack, StatusInvMsgLen, 0x00082a77},
		{v23Unbind, CmdUnbind, StatusOK, 1},
		{v23UnbindResp, CmdUnbindResp, StatusOK, 1},
	}
	for _, c := range cases {
		t.Run(c.id.String(), func(t *testing.T) {
			body := splitPDU(t, c.hex, c.id, c.status, c.seq)
			require.Empty(t, body)
			reencode(t, c.hex, nil)
		})
	}
}

func TestVector08SubmitSM(t *testing.T) {
	body := splitPDU(t, v8SubmitSM, CmdSubmitSM, StatusOK, 0x00004fe8)
	var p SM
	require.NoError(t, p.Decode(body))
	require.Empty(t, p.ServiceType)
	require.Equal(t, byte(1), p.SourceAddrTON)
	require.Equal(t, byte(1), p.SourceAddrNPI)
	require.Equal(t, "40404", str(p.SourceAddr))
	require.Equal(t, byte(1), p.DestAddrTON)
	require.Equal(t, byte(1), p.DestAddrNPI)
	require.Equal(t, "44951361920", str(p.DestinationAddr))
	require.Zero(t, p.EsmClass)
	require.Zero(t, p.ProtocolID)
	require.Zero(t, p.PriorityFlag)
	require.Empty(t, p.ScheduleDeliveryTime)
	require.Empty(t, p.ValidityPeriod)
	require.Equal(t, byte(1), p.RegisteredDelivery)
	require.Zero(t, p.ReplaceIfPresentFlag)
	require.Zero(t, p.DataCoding)
	require.Zero(t, p.SmDefaultMsgID)
	require.Equal(t, "@$#!%&/:", str(p.ShortMessage))
	require.Equal(t, "@$#!%&/:", str(p.Message()))
	require.Empty(t, p.TLVs)
	require.NoError(t, p.Validate())
	reencode(t, v8SubmitSM, &p)
}

func TestVector09SubmitSMResp(t *testing.T) {
	body := splitPDU(t, v9SubmitSMResp, CmdSubmitSMResp, StatusOK, 0x0a342ee1)
	var p SMResp
	require.NoError(t, p.Decode(body))
	require.Equal(t, "94258431594", str(p.MessageID))
	require.Empty(t, p.TLVs)
	require.NoError(t, p.Validate())
	reencode(t, v9SubmitSMResp, &p)
}

func TestVector10SubmitSMKannelAlpha(t *testing.T) {
	body := splitPDU(t, v10SubmitSMKannel, CmdSubmitSM, StatusOK, 3)
	var p SM
	require.NoError(t, p.Decode(body))
	require.Equal(t, byte(5), p.SourceAddrTON)
	require.Equal(t, byte(0), p.SourceAddrNPI)
	require.Equal(t, "Alpha", str(p.SourceAddr))
	require.Equal(t, byte(2), p.DestAddrTON)
	require.Equal(t, byte(1), p.DestAddrNPI)
	require.Equal(t, "4412345", str(p.DestinationAddr))
	require.Equal(t, byte(0x03), p.EsmClass)
	require.Equal(t, byte(0x11), p.RegisteredDelivery)
	require.Zero(t, p.DataCoding)
	require.Equal(t, []byte("Hello \x00\x1b(\x1be"), p.ShortMessage) // unpacked GSM: @ { €
	reencode(t, v10SubmitSMKannel, &p)
}

func TestVector11SubmitSMUCS2(t *testing.T) {
	body := splitPDU(t, v11SubmitSMUCS2, CmdSubmitSM, StatusOK, 2)
	var p SM
	require.NoError(t, p.Decode(body))
	require.Equal(t, byte(2), p.SourceAddrTON)
	require.Equal(t, byte(1), p.SourceAddrNPI)
	require.Equal(t, "1234", str(p.SourceAddr))
	require.Equal(t, "4412345", str(p.DestinationAddr))
	require.Equal(t, byte(0x08), p.DataCoding)
	require.Equal(t, "Привет", ucs2(p.ShortMessage))
	reencode(t, v11SubmitSMUCS2, &p)
}

func TestVector12SubmitSMConcat(t *testing.T) {
	body := splitPDU(t, v12SubmitSMConcat, CmdSubmitSM, StatusOK, 4)
	var p SM
	require.NoError(t, p.Decode(body))
	require.Equal(t, "1234", str(p.SourceAddr))
	require.Equal(t, "4412345", str(p.DestinationAddr))
	require.Equal(t, byte(0x43), p.EsmClass)
	require.Zero(t, p.RegisteredDelivery)
	require.Len(t, p.ShortMessage, 0x17)
	require.Equal(t, []byte{0x05, 0x00, 0x03, 0x01, 0x02, 0x02}, p.ShortMessage[:6])
	require.Equal(t, strings.Repeat("B", 17), str(p.ShortMessage[6:]))
	reencode(t, v12SubmitSMConcat, &p)
}

func TestVector13DeliverSMReceipt(t *testing.T) {
	body := splitPDU(t, v13DeliverReceipt, CmdDeliverSM, StatusOK, 2)
	var p SM
	require.NoError(t, p.Decode(body))
	require.Equal(t, "44951361920", str(p.SourceAddr))
	require.Equal(t, "40404", str(p.DestinationAddr))
	require.Equal(t, byte(0x04), p.EsmClass)
	require.Len(t, p.ShortMessage, 0x6e)
	require.Equal(t, v13ReceiptText, str(p.ShortMessage))
	require.Equal(t, TLVs{
		{Tag: TagSourceNetworkType, Value: []byte{1}},
		{Tag: TagDestNetworkType, Value: []byte{1}},
		{Tag: TagReceiptedMessageID, Value: []byte("38601fa\x00")},
		{Tag: TagMessageState, Value: []byte{2}},
	}, p.TLVs)
	st, ok := p.TLVs.GetUint(TagMessageState)
	require.True(t, ok)
	require.Equal(t, uint32(2), st)
	require.NoError(t, p.Validate())
	reencode(t, v13DeliverReceipt, &p)
}

func TestVector14DeliverSMResp(t *testing.T) {
	body := splitPDU(t, v14DeliverSMResp, CmdDeliverSMResp, StatusOK, 0x3e9)
	var p SMResp
	require.NoError(t, p.Decode(body))
	require.Empty(t, p.MessageID)
	reencode(t, v14DeliverSMResp, &p)
	reencode(t, v14DeliverSMResp, &SMResp{}) // zero value = Kannel's deliver_sm_resp
}

func TestVector15DeliverSMPayload(t *testing.T) {
	body := splitPDU(t, v15DeliverPayload, CmdDeliverSM, StatusOK, 0x000547eb)
	var p SM
	require.NoError(t, p.Decode(body))
	require.Equal(t, byte(2), p.SourceAddrTON)
	require.Equal(t, byte(1), p.SourceAddrNPI)
	require.Equal(t, "4495136192", str(p.SourceAddr))
	require.Equal(t, byte(4), p.DestAddrTON)
	require.Equal(t, byte(9), p.DestAddrNPI)
	require.Equal(t, "40404", str(p.DestinationAddr))
	require.Empty(t, p.ShortMessage)
	require.Len(t, p.TLVs, 3)
	pl, ok := p.TLVs.Get(TagMessagePayload)
	require.True(t, ok)
	require.Equal(t, "@Maidenman664 was it sappy? &Romantic?", str(pl))
	require.Equal(t, "@Maidenman664 was it sappy? &Romantic?", str(p.Message()))
	require.NoError(t, p.Validate())
	reencode(t, v15DeliverPayload, &p)
}

func TestVector16DataSM(t *testing.T) {
	body := splitPDU(t, v16DataSM, CmdDataSM, StatusOK, 0)
	var p DataSM
	require.NoError(t, p.Decode(body))
	require.Empty(t, p.ServiceType)
	require.Equal(t, byte(1), p.SourceAddrTON)
	require.Equal(t, byte(1), p.SourceAddrNPI)
	require.Equal(t, "5552710000", str(p.SourceAddr))
	require.Equal(t, byte(0), p.DestAddrTON)
	require.Equal(t, byte(1), p.DestAddrNPI)
	require.Equal(t, "9695", str(p.DestinationAddr))
	require.Zero(t, p.EsmClass)
	require.Equal(t, byte(1), p.RegisteredDelivery)
	require.Zero(t, p.DataCoding)
	require.Equal(t, TLVs{{Tag: TagMessagePayload, Value: []byte("Test")}}, p.TLVs)
	require.NoError(t, p.Validate())
	reencode(t, v16DataSM, &p)
}

func TestVector17QuerySM(t *testing.T) {
	body := splitPDU(t, v17QuerySM, CmdQuerySM, StatusOK, 0x4fe8)
	var q QuerySM
	require.NoError(t, q.Decode(body))
	require.Equal(t, "12345", str(q.MessageID))
	require.Equal(t, byte(1), q.SourceAddrTON)
	require.Equal(t, byte(1), q.SourceAddrNPI)
	require.Equal(t, "40404", str(q.SourceAddr))
	require.NoError(t, q.Validate())
	reencode(t, v17QuerySM, &q)

	body = splitPDU(t, v17QuerySMResp, CmdQuerySMResp, StatusOK, 0x4fe8)
	var r QuerySMResp
	require.NoError(t, r.Decode(body))
	require.Equal(t, "12345", str(r.MessageID))
	require.Empty(t, r.FinalDate)
	require.Equal(t, byte(6), r.MessageState) // ACCEPTED
	require.Zero(t, r.ErrorCode)
	require.NoError(t, r.Validate())
	reencode(t, v17QuerySMResp, &r)
}

func TestVector18CancelSM(t *testing.T) {
	body := splitPDU(t, v18CancelSM, CmdCancelSM, StatusOK, 0x4fe8)
	var p CancelSM
	require.NoError(t, p.Decode(body))
	require.Empty(t, p.ServiceType)
	require.Equal(t, "12345", str(p.MessageID))
	require.Equal(t, byte(1), p.SourceAddrTON)
	require.Equal(t, byte(1), p.SourceAddrNPI)
	require.Equal(t, "40404", str(p.SourceAddr))
	require.Equal(t, byte(1), p.DestAddrTON)
	require.Equal(t, byte(1), p.DestAddrNPI)
	require.Equal(t, "44951361920", str(p.DestinationAddr))
	require.NoError(t, p.Validate())
	reencode(t, v18CancelSM, &p)
}

func TestVector19ReplaceSM(t *testing.T) {
	body := splitPDU(t, v19ReplaceSM, CmdReplaceSM, StatusOK, 0x4fe8)
	var p ReplaceSM
	require.NoError(t, p.Decode(body))
	require.Equal(t, "msg-12345", str(p.MessageID))
	require.Equal(t, byte(1), p.SourceAddrTON)
	require.Equal(t, byte(1), p.SourceAddrNPI)
	require.Equal(t, "5552710000", str(p.SourceAddr))
	require.Equal(t, "150203040506708+", str(p.ScheduleDeliveryTime))
	require.Equal(t, "010203040506000R", str(p.ValidityPeriod))
	require.Equal(t, byte(1), p.RegisteredDelivery)
	require.Equal(t, byte(2), p.SmDefaultMsgID)
	require.Equal(t, "text", str(p.ShortMessage))
	require.NoError(t, p.Validate())
	reencode(t, v19ReplaceSM, &p)
}

func TestVector20SubmitMulti(t *testing.T) {
	body := splitPDU(t, v20SubmitMulti, CmdSubmitMulti, StatusOK, 13)
	var p SubmitMulti
	require.NoError(t, p.Decode(body))
	require.Equal(t, "abc", str(p.ServiceType))
	require.Equal(t, byte(0x1c), p.SourceAddrTON)
	require.Equal(t, byte(0x1d), p.SourceAddrNPI)
	require.Equal(t, "Alicer", str(p.SourceAddr))
	require.Len(t, p.Dests, 3)
	require.Equal(t, DestAddress{Flag: DestFlagSMEAddress, Address: []byte("Bob1")}, p.Dests[0])
	require.Equal(t, DestAddress{Flag: DestFlagDistributionList, DLName: []byte("List1")}, p.Dests[1])
	require.Equal(t, DestAddress{Flag: DestFlagDistributionList, DLName: []byte("List2")}, p.Dests[2])
	require.Equal(t, byte(0x0d), p.EsmClass)
	require.Equal(t, byte(0x63), p.ProtocolID)
	require.Equal(t, byte(0x3d), p.PriorityFlag) // out of spec (0..3); the codec does not judge it
	require.Empty(t, p.ScheduleDeliveryTime)
	require.Empty(t, p.ValidityPeriod)
	require.Equal(t, byte(0x53), p.RegisteredDelivery)
	require.Equal(t, byte(0x08), p.DataCoding)
	require.Equal(t, "nghắ nghiêng nghiễng ngả", ucs2(p.ShortMessage))
	require.Equal(t, p.ShortMessage, p.Message())
	require.Empty(t, p.TLVs)
	require.NoError(t, p.Validate())
	reencode(t, v20SubmitMulti, &p)
}

func TestVector21SubmitMultiResp(t *testing.T) {
	body := splitPDU(t, v21SubmitMultiResp, CmdSubmitMultiResp, StatusOK, 13)
	var p SubmitMultiResp
	require.NoError(t, p.Decode(body))
	require.Equal(t, "football", str(p.MessageID))
	require.Equal(t, []UnsuccessSME{
		{TON: 0x26, NPI: 0x21, Address: []byte("Bob1"), ErrorStatus: StatusReplaceFail},
		{TON: 0, NPI: 0, Address: []byte("Bob2"), ErrorStatus: StatusMsgQFul},
	}, p.Unsuccess)
	require.Empty(t, p.TLVs)
	require.NoError(t, p.Validate())
	reencode(t, v21SubmitMultiResp, &p)
}

// Vector 22 is not canonical: password "ipassword" is 9 characters, which
// with its NUL is 10 octets, one more than password's C9. GOSMPP does not
// enforce C-string sizes, so it wrote it; this codec rejects it on decode
// and in Validate, but AppendBody still writes what it is given.
func TestVector22OutbindOversizePassword(t *testing.T) {
	body := splitPDU(t, v22Outbind, CmdOutbind, StatusOK, 13)
	var p Outbind
	err := p.Decode(body)
	requireStatus(t, err, StatusInvPaswd)

	built := Outbind{SystemID: []byte("inventory"), Password: []byte("ipassword")}
	requireStatus(t, built.Validate(), StatusInvPaswd)
	reencode(t, v22Outbind, &built)

	// One character shorter is legal and round-trips.
	ok := Outbind{SystemID: []byte("inventory"), Password: []byte("ipasswor")}
	require.NoError(t, ok.Validate())
	enc := ok.AppendBody(nil)
	var back Outbind
	require.NoError(t, back.Decode(enc))
	require.Equal(t, "inventory", str(back.SystemID))
	require.Equal(t, "ipasswor", str(back.Password))
}

func ucs2(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}
