package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
)

// eventHandler is the slog.Handler for message events: one line each,
// text or JSON, written through the eventLog so -quiet and -log-max-rate
// summarise them under load. Enabled reports false while the log
// summarises, so a suppressed event costs no formatting.
type eventHandler struct {
	lg    *eventLog
	json  bool
	attrs []slog.Attr
	group string
	pool  *sync.Pool
}

func newEventHandler(lg *eventLog, json bool) *eventHandler {
	return &eventHandler{lg: lg, json: json, pool: &sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

func (h *eventHandler) Enabled(_ context.Context, l slog.Level) bool {
	if l >= slog.LevelWarn {
		return true
	}
	h.lg.lines.Add(1) // counted, for the summary and the rate
	return !h.lg.quiet && !h.lg.suppress.Load()
}

func (h *eventHandler) Handle(ctx context.Context, r slog.Record) error {
	buf := h.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer h.pool.Put(buf)
	var inner slog.Handler
	if h.json {
		inner = slog.NewJSONHandler(buf, nil)
	} else {
		inner = slog.NewTextHandler(buf, nil)
	}
	if len(h.attrs) > 0 {
		inner = inner.WithAttrs(h.attrs)
	}
	if err := inner.Handle(ctx, r); err != nil {
		return err
	}
	h.lg.raw(strings.TrimSuffix(buf.String(), "\n"))
	return nil
}

func (h *eventHandler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr{}, h.attrs...), as...)
	return &c
}

func (h *eventHandler) WithGroup(name string) slog.Handler { return h }
