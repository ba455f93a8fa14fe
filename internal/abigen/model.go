package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Model joins the header and package core: every event with its C struct
// and Go type, every struct field with the Go field that fills it.
type Model struct {
	H       *Header
	Core    *Core
	Version Version
	// Events in the order of their smscSetOn... functions in the header.
	Events []*Event
	// ArgStructs are the structs events pass, in header order.
	ArgStructs []*ArgStruct
	// OutStructs are the structs a function fills for the caller
	// (smscStatistics): plain integers and arrays of them, no pointers, so
	// every binding mirrors them as a blittable value.
	OutStructs []*Struct
	// Protocols in the order their handler sets are met: "" (TCP, shared
	// by all), then one per handler set.
	Protocols []*Protocol
}

// Version is the library version from the header's macros.
type Version struct {
	Major, Minor, Patch int
	ABI                 int
}

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Protocol is one server object of the C API and its Go handler set.
type Protocol struct {
	Name       string // "SMPP", "UCP", "CIMD2"; "" for the TCP events every server has
	Prefix     string // "smpp", "ucp", "cimd2": function and struct prefix
	HandlerSet string // "SMPPHandlers"
	Server     string // "SMPPServer"
	Events     []*Event
}

// Event is one callback of the C API.
type Event struct {
	Name     string // "OnSmppLoginReceived"
	Setter   string // "smscSetOnSmppLoginReceived"
	Callback *Callback
	ArgName  string     // the typedef the callback takes: "smppSubmitMessageReceivedEventArgs"
	Struct   *ArgStruct // the struct behind it
	GoType   string     // "SmppLoginReceivedEventArgs"
	Request  bool
	Protocol *Protocol
	Fields   []*BoundField // Struct's fields, bound to GoType's
}

// ArgStruct is an event struct with the names that refer to it.
type ArgStruct struct {
	*Struct
	// Names are the typedef names events use for it: the struct itself,
	// or its aliases when several events share it (Received/Completed).
	Names  []string
	Events []*Event
}

// Shared reports whether several events pass this struct under their own names.
func (a *ArgStruct) Shared() bool { return len(a.Names) > 1 || a.Names[0] != a.Name }

// Request reports whether any event passing this struct is a request.
func (a *ArgStruct) Request() bool {
	for _, e := range a.Events {
		if e.Request {
			return true
		}
	}
	return false
}

// BoundField is a C field and what fills it from the event's Go type.
type BoundField struct {
	*Field
	Kind   FieldKind
	GoType string // the Go field's type; "" when the Go type lacks the field (an empty array)
	// Count is the size_t field holding the length of an array field, and
	// for a count field, the array fields it counts (in C order).
	Count  *Field
	Arrays []*BoundField
}

// FieldKind is how a field crosses the boundary.
type FieldKind int

const (
	KindInt    FieldKind = iota // an integer, a flag set or an enum
	KindBool                    // Go bool, C int32_t 0/1
	KindTime                    // Go time.Time, C int64_t Unix ms (0 = not set)
	KindString                  // Go string, C const char * UTF-8
	KindU32s                    // Go []uint32, C const uint32_t * + count
	KindTimes                   // Go []time.Time, C const int64_t * + count
	KindCount                   // C size_t: the length of the arrays before it
)

var cInts = map[string]bool{"int32_t": true, "uint32_t": true, "uint8_t": true, "uint16_t": true, "int64_t": true}

// BuildModel checks the header against package core and joins them.
func BuildModel(h *Header, c *Core) (*Model, error) {
	m := &Model{H: h, Core: c}
	if err := m.version(); err != nil {
		return nil, err
	}
	common := &Protocol{}
	m.Protocols = append(m.Protocols, common)
	byEvent := map[string][]*HandlerSet{}
	for _, hs := range c.Handlers {
		for _, he := range hs.Events {
			byEvent[he.Name] = append(byEvent[he.Name], hs)
		}
		name := strings.TrimSuffix(hs.Name, "Handlers")
		m.Protocols = append(m.Protocols, &Protocol{
			Name: name, Prefix: strings.ToLower(name), HandlerSet: hs.Name, Server: name + "Server",
		})
	}
	structs := map[string]*ArgStruct{}
	for _, f := range h.Functions {
		if !strings.HasPrefix(f.Name, "smscSetOn") {
			continue
		}
		ev, err := m.event(f, byEvent, structs)
		if err != nil {
			return nil, err
		}
		m.Events = append(m.Events, ev)
	}
	m.orderProtocols()
	for _, s := range h.Structs {
		if a := structs[s.Name]; a != nil {
			m.ArgStructs = append(m.ArgStructs, a)
		} else if m.filledBy(s) {
			if err := checkOutStruct(s); err != nil {
				return nil, err
			}
			m.OutStructs = append(m.OutStructs, s)
		} else if !s.Opaque {
			return nil, fmt.Errorf("header line %d: struct %s is passed by no event and filled by no function", s.Line, s.Name)
		}
	}
	for name := range byEvent {
		found := false
		for _, e := range m.Events {
			found = found || e.Name == name
		}
		if !found {
			return nil, fmt.Errorf("core has a handler %s but the header has no smscSet%s", name, name)
		}
	}
	return m, nil
}

// orderProtocols puts the protocols in the order the header first
// registers their events (SMPP, UCP/EMI, CIMD2), the TCP events first.
func (m *Model) orderProtocols() {
	first := map[*Protocol]int{}
	for i, e := range m.Events {
		if _, ok := first[e.Protocol]; !ok {
			first[e.Protocol] = i
		}
	}
	var kept []*Protocol
	for _, p := range m.Protocols {
		if _, ok := first[p]; ok {
			kept = append(kept, p)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return first[kept[i]] < first[kept[j]] })
	m.Protocols = kept
}

func (m *Model) version() error {
	var err error
	get := func(name string) int {
		v, ok := m.H.Defines[name]
		if !ok {
			err = fmt.Errorf("the header lacks #define %s", name)
			return 0
		}
		var n int
		if _, e := fmt.Sscan(v, &n); e != nil {
			err = fmt.Errorf("#define %s %s: want a number", name, v)
		}
		return n
	}
	m.Version = Version{
		Major: get("SMSCSERVER_VERSION_MAJOR"), Minor: get("SMSCSERVER_VERSION_MINOR"),
		Patch: get("SMSCSERVER_VERSION_PATCH"), ABI: get("SMSCSERVER_ABI_VERSION"),
	}
	if err != nil {
		return err
	}
	if want := fmt.Sprintf("%q", m.Version.String()); m.H.Defines["SMSCSERVER_VERSION"] != want {
		return fmt.Errorf("#define SMSCSERVER_VERSION must be %s (from the MAJOR, MINOR and PATCH macros)", want)
	}
	return nil
}

func (m *Model) event(f *Function, byEvent map[string][]*HandlerSet, structs map[string]*ArgStruct) (*Event, error) {
	name := strings.TrimPrefix(f.Name, "smscSet")
	if len(f.Params) != 3 || f.Ret != "int" || f.Params[0].CType != "SMSCserver *" || f.Params[2].CType != "void *" {
		return nil, fmt.Errorf("%s: a registration must be int %s(SMSCserver *h, <callback> cb, void *userData)", f.Name, f.Name)
	}
	cb := m.H.Callback(f.Params[1].CType)
	if cb == nil {
		return nil, fmt.Errorf("%s: %s is not a callback typedef of the header", f.Name, f.Params[1].CType)
	}
	st := m.H.Struct(cb.Arg)
	if st == nil {
		return nil, fmt.Errorf("callback %s: no struct %s", cb.Name, cb.Arg)
	}
	sets := byEvent[name]
	if len(sets) == 0 {
		return nil, fmt.Errorf("%s: package core has no handler field %s", f.Name, name)
	}
	goType := ""
	for _, hs := range sets {
		for _, he := range hs.Events {
			if he.Name == name {
				if goType != "" && goType != he.Arg {
					return nil, fmt.Errorf("%s takes %s in one handler set and %s in another", name, goType, he.Arg)
				}
				goType = he.Arg
			}
		}
	}
	ev := &Event{Name: name, Setter: f.Name, Callback: cb, ArgName: cb.Arg, GoType: goType,
		Request: m.Core.IsRequest(goType)}
	if len(sets) == len(m.Core.Handlers) {
		ev.Protocol = m.Protocols[0]
	} else if len(sets) == 1 {
		for _, p := range m.Protocols {
			if p.HandlerSet == sets[0].Name {
				ev.Protocol = p
			}
		}
	} else {
		return nil, fmt.Errorf("%s is in some handler sets but not all", name)
	}
	ev.Protocol.Events = append(ev.Protocol.Events, ev)
	a := structs[st.Name]
	if a == nil {
		a = &ArgStruct{Struct: st}
		structs[st.Name] = a
	}
	if !slices.Contains(a.Names, cb.Arg) {
		a.Names = append(a.Names, cb.Arg)
	}
	a.Events = append(a.Events, ev)
	ev.Struct = a
	fields, err := m.bind(st, goType)
	if err != nil {
		return nil, fmt.Errorf("%s (%s ← core.%s): %v", name, st.Name, goType, err)
	}
	ev.Fields = fields
	return ev, nil
}

// bind pairs every C field with the Go field of the same name and decides
// how it crosses. A size_t field counts the array fields before it (up to
// the previous size_t); an array field the Go type lacks stays NULL with a
// zero count (the Received events share the Completed events' struct).
func (m *Model) bind(st *Struct, goType string) ([]*BoundField, error) {
	var out []*BoundField
	var group []*BoundField
	for _, f := range st.Fields {
		b := &BoundField{Field: f}
		gf, ok := m.Core.Field(goType, f.Name)
		if ok {
			b.GoType = gf.Type
		}
		switch {
		case f.CType == "size_t":
			if len(group) == 0 {
				return nil, fmt.Errorf("size_t %s counts no array: put it after the arrays it counts", f.Name)
			}
			b.Kind = KindCount
			b.Arrays = group
			for _, a := range group {
				a.Count = f
			}
			if group[0].GoType == "" {
				for _, a := range group[1:] {
					if a.GoType != "" {
						return nil, fmt.Errorf("%s: the first array of a group (%s) must be set whenever another is", a.Name, group[0].Name)
					}
				}
			}
			group = nil
		case f.CType == "const uint32_t *":
			b.Kind = KindU32s
			if ok && gf.Type != "[]uint32" {
				return nil, fmt.Errorf("%s: C const uint32_t * needs Go []uint32, core has %s", f.Name, gf.Type)
			}
			group = append(group, b)
		case f.CType == "const int64_t *":
			b.Kind = KindTimes
			if ok && gf.Type != "[]time.Time" {
				return nil, fmt.Errorf("%s: C const int64_t * carries times and needs Go []time.Time, core has %s", f.Name, gf.Type)
			}
			group = append(group, b)
		case !ok:
			return nil, fmt.Errorf("field %s: core.%s has no such field", f.Name, goType)
		case f.CType == "const char *":
			b.Kind = KindString
			if gf.Type != "string" {
				return nil, fmt.Errorf("%s: C const char * needs Go string, core has %s", f.Name, gf.Type)
			}
		case f.CType == "int64_t":
			b.Kind = KindTime
			if gf.Type != "time.Time" {
				return nil, fmt.Errorf("%s: C int64_t carries a time (Unix ms) and needs Go time.Time, core has %s", f.Name, gf.Type)
			}
		case gf.Type == "bool":
			b.Kind = KindBool
			if f.CType != "int32_t" {
				return nil, fmt.Errorf("%s: a Go bool crosses as int32_t, the header has %s", f.Name, f.CType)
			}
		case cInts[f.CType]:
			b.Kind = KindInt
			if _, ok := goInts[gf.Type]; !ok {
				if _, ok := enumTypes[gf.Type]; !ok {
					return nil, fmt.Errorf("%s: Go type %s has no binding type; add it to enumTypes in internal/abigen/types.go", f.Name, gf.Type)
				}
			}
		default:
			return nil, fmt.Errorf("%s: C type %q is not one the bindings know", f.Name, f.CType)
		}
		out = append(out, b)
	}
	if len(group) > 0 {
		return nil, fmt.Errorf("array %s has no size_t count after it", group[0].Name)
	}
	return out, nil
}

// Functions the bindings call, without the registrations.
func (m *Model) Functions() []*Function {
	var out []*Function
	for _, f := range m.H.Functions {
		if !strings.HasPrefix(f.Name, "smscSetOn") {
			out = append(out, f)
		}
	}
	return out
}

// filledBy reports whether a function takes a pointer to s (other than
// the opaque handle): a struct the caller allocates and the library fills.
func (m *Model) filledBy(s *Struct) bool {
	if s.Opaque {
		return false
	}
	for _, f := range m.H.Functions {
		for _, p := range f.Params {
			if p.CType == s.Name+" *" {
				return true
			}
		}
	}
	return false
}

// outInts are the member types of an OutStruct.
var outInts = map[string]bool{"int32_t": true, "uint32_t": true, "int64_t": true, "uint64_t": true}

func checkOutStruct(s *Struct) error {
	for _, f := range s.Fields {
		if f.Len > 0 && f.CType != "uint64_t" && f.CType != "uint32_t" {
			return fmt.Errorf("header line %d: %s.%s: arrays of %s are not supported, only of uint64_t and uint32_t (internal/abigen/types.go)", s.Line, s.Name, f.Name, f.CType)
		}
		if !outInts[f.CType] {
			return fmt.Errorf("header line %d: %s.%s: a struct the library fills holds fixed-size integers, not %s", s.Line, s.Name, f.Name, f.CType)
		}
	}
	return nil
}

// OutStruct returns the OutStruct a parameter of C type ctype points to.
func (m *Model) OutStruct(ctype string) *Struct {
	for _, s := range m.OutStructs {
		if ctype == s.Name+" *" {
			return s
		}
	}
	return nil
}
