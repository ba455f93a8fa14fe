package main

import (
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// A fill that writes past its block must panic, never write.
func TestArenaBoundsCheck(t *testing.T) {
	var a arena
	defer a.free()
	a.init(8, 0, 0, []string{"abc"})
	a.str("abc")
	require.PanicsWithError(t, "capi: event block overflow: 2 bytes wanted at offset 12 of 12", func() { a.str("x") })
	require.Panics(t, func() { a.u32s([]uint32{1}) })
	require.Panics(t, func() { a.millis(nil, 1) })

	var b arena
	defer b.free()
	b.init(8, 0, 0, []string{"abc", "de"})
	b.str("abc")
	require.PanicsWithValue(t, "capi: event block sized 15 bytes, filled 12", b.done)
}

// Every generated fill function, on random events: the block holds exactly
// the event's strings, numbers and times after the struct, sized to the
// byte. The strings are compared as a set (the C struct may order them
// differently from the Go type); the C suite checks every field by name.
func TestFillFunctionsCopyEveryValue(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	require.NotEmpty(t, fills)
	for _, f := range fills {
		for i := 0; i < 200; i++ {
			e := f.newArgs()
			randomize(r, reflect.ValueOf(e).Elem())
			want := collect(reflect.ValueOf(e).Elem())
			var a arena
			f.fill(&a, e)
			block := unsafe.Slice((*byte)(a.base), a.size)

			strBytes := 0
			for _, s := range want.strs {
				strBytes += len(s) + 1
			}
			n := 0
			if len(want.u32s) > 0 {
				n = len(want.u32s[0])
			}
			arrays := n*8*len(want.times) + n*4*len(want.u32s)
			structSize := len(block) - strBytes - arrays
			require.Greater(t, structSize, 0, f.event)
			require.Zero(t, structSize%8, "%s: struct size %d", f.event, structSize)

			var got []string
			if strBytes > 0 {
				got = strings.Split(string(block[len(block)-strBytes:len(block)-1]), "\x00")
			}
			require.Equal(t, sorted(want.strs), sorted(got), f.event)

			off := structSize
			for _, ts := range want.times {
				for k := 0; k < n; k++ {
					var ms int64
					if k < len(ts) && !ts[k].IsZero() {
						ms = ts[k].UnixMilli()
					}
					require.Equal(t, ms, *(*int64)(unsafe.Pointer(&block[off])), "%s time %d", f.event, k)
					off += 8
				}
			}
			for _, nums := range want.u32s {
				for k := 0; k < n; k++ {
					require.Equal(t, nums[k], *(*uint32)(unsafe.Pointer(&block[off])), "%s number %d", f.event, k)
					off += 4
				}
			}
			a.free()
		}
	}
}

type values struct {
	strs  []string
	u32s  [][]uint32
	times [][]time.Time
}

// collect lists the exported strings and arrays of an event, embedded
// structs included.
func collect(v reflect.Value) values {
	var out values
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			sf := v.Type().Field(i)
			fv := v.Field(i)
			switch {
			case sf.Anonymous && fv.Kind() == reflect.Struct:
				walk(fv)
			case !sf.IsExported():
			case fv.Kind() == reflect.String:
				out.strs = append(out.strs, fv.String())
			case fv.Type() == reflect.TypeOf([]uint32(nil)):
				out.u32s = append(out.u32s, fv.Interface().([]uint32))
			case fv.Type() == reflect.TypeOf([]time.Time(nil)):
				out.times = append(out.times, fv.Interface().([]time.Time))
			}
		}
	}
	walk(v)
	return out
}

// randomize sets every exported field: strings of 0..300 bytes (multi-byte
// UTF-8 included, no NUL), arrays of 0..5 entries (the time arrays may be
// shorter or longer than the numbers they go with), zero and non-zero times.
func randomize(r *rand.Rand, v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		fv := v.Field(i)
		if sf.Anonymous && fv.Kind() == reflect.Struct {
			randomize(r, fv)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		switch {
		case fv.Kind() == reflect.String:
			var b strings.Builder
			for k := r.Intn(300); k > 0; k-- {
				b.WriteRune([]rune("aZ9 ;=é€😀")[r.Intn(9)])
			}
			fv.SetString(b.String())
		case fv.Kind() == reflect.Bool:
			fv.SetBool(r.Intn(2) == 1)
		case fv.Kind() >= reflect.Int && fv.Kind() <= reflect.Int64:
			fv.SetInt(r.Int63())
		case fv.Kind() >= reflect.Uint && fv.Kind() <= reflect.Uint64:
			fv.SetUint(r.Uint64())
		case fv.Type() == reflect.TypeOf(time.Time{}):
			fv.Set(reflect.ValueOf(randomTime(r)))
		case fv.Type() == reflect.TypeOf([]uint32(nil)):
			s := make([]uint32, r.Intn(6))
			for k := range s {
				s[k] = r.Uint32()
			}
			fv.Set(reflect.ValueOf(s))
		case fv.Type() == reflect.TypeOf([]time.Time(nil)):
			s := make([]time.Time, r.Intn(6))
			for k := range s {
				s[k] = randomTime(r)
			}
			fv.Set(reflect.ValueOf(s))
		default:
			panic("randomize: no rule for " + sf.Name + " " + fv.Type().String())
		}
	}
}

func randomTime(r *rand.Rand) time.Time {
	if r.Intn(4) == 0 {
		return time.Time{}
	}
	return time.UnixMilli(r.Int63n(4e12) + 1)
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}
