package smpp

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func requireStatus(t *testing.T, err error, want Status) {
	t.Helper()
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	require.Equal(t, want, de.Status, "error: %v", err)
	require.ErrorIs(t, err, want)
	require.Equal(t, want, StatusOf(err))
}

func chars(n int) []byte { return bytes.Repeat([]byte{'1'}, n) }

// baseSM is a valid submit_sm body used as the starting point of mutations.
func baseSM() SM {
	return SM{
		ServiceType:     []byte("CMT"),
		SourceAddrTON:   1,
		SourceAddrNPI:   1,
		SourceAddr:      []byte("40404"),
		DestAddrTON:     1,
		DestAddrNPI:     1,
		DestinationAddr: []byte("44951361920"),
		ShortMessage:    []byte("hello"),
	}
}

func TestSMFieldErrors(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*SM)
		want   Status // StatusOK = must decode
	}{
		{"service_type 5 chars ok", func(p *SM) { p.ServiceType = chars(5) }, StatusOK},
		{"service_type 6 chars", func(p *SM) { p.ServiceType = chars(6) }, StatusInvSerTyp},
		{"source_addr 20 chars ok", func(p *SM) { p.SourceAddr = chars(20) }, StatusOK},
		{"source_addr 21 chars", func(p *SM) { p.SourceAddr = chars(21) }, StatusInvSrcAdr},
		{"source_addr 40 chars", func(p *SM) { p.SourceAddr = chars(40) }, StatusInvSrcAdr},
		{"destination_addr 21 chars", func(p *SM) { p.DestinationAddr = chars(21) }, StatusInvDstAdr},
		{"schedule 16 chars ok", func(p *SM) { p.ScheduleDeliveryTime = []byte("000001000000000R") }, StatusOK},
		{"schedule 15 chars", func(p *SM) { p.ScheduleDeliveryTime = chars(15) }, StatusInvSched},
		{"schedule 17 chars", func(p *SM) { p.ScheduleDeliveryTime = chars(17) }, StatusInvSched},
		{"validity 1 char", func(p *SM) { p.ValidityPeriod = chars(1) }, StatusInvExpiry},
		{"validity 30 chars", func(p *SM) { p.ValidityPeriod = chars(30) }, StatusInvExpiry},
		{"sm_length 255 accepted", func(p *SM) { p.ShortMessage = chars(255) }, StatusOK},
		{"payload with empty short_message ok", func(p *SM) {
			p.ShortMessage = nil
			p.TLVs = TLVs{{Tag: TagMessagePayload, Value: []byte("hi")}}
		}, StatusOK},
		{"payload with short_message", func(p *SM) {
			p.TLVs = TLVs{{Tag: TagMessagePayload, Value: []byte("hi")}}
		}, StatusInvTLVStream},
		{"unknown TLV kept", func(p *SM) { p.TLVs = TLVs{{Tag: 0x1403, Value: []byte{1, 2}}, {Tag: 0x7fff}} }, StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := baseSM()
			c.mutate(&in)
			body := in.AppendBody(nil)
			var out SM
			err := out.Decode(body)
			if c.want == StatusOK {
				require.NoError(t, err)
				require.Equal(t, body, out.AppendBody(nil))
				require.Equal(t, len(in.TLVs), len(out.TLVs))
				return
			}
			requireStatus(t, err, c.want)
		})
	}
}

// Every proper prefix of a TLV-less submit_sm is a cut-short PDU.
func TestSMTruncatedIsInvMsgLen(t *testing.T) {
	raw := unhex(t, v8SubmitSM)[HeaderLen:]
	for n := 0; n < len(raw); n++ {
		var p SM
		requireStatus(t, p.Decode(raw[:n]), StatusInvMsgLen)
	}
}

func TestSMShortMessageBeyondBody(t *testing.T) {
	raw := unhex(t, v8SubmitSM)[HeaderLen:]
	body := bytes.Clone(raw)
	body[len(body)-9] = 9 // sm_length 9 with 8 octets left
	var p SM
	requireStatus(t, p.Decode(body), StatusInvMsgLen)
}

func TestSMTLVStreamErrors(t *testing.T) {
	raw := unhex(t, v13DeliverReceipt)[HeaderLen:]
	var p SM
	require.NoError(t, p.Decode(raw))
	mandatoryEnd := len(raw) - 27 // 4 TLVs: 5+5+12+5 octets

	// Cutting anywhere inside the TLV part breaks the stream: a partial
	// header or a value running past the end.
	for n := mandatoryEnd + 1; n < len(raw); n++ {
		if n == mandatoryEnd+5 || n == mandatoryEnd+10 || n == mandatoryEnd+22 {
			require.NoError(t, p.Decode(raw[:n]), "cut at a TLV boundary is fine")
			continue
		}
		requireStatus(t, p.Decode(raw[:n]), StatusInvTLVStream)
	}
	// Trailing 1..3 octets after complete TLVs.
	for extra := 1; extra <= 3; extra++ {
		body := append(bytes.Clone(raw), make([]byte, extra)...)
		requireStatus(t, p.Decode(body), StatusInvTLVStream)
	}
	// A length field larger than what follows.
	body := append(bytes.Clone(raw), 0x04, 0x24, 0x00, 0x10, 'x')
	requireStatus(t, p.Decode(body), StatusInvTLVStream)
	// A zero-length TLV is legal.
	body = append(bytes.Clone(raw), 0x13, 0x0c, 0x00, 0x00)
	require.NoError(t, p.Decode(body))
	v, ok := p.TLVs.Get(TagAlertOnMessageDelivery)
	require.True(t, ok)
	require.Empty(t, v)
}

func TestPayloadWithShortMessageInDeliver(t *testing.T) {
	// Vector 15 with sm_length 1 and one octet of text inserted.
	raw := unhex(t, v15DeliverPayload)[HeaderLen:]
	var p SM
	require.NoError(t, p.Decode(raw))
	p.ShortMessage = []byte("x")
	var q SM
	requireStatus(t, q.Decode(p.AppendBody(nil)), StatusInvTLVStream)
}

func TestSubmitMultiErrors(t *testing.T) {
	base := func() SubmitMulti {
		return SubmitMulti{
			SourceAddr:   []byte("Alice"),
			Dests:        []DestAddress{{Flag: 1, TON: 1, NPI: 1, Address: []byte("123")}, {Flag: 2, DLName: []byte("list")}},
			ShortMessage: []byte("hi"),
		}
	}
	cases := []struct {
		name   string
		mutate func(*SubmitMulti)
		want   Status
	}{
		{"ok", func(*SubmitMulti) {}, StatusOK},
		{"no dests", func(p *SubmitMulti) { p.Dests = nil }, StatusInvNumDests},
		{"254 dests ok", func(p *SubmitMulti) { p.Dests = manyDests(254) }, StatusOK},
		{"255 dests", func(p *SubmitMulti) { p.Dests = manyDests(255) }, StatusInvNumDests},
		{"dest_flag 0", func(p *SubmitMulti) { p.Dests[1].Flag = 0 }, StatusInvDestFlag},
		{"dest_flag 3", func(p *SubmitMulti) { p.Dests[0].Flag = 3 }, StatusInvDestFlag},
		{"destination_addr 21", func(p *SubmitMulti) { p.Dests[0].Address = chars(21) }, StatusInvDstAdr},
		{"dl_name 21", func(p *SubmitMulti) { p.Dests[1].DLName = chars(21) }, StatusInvDLName},
		{"source_addr 21", func(p *SubmitMulti) { p.SourceAddr = chars(21) }, StatusInvSrcAdr},
		{"validity 5", func(p *SubmitMulti) { p.ValidityPeriod = chars(5) }, StatusInvExpiry},
		{"payload and sm", func(p *SubmitMulti) { p.TLVs = TLVs{{Tag: TagMessagePayload, Value: []byte("x")}} }, StatusInvTLVStream},
		{"payload only", func(p *SubmitMulti) {
			p.ShortMessage = nil
			p.TLVs = TLVs{{Tag: TagMessagePayload, Value: []byte("long")}}
		}, StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.mutate(&in)
			body := in.AppendBody(nil)
			var out SubmitMulti
			err := out.Decode(body)
			if c.want == StatusOK {
				require.NoError(t, err)
				require.NoError(t, in.Validate())
				require.Equal(t, body, out.AppendBody(nil))
				require.Equal(t, in.Message(), out.Message())
				return
			}
			requireStatus(t, err, c.want)
			requireStatus(t, in.Validate(), c.want)
		})
	}

	// 255 written as the count octet by hand (AppendBody would write 255 too,
	// but be explicit about the wire value).
	in := base()
	body := in.AppendBody(nil)
	body[len("Alice")+4] = 255 // service_type NUL, ton, npi, "Alice\0" -> number_of_dests
	var out SubmitMulti
	requireStatus(t, out.Decode(body), StatusInvNumDests)
}

func manyDests(n int) []DestAddress {
	d := make([]DestAddress, n)
	for i := range d {
		d[i] = DestAddress{Flag: 1, TON: 1, NPI: 1, Address: []byte(fmt.Sprint(1000 + i))}
	}
	return d
}

func TestBindErrors(t *testing.T) {
	cases := []struct {
		name string
		p    Bind
		want Status
	}{
		{"ok maximal", Bind{SystemID: chars(15), Password: chars(8), SystemType: chars(12), AddressRange: chars(40)}, StatusOK},
		{"system_id 16", Bind{SystemID: chars(16)}, StatusInvSysID},
		{"password 9", Bind{Password: chars(9)}, StatusInvPaswd},
		{"system_type 13", Bind{SystemType: chars(13)}, StatusInvSysTyp},
		{"address_range 41", Bind{AddressRange: chars(41)}, StatusInvMsgLen},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := c.p.AppendBody(nil)
			var out Bind
			err := out.Decode(body)
			if c.want == StatusOK {
				require.NoError(t, err)
				require.NoError(t, c.p.Validate())
				require.Equal(t, body, out.AppendBody(nil))
				return
			}
			requireStatus(t, err, c.want)
			requireStatus(t, c.p.Validate(), c.want)
		})
	}
	// A bind cut short after the strings: the integers are missing.
	var p Bind
	requireStatus(t, p.Decode([]byte("sys\x00pw\x00\x00")), StatusInvMsgLen)
	requireStatus(t, p.Decode(nil), StatusInvMsgLen)
	// A system_id running off the end of the body is a short PDU, not a bad id.
	requireStatus(t, p.Decode([]byte("sys")), StatusInvMsgLen)
	// Trailing octets after address_range are ignored.
	body := append(unhex(t, v1BindTransmitter)[HeaderLen:], 0x02, 0x10, 0x00, 0x01, 0x34)
	require.NoError(t, p.Decode(body))
	require.Equal(t, "twitter", str(p.SystemID))
}

func TestResponsesAcceptEmptyBody(t *testing.T) {
	br := BindResp{SystemID: []byte("x"), TLVs: TLVs{{Tag: 1}}}
	require.NoError(t, br.Decode(nil))
	require.Empty(t, br.SystemID)
	require.Empty(t, br.TLVs)

	sr := SMResp{MessageID: []byte("x"), TLVs: TLVs{{Tag: 1}}}
	require.NoError(t, sr.Decode([]byte{}))
	require.Empty(t, sr.MessageID)
	require.Empty(t, sr.TLVs)

	mr := SubmitMultiResp{MessageID: []byte("x"), Unsuccess: []UnsuccessSME{{}}}
	require.NoError(t, mr.Decode(nil))
	require.Empty(t, mr.MessageID)
	require.Empty(t, mr.Unsuccess)

	// gosmpp's error submit_multi_resp: empty message_id, no_unsuccess 0.
	require.NoError(t, mr.Decode([]byte{0, 0}))
	require.Empty(t, mr.Unsuccess)

	// Requests have no such leniency.
	var sm SM
	requireStatus(t, sm.Decode(nil), StatusInvMsgLen)
}

func TestResponseErrors(t *testing.T) {
	var sr SMResp
	requireStatus(t, sr.Decode(append(chars(65), 0)), StatusInvMsgID)
	require.NoError(t, sr.Decode(append(chars(64), 0)))
	requireStatus(t, sr.Decode([]byte("123")), StatusInvMsgLen)
	requireStatus(t, sr.Decode([]byte("123\x00\x00")), StatusInvTLVStream)

	var br BindResp
	requireStatus(t, br.Decode(append(chars(16), 0)), StatusInvSysID)

	var mr SubmitMultiResp
	requireStatus(t, mr.Decode([]byte("id\x00")), StatusInvMsgLen) // no_unsuccess missing
	raw := unhex(t, v21SubmitMultiResp)[HeaderLen:]
	requireStatus(t, mr.Decode(raw[:len(raw)-1]), StatusInvMsgLen) // error_status_code cut
	bad := SubmitMultiResp{MessageID: []byte("id"), Unsuccess: []UnsuccessSME{{Address: chars(21)}}}
	requireStatus(t, mr.Decode(bad.AppendBody(nil)), StatusInvDstAdr)
	requireStatus(t, bad.Validate(), StatusInvDstAdr)
	requireStatus(t, (&SubmitMultiResp{Unsuccess: make([]UnsuccessSME, 256)}).Validate(), StatusInvNumDests)

	var qr QuerySMResp
	requireStatus(t, qr.Decode([]byte("1\x00abc\x00\x06\x00")), StatusInvMsgLen) // final_date 3 chars
	requireStatus(t, qr.Decode([]byte("1\x00\x00\x06")), StatusInvMsgLen)        // error_code missing
}

func TestOtherBodyErrors(t *testing.T) {
	var q QuerySM
	requireStatus(t, q.Decode(append(chars(70), 0)), StatusInvMsgID)
	requireStatus(t, q.Decode((&QuerySM{MessageID: []byte("1"), SourceAddr: chars(21)}).AppendBody(nil)), StatusInvSrcAdr)

	var c CancelSM
	requireStatus(t, c.Decode((&CancelSM{ServiceType: chars(6)}).AppendBody(nil)), StatusInvSerTyp)
	requireStatus(t, c.Decode((&CancelSM{MessageID: chars(65)}).AppendBody(nil)), StatusInvMsgID)
	requireStatus(t, c.Decode((&CancelSM{DestinationAddr: chars(21)}).AppendBody(nil)), StatusInvDstAdr)

	var r ReplaceSM
	requireStatus(t, r.Decode((&ReplaceSM{ScheduleDeliveryTime: chars(3)}).AppendBody(nil)), StatusInvSched)
	requireStatus(t, r.Decode((&ReplaceSM{ValidityPeriod: chars(20)}).AppendBody(nil)), StatusInvExpiry)
	raw := unhex(t, v19ReplaceSM)[HeaderLen:]
	requireStatus(t, r.Decode(raw[:len(raw)-1]), StatusInvMsgLen)

	var d DataSM
	require.NoError(t, d.Decode((&DataSM{SourceAddr: chars(64), DestinationAddr: chars(64)}).AppendBody(nil)))
	requireStatus(t, d.Decode((&DataSM{SourceAddr: chars(65)}).AppendBody(nil)), StatusInvSrcAdr)
	requireStatus(t, d.Decode((&DataSM{DestinationAddr: chars(65)}).AppendBody(nil)), StatusInvDstAdr)
	raw = unhex(t, v16DataSM)[HeaderLen:]
	requireStatus(t, d.Decode(raw[:len(raw)-1]), StatusInvTLVStream)

	var a AlertNotification
	ok := AlertNotification{SourceAddr: chars(64), EsmeAddr: []byte("esme"),
		TLVs: TLVs{{Tag: TagMsAvailabilityStatus, Value: []byte{0}}}}
	require.NoError(t, a.Decode(ok.AppendBody(nil)))
	require.Equal(t, ok.AppendBody(nil), a.AppendBody(nil))
	requireStatus(t, a.Decode((&AlertNotification{SourceAddr: chars(65)}).AppendBody(nil)), StatusInvSrcAdr)
	requireStatus(t, a.Decode((&AlertNotification{EsmeAddr: chars(65)}).AppendBody(nil)), StatusInvDstAdr)

	var o Outbind
	requireStatus(t, o.Decode((&Outbind{SystemID: chars(16)}).AppendBody(nil)), StatusInvSysID)
}

func TestValidate(t *testing.T) {
	ok := baseSM()
	require.NoError(t, ok.Validate())

	cases := []struct {
		name   string
		mutate func(*SM)
		want   Status
	}{
		{"service_type", func(p *SM) { p.ServiceType = chars(6) }, StatusInvSerTyp},
		{"source_addr", func(p *SM) { p.SourceAddr = chars(21) }, StatusInvSrcAdr},
		{"NUL inside source_addr", func(p *SM) { p.SourceAddr = []byte("12\x0034") }, StatusInvSrcAdr},
		{"destination_addr", func(p *SM) { p.DestinationAddr = chars(21) }, StatusInvDstAdr},
		{"schedule", func(p *SM) { p.ScheduleDeliveryTime = chars(10) }, StatusInvSched},
		{"validity", func(p *SM) { p.ValidityPeriod = chars(17) }, StatusInvExpiry},
		{"short_message 255", func(p *SM) { p.ShortMessage = chars(255) }, StatusInvMsgLen},
		{"payload and sm", func(p *SM) { p.TLVs = TLVs{{Tag: TagMessagePayload, Value: []byte("x")}} }, StatusInvTLVStream},
		{"TLV too long", func(p *SM) {
			p.ShortMessage = nil
			p.TLVs = TLVs{{Tag: TagMessagePayload, Value: make([]byte, 65536)}}
		}, StatusInvTLVLen},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := baseSM()
			c.mutate(&p)
			requireStatus(t, p.Validate(), c.want)
		})
	}

	// 254 octets and a 65535-octet payload are the limits, not errors.
	p := baseSM()
	p.ShortMessage = chars(254)
	require.NoError(t, p.Validate())
	p.ShortMessage = nil
	p.TLVs = TLVs{{Tag: TagMessagePayload, Value: make([]byte, 65535)}}
	require.NoError(t, p.Validate())

	requireStatus(t, (&SMResp{MessageID: chars(65)}).Validate(), StatusInvMsgID)
	requireStatus(t, (&BindResp{SystemID: chars(16)}).Validate(), StatusInvSysID)
	requireStatus(t, (&QuerySMResp{FinalDate: chars(4)}).Validate(), StatusInvMsgLen)
	requireStatus(t, (&DataSM{SourceAddr: chars(65)}).Validate(), StatusInvSrcAdr)
	requireStatus(t, (&AlertNotification{EsmeAddr: chars(65)}).Validate(), StatusInvDstAdr)
	requireStatus(t, (&Outbind{Password: chars(9)}).Validate(), StatusInvPaswd)
	requireStatus(t, (&ReplaceSM{ShortMessage: chars(300)}).Validate(), StatusInvMsgLen)
}

// Decoded fields alias the body, but appending to one must not overwrite
// the octets after it.
func TestDecodedFieldsAreCapped(t *testing.T) {
	raw := unhex(t, v8SubmitSM)
	body := raw[HeaderLen:]
	orig := bytes.Clone(body)
	var p SM
	require.NoError(t, p.Decode(body))
	_ = append(p.ServiceType, 'X')
	_ = append(p.SourceAddr, 'X', 'X')
	_ = append(p.DestinationAddr, 'X')
	require.Equal(t, orig, body)
	// And they really alias: no copy was made.
	require.Same(t, &body[3], &p.SourceAddr[0])
}

func TestDecodeErrorText(t *testing.T) {
	var p SM
	err := p.Decode(append([]byte{0, 1, 1}, chars(30)...))
	require.EqualError(t, err, "smpp: source_addr: no NUL within the field's maximum size (ESME_RINVSRCADR)")
	require.True(t, errors.Is(err, StatusInvSrcAdr))
	require.False(t, errors.Is(err, StatusInvDstAdr))

	require.Equal(t, StatusOK, StatusOf(nil))
	require.Equal(t, StatusSysErr, StatusOf(errors.New("io")))
	require.Equal(t, StatusThrottled, StatusOf(fmt.Errorf("wrapped: %w", StatusThrottled)))
	require.True(t, strings.HasPrefix((&DecodeError{Status: StatusInvCmdLen, Msg: "m"}).Error(), "smpp: m"))
}
