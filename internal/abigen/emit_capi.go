package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// emitCapiGo writes capi/zevents.go: for every event, the function that
// copies core's event into one C block and runs the host's callback, and
// the switch that installs it in the server's handler set.
func emitCapiGo(m *Model) string {
	var w writer
	w.line("// %s", generatedBy)
	w.line("")
	w.line("package main")
	w.line("")
	w.line("/*")
	w.line("#include \"smscserver.h\"")
	w.line("#include \"zevents.h\"")
	w.line("*/")
	w.line("import \"C\"")
	w.line("")
	w.line("import (")
	w.line("\t\"unsafe\"")
	w.line("")
	w.line("\t\"github.com/smscserver/libsmscserver/core\"")
	w.line(")")
	w.line("")
	w.line("// setCallback installs (set) or removes the C callback of one event kind")
	w.line("// on the server s holds; false for a kind that server has no event for.")
	w.line("func setCallback(s servers, kind C.int, cb callback, set bool) bool {")
	w.line("\tswitch {")
	for _, p := range m.Protocols[1:] {
		w.line("\tcase s.%s != nil:", p.Prefix)
		w.line("\t\treturn set%sCallback(s.%s, kind, cb, set)", p.Name, p.Prefix)
	}
	w.line("\t}")
	w.line("\treturn false")
	w.line("}")
	for _, p := range m.Protocols[1:] {
		w.line("")
		w.line("func set%sCallback(s *core.%s, kind C.int, cb callback, set bool) bool {", p.Name, p.Server)
		w.line("\tok := true")
		w.line("\ts.UpdateHandlers(func(hs *core.%s) {", p.HandlerSet)
		w.line("\t\tswitch kind {")
		for _, e := range m.Events {
			if e.Protocol != p && e.Protocol != m.Protocols[0] {
				continue
			}
			w.line("\t\tcase C.SMSC_EV_%s:", e.Name)
			w.line("\t\t\ths.%s = nil", e.Name)
			w.line("\t\t\tif set {")
			w.line("\t\t\t\ths.%s = cb.%s", e.Name, goHandlerName(e))
			w.line("\t\t\t}")
		}
		w.line("\t\tdefault:")
		w.line("\t\t\tok = false")
		w.line("\t\t}")
		w.line("\t})")
		w.line("\treturn ok")
		w.line("}")
	}
	for _, e := range m.Events {
		emitCapiEvent(&w, e)
	}
	return w.String()
}

func goHandlerName(e *Event) string { return "o" + e.Name[1:] }
func goFillName(e *Event) string    { return "fill" + strings.TrimPrefix(e.Name, "On") }

func emitCapiEvent(w *writer, e *Event) {
	st := e.Struct.Name
	w.line("")
	if e.Request {
		w.line("// %s runs the C callback on a copy of the event; a non-zero return", goHandlerName(e))
		w.line("// declines the request (the library answers it with its default).")
	} else {
		w.line("// %s runs the C callback on a copy of the event.", goHandlerName(e))
	}
	w.line("func (cb callback) %s(e *core.%s) {", goHandlerName(e), e.GoType)
	w.line("\tvar a arena")
	w.line("\tdefer a.free()")
	w.line("\t%s(&a, e)", goFillName(e))
	if e.Request {
		w.line("\tif !cb.callFree(&a) {")
		w.line("\t\te.Decline()")
		w.line("\t}")
	} else {
		w.line("\tcb.callFree(&a)")
	}
	w.line("}")
	w.line("")
	// One list of strings sizes the block and fills it.
	var strs []string
	for _, b := range e.Fields {
		if b.Kind == KindString {
			strs = append(strs, "e."+b.Name)
		}
	}
	n64, n32 := "0", "0"
	var count *BoundField
	for _, b := range e.Fields {
		if b.Kind == KindCount && b.Arrays[0].GoType != "" {
			count = b
		}
	}
	w.line("// %s lays out %s, its arrays and its strings in one C block.", goFillName(e), st)
	w.line("func %s(a *arena, e *core.%s) {", goFillName(e), e.GoType)
	if len(strs) > 0 {
		w.line("\tstrs := [...]string{%s}", strings.Join(strs, ", "))
	}
	if count != nil {
		w.line("\tn := len(e.%s)", count.Arrays[0].Name)
		var has64, has32 int
		for _, a := range count.Arrays {
			if a.GoType == "" {
				continue
			}
			if a.Kind == KindTimes {
				has64++
			} else {
				has32++
			}
		}
		if has64 > 0 {
			n64 = mulN(has64)
		}
		if has32 > 0 {
			n32 = mulN(has32)
		}
	}
	strArg := "nil"
	if len(strs) > 0 {
		strArg = "strs[:]"
	}
	w.line("\ta.init(unsafe.Sizeof(C.%s{}), %s, %s, %s)", st, n64, n32, strArg)
	w.line("\tc := (*C.%s)(a.base)", st)
	// int64 arrays first, then uint32 ones, then strings: the order
	// a.init sized them in, which keeps every array aligned.
	for _, kind := range []FieldKind{KindTimes, KindU32s} {
		for _, b := range e.Fields {
			if b.Kind == kind && b.GoType != "" {
				if kind == KindTimes {
					w.line("\tc.%s = a.millis(e.%s, n)", b.Name, b.Name)
				} else {
					w.line("\tc.%s = a.u32s(e.%s)", b.Name, b.Name)
				}
			}
		}
	}
	si := 0
	for _, b := range e.Fields {
		ct := cTypes[b.CType].Go
		switch b.Kind {
		case KindString:
			w.line("\tc.%s = a.str(strs[%d])", b.Name, si)
			si++
		case KindInt:
			w.line("\tc.%s = C.%s(e.%s)", b.Name, ct, b.Name)
		case KindBool:
			w.line("\tif e.%s {", b.Name)
			w.line("\t\tc.%s = 1", b.Name)
			w.line("\t}")
		case KindTime:
			w.line("\tc.%s = toMillis(e.%s)", b.Name, b.Name)
		case KindCount:
			if b == count {
				w.line("\tc.%s = C.size_t(n)", b.Name)
			}
		}
	}
	w.line("\ta.done()")
	w.line("}")
}

func mulN(k int) string {
	if k == 1 {
		return "n"
	}
	return fmt.Sprintf("%d*n", k)
}

// emitCapiHeader writes capi/zevents.h: the event kinds goSmscSetCallback takes.
func emitCapiHeader(m *Model) string {
	var w writer
	w.line("/* %s */", generatedBy)
	w.line("/* Internal to capi: the event kinds of goSmscSetCallback, one per")
	w.line(" * smscSetOn... function of the header, in its order. */")
	w.line("#ifndef SMSC_ZEVENTS_H")
	w.line("#define SMSC_ZEVENTS_H")
	w.line("")
	w.line("enum smsc_event_kind {")
	for i, e := range m.Events {
		sep := ","
		if i == len(m.Events)-1 {
			sep = ""
		}
		if i == 0 {
			w.line("    SMSC_EV_%s = 1%s", e.Name, sep)
		} else {
			w.line("    SMSC_EV_%s%s", e.Name, sep)
		}
	}
	w.line("};")
	w.line("")
	w.line("#endif")
	return w.String()
}

// goExports lists the //export go... functions of the hand-written capi
// files with their parameter counts.
func goExports(dir string) (map[string]int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			for _, c := range fd.Doc.List {
				if strings.HasPrefix(c.Text, "//export ") {
					out[fd.Name.Name] = fd.Type.Params.NumFields()
				}
			}
		}
	}
	return out, nil
}

// emitShim writes capi/zshim.c: each public function of the header
// forwards to the Go export of the same name with a "go" prefix. cgo
// cannot declare const parameters, so the exports take char * and the
// const-correct names live here. Functions without such an export (or
// whose export takes other parameters) must be written by hand in
// capi/shim.c, and the generator checks that they are.
func emitShim(m *Model, capiDir string) (string, error) {
	exports, err := goExports(capiDir)
	if err != nil {
		return "", err
	}
	hand, err := os.ReadFile(filepath.Join(capiDir, "shim.c"))
	if err != nil {
		return "", err
	}
	var w writer
	w.line("/* %s */", generatedBy)
	w.line("/*")
	w.line(" * The public functions of include/smscserver.h, forwarded to their go*")
	w.line(" * exports (capi/exports_*.go) with the const qualifiers cgo cannot")
	w.line(" * declare. The ones with logic of their own are in shim.c.")
	w.line(" */")
	w.line("#include \"smscserver.h\"")
	w.line("#include \"trampoline.h\"")
	w.line("#include \"_cgo_export.h\"")
	w.line("")
	for _, f := range m.H.Functions {
		if strings.HasPrefix(f.Name, "smscSetOn") {
			continue
		}
		goName := "go" + strings.ToUpper(f.Name[:1]) + f.Name[1:]
		n, ok := exports[goName]
		if !ok || n != len(f.Params) {
			re := regexp.MustCompile(`(?m)^[A-Za-z_][\w ]*\*?\s*` + regexp.QuoteMeta(f.Name) + `\s*\(`)
			if !re.Match(hand) {
				if ok {
					return "", fmt.Errorf("%s: %s takes %d parameters, the header %d; write %s by hand in capi/shim.c", f.Name, goName, n, len(f.Params), f.Name)
				}
				return "", fmt.Errorf("%s: no //export %s in capi and no definition in capi/shim.c", f.Name, goName)
			}
			continue
		}
		var params, args []string
		for _, p := range f.Params {
			params = append(params, cDecl(p.CType, p.Name))
			if p.CType == "const char *" {
				args = append(args, "(char *)"+p.Name)
			} else {
				args = append(args, p.Name)
			}
		}
		ps := strings.Join(params, ", ")
		if ps == "" {
			ps = "void"
		}
		call := fmt.Sprintf("%s(%s)", goName, strings.Join(args, ", "))
		if f.Ret == "SMSCserver *" {
			call = "(SMSCserver *)" + call
		}
		w.line("%s(%s) {", cDecl(f.Ret, f.Name), ps)
		w.line("    return %s;", call)
		w.line("}")
	}
	w.line("")
	for _, e := range m.Events {
		w.line("int %s(SMSCserver *h, %s cb, void *userData) {", e.Setter, e.Callback.Name)
		w.line("    return goSmscSetCallback(h, SMSC_EV_%s, (uintptr_t)cb, (uintptr_t)userData);", e.Name)
		w.line("}")
	}
	return w.String(), nil
}

// cDecl writes "const char *Name" the way the header does.
func cDecl(ctype, name string) string {
	if strings.HasSuffix(ctype, " *") {
		return ctype + name
	}
	return ctype + " " + name
}

// emitCapiTest writes capi/zevents_test.go: the table of every fill
// function for arena_test.go, which fills each with random events and
// checks the block byte for byte against the Go values.
func emitCapiTest(m *Model) string {
	var w writer
	w.line("// %s", generatedBy)
	w.line("")
	w.line("package main")
	w.line("")
	w.line("import \"github.com/smscserver/libsmscserver/core\"")
	w.line("")
	w.line("// fills lists every event's fill function with a constructor of its Go arguments.")
	w.line("var fills = []struct {")
	w.line("\tevent   string")
	w.line("\tnewArgs func() any")
	w.line("\tfill    func(*arena, any)")
	w.line("}{")
	for _, e := range m.Events {
		w.line("\t{%q, func() any { return new(core.%s) }, func(a *arena, e any) { %s(a, e.(*core.%s)) }},",
			e.Name, e.GoType, goFillName(e), e.GoType)
	}
	w.line("}")
	return w.String()
}
