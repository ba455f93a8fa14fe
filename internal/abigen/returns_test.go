package main

import (
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The header documents, for every function, the codes it can return, in a
// line "Returns: ..." of its comment, or "Returns (f, g*): ..." where one
// comment covers several functions (see CONVENTIONS in the header). This
// keeps the lists honest in one direction: every function has exactly one
// list, and every code a list names is a member of smscError. Whether a
// list is complete is for review of the code, not for this test.

// returnsLine is the start of an entry: "Returns:" or "Returns (names):".
var returnsLine = regexp.MustCompile(`^Returns(?: \(([^)]*)\))?:`)

// codeToken is anything written like one of the library's codes (SMSC_...,
// or ..._ERR_... with a misspelled prefix).
var codeToken = regexp.MustCompile(`\bSMSC_[A-Za-z0-9_]*|\b[A-Z0-9]*_?ERR_[A-Za-z0-9_]*`)

type returnsEntry struct {
	names []string // nil: every function the comment covers
	text  string
}

// governingComments maps every top-level function of the header to the
// comment that documents it: the last comment before it with only function
// prototypes between them (a typedef ends a comment's reach, and a comment
// followed by a blank line documents a section, not a declaration). It
// walks the generator's own tokens, so it reads the header as ParseHeader
// does.
func governingComments(t *testing.T, file string) map[string]string {
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	toks, err := tokenize(string(src), map[string]string{})
	require.NoError(t, err)
	out := map[string]string{}
	doc := ""
	depth := 0
	var stmt []ctoken
	for _, tk := range toks {
		switch {
		case tk.kind == tComment:
			if depth == 0 && len(stmt) == 0 {
				doc = ""
				if !tk.blankAfter {
					doc = tk.text
				}
			}
			continue
		case tk.text == "{":
			depth++
		case tk.text == "}":
			depth--
		}
		stmt = append(stmt, tk)
		if depth != 0 || tk.text != ";" {
			continue
		}
		if stmt[0].text == "typedef" {
			doc = ""
		} else {
			for i := 1; i < len(stmt); i++ {
				if stmt[i].text == "(" && stmt[i-1].kind == tIdent {
					out[stmt[i-1].text] = doc
					break
				}
			}
		}
		stmt = stmt[:0]
	}
	return out
}

// returnsEntries splits a comment's "Returns" entries: each runs from its
// line to the next entry, a blank line or the end of the comment.
func returnsEntries(doc string) []returnsEntry {
	var out []returnsEntry
	var cur *returnsEntry
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		if m := returnsLine.FindStringSubmatch(line); m != nil {
			out = append(out, returnsEntry{text: strings.TrimSpace(line[len(m[0]):])})
			cur = &out[len(out)-1]
			if m[1] != "" {
				for _, n := range strings.Split(m[1], ",") {
					cur.names = append(cur.names, strings.TrimSpace(n))
				}
			}
			continue
		}
		if line == "" {
			cur = nil
		}
		if cur != nil {
			cur.text += " " + line
		}
	}
	return out
}

func TestHeaderReturnCodes(t *testing.T) {
	const file = "../../include/smscserver.h"
	h, err := ParseHeader(file)
	require.NoError(t, err)
	codes := map[string]bool{}
	for _, e := range h.Enums {
		if e.Name == "smscError" {
			for _, m := range e.Members {
				codes[m.Name] = true
			}
		}
	}
	require.NotEmpty(t, codes, "enum smscError")

	docs := governingComments(t, file)
	covered := map[string][]string{} // comment -> the functions it covers
	for _, f := range h.Functions {
		doc, ok := docs[f.Name]
		require.True(t, ok, "%s: not found by governingComments", f.Name)
		covered[doc] = append(covered[doc], f.Name)
	}
	for _, f := range h.Functions {
		var lists []returnsEntry
		for _, e := range returnsEntries(docs[f.Name]) {
			if e.names == nil {
				lists = append(lists, e)
				continue
			}
			for _, n := range e.names {
				if matched, _ := path.Match(n, f.Name); matched {
					lists = append(lists, e)
					break
				}
			}
		}
		require.Len(t, lists, 1, "%s: wants exactly one \"Returns:\" line in its comment, or one \"Returns (%s):\"", f.Name, f.Name)
		require.NotEmpty(t, lists[0].text, "%s: an empty Returns line", f.Name)
		for _, c := range codeToken.FindAllString(lists[0].text, -1) {
			require.True(t, codes[c], "%s: Returns names %s, which is not a member of smscError", f.Name, c)
			require.NotContains(t, []string{"SMSC_ERR_INVALID_HANDLE", "SMSC_ERR_INTERNAL"}, c,
				"%s: the lists leave out what every function can return (CONVENTIONS)", f.Name)
		}
	}
	// Every name in "Returns (...)" is a function its comment covers: a
	// misspelled one would leave its function to the check above only by
	// luck.
	for doc, fns := range covered {
		for _, e := range returnsEntries(doc) {
			for _, n := range e.names {
				hit := false
				for _, fn := range fns {
					if matched, _ := path.Match(n, fn); matched {
						hit = true
					}
				}
				require.True(t, hit, "Returns (%s): no function %q under this comment (it covers %v)", strings.Join(e.names, ", "), n, fns)
			}
		}
	}
}

// The checks themselves: they catch what they are there for.
func TestHeaderReturnCodesCatches(t *testing.T) {
	require.Equal(t, []returnsEntry{
		{names: []string{"a", "b*"}, text: "0, SMSC_ERR_X (why)."},
		{text: "0."},
	}, returnsEntries("Doc text.\nReturns (a, b*): 0,\nSMSC_ERR_X (why).\nReturns: 0.\n\nMore text."))
	require.Equal(t, []string{"SMSC_ERR_UNKOWN_CLIENT", "SMCS_ERR_NOT_PENDING", "ERR_TIMEOUT"},
		codeToken.FindAllString("0, SMSC_ERR_UNKOWN_CLIENT, SMCS_ERR_NOT_PENDING, ERR_TIMEOUT, EADDRINUSE, SMSCSERVER_ABI_VERSION", -1))

	dir := t.TempDir()
	file := dir + "/h.h"
	require.NoError(t, os.WriteFile(file, []byte(`/* section */

/* One.
 * Returns: 0. */
int a(void);
int b(void);
/* Two.
 * Returns (c): 0.
 * Returns (d*): 1. */
int c(void);
int d1(void);
/* A callback. */
typedef int (*cb)(void *userData, const int *e);
int e(void);
`), 0o644))
	docs := governingComments(t, file)
	require.Equal(t, "One.\nReturns: 0.", docs["a"])
	require.Equal(t, docs["a"], docs["b"], "a prototype right after another shares its comment")
	require.Equal(t, docs["c"], docs["d1"])
	require.Equal(t, "", docs["e"], "a typedef ends a comment's reach")
}
