package main

// emitLayoutC writes tests/abi/zlayout.c, a program that prints what the C
// compiler makes of every event struct of the header:
//
//	struct <name> <size>
//	field <struct> <member> <offset> <size>
//
// The bindings' layout tests compile it against the real header (a member
// the generator got wrong does not compile) and compare its output with
// their mirrors, member by member.
func emitLayoutC(m *Model) string {
	var w writer
	w.line("/* %s */", generatedBy)
	w.line("#include <stddef.h>")
	w.line("#include <stdio.h>")
	w.line("")
	w.line("#include \"smscserver.h\"")
	w.line("")
	w.raw("#define STRUCT(s) printf(\"struct %s %zu\\n\", #s, sizeof(s))")
	w.raw("#define FIELD(s, f) printf(\"field %s %s %zu %zu\\n\", #s, #f, offsetof(s, f), sizeof(((s *)0)->f))")
	w.line("")
	w.line("int main(void) {")
	for _, a := range m.ArgStructs {
		w.line("    STRUCT(%s);", a.Name)
		for _, f := range a.Fields {
			w.line("    FIELD(%s, %s);", a.Name, f.Name)
		}
	}
	for _, s := range m.OutStructs {
		w.line("    STRUCT(%s);", s.Name)
		for _, f := range s.Fields {
			w.line("    FIELD(%s, %s);", s.Name, f.Name)
		}
	}
	w.line("    return 0;")
	w.line("}")
	return w.String()
}
