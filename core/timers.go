package core

import "time"

// keepAliveWait is how long a server keep-alive (enquire_link, UCP 31,
// CIMD2 40) may stay unanswered: response-timeout, but never longer than
// the keep-alive interval itself.
func keepAliveWait(cfg Config, intervalSeconds int) time.Duration {
	w := cfg.ResponseTimeout
	if k := time.Duration(intervalSeconds) * time.Second; w <= 0 || w > k {
		w = k
	}
	return w
}

// wakeup collects a session's timers; deadline is the earliest of them,
// rounded up to 100 ms so that the socket's read deadline changes a few
// times a second at most however busy the link is, and never later than
// maxTimerSleep from now.
type wakeup struct{ at time.Time }

func newWakeup(now time.Time) wakeup { return wakeup{at: now.Add(maxTimerSleep)} }

func (w *wakeup) min(t time.Time) {
	if t.Before(w.at) {
		w.at = t
	}
}

func (w *wakeup) deadline() time.Time {
	const q = 100 * time.Millisecond
	return time.Unix(0, (w.at.UnixNano()+int64(q)-1)/int64(q)*int64(q))
}
