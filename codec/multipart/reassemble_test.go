package multipart

import (
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

var t0 = time.Date(2026, 11, 21, 23, 20, 18, 0, time.UTC)

func key(ref uint16) Key {
	return Key{Client: 7, Originator: "4412345", Destination: "1234", Ref: ref}
}

type step struct {
	total, seq uint8
	data       string
	id         uint64
	done, dup  bool
	whole      string
	ids        []uint64
}

func runSteps(t *testing.T, r *Reassembler, k Key, steps []step) {
	t.Helper()
	for i, s := range steps {
		whole, ids, done, dup, err := r.Add(t0.Add(time.Duration(i)*time.Second), k, s.total, s.seq, []byte(s.data), s.id)
		require.NoError(t, err, "step %d", i)
		require.Equal(t, s.done, done, "step %d done", i)
		require.Equal(t, s.dup, dup, "step %d dup", i)
		if s.done {
			require.Equal(t, s.whole, string(whole), "step %d", i)
			require.Equal(t, s.ids, ids, "step %d", i)
		} else {
			require.Nil(t, whole)
		}
	}
}

func TestReassembleOrders(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"in order", []step{
			{3, 1, "aa", 10, false, false, "", nil},
			{3, 2, "bb", 11, false, false, "", nil},
			{3, 3, "cc", 12, true, false, "aabbcc", []uint64{10, 11, 12}},
		}},
		{"reverse order", []step{
			{3, 3, "cc", 12, false, false, "", nil},
			{3, 2, "bb", 11, false, false, "", nil},
			{3, 1, "aa", 10, true, false, "aabbcc", []uint64{10, 11, 12}},
		}},
		{"middle last", []step{
			{3, 3, "cc", 30, false, false, "", nil},
			{3, 1, "aa", 10, false, false, "", nil},
			{3, 2, "bb", 20, true, false, "aabbcc", []uint64{10, 20, 30}},
		}},
		{"duplicates ignored", []step{
			{3, 2, "bb", 11, false, false, "", nil},
			{3, 2, "bb", 99, false, true, "", nil},
			{3, 1, "aa", 10, false, false, "", nil},
			{3, 1, "aa", 98, false, true, "", nil},
			{3, 3, "cc", 12, true, false, "aabbcc", []uint64{10, 11, 12}},
		}},
		{"single part completes at once", []step{
			{1, 1, "solo", 5, true, false, "solo", []uint64{5}},
			{1, 1, "solo", 6, true, false, "solo", []uint64{6}}, // no reference, no dedupe
		}},
		{"reference reused after completion", []step{
			{2, 1, "a1", 1, false, false, "", nil},
			{2, 2, "a2", 2, true, false, "a1a2", []uint64{1, 2}},
			{2, 1, "b1", 3, false, false, "", nil}, // new data under the same ref: a new message
			{2, 2, "b2", 4, true, false, "b1b2", []uint64{3, 4}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReassembler(time.Minute, 10, 1<<16)
			runSteps(t, r, key(1), tc.steps)
			n, _ := r.Pending()
			require.Zero(t, n)
			require.Empty(t, r.Expire(t0.Add(time.Hour)))
			_, bytes := r.Pending()
			require.Zero(t, bytes, "all memory given back")
		})
	}
}

// Late copies of parts of a completed message are reported as duplicates
// and, if nothing else comes, end as ReasonDuplicate — not as an incomplete
// message of the sender's, and never delivered twice.
func TestReassembleLateDuplicates(t *testing.T) {
	r := NewReassembler(time.Minute, 10, 1<<16)
	runSteps(t, r, key(1), []step{
		{3, 1, "aa", 10, false, false, "", nil},
		{3, 2, "bb", 11, false, false, "", nil},
		{3, 3, "cc", 12, true, false, "aabbcc", []uint64{10, 11, 12}},
		{3, 3, "cc", 97, false, true, "", nil}, // response to part 3 was lost: resent
		{3, 3, "cc", 96, false, true, "", nil},
	})
	ex := r.Expire(t0.Add(time.Hour))
	require.Len(t, ex, 1)
	require.Equal(t, ReasonDuplicate, ex[0].Reason)
	require.Equal(t, []uint64{97}, ex[0].IDs)
	_, b := r.Pending()
	require.Zero(t, b)
}

// A client with a fixed reference sends two long messages with the same
// first part: the second must not be swallowed as a duplicate.
func TestReassembleSameFirstPartNewMessage(t *testing.T) {
	r := NewReassembler(time.Minute, 10, 1<<16)
	runSteps(t, r, key(0), []step{
		{2, 1, "Dear customer, ", 1, false, false, "", nil},
		{2, 2, "your code is 1111", 2, true, false, "Dear customer, your code is 1111", []uint64{1, 2}},
		{2, 1, "Dear customer, ", 3, false, true, "", nil},
		{2, 2, "your code is 2222", 4, true, false, "Dear customer, your code is 2222", []uint64{3, 4}},
		// and the very same message again is delivered again
		{2, 1, "Dear customer, ", 5, false, true, "", nil},
		{2, 2, "your code is 2222", 6, true, false, "Dear customer, your code is 2222", []uint64{5, 6}},
		// also when the new message's differing part comes first
		{2, 2, "your code is 3333", 8, false, false, "", nil},
		{2, 1, "Dear customer, ", 7, true, false, "Dear customer, your code is 3333", []uint64{7, 8}},
	})
	require.Empty(t, r.Expire(t0.Add(time.Hour)))
}

func TestReassembleKeysSeparate(t *testing.T) {
	r := NewReassembler(time.Minute, 10, 1<<16)
	keys := []Key{key(1), key(2), {Client: 8, Originator: "4412345", Destination: "1234", Ref: 1},
		{Client: 7, Originator: "other", Destination: "1234", Ref: 1}, {Client: 7, Originator: "4412345", Destination: "other", Ref: 1}}
	for i, k := range keys {
		_, _, done, _, err := r.Add(t0, k, 2, 1, []byte{byte('a' + i)}, uint64(i))
		require.NoError(t, err)
		require.False(t, done)
	}
	n, _ := r.Pending()
	require.Equal(t, len(keys), n)
	for i, k := range keys {
		whole, _, done, _, err := r.Add(t0, k, 2, 2, []byte{'!'}, 0)
		require.NoError(t, err)
		require.True(t, done)
		require.Equal(t, string(rune('a'+i))+"!", string(whole))
	}
}

// A part that never comes: the message is reported after the timeout,
// never silently dropped and never delivered half.
func TestReassembleTimeout(t *testing.T) {
	r := NewReassembler(30*time.Second, 10, 1<<16)
	_, ok := r.NextDeadline()
	require.False(t, ok)
	_, _, _, _, err := r.Add(t0, key(5), 3, 1, []byte("p1"), 101)
	require.NoError(t, err)
	_, _, _, _, err = r.Add(t0.Add(10*time.Second), key(5), 3, 3, []byte("p3"), 103)
	require.NoError(t, err)
	_, _, _, _, err = r.Add(t0.Add(5*time.Second), key(6), 2, 2, []byte("q2"), 202)
	require.NoError(t, err)

	// key(6)'s last part is the oldest activity (t0+5s) → first deadline
	dl, ok := r.NextDeadline()
	require.True(t, ok)
	require.Equal(t, t0.Add(35*time.Second), dl)
	require.Empty(t, r.Expire(t0.Add(34*time.Second)))
	ex := r.Expire(t0.Add(35 * time.Second))
	require.Len(t, ex, 1)
	require.Equal(t, Expired{Key: key(6), Total: 2, Received: 1, IDs: []uint64{202}, Seqs: []uint8{2},
		First: t0.Add(5 * time.Second), Last: t0.Add(5 * time.Second), Reason: ReasonTimeout}, ex[0])

	// the timeout counts from the newest part of a message (t0+10s)
	dl, _ = r.NextDeadline()
	require.Equal(t, t0.Add(40*time.Second), dl)
	ex = r.Expire(t0.Add(time.Hour))
	require.Len(t, ex, 1)
	require.Equal(t, 3, ex[0].Total)
	require.Equal(t, 2, ex[0].Received)
	require.Equal(t, []uint64{101, 103}, ex[0].IDs)
	require.Equal(t, []uint8{1, 3}, ex[0].Seqs)
	require.Equal(t, "timeout", ex[0].Reason.String())
	_, ok = r.NextDeadline()
	require.False(t, ok)
	// the missing part arriving later starts a new (incomplete) message
	_, _, done, _, err := r.Add(t0.Add(2*time.Hour), key(5), 3, 2, []byte("p2"), 102)
	require.NoError(t, err)
	require.False(t, done)
}

func TestReassembleReferenceReused(t *testing.T) {
	r := NewReassembler(time.Minute, 10, 1<<16)
	_, _, _, _, _ = r.Add(t0, key(1), 3, 1, []byte("old1"), 1)
	// the same reference with another total: the old message is given up
	_, _, done, _, err := r.Add(t0.Add(time.Second), key(1), 2, 1, []byte("new1"), 2)
	require.NoError(t, err)
	require.False(t, done)
	dl, ok := r.NextDeadline()
	require.True(t, ok)
	require.Equal(t, t0.Add(time.Second), dl, "report due at once")
	// the same seq with other data: again a new message
	_, _, _, _, _ = r.Add(t0.Add(2*time.Second), key(1), 2, 1, []byte("newer1"), 3)
	ex := r.Expire(t0.Add(2 * time.Second))
	require.Len(t, ex, 2)
	require.Equal(t, ReasonReplaced, ex[0].Reason)
	require.Equal(t, []uint64{1}, ex[0].IDs)
	require.Equal(t, []uint64{2}, ex[1].IDs)
	whole, ids, done, _, err := r.Add(t0.Add(3*time.Second), key(1), 2, 2, []byte("newer2"), 4)
	require.NoError(t, err)
	require.True(t, done)
	require.Equal(t, "newer1newer2", string(whole))
	require.Equal(t, []uint64{3, 4}, ids)
}

func TestReassembleLimits(t *testing.T) {
	r := NewReassembler(time.Minute, 2, 1<<16)
	_, _, _, _, err := r.Add(t0, key(1), 2, 1, []byte("a"), 1)
	require.NoError(t, err)
	_, _, _, _, err = r.Add(t0, key(2), 2, 1, []byte("a"), 1)
	require.NoError(t, err)
	_, _, _, _, err = r.Add(t0, key(3), 2, 1, []byte("a"), 1)
	require.ErrorIs(t, err, ErrFull, "a third pending message")
	// parts of pending messages are still taken
	_, _, done, _, err := r.Add(t0, key(1), 2, 2, []byte("b"), 2)
	require.NoError(t, err)
	require.True(t, done)
	_, _, _, _, err = r.Add(t0, key(3), 2, 1, []byte("a"), 1)
	require.NoError(t, err)

	// byte budget
	r = NewReassembler(time.Minute, 100, 2000)
	_, _, _, _, err = r.Add(t0, key(1), 3, 1, make([]byte, 1000), 1)
	require.NoError(t, err)
	_, _, _, _, err = r.Add(t0, key(1), 3, 2, make([]byte, 1000), 2)
	require.ErrorIs(t, err, ErrFull)
	_, b := r.Pending()
	require.LessOrEqual(t, b, 2000)
	require.Equal(t, int32(-5), ErrFull.Code())
	_, _, _, _, err = r.Add(t0, key(1), 0, 1, nil, 1)
	require.ErrorIs(t, err, ErrBadPart)
	_, _, _, _, err = r.Add(t0, key(1), 2, 3, nil, 1)
	require.ErrorIs(t, err, ErrBadPart)
	_, _, _, _, err = r.Add(t0, key(1), 2, 0, nil, 1)
	require.ErrorIs(t, err, ErrBadPart)
}

func TestReassembleFlush(t *testing.T) {
	r := NewReassembler(0, 0, 0) // defaults
	_, _, _, _, _ = r.Add(t0, key(1), 2, 1, []byte("a"), 1)
	_, _, _, _, _ = r.Add(t0, key(2), 3, 3, []byte("c"), 9)
	ex := r.Flush()
	require.Len(t, ex, 2)
	require.Equal(t, ReasonFlushed, ex[0].Reason)
	n, _ := r.Pending()
	require.Zero(t, n)
}

func TestReassembleData(t *testing.T) {
	// The data is copied: the caller may reuse its buffer.
	r := NewReassembler(time.Minute, 10, 1<<16)
	buf := []byte("first")
	_, _, _, _, _ = r.Add(t0, key(1), 2, 1, buf, 1)
	copy(buf, "XXXXX")
	whole, _, _, _, _ := r.Add(t0, key(1), 2, 2, []byte("second"), 2)
	require.Equal(t, "firstsecond", string(whole))
}

// Escape pairs and surrogate pairs cut by a careless sender still decode,
// because parts are joined before decoding.
func TestReassembleCutPairs(t *testing.T) {
	r := NewReassembler(time.Minute, 10, 1<<16)
	_, _, _, _, _ = r.Add(t0, key(1), 2, 1, []byte{'a', text.GSMEscape}, 1)
	whole, _, _, _, _ := r.Add(t0, key(1), 2, 2, []byte{0x65, 'b'}, 2)
	s, _ := text.Decode(sms.Et7BitText, whole)
	require.Equal(t, "a€b", s)
	_, _, _, _, _ = r.Add(t0, key(2), 2, 1, []byte{0x00, 0x61, 0xD8, 0x3D}, 1)
	whole, _, _, _, _ = r.Add(t0, key(2), 2, 2, []byte{0xDE, 0x00}, 2)
	s, _ = text.Decode(sms.EtUCS2Text, whole)
	require.Equal(t, "a😀", s)
	// CIMD2: the raw 033 text is joined, then decoded
	_, _, _, _, _ = r.Add(t0, key(3), 2, 1, []byte("x_XX"), 1)
	whole, _, _, _, _ = r.Add(t0, key(3), 2, 2, []byte("(y"), 2)
	s, _ = text.DecodeCIMD2UserData(string(whole))
	require.Equal(t, "x{y", s)
}

// Split then reassemble in random order, with duplicates, for every mode
// and encoding; the keys come from the UDH (8- and 16-bit) or SAR values.
func TestSplitReassembleRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	contents := map[sms.Encoding]string{
		sms.Et7BitText:        strings.Repeat("Hello @{€]ä Ωmega ", 30),
		sms.EtUCS2Text:        strings.Repeat("Привет 😀 мир ", 20),
		sms.Et8BitHexadecimal: strings.Repeat("00FF7F80", 100),
		sms.EtISO88595:        strings.Repeat("Привет мир ", 30),
		sms.EtWAPPushOrMMS:    strings.Repeat("0A0B", 150),
	}
	for enc, content := range contents {
		for _, mode := range []Mode{ModeUDH8, ModeUDH16, ModeSAR, ModePayload} {
			t.Run(fmt.Sprintf("%v/%v", enc, mode), func(t *testing.T) {
				parts, err := Split(enc, content, nil, mode, 0xBEEF)
				require.NoError(t, err)
				order := rnd.Perm(len(parts))
				order = append(order, order[:len(order)/2]...) // duplicates
				rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
				r := NewReassembler(time.Minute, 10, 1<<20)
				var whole []byte
				var ids []uint64
				completions := 0
				for _, i := range order {
					p := parts[i]
					k := Key{Client: 1, Originator: "a", Destination: "b"}
					total, seq := p.Total, p.Seq
					if c, ok := FindConcat(p.UDH); ok {
						k.Ref, total, seq = c.Ref, c.Total, c.Seq
					} else if mode == ModeSAR {
						k.Ref = p.Ref
					}
					w, id, done, _, err := r.Add(t0, k, total, seq, p.Data, uint64(seq))
					require.NoError(t, err)
					if done {
						completions++
						whole, ids = w, id
					}
				}
				require.Equal(t, 1, completions)
				require.Len(t, ids, len(parts))
				for i, id := range ids {
					require.Equal(t, uint64(i+1), id)
				}
				s, err := text.Decode(enc, whole)
				require.NoError(t, err)
				require.Equal(t, strings.ToUpper(content), strings.ToUpper(s))
			})
		}
	}
}

func TestReassembleConcurrent(t *testing.T) {
	r := NewReassembler(time.Minute, 1000, 1<<22)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for m := 0; m < 50; m++ {
				k := Key{Client: int64(g), Ref: uint16(m)}
				for seq := uint8(3); seq >= 1; seq-- {
					whole, _, done, _, err := r.Add(t0, k, 3, seq, []byte{seq}, 0)
					if err != nil || (seq == 1) != done || (done && string(whole) != "\x01\x02\x03") {
						t.Errorf("g%d m%d seq%d: %v %v %q", g, m, seq, err, done, whole)
					}
				}
				r.NextDeadline()
				r.Expire(t0)
			}
		}(g)
	}
	wg.Wait()
	n, _ := r.Pending()
	require.Zero(t, n)
}
