package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The header is the reviewed contract, so the generator reads it instead of
// owning a schema of its own. It accepts only the small subset of C the
// header is written in and stops with the line number on anything else:
// a declaration it does not understand must never be skipped silently,
// because every binding would then lack it.

// Header is what the generator learns from include/smscserver.h.
type Header struct {
	Defines   map[string]string
	Enums     []*Enum
	Structs   []*Struct
	Aliases   []Alias // typedef X Y; in header order
	Callbacks []*Callback
	Functions []*Function
}

// Enum is a typedef enum.
type Enum struct {
	Name, Doc string
	Members   []EnumMember
}

// EnumMember is one enumerator with its value as written.
type EnumMember struct{ Name, Value, Doc string }

// Struct is a typedef struct; Opaque ones (SMSCserver) have no fields.
type Struct struct {
	Name, Doc string
	Opaque    bool
	Fields    []*Field
	Line      int
}

// Field is one member of a struct.
type Field struct {
	Name, CType, Doc string
	Len              int // an array member's length ("uint64_t X[N];"), 0 for a scalar
}

// Alias is "typedef Target Name;" (an event's own name for a shared struct).
type Alias struct{ Name, Target string }

// Callback is "typedef int (*Name)(void *userData, const Arg *e);".
type Callback struct {
	Name, Doc, Arg string
}

// Function is a prototype.
type Function struct {
	Name, Doc, Ret string
	Params         []Param
}

// Param is one parameter of a prototype.
type Param struct{ Name, CType string }

type tokKind int

const (
	tIdent tokKind = iota
	tNumber
	tString
	tPunct
	tComment
)

type ctoken struct {
	kind tokKind
	text string
	line int
	// blankAfter: a blank line follows this comment, so it documents a
	// section rather than the declaration after it.
	blankAfter bool
}

// ParseHeader reads the header at path.
func ParseHeader(path string) (*Header, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	h := &Header{Defines: map[string]string{}}
	toks, err := tokenize(string(src), h.Defines)
	if err != nil {
		return nil, fmt.Errorf("%s:%v", path, err)
	}
	p := &cparser{toks: toks, h: h}
	if err := p.parse(); err != nil {
		return nil, fmt.Errorf("%s:%v", path, err)
	}
	return h, nil
}

// tokenize splits C source into tokens. Preprocessor lines are consumed
// here: #define NAME VALUE is recorded, and the body of
// "#ifdef __cplusplus" blocks (the extern "C" braces) is dropped.
func tokenize(src string, defines map[string]string) ([]ctoken, error) {
	var out []ctoken
	line := 1
	skipDepth := 0 // >0 inside #ifdef __cplusplus
	depth := 0     // nesting of #if blocks
	cppDepth := 0
	atLineStart := true
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			atLineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#' && atLineStart:
			j := i
			for j < len(src) && !(src[j] == '\n' && src[j-1] != '\\') {
				j++
			}
			dir := strings.Fields(strings.ReplaceAll(src[i+1:j], "\\\n", " "))
			line += strings.Count(src[i:j], "\n")
			i = j
			if len(dir) == 0 {
				continue
			}
			switch dir[0] {
			case "ifdef", "ifndef", "if":
				depth++
				if dir[0] == "ifdef" && len(dir) > 1 && dir[1] == "__cplusplus" {
					skipDepth++
					cppDepth = depth
				}
			case "endif":
				if skipDepth > 0 && depth == cppDepth {
					skipDepth--
				}
				depth--
			case "define":
				if skipDepth == 0 && len(dir) >= 3 {
					defines[dir[1]] = strings.Join(dir[2:], " ")
				}
			}
			continue
		}
		atLineStart = false
		if skipDepth > 0 {
			i++
			continue
		}
		switch {
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("%d: unterminated comment", line)
			}
			text := src[i : i+2+end+2]
			t := ctoken{kind: tComment, text: cleanComment(text), line: line}
			line += strings.Count(text, "\n")
			i += len(text)
			// a blank line after the comment?
			k := i
			nl := 0
			for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
				if src[k] == '\n' {
					nl++
				}
				k++
			}
			t.blankAfter = nl >= 2
			out = append(out, t)
		case strings.HasPrefix(src[i:], "//"):
			return nil, fmt.Errorf("%d: // comments are not used in the header; write /* */", line)
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdentChar(src[j]) {
				j++
			}
			out = append(out, ctoken{kind: tIdent, text: src[i:j], line: line})
			i = j
		case c >= '0' && c <= '9' || c == '-' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i + 1
			for j < len(src) && (isIdentChar(src[j])) {
				j++
			}
			out = append(out, ctoken{kind: tNumber, text: src[i:j], line: line})
			i = j
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				j++
			}
			out = append(out, ctoken{kind: tString, text: src[i : j+1], line: line})
			i = j + 1
		case strings.ContainsRune("{}();,*=[]", rune(c)):
			out = append(out, ctoken{kind: tPunct, text: string(c), line: line})
			i++
		default:
			return nil, fmt.Errorf("%d: unexpected character %q", line, c)
		}
	}
	return out, nil
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// cleanComment turns a C block comment into plain text: the delimiters
// and the leading " * " of continuation lines go, line breaks stay.
func cleanComment(c string) string {
	c = strings.TrimSuffix(strings.TrimPrefix(c, "/*"), "*/")
	lines := strings.Split(c, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if i > 0 {
			l = strings.TrimPrefix(strings.TrimPrefix(l, "*"), " ")
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

type cparser struct {
	toks []ctoken
	pos  int
	h    *Header
	doc  string // the comment right before the current declaration
}

func (p *cparser) errf(format string, args ...any) error {
	line := 0
	if p.pos < len(p.toks) {
		line = p.toks[p.pos].line
	} else if len(p.toks) > 0 {
		line = p.toks[len(p.toks)-1].line
	}
	return fmt.Errorf("%d: %s", line, fmt.Sprintf(format, args...))
}

func (p *cparser) peek() ctoken {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ctoken{kind: tPunct, text: "<eof>"}
}

func (p *cparser) next() ctoken { t := p.peek(); p.pos++; return t }

func (p *cparser) expect(text string) error {
	if t := p.next(); t.text != text {
		p.pos--
		return p.errf("want %q, found %q", text, t.text)
	}
	return nil
}

func (p *cparser) ident() (string, error) {
	t := p.next()
	if t.kind != tIdent {
		p.pos--
		return "", p.errf("want a name, found %q", t.text)
	}
	return t.text, nil
}

// trailing returns a comment that starts on line (a member's own comment).
func (p *cparser) trailing(line int) string {
	if t := p.peek(); t.kind == tComment && t.line == line {
		p.pos++
		return t.text
	}
	return ""
}

func (p *cparser) parse() error {
	for p.pos < len(p.toks) {
		t := p.peek()
		if t.kind == tComment {
			p.pos++
			p.doc = ""
			if !t.blankAfter {
				p.doc = t.text
			}
			continue
		}
		var err error
		if t.text == "typedef" {
			err = p.typedef()
		} else {
			err = p.function()
		}
		if err != nil {
			return err
		}
		p.doc = ""
	}
	return nil
}

func (p *cparser) typedef() error {
	p.next() // typedef
	switch p.peek().text {
	case "enum":
		return p.enum()
	case "struct":
		return p.strct()
	case "int":
		return p.callback()
	}
	// typedef Target Alias;
	target, err := p.ident()
	if err != nil {
		return err
	}
	name, err := p.ident()
	if err != nil {
		return err
	}
	p.h.Aliases = append(p.h.Aliases, Alias{Name: name, Target: target})
	return p.expect(";")
}

func (p *cparser) enum() error {
	doc := p.doc
	p.next() // enum
	name, err := p.ident()
	if err != nil {
		return err
	}
	if err := p.expect("{"); err != nil {
		return err
	}
	e := &Enum{Name: name, Doc: doc}
	// A comment between "{" and the first member documents the enum.
	if t := p.peek(); t.kind == tComment {
		if e.Doc == "" {
			e.Doc = t.text
		}
		p.pos++
	}
	for p.peek().text != "}" {
		m, err := p.ident()
		if err != nil {
			return err
		}
		if err := p.expect("="); err != nil {
			return err
		}
		v := p.next()
		if v.kind != tNumber {
			return p.errf("enumerator %s: want a number", m)
		}
		mem := EnumMember{Name: m, Value: v.text}
		if p.peek().text == "," {
			p.next()
		}
		mem.Doc = p.trailing(v.line)
		e.Members = append(e.Members, mem)
	}
	p.next() // }
	closing, err := p.ident()
	if err != nil {
		return err
	}
	if closing != name {
		return p.errf("typedef enum %s ... %s: the names must match", name, closing)
	}
	p.h.Enums = append(p.h.Enums, e)
	return p.expect(";")
}

func (p *cparser) strct() error {
	doc := p.doc
	p.next() // struct
	line := p.peek().line
	name, err := p.ident()
	if err != nil {
		return err
	}
	s := &Struct{Name: name, Doc: doc, Line: line}
	if p.peek().kind == tIdent { // typedef struct X X; (opaque)
		closing, _ := p.ident()
		if closing != name {
			return p.errf("typedef struct %s %s: the names must match", name, closing)
		}
		s.Opaque = true
		p.h.Structs = append(p.h.Structs, s)
		return p.expect(";")
	}
	if err := p.expect("{"); err != nil {
		return err
	}
	if t := p.peek(); t.kind == tComment && t.line == line { // typedef struct X { /* doc */
		if s.Doc == "" {
			s.Doc = t.text
		}
		p.pos++
	}
	for p.peek().text != "}" {
		if p.peek().kind == tComment {
			return p.errf("struct %s: a comment on a line of its own; put it after the member it documents", name)
		}
		var typ []string
		length := 0
		for p.peek().text != ";" {
			t := p.next()
			if t.text == "[" && length == 0 {
				n, err := p.arrayLen(name)
				if err != nil {
					return err
				}
				length = n
				continue
			}
			if t.kind != tIdent && t.text != "*" || length != 0 {
				return p.errf("struct %s: unexpected %q in a member", name, t.text)
			}
			typ = append(typ, t.text)
		}
		semi := p.next()
		if len(typ) < 2 {
			return p.errf("struct %s: member without a type", name)
		}
		f := &Field{Name: typ[len(typ)-1], CType: cType(typ[:len(typ)-1]), Len: length}
		f.Doc = p.trailing(semi.line)
		s.Fields = append(s.Fields, f)
	}
	p.next() // }
	closing, err := p.ident()
	if err != nil {
		return err
	}
	if closing != name {
		return p.errf("typedef struct %s ... %s: the names must match", name, closing)
	}
	p.h.Structs = append(p.h.Structs, s)
	return p.expect(";")
}

// arrayLen reads the length of an array member, "N]" after its "[": a
// number or a macro the header defines as one.
func (p *cparser) arrayLen(strct string) (int, error) {
	t := p.next()
	v := t.text
	if t.kind == tIdent {
		d, ok := p.h.Defines[v]
		if !ok {
			return 0, p.errf("struct %s: array length %s is not a #define of the header", strct, v)
		}
		v = d
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, p.errf("struct %s: array length %s is not a positive number", strct, t.text)
	}
	return n, p.expect("]")
}

// cType joins type tokens the way the header writes them: "const char *".
func cType(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// callback: typedef int (*Name)(void *userData, const Arg *e);
func (p *cparser) callback() error {
	doc := p.doc
	for _, want := range []string{"int", "(", "*"} {
		if err := p.expect(want); err != nil {
			return err
		}
	}
	name, err := p.ident()
	if err != nil {
		return err
	}
	for _, want := range []string{")", "(", "void", "*", "userData", ",", "const"} {
		if err := p.expect(want); err != nil {
			return p.errf("callback %s: the signature must be int (*%s)(void *userData, const Args *e): %v", name, name, err)
		}
	}
	arg, err := p.ident()
	if err != nil {
		return err
	}
	for _, want := range []string{"*", "e", ")", ";"} {
		if err := p.expect(want); err != nil {
			return p.errf("callback %s: %v", name, err)
		}
	}
	p.h.Callbacks = append(p.h.Callbacks, &Callback{Name: name, Doc: doc, Arg: arg})
	return nil
}

// function: Ret Name(Type Name, ...); with Ret int, const char * or SMSCserver *.
func (p *cparser) function() error {
	doc := p.doc
	var ret []string
	for p.peek().text != "(" {
		t := p.next()
		if t.kind != tIdent && t.text != "*" {
			return p.errf("unexpected %q at top level", t.text)
		}
		ret = append(ret, t.text)
	}
	if len(ret) < 2 {
		return p.errf("a prototype needs a return type and a name")
	}
	f := &Function{Name: ret[len(ret)-1], Doc: doc, Ret: cType(ret[:len(ret)-1])}
	p.next() // (
	if p.peek().text == "void" && p.toks[p.pos+1].text == ")" {
		p.next()
	}
	for p.peek().text != ")" {
		var typ []string
		for p.peek().text != "," && p.peek().text != ")" {
			t := p.next()
			if t.kind != tIdent && t.text != "*" {
				return p.errf("%s: unexpected %q in a parameter", f.Name, t.text)
			}
			typ = append(typ, t.text)
		}
		if len(typ) < 2 {
			return p.errf("%s: every parameter needs a type and a name", f.Name)
		}
		f.Params = append(f.Params, Param{Name: typ[len(typ)-1], CType: cType(typ[:len(typ)-1])})
		if p.peek().text == "," {
			p.next()
		}
	}
	p.next() // )
	if err := p.expect(";"); err != nil {
		return err
	}
	p.h.Functions = append(p.h.Functions, f)
	return nil
}

// Struct returns the struct a typedef name stands for, through aliases.
func (h *Header) Struct(name string) *Struct {
	for i := 0; i < 4; i++ {
		for _, s := range h.Structs {
			if s.Name == name {
				return s
			}
		}
		found := false
		for _, a := range h.Aliases {
			if a.Name == name {
				name, found = a.Target, true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return nil
}

// Callback returns the callback typedef called name.
func (h *Header) Callback(name string) *Callback {
	for _, c := range h.Callbacks {
		if c.Name == name {
			return c
		}
	}
	return nil
}
