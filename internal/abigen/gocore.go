package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The Go side of every event is package core's own API: the event
// argument types and the handler sets. The generator reads them from the
// source (go/ast, no type checking needed) to learn, for every C struct
// field, which Go field fills it and what that field's Go type means
// (a time, an enum, a flag), and which events are requests (their
// argument type embeds core.Reply).

// GoStruct is a struct type of package core.
type GoStruct struct {
	Name     string
	Fields   []GoField
	Embedded []string
}

// GoField is a named field with its type as written ("time.Time", "[]uint32").
type GoField struct{ Name, Type string }

// HandlerSet is a struct of On<Event> func fields (SMPPHandlers, ...).
type HandlerSet struct {
	Name   string
	Events []HandlerEvent
}

// HandlerEvent is one On<Event> field and the argument type it takes.
type HandlerEvent struct{ Name, Arg string }

// Core is what the generator learns from package core.
type Core struct {
	Structs  map[string]*GoStruct
	Handlers []*HandlerSet
}

// ParseCore reads the non-test Go files of dir.
func ParseCore(dir string) (*Core, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	c := &Core{Structs: map[string]*GoStruct{}}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				if !ok || !ts.Name.IsExported() {
					continue
				}
				gs := &GoStruct{Name: ts.Name.Name}
				hs := &HandlerSet{Name: ts.Name.Name}
				for _, fld := range st.Fields.List {
					typ := exprString(fset, fld.Type)
					if len(fld.Names) == 0 {
						gs.Embedded = append(gs.Embedded, strings.TrimPrefix(typ, "*"))
						continue
					}
					for _, n := range fld.Names {
						gs.Fields = append(gs.Fields, GoField{Name: n.Name, Type: typ})
						if fn, ok := fld.Type.(*ast.FuncType); ok && strings.HasPrefix(n.Name, "On") &&
							fn.Params.NumFields() == 1 && fn.Results.NumFields() == 0 {
							arg := exprString(fset, fn.Params.List[0].Type)
							hs.Events = append(hs.Events, HandlerEvent{Name: n.Name, Arg: strings.TrimPrefix(arg, "*")})
						}
					}
				}
				c.Structs[gs.Name] = gs
				if strings.HasSuffix(hs.Name, "Handlers") && len(hs.Events) > 0 && len(hs.Events) == len(gs.Fields) {
					c.Handlers = append(c.Handlers, hs)
				}
			}
		}
	}
	if len(c.Handlers) == 0 {
		return nil, fmt.Errorf("%s: no handler sets (types named ...Handlers with On<Event> func fields)", dir)
	}
	return c, nil
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, e)
	return b.String()
}

// Field finds a field of type name, promoted through embedded structs the
// way Go resolves e.Field (the shallowest wins).
func (c *Core) Field(typeName, field string) (GoField, bool) {
	level := []string{typeName}
	for depth := 0; depth < 4 && len(level) > 0; depth++ {
		var next []string
		for _, tn := range level {
			s := c.Structs[tn]
			if s == nil {
				continue
			}
			for _, f := range s.Fields {
				if f.Name == field {
					return f, true
				}
			}
			next = append(next, s.Embedded...)
		}
		level = next
	}
	return GoField{}, false
}

// IsRequest reports whether an event's argument type embeds Reply itself:
// such events are requests the host answers, and a callback's non-zero
// return declines them (the library then sends its default answer). A type
// that only inherits Reply through another event's type (the Completed
// events) is a report, not a request.
func (c *Core) IsRequest(typeName string) bool {
	s := c.Structs[typeName]
	if s == nil {
		return false
	}
	for _, e := range s.Embedded {
		if e == "Reply" {
			return true
		}
	}
	return false
}
