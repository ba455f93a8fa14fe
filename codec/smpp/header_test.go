package smpp

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseHeader(t *testing.T) {
	_, err := ParseHeader(make([]byte, 15))
	requireStatus(t, err, StatusInvCmdLen)

	// Lenient about sequence numbers: 0 and >= 0x80000000 are read as-is.
	for _, seq := range []uint32{0, 0x7fffffff, 0x80000000, 0xffffffff} {
		b := Header{Length: 16, CommandID: CmdEnquireLink, Sequence: seq}.AppendTo(nil)
		h, err := ParseHeader(b)
		require.NoError(t, err)
		require.Equal(t, seq, h.Sequence)
		require.NoError(t, h.Validate(0))
	}
}

func TestHeaderValidate(t *testing.T) {
	requireStatus(t, Header{Length: 0}.Validate(100), StatusInvCmdLen)
	requireStatus(t, Header{Length: 15}.Validate(100), StatusInvCmdLen)
	require.NoError(t, Header{Length: 16}.Validate(100))
	require.NoError(t, Header{Length: 100}.Validate(100))
	requireStatus(t, Header{Length: 101}.Validate(100), StatusInvCmdLen)
	requireStatus(t, Header{Length: 0xffffffff}.Validate(100), StatusInvCmdLen)
	// maxPDUSize <= 0 means the default.
	require.NoError(t, Header{Length: DefaultMaxPDUSize}.Validate(0))
	requireStatus(t, Header{Length: DefaultMaxPDUSize + 1}.Validate(-1), StatusInvCmdLen)
}

func TestAppendPDU(t *testing.T) {
	// Appends after existing content and patches only its own length.
	prefix := []byte("xyz")
	out := AppendPDU(prefix, CmdSubmitSMResp, StatusOK, 7, &SMResp{MessageID: []byte("abc")})
	require.Equal(t, "xyz", string(out[:3]))
	h, err := ParseHeader(out[3:])
	require.NoError(t, err)
	require.Equal(t, Header{Length: 20, CommandID: CmdSubmitSMResp, Sequence: 7}, h)
	require.Equal(t, "abc\x00", string(out[3+HeaderLen:]))

	// Header-only error response.
	out = AppendPDU(nil, CmdSubmitSMResp, StatusThrottled, 9, nil)
	require.Equal(t, unhex(t, "00000010 80000004 00000058 00000009"), out)
}

func TestCommandID(t *testing.T) {
	require.Equal(t, "submit_sm", CmdSubmitSM.String())
	require.Equal(t, "bind_transceiver_resp", CmdBindTransceiverResp.String())
	require.Equal(t, "generic_nack", CmdGenericNack.String())
	require.Equal(t, "cancel_broadcast_sm_resp", CmdCancelBroadcastSMResp.String())
	require.Equal(t, "command_id(0x00000042)", CommandID(0x42).String())

	require.False(t, CmdSubmitSM.IsResponse())
	require.True(t, CmdSubmitSMResp.IsResponse())
	require.True(t, CmdGenericNack.IsResponse())
	require.Equal(t, CmdSubmitSMResp, CmdSubmitSM.Response())
	require.Equal(t, CommandID(0x80000103), CmdDataSM.Response())
	require.Equal(t, CmdDataSMResp, CmdDataSM.Response())

	require.True(t, CmdEnquireLink.HasResponse())
	require.False(t, CmdOutbind.HasResponse())
	require.False(t, CmdAlertNotification.HasResponse())
	require.False(t, CmdGenericNack.HasResponse())
	require.False(t, CmdUnbindResp.HasResponse())
	require.False(t, CommandID(0x42).HasResponse())
	require.True(t, CmdQueryBroadcastSM.Known())
	require.False(t, CommandID(0x8000000B).Known()) // outbind has no response id

	// Every request with a response has its _resp named consistently.
	for id, name := range commandNames {
		if id.HasResponse() {
			require.Equal(t, name+"_resp", id.Response().String())
		}
	}
}

func TestStatus(t *testing.T) {
	require.Equal(t, "ESME_ROK", StatusOK.String())
	require.Equal(t, "ESME_RINVSRCADR", StatusInvSrcAdr.String())
	require.Equal(t, "ESME_RINVTLVSTREAM", StatusInvTLVStream.String())
	require.Equal(t, "ESME_RX_T_APPN", StatusXTAppn.String())
	require.Equal(t, "ESME_RINVDCS", StatusInvDCS.String())
	require.Equal(t, "ESME_0x00000400", Status(0x400).String())
	require.Equal(t, "ESME_RTHROTTLED", StatusThrottled.Error())
	require.True(t, StatusInvBcastChanInd.Known())
	require.False(t, Status(0x09).Known())

	// The values of the table in docs/protocols.md, "SMPP / command_status".
	require.Equal(t, Status(0x33), StatusInvNumDests)
	require.Equal(t, Status(0x40), StatusInvDestFlag)
	require.Equal(t, Status(0x58), StatusThrottled)
	require.Equal(t, Status(0x67), StatusQueryFail)
	require.Equal(t, Status(0xC4), StatusInvTLVVal)
	require.Equal(t, Status(0xFE), StatusDeliveryFailure)
	require.Equal(t, Status(0x104), StatusInvDCS)
	require.Len(t, statusNames, 48+19)
}

func TestTagNames(t *testing.T) {
	require.Equal(t, "message_payload", TagName(TagMessagePayload))
	require.Equal(t, "sar_msg_ref_num", TagName(TagSarMsgRefNum))
	require.Equal(t, "0x1403", TagName(0x1403))

	tag, ok := TagByName("receipted_message_id")
	require.True(t, ok)
	require.Equal(t, TagReceiptedMessageID, tag)
	tag, ok = TagByName("Message_Payload")
	require.True(t, ok)
	require.Equal(t, TagMessagePayload, tag)
	tag, ok = TagByName("dest_port")
	require.True(t, ok)
	require.Equal(t, TagDestinationPort, tag)
	tag, ok = TagByName("0x1403")
	require.True(t, ok)
	require.Equal(t, uint16(0x1403), tag)
	for _, bad := range []string{"", "nope", "0x", "0x12345", "0xzz", "1403"} {
		_, ok = TagByName(bad)
		require.False(t, ok, bad)
	}
	// TagName and TagByName are inverse for every tag.
	for tag := 0; tag <= 0xFFFF; tag++ {
		back, ok := TagByName(TagName(uint16(tag)))
		require.True(t, ok)
		require.Equal(t, uint16(tag), back)
	}
}

func TestTLVs(t *testing.T) {
	tl := TLVs{
		{Tag: TagSarMsgRefNum, Value: []byte{0x12, 0x34}},
		{Tag: TagSarTotalSegments, Value: []byte{3}},
		{Tag: TagQosTimeToLive, Value: []byte{0, 0, 1, 0}},
		{Tag: TagNetworkErrorCode, Value: []byte{3, 0, 1}},
		{Tag: TagSarTotalSegments, Value: []byte{9}}, // duplicate: first wins
	}
	v, ok := tl.GetUint(TagSarMsgRefNum)
	require.True(t, ok)
	require.Equal(t, uint32(0x1234), v)
	v, ok = tl.GetUint(TagSarTotalSegments)
	require.True(t, ok)
	require.Equal(t, uint32(3), v)
	v, ok = tl.GetUint(TagQosTimeToLive)
	require.True(t, ok)
	require.Equal(t, uint32(256), v)
	_, ok = tl.GetUint(TagNetworkErrorCode)
	require.False(t, ok)
	_, ok = tl.GetUint(TagMessagePayload)
	require.False(t, ok)
	_, ok = tl.Get(TagMessagePayload)
	require.False(t, ok)

	enc := tl.AppendTo(nil)
	back, err := DecodeTLVs(nil, enc)
	require.NoError(t, err)
	require.Equal(t, tl, back)
	_, err = DecodeTLVs(back, enc[:len(enc)-1])
	requireStatus(t, err, StatusInvTLVStream)
	back, err = DecodeTLVs(back, nil)
	require.NoError(t, err)
	require.Empty(t, back)
}
