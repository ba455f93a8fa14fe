package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A message event is one line: JSON with -log-format json, key=value
// text otherwise; -quiet counts it without writing it.
func TestEventLinesTextJSONQuiet(t *testing.T) {
	var out bytes.Buffer
	lg := newEventLogRate(&out, false, 0)
	slog.New(newEventHandler(lg, true)).Info("submit", "id", "abc", "to", "4670")
	slog.New(newEventHandler(lg, false)).Info("deliver", "id", "abc", "session", "smpp-1")
	lg.close()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	var ev map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &ev), lines[0])
	require.Equal(t, "submit", ev["msg"])
	require.Equal(t, "abc", ev["id"])
	require.Contains(t, lines[1], "msg=deliver id=abc session=smpp-1")

	out.Reset()
	q := newEventLogRate(&out, true, 0)
	slog.New(newEventHandler(q, false)).Info("submit", "id", "abc")
	q.close()
	require.NotContains(t, out.String(), "submit")
}
