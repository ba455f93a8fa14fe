package httpapi

import (
	_ "embed"
	"html"
	"net/http"
	"strings"
)

// The spec and the page ship inside the binary: smscd is one file to copy.
var (
	//go:embed openapi.yaml
	openapiYAML []byte
	//go:embed status.html
	statusHTML string
)

func (a *api) spec(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	w.Write(openapiYAML)
}

func (a *api) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write([]byte(strings.ReplaceAll(statusHTML, "{{TITLE}}", html.EscapeString(a.title))))
}
