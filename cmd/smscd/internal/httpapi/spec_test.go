package httpapi

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// The tests read openapi.yaml and hold every response they get to it: the
// status must be one the operation documents and the JSON body must match
// the documented schema. A small validator of the OpenAPI 3.0 subset the
// file uses does that, so the file cannot drift from the handlers.

type spec struct {
	doc   map[string]any
	paths map[string]map[string]any // path -> method (upper case) -> operation
}

func loadSpec(t *testing.T) *spec {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(openapiYAML, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	s := &spec{doc: doc, paths: map[string]map[string]any{}}
	for p, item := range doc["paths"].(map[string]any) {
		s.paths[p] = map[string]any{}
		for m, op := range item.(map[string]any) {
			s.paths[p][strings.ToUpper(m)] = op
		}
	}
	return s
}

// match finds the documented path template for a concrete path.
func (s *spec) match(path string) (string, bool) {
	segs := strings.Split(path, "/")
	for tmpl := range s.paths {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i := range ts {
			if strings.HasPrefix(ts[i], "{") {
				ok = ok && segs[i] != ""
			} else {
				ok = ok && ts[i] == segs[i]
			}
		}
		if ok {
			return tmpl, true
		}
	}
	return "", false
}

func (s *spec) resolve(v any) map[string]any {
	m, _ := v.(map[string]any)
	for m != nil && m["$ref"] != nil {
		ref := strings.TrimPrefix(m["$ref"].(string), "#/")
		var cur any = s.doc
		for _, part := range strings.Split(ref, "/") {
			cur = cur.(map[string]any)[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

// checkResponse verifies one response against the document.
func (s *spec) checkResponse(method, path string, status int, hdr http.Header, body any) error {
	tmpl, ok := s.match(path)
	if !ok {
		return nil // not part of the API (page, spec, metrics, unknown paths)
	}
	op, ok := s.paths[tmpl][method]
	if !ok {
		if method == "HEAD" {
			if _, get := s.paths[tmpl]["GET"]; get {
				return nil
			}
		}
		if status != http.StatusMethodNotAllowed {
			return fmt.Errorf("%s %s is not documented but answered %d, not 405", method, path, status)
		}
		var want []string
		for m := range s.paths[tmpl] {
			want = append(want, m)
			if m == "GET" {
				want = append(want, "HEAD")
			}
		}
		got := strings.Split(hdr.Get("Allow"), ", ")
		sort.Strings(want)
		sort.Strings(got)
		if !slices.Equal(got, want) {
			return fmt.Errorf("%s %s: Allow %v, the document has %v", method, path, got, want)
		}
		return s.validate(map[string]any{"$ref": "#/components/schemas/Error"}, body, "body")
	}
	resp := s.resolve(s.resolve(op.(map[string]any)["responses"])[strconv.Itoa(status)])
	if resp == nil {
		return fmt.Errorf("%s %s answered %d, which %s %s does not document", method, path, status, method, tmpl)
	}
	for name, h := range s.resolve(resp["headers"]) {
		if s.resolve(h)["required"] == true && hdr.Get(name) == "" {
			return fmt.Errorf("%s %s %d: header %s is documented as required and missing", method, path, status, name)
		}
	}
	content := s.resolve(resp["content"])
	if content == nil {
		if body != nil {
			return fmt.Errorf("%s %s %d: the document has no body, the response has one", method, path, status)
		}
		return nil
	}
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("%s %s %d: Content-Type %q", method, path, status, ct)
	}
	return s.validate(s.resolve(content["application/json"])["schema"], body, "body")
}

// validate checks v, decoded JSON, against an OpenAPI 3.0 schema: type,
// required, additionalProperties false, enum, minimum/maximum, minLength,
// maxLength, pattern, format date-time and arrays, as openapi.yaml uses.
func (s *spec) validate(schema any, v any, at string) error {
	sc := s.resolve(schema)
	if sc == nil {
		return fmt.Errorf("%s: no schema", at)
	}
	if enum, ok := sc["enum"].([]any); ok && !slices.Contains(enum, v) {
		return fmt.Errorf("%s: %v is not one of %v", at, v, enum)
	}
	switch sc["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		props := s.resolve(sc["properties"])
		for _, r := range sc["required"].([]any) {
			if _, ok := obj[r.(string)]; !ok {
				return fmt.Errorf("%s: required %q missing", at, r)
			}
		}
		for k, fv := range obj {
			p, ok := props[k]
			if !ok {
				if sc["additionalProperties"] == false {
					return fmt.Errorf("%s: %q is not in the document", at, k)
				}
				continue
			}
			if err := s.validate(p, fv, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		for i, e := range arr {
			if err := s.validate(sc["items"], e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
		if n, ok := sc["minLength"].(int); ok && len([]rune(str)) < n {
			return fmt.Errorf("%s: %q shorter than %d", at, str, n)
		}
		if n, ok := sc["maxLength"].(int); ok && len([]rune(str)) > n {
			return fmt.Errorf("%s: longer than %d", at, n)
		}
		if p, ok := sc["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			return fmt.Errorf("%s: %q does not match %s", at, str, p)
		}
		if sc["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				return fmt.Errorf("%s: %q is not a date-time", at, str)
			}
		}
	case "integer", "number":
		f, ok := v.(float64)
		if !ok {
			return fmt.Errorf("%s: %T, want a number", at, v)
		}
		if sc["type"] == "integer" && f != float64(int64(f)) {
			return fmt.Errorf("%s: %v is not an integer", at, f)
		}
		if m, ok := sc["minimum"].(int); ok && f < float64(m) {
			return fmt.Errorf("%s: %v below %d", at, f, m)
		}
		if m, ok := sc["maximum"].(int); ok && f > float64(m) {
			return fmt.Errorf("%s: %v above %d", at, f, m)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	default:
		return fmt.Errorf("%s: schema type %v not handled by this validator", at, sc["type"])
	}
	return nil
}

// TestSpecMatchesRoutes: every documented operation is served and every
// served API route is documented, and the request rules the handlers
// enforce are the ones the document states.
func TestSpecMatchesRoutes(t *testing.T) {
	s := loadSpec(t)
	served := map[string]bool{}
	for _, r := range routes {
		if !r.inSpec {
			continue
		}
		served[r.method+" "+r.path] = true
		if _, ok := s.paths[r.path][r.method]; !ok {
			t.Errorf("%s %s is served but not in openapi.yaml", r.method, r.path)
		}
	}
	for p, ops := range s.paths {
		for m := range ops {
			if !served[m+" "+p] {
				t.Errorf("%s %s is in openapi.yaml but not served", m, p)
			}
		}
	}

	req := s.resolve(s.doc["components"].(map[string]any)["schemas"].(map[string]any)["InjectRequest"])
	props := req["properties"].(map[string]any)
	for name, re := range map[string]*regexp.Regexp{"account": reAccount, "from": reFrom, "to": reTo} {
		if got := props[name].(map[string]any)["pattern"]; got != re.String() {
			t.Errorf("InjectRequest.%s: document pattern %v, handler %s", name, got, re)
		}
	}
	if got := props["text"].(map[string]any)["maxLength"]; got != maxText {
		t.Errorf("InjectRequest.text maxLength %v, handler %d", got, maxText)
	}
	var limit map[string]any
	for _, p := range s.paths["/api/v1/messages"]["GET"].(map[string]any)["parameters"].([]any) {
		if p.(map[string]any)["name"] == "limit" {
			limit = p.(map[string]any)["schema"].(map[string]any)
		}
	}
	if limit["minimum"] != 1 || limit["maximum"] != maxLimit || limit["default"] != defaultLimit {
		t.Errorf("limit in the document %v; handler 1..%d default %d", limit, maxLimit, defaultLimit)
	}
	var docStates []string
	for _, v := range s.resolve(map[string]any{"$ref": "#/components/schemas/State"})["enum"].([]any) {
		docStates = append(docStates, v.(string))
	}
	for st := range states {
		if !slices.Contains(docStates, string(st)) {
			t.Errorf("state %s accepted by the handler, not in the document", st)
		}
	}
	if len(docStates) != len(states) {
		t.Errorf("document states %v, handler %d states", docStates, len(states))
	}
}
