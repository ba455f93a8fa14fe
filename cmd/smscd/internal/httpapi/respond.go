package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
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
// application/json, at most maxBody bytes, name no field v lacks, and hold
// nothing after the object. A typo in a field name is an error, not a
// silently dropped field.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return &httpError{http.StatusUnsupportedMediaType, "the body must be application/json"}
		}
	}
	body := http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooBig):
			return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", maxBody)}
		case errors.Is(err, io.EOF):
			return badRequest("the body is empty; a JSON object is expected")
		case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
			return badRequest("the body is not valid JSON: %v", err)
		case errors.As(err, &typ):
			if typ.Field != "" {
				return badRequest("field %q must be a %s", typ.Field, typ.Type.Kind())
			}
			return badRequest("the body must be a JSON object")
		default: // unknown field, among others
			return badRequest("%v", err)
		}
	}
	// One object and nothing else: trailing data means a confused client.
	rest, _ := io.ReadAll(dec.Buffered())
	more, err := io.ReadAll(body)
	if len(bytes.TrimSpace(rest)) > 0 || len(bytes.TrimSpace(more)) > 0 || err != nil {
		return badRequest("the body holds more than one JSON value")
	}
	return nil
}
