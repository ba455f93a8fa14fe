package store

import (
	"slices"
	"sort"
)

// msgList holds the memory backend's records in id order as a list of
// sorted blocks, each block's ids above the previous block's. Ids grow
// with time, so nearly every insert goes after the last id and is an
// append to the last block: no search, no comparison function called
// twenty times as a B-tree insert does (that was a seventh of smscd's CPU
// under load). An id out of order (two submits racing) lands near the end
// of the last block, and a purge deletes from the front block by block.
type msgList struct {
	blocks [][]msgItem // none empty
}

// blockMax is the length of a block appended to; a block split in the
// middle may hold up to twice as many.
const blockMax = 256

func (l *msgList) last() *msgItem {
	b := l.blocks[len(l.blocks)-1]
	return &b[len(b)-1]
}

// search finds the first item with an id >= id: its block and index
// (bi == len(l.blocks) when there is none).
func (l *msgList) search(id string) (bi, i int) {
	bi = sort.Search(len(l.blocks), func(k int) bool {
		b := l.blocks[k]
		return b[len(b)-1].id >= id
	})
	if bi < len(l.blocks) {
		b := l.blocks[bi]
		i = sort.Search(len(b), func(k int) bool { return b[k].id >= id })
	}
	return bi, i
}

func (l *msgList) get(id string) (msgItem, bool) {
	if bi, i := l.search(id); bi < len(l.blocks) && l.blocks[bi][i].id == id {
		return l.blocks[bi][i], true
	}
	return msgItem{}, false
}

// put inserts it, or replaces the item with its id.
func (l *msgList) put(it msgItem) {
	if n := len(l.blocks); n == 0 || l.last().id < it.id {
		if n == 0 || len(l.blocks[n-1]) >= blockMax {
			l.blocks = append(l.blocks, make([]msgItem, 0, blockMax))
			n++
		}
		l.blocks[n-1] = append(l.blocks[n-1], it)
		return
	}
	bi, i := l.search(it.id) // bi is a block: it.id <= the last id
	b := l.blocks[bi]
	if b[i].id == it.id {
		b[i] = it
		return
	}
	b = slices.Insert(b, i, it)
	if len(b) > 2*blockMax {
		l.blocks = slices.Insert(l.blocks, bi+1, slices.Clone(b[blockMax:]))
		clear(b[blockMax:])
		b = b[:blockMax]
	}
	l.blocks[bi] = b
}

// deleteSorted deletes the items with the ids given, in ascending order,
// compacting each block once.
func (l *msgList) deleteSorted(ids []string) {
	var touched []int
	for _, id := range ids {
		bi, i := l.search(id)
		if bi == len(l.blocks) || l.blocks[bi][i].id != id {
			continue
		}
		l.blocks[bi][i].v = nil // a mark: a stored encoding is never nil
		if len(touched) == 0 || touched[len(touched)-1] != bi {
			touched = append(touched, bi)
		}
	}
	for k := len(touched) - 1; k >= 0; k-- { // backwards: removing a block moves those after it
		bi := touched[k]
		b := slices.DeleteFunc(l.blocks[bi], func(it msgItem) bool { return it.v == nil })
		if len(b) == 0 {
			l.blocks = slices.Delete(l.blocks, bi, bi+1)
		} else {
			l.blocks[bi] = b
		}
	}
}

// ascend calls f on the items from the first with an id >= from, in
// order, while it returns true.
func (l *msgList) ascend(from string, f func(msgItem) bool) {
	bi, i := l.search(from)
	for ; bi < len(l.blocks); bi, i = bi+1, 0 {
		for _, it := range l.blocks[bi][i:] {
			if !f(it) {
				return
			}
		}
	}
}

// descend calls f on the items from the last with an id <= from (from ""
// = from the last of all), newest first, while it returns true.
func (l *msgList) descend(from string, f func(msgItem) bool) {
	bi, i := len(l.blocks)-1, 0
	if bi < 0 {
		return
	}
	i = len(l.blocks[bi]) - 1
	if from != "" {
		bi, i = l.search(from)
		if bi == len(l.blocks) || l.blocks[bi][i].id != from {
			i-- // the one before the first above from
		}
		if i < 0 {
			if bi--; bi < 0 {
				return
			}
			i = len(l.blocks[bi]) - 1
		}
	}
	for ; bi >= 0; bi-- {
		b := l.blocks[bi]
		if i < 0 {
			i = len(b) - 1
		}
		for ; i >= 0; i-- {
			if !f(b[i]) {
				return
			}
		}
	}
}
