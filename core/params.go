package core

import (
	"strconv"
	"strings"
	"time"
)

// Params is a parsed ExtendedParameters string (docs/api.md,
// "ExtendedParameters"): "key=value; key2 = value2". Keys are case-insensitive
// and may carry a protocol prefix ("smpp.", "ucp.", "cimd2."), which Get ignores
// when the prefix matches the protocol asked for. Unknown keys are simply never
// read.
type Params struct {
	keys   []string // lower-case, prefix kept
	values []string
}

// ParseParams never fails: malformed pieces (no '=') are kept as keys with
// an empty value, because a host typo must not make a whole call fail.
func ParseParams(s string) Params {
	var p Params
	for len(s) > 0 {
		var item string
		if i := strings.IndexByte(s, ';'); i >= 0 {
			item, s = s[:i], s[i+1:]
		} else {
			item, s = s, ""
		}
		k, v, _ := strings.Cut(item, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "" {
			continue
		}
		p.keys = append(p.keys, k)
		p.values = append(p.values, strings.TrimSpace(v))
	}
	return p
}

// Get returns the last value given for key, accepting it with or without
// the protocol prefix (proto is "smpp", "ucp" or "cimd2"; may be "").
func (p Params) Get(proto, key string) (string, bool) {
	key = strings.ToLower(key)
	for i := len(p.keys) - 1; i >= 0; i-- {
		k := p.keys[i]
		if k == key {
			return p.values[i], true
		}
		if proto != "" && len(k) == len(proto)+1+len(key) && strings.HasPrefix(k, proto) &&
			k[len(proto)] == '.' && k[len(proto)+1:] == key {
			return p.values[i], true
		}
	}
	return "", false
}

// Each calls fn for every pair, in order, with the key lower-cased and the
// protocol prefix removed when it equals proto.
func (p Params) Each(proto string, fn func(key, value string)) {
	for i, k := range p.keys {
		if proto != "" && strings.HasPrefix(k, proto+".") {
			k = k[len(proto)+1:]
		}
		fn(k, p.values[i])
	}
}

// Int reads an integer value; base prefixes (0x) are accepted.
func (p Params) Int(proto, key string, def int64) (int64, bool, error) {
	v, ok := p.Get(proto, key)
	if !ok || v == "" {
		return def, false, nil
	}
	n, err := strconv.ParseInt(v, 0, 64)
	if err != nil {
		return def, true, ErrInvalidArgument
	}
	return n, true, nil
}

// Seconds reads a duration given in seconds (fractions allowed), or with a
// Go duration suffix ("500ms").
func (p Params) Seconds(proto, key string, def time.Duration) (time.Duration, error) {
	v, ok := p.Get(proto, key)
	if !ok || v == "" {
		return def, nil
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if f < 0 {
			return def, ErrInvalidArgument
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return def, ErrInvalidArgument
	}
	return d, nil
}

// ParamsBuilder formats event ExtendedParameters in the same syntax the
// host uses for calls, so values can be fed back unchanged.
type ParamsBuilder struct{ b []byte }

func (pb *ParamsBuilder) Add(key, value string) {
	if len(pb.b) > 0 {
		pb.b = append(pb.b, ';')
	}
	pb.b = append(pb.b, key...)
	pb.b = append(pb.b, '=')
	pb.b = append(pb.b, value...)
}

// AddRaw appends already formatted "k=v;k2=v2" text.
func (pb *ParamsBuilder) AddRaw(kv string) {
	if kv == "" {
		return
	}
	if len(pb.b) > 0 {
		pb.b = append(pb.b, ';')
	}
	pb.b = append(pb.b, kv...)
}

func (pb *ParamsBuilder) AddInt(key string, v int64) {
	pb.Add(key, strconv.FormatInt(v, 10))
}

func (pb *ParamsBuilder) String() string { return string(pb.b) }
