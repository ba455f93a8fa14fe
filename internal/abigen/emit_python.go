package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The Python binding's mirrors: ctypes structures and prototypes
// (_cabi.py), event-argument classes and the builders that copy a C event
// into them (_args.py), the On<Event> declarations of the server classes
// (_events.py), the enums (_enums.py) and the version (_version.py).

func pyHeader(w *writer, doc string) {
	w.line("# %s", generatedBy)
	w.line("%s", pyDocstring(doc, ""))
	w.line("")
	w.line("from __future__ import annotations")
	w.line("")
}

// pyDocstring quotes text as a docstring indented by indent.
func pyDocstring(text, indent string) string {
	text = strings.ReplaceAll(text, `\`, `\\`)
	text = strings.ReplaceAll(text, `"""`, `\"\"\"`)
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = indent + lines[i]
		}
	}
	if len(lines) == 1 {
		return indent + `"""` + lines[0] + `"""`
	}
	return indent + `"""` + strings.Join(lines, "\n") + "\n" + indent + `"""`
}

// pyComment turns a field's doc into "#: " comment lines.
func pyComments(doc, indent string) []string {
	if doc == "" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(doc, "\n") {
		out = append(out, indent+"#: "+l)
	}
	return out
}

func pyString(s string) string { return fmt.Sprintf("%q", s) }

// pyWrap writes prefix, the items joined by ", " and suffix, breaking
// lines before 100 columns with cont as the continuation indent.
func pyWrap(w *writer, prefix string, items []string, suffix, cont string) {
	line := prefix
	for i, it := range items {
		piece := it
		if i < len(items)-1 {
			piece += ","
		}
		if i > 0 {
			if len(line)+1+len(piece) > 99 {
				w.line("%s", line)
				line = cont + piece
				continue
			}
			line += " "
		}
		line += piece
	}
	w.line("%s", line+suffix)
}

func emitPyCABI(m *Model) string {
	var w writer
	pyHeader(&w, "ctypes mirrors of include/smscserver.h: one Structure per event struct, the\nprototype of every function, and the event registration functions.\n\nThe loader is in _ffi.py; bindings/python/tests/test_abi.py compiles the\nheader and checks every offset and size of these structures.")
	w.line("from ctypes import (")
	for _, n := range []string{"CFUNCTYPE", "POINTER", "Structure", "c_char_p", "c_int", "c_int32", "c_int64",
		"c_size_t", "c_uint8", "c_uint16", "c_uint32", "c_uint64", "c_void_p"} {
		w.line("    %s,", n)
	}
	w.line(")")
	w.line("from typing import Dict, List, Tuple")
	w.line("")
	w.line("#: Every event callback has the C type ``int (*)(void *userData, const Args *e)``.")
	w.line("#: One ctypes prototype serves them all: the args pointer arrives as an")
	w.line("#: integer address and is read through the matching Structure.")
	w.line("EVENT_CALLBACK = CFUNCTYPE(c_int, c_void_p, c_void_p)")
	w.line("#: A NULL callback (unregisters an event).")
	w.line("NULL_CALLBACK = EVENT_CALLBACK()")
	w.line("")
	w.line("#: SMSCSERVER_ABI_VERSION of the header these mirrors were written from.")
	w.line("ABI_VERSION = %d", m.Version.ABI)
	for _, a := range m.ArgStructs {
		w.line("")
		w.line("")
		w.line("class %s(Structure):", a.Name)
		if a.Doc != "" {
			w.line("%s", pyDocstring(a.Doc, "    "))
			w.line("")
		}
		w.line("    _fields_ = [")
		for _, f := range a.Fields {
			w.line("        (%s, %s),", pyString(f.Name), cTypes[f.CType].Py)
		}
		w.line("    ]")
	}
	w.line("")
	for _, s := range m.OutStructs {
		w.line("")
		w.line("")
		w.line("class %s(Structure):", s.Name)
		if s.Doc != "" {
			w.line("%s", pyDocstring(s.Doc, "    "))
			w.line("")
		}
		w.line("    _fields_ = [")
		for _, f := range s.Fields {
			t := cTypes[f.CType].Py
			if f.Len > 0 {
				t = fmt.Sprintf("%s * %d", t, f.Len)
			}
			w.line("        (%s, %s),", pyString(f.Name), t)
		}
		w.line("    ]")
	}
	w.line("")
	w.line("#: C struct name -> ctypes Structure.")
	w.line("STRUCTS: Dict[str, type] = {")
	for _, a := range m.ArgStructs {
		w.line("    %s: %s,", pyString(a.Name), a.Name)
	}
	for _, s := range m.OutStructs {
		w.line("    %s: %s,", pyString(s.Name), s.Name)
	}
	w.line("}")
	w.line("")
	w.line("_H = c_void_p  # SMSCserver *")
	w.line("")
	w.line("#: name -> (restype, argtypes) of every function, in header order.")
	w.line("PROTOTYPES: Dict[str, Tuple[object, List[object]]] = {")
	for _, f := range m.Functions() {
		ret := cTypes[f.Ret].Py
		if f.Ret == "const char *" {
			ret = "c_char_p"
		}
		var ps []string
		for _, p := range f.Params {
			if s := m.OutStruct(p.CType); s != nil {
				ps = append(ps, "POINTER("+s.Name+")")
				continue
			}
			ps = append(ps, cTypes[p.CType].Py)
		}
		w.line("    %s: (%s, [%s]),", pyString(f.Name), ret, strings.Join(ps, ", "))
	}
	w.line("}")
	w.line("")
	w.line("#: Event registration functions: smscSetOn<Event>(h, cb, userData).")
	w.line("EVENT_SETTERS = [")
	for _, e := range m.Events {
		w.line("    %s,", pyString(e.Setter))
	}
	w.line("]")
	w.line("for _name in EVENT_SETTERS:")
	w.line("    PROTOTYPES[_name] = (c_int, [_H, EVENT_CALLBACK, c_void_p])")
	return w.String()
}

// pyField is how one field reads in Python: its annotation and the
// expression that converts the ctypes value v (n = the array count).
func pyField(b *BoundField) (annot, conv string) {
	switch b.Kind {
	case KindString:
		return "str", `%[1]s.decode("utf-8", "replace") if %[1]s else ""`
	case KindTime:
		return "Optional[datetime]", "_time(%[1]s) if %[1]s else None"
	case KindBool:
		return "bool", "%s != 0"
	case KindU32s:
		return "List[int]", "%s[:n] if n else []"
	case KindTimes:
		return "List[Optional[datetime]]", "_times(%s, n)"
	}
	if et, ok := enumTypes[b.GoType]; ok {
		annot := et.Enum
		if et.PyOpen {
			annot = fmt.Sprintf("\"%s | int\"", et.Enum)
		}
		return annot, et.PyConvert + "(%s)"
	}
	return "int", "%s"
}

// pyBuilder names the function that copies a C event into the argument
// class called name.
func pyBuilder(name string) string { return "_build_" + name }

func emitPyArgs(m *Model) string {
	var w writer
	pyHeader(&w, "Event-argument classes (field names as in the header and the reference).\n\nEvery instance is a copy made inside the C callback: it stays valid after the\nhandler returns and may be kept or passed to another thread. Times are\ntimezone-aware UTC :class:`datetime.datetime` objects, or ``None`` when the\nPDU did not set them. Strings are ``str``; binary contents stay hex ``str`` as\nin the C API.")
	var body writer
	for _, a := range m.ArgStructs {
		emitPyClass(&body, a)
	}
	// Import what the classes and builders use, and nothing else.
	uses := func(names ...string) []string {
		var out []string
		for _, n := range names {
			if regexp.MustCompile(`\b` + n + `\b`).MatchString(body.String()) {
				out = append(out, n)
			}
		}
		return out
	}
	if len(uses("datetime")) > 0 {
		w.line("from datetime import datetime")
	}
	if t := uses("Any", "List", "Optional"); len(t) > 0 {
		w.line("from typing import %s", strings.Join(t, ", "))
	}
	w.line("")
	w.line("from . import _cabi")
	w.line("from ._argsbase import %s", strings.Join(append([]string{"EventArgs", "RequestEventArgs"},
		uses("_bind_mode", "_encoding", "_options", "_time", "_times")...), ", "))
	var enums []string
	for _, n := range sortedEnumNames() {
		enums = append(enums, uses(n)...)
	}
	if len(enums) > 0 {
		w.line("from ._enums import %s", strings.Join(enums, ", "))
	}
	w.line("")
	var all []string
	all = append(all, "EventArgs", "RequestEventArgs")
	for _, a := range m.ArgStructs {
		all = append(all, a.Name)
		if a.Shared() {
			all = append(all, a.Names...)
		}
		for _, e := range a.Events {
			if alias := pyAlias(e); alias != "" {
				all = append(all, alias)
			}
		}
	}
	w.line("__all__ = [")
	for _, n := range all {
		w.line("    %s,", pyString(n))
	}
	w.line("]")
	w.b.WriteString(body.String())
	return w.String()
}

// sortedEnumNames are the binding enum types of enumTypes, in a fixed order.
func sortedEnumNames() []string {
	var out []string
	for _, et := range enumTypes {
		out = append(out, et.Enum)
	}
	sort.Strings(out)
	return out
}

// pyAlias is the reference's name for an event's arguments when its
// callback type is a "...Callback" (cimd2TraceProtocolCallbackArgs).
func pyAlias(e *Event) string {
	if strings.HasSuffix(e.Callback.Name, "Callback") {
		return e.Callback.Name + "Args"
	}
	return ""
}

func eventNames(a *ArgStruct) string {
	var n []string
	for _, e := range a.Events {
		n = append(n, "``"+e.Name+"``")
	}
	return strings.Join(n, ", ")
}

func emitPyClass(w *writer, a *ArgStruct) {
	base := "EventArgs"
	if a.Request() {
		base = "RequestEventArgs"
	}
	w.line("")
	w.line("")
	w.line("class %s(%s):", a.Name, base)
	doc := "Arguments of " + eventNames(a) + "."
	if a.Doc != "" {
		doc = a.Doc + "\n\n" + doc
	}
	w.line("%s", pyDocstring(doc, "    "))
	w.line("")
	var names, params []string
	for _, f := range a.Fields {
		if f.CType == "size_t" {
			continue
		}
		names = append(names, pyString(f.Name))
	}
	if len(names) == 1 {
		names[0] += ","
	}
	pyWrap(w, "    __slots__ = (", names, ")", "                 ")
	w.line("")
	var body []string
	for _, f := range a.Fields {
		if f.CType == "size_t" {
			continue
		}
		b := boundOf(a, f)
		annot, _ := pyField(b)
		params = append(params, fmt.Sprintf("%s: %s", f.Name, annot))
		body = append(body, pyComments(f.Doc, "        ")...)
		body = append(body, fmt.Sprintf("        self.%s: %s = %s", f.Name, annot, f.Name))
	}
	pyWrap(w, "    def __init__(self, ", params, ") -> None:", "                 ")
	if a.Request() {
		w.line("        self._declined = False")
	}
	for _, l := range body {
		w.line("%s", l)
	}
	if a.Shared() {
		for _, e := range a.Events {
			w.line("")
			w.line("")
			w.line("class %s(%s):", e.ArgName, a.Name)
			d := "Arguments of ``" + e.Name + "``."
			if e.Callback.Doc != "" {
				d = e.Callback.Doc + "\n\n" + d
			}
			w.line("%s", pyDocstring(d, "    "))
			w.line("")
			w.line("    __slots__ = ()")
		}
	}
	for _, e := range a.Events {
		if alias := pyAlias(e); alias != "" {
			w.line("")
			w.line("")
			w.line("#: The reference's name of the %s event's arguments.", e.Name)
			w.line("%s = %s", alias, e.ArgName)
		}
	}
	// The builder is the hottest code of the binding (one call per event),
	// so every conversion is written out inline. A struct several events
	// share has one body, made once per event class (cls is a default
	// argument: a local, no closure lookup).
	if !a.Shared() {
		w.line("")
		w.line("")
		w.line("def %s(p: int) -> %s:", pyBuilder(a.Name), a.Name)
		for _, l := range pyBuilderBody(a, a.Name) {
			w.line("    %s", l)
		}
		return
	}
	factory := "_" + a.Name + "_builder"
	w.line("")
	w.line("")
	w.line("def %s(cls: Any) -> Any:", factory)
	w.line("    def build(p: int, cls: Any = cls) -> Any:")
	for _, l := range pyBuilderBody(a, "cls") {
		w.line("        %s", l)
	}
	w.line("    return build")
	w.line("")
	w.line("")
	for _, name := range a.Names {
		w.line("%s = %s(%s)", pyBuilder(name), factory, name)
	}
}

// pyBuilderBody is the body of the function that copies C struct a at
// address p into an instance of the class cls names.
func pyBuilderBody(a *ArgStruct, cls string) []string {
	out := []string{fmt.Sprintf("s = _cabi.%s.from_address(p)", a.Name)}
	for _, f := range a.Fields {
		if f.CType == "size_t" && len(boundOf(a, f).Arrays) > 0 {
			out = append(out, fmt.Sprintf("n = s.%s", f.Name))
		}
	}
	var args []string
	for _, f := range a.Fields {
		if f.CType == "size_t" {
			continue
		}
		b := boundOf(a, f)
		_, conv := pyField(b)
		v := "s." + f.Name
		if b.Kind == KindString || b.Kind == KindTime {
			// read once: each attribute read of a ctypes field converts anew
			v = "v_" + f.Name
			out = append(out, fmt.Sprintf("%s = s.%s", v, f.Name))
		}
		args = append(args, fmt.Sprintf(conv, v))
	}
	out = append(out, "return "+cls+"(")
	for i, arg := range args {
		sep := ","
		if i == len(args)-1 {
			sep = ")"
		}
		out = append(out, "    "+arg+sep)
	}
	return out
}

// boundOf finds how field f of a shared struct crosses, from whichever
// event's Go type has it.
func boundOf(a *ArgStruct, f *Field) *BoundField {
	var first *BoundField
	for _, e := range a.Events {
		for _, b := range e.Fields {
			if b.Field == f {
				if first == nil {
					first = b
				}
				if b.GoType != "" || b.Kind == KindCount && b.Arrays[0].GoType != "" {
					return b
				}
			}
		}
	}
	return first
}

func emitPyEvents(m *Model) string {
	var w writer
	pyHeader(&w, "The On<Event> declarations of the server classes, one mixin per protocol\n(the TCP events belong to every server). Each names its C registration\nfunction, the builder that copies the C event, and the argument class.")
	w.line("from ._args import (")
	for _, a := range m.ArgStructs {
		for _, n := range a.Names {
			w.line("    %s,", n)
			w.line("    %s,", pyBuilder(n))
		}
	}
	w.line(")")
	w.line("from ._event import Event")
	w.line("")
	var all []string
	for _, p := range m.Protocols {
		all = append(all, pyMixin(p))
	}
	w.line("__all__ = [%s]", quoteJoin(all))
	for _, p := range m.Protocols {
		w.line("")
		w.line("")
		w.line("class %s:", pyMixin(p))
		if p.Name == "" {
			w.line("    \"\"\"The TCP events every server has.\"\"\"")
		} else {
			w.line("    \"\"\"The %s events of :class:`SMSCserver%s`.\"\"\"", p.Name, p.Name)
		}
		for _, e := range p.Events {
			w.line("")
			w.line("    %s: Event[%s] = Event(", e.Name, e.ArgName)
			w.line("        %s, %s, %s,", pyString(e.Setter), pyBuilder(e.ArgName), e.ArgName)
			w.line("        %s)", pyString(e.Callback.Doc))
		}
	}
	return w.String()
}

func pyMixin(p *Protocol) string {
	if p.Name == "" {
		return "_TcpEvents"
	}
	return "_" + strings.ToUpper(p.Name[:1]) + strings.ToLower(p.Name[1:]) + "Events"
}

func quoteJoin(names []string) string {
	var q []string
	for _, n := range names {
		q = append(q, pyString(n))
	}
	return strings.Join(q, ", ")
}

// flagsEnum: an enum whose header comment starts with "bit flags".
func flagsEnum(e *Enum) bool { return strings.HasPrefix(e.Doc, "bit flags") }

func emitPyEnums(m *Model) string {
	var w writer
	pyHeader(&w, "Enumerations of ``smscserver.h`` with the header's names and values.")
	w.line("from enum import IntEnum, IntFlag")
	w.line("")
	var names []string
	for _, e := range m.H.Enums {
		names = append(names, e.Name)
	}
	w.line("__all__ = [")
	for _, n := range names {
		w.line("    %s,", pyString(n))
	}
	w.line("]")
	for _, e := range m.H.Enums {
		base := "IntEnum"
		if flagsEnum(e) {
			base = "IntFlag"
		}
		w.line("")
		w.line("")
		w.line("class %s(%s):", e.Name, base)
		doc := e.Doc
		if doc == "" {
			doc = e.Name + " of the header."
		}
		w.line("%s", pyDocstring(doc, "    "))
		w.line("")
		for _, mem := range e.Members {
			if mem.Doc != "" {
				w.line("    %s = %s  #: %s", mem.Name, mem.Value, strings.ReplaceAll(mem.Doc, "\n", " "))
			} else {
				w.line("    %s = %s", mem.Name, mem.Value)
			}
		}
	}
	return w.String()
}

func emitPyVersion(m *Model) string {
	var w writer
	pyHeader(&w, "Version of the Python package: the library's version, from the header.")
	w.line("__version__ = %s", pyString(m.Version.String()))
	w.line("")
	w.line("#: The SMSCSERVER_ABI_VERSION this package was written against.")
	w.line("ABI_VERSION = %d", m.Version.ABI)
	return w.String()
}
