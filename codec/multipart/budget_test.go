package multipart

import (
	"errors"
	"testing"
	"time"
)

// Two reassemblers sharing a budget: the second is refused once the first
// holds it, and everything comes back after Flush and Release.
func TestBudgetSharedBetweenReassemblers(t *testing.T) {
	b := NewBudget(2000)
	r1 := NewReassembler(time.Minute, 100, 1<<20)
	r2 := NewReassembler(time.Minute, 100, 1<<20)
	r1.SetBudget(b)
	r2.SetBudget(b)
	now := time.Unix(1000, 0)
	part := make([]byte, 1500)
	if _, _, _, _, err := r1.Add(now, Key{Client: 1, Ref: 1}, 2, 1, part, 1); err != nil {
		t.Fatal(err)
	}
	if _, _, _, _, err := r2.Add(now, Key{Client: 2, Ref: 1}, 2, 1, part, 2); !errors.Is(err, ErrFull) {
		t.Fatalf("second reassembler: err %v, want ErrFull", err)
	}
	if _, _, done, _, err := r1.Add(now, Key{Client: 1, Ref: 2}, 2, 1, make([]byte, 600), 3); !errors.Is(err, ErrFull) || done {
		t.Fatalf("over the budget in the same reassembler: err %v", err)
	}
	if _, _, done, _, err := r1.Add(now, Key{Client: 1, Ref: 1}, 2, 2, []byte("end"), 4); err != nil || !done {
		t.Fatalf("completing part: done %v err %v", done, err)
	}
	if b.Used() == 0 {
		t.Fatal("a completed message is remembered, and charged, for duplicate detection")
	}
	r1.Flush()
	r1.Release()
	if got := b.Used(); got != 0 {
		t.Fatalf("after Flush and Release the budget holds %d", got)
	}
	if _, _, _, _, err := r2.Add(now, Key{Client: 2, Ref: 1}, 2, 1, part, 2); err != nil {
		t.Fatalf("after the release: %v", err)
	}
	if NewBudget(0) != nil || NewBudget(0).Used() != 0 {
		t.Fatal("a zero budget is no limit")
	}
}
