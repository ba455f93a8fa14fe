package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
)

// errorBody is the one error shape of the API.
type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only wire types go in, all of which marshal
		status, body = http.StatusInternalServerError, []byte(`{"error":"cannot encode the response"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

// httpError carries a status to the handler that writes it.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// decodeBody reads exactly one JSON object into v: the body must be
// application/json, at most maxBody bytes, name no field v lacks, give no
// field as null, and hold nothing after the object. A typo in a field name
// or a null is an error, not a silently dropped field.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	// The type is required, not assumed: a cross-site page can POST a body
	// with no Content-Type without the browser asking first (a CORS "simple
	// request"), but not one labelled application/json. This API has no
	// login, so that is what keeps another site's page from injecting
	// messages through a browser on the operator's machine.
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &httpError{http.StatusUnsupportedMediaType, "the body must be sent as Content-Type: application/json"}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", maxBody)}
		}
		return badRequest("cannot read the body: %v", err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return badRequest("the body is empty; a JSON object is expected")
	}
	// First as a bare object, to tell a non-object or a null field apart
	// (encoding/json would leave a Go string unchanged for null).
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&fields); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) {
			return badRequest("the body is not valid JSON: %v", err)
		}
		return badRequest("the body must be a JSON object")
	}
	if fields == nil {
		return badRequest("the body must be a JSON object, not null")
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("the body holds more than one JSON value")
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if string(fields[k]) == "null" {
			return badRequest("field %q must not be null; leave it out instead", k)
		}
	}
	dec = json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			return badRequest("field %q must be a %s", typ.Field, typ.Type.Kind())
		}
		return badRequest("%v", err) // an unknown field, among others
	}
	return nil
}
