// Package faults is the fault injection the in-memory fake servers share:
// queue a fault for the next calls (a status with Retry-After, a delay, a
// malformed body, a lost answer), and let the fake answer it in its own
// failure format.
package faultinject

import (
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault is injected into the next Times matching calls.
type Fault struct {
	// Path limits the fault to one path ("" = any), PathContains to paths
	// containing it, Method to one method.
	Path         string
	PathContains string
	Method       string
	// Times is how many calls it applies to (default 1).
	Times int
	// Probability, when above zero, makes the fault probabilistic: each
	// matching call gets it with this probability (0 < p <= 1), for as long
	// as it stays injected; Times is then ignored (soak tests: "5% of the
	// requests fail").
	Probability float64
	// Status answers with this HTTP status in the fake's failure format.
	Status int
	// RetryAfter is sent as the Retry-After header with Status.
	RetryAfter string
	// Message is the failure's message (default: the status text).
	Message string
	// SoftFailure answers HTTP 200 with the API's own failure body (for the
	// APIs that do that); Code is the API's result code in it, if it has one.
	SoftFailure bool
	Code        int
	// Malformed answers HTTP 200 with a body that is not JSON.
	Malformed bool
	// Delay waits before handling the call (ending early when the client
	// gives up).
	Delay time.Duration
	// Reset closes the connection without an answer.
	Reset bool
	// AfterApply applies the call first, then answers the fault: the server
	// acted but the client does not know it (an ambiguous create).
	AfterApply bool
}

// Injector holds queued faults. The zero value is ready.
type Injector struct {
	mu     sync.Mutex
	faults []Fault
	fired  int
}

// Inject queues a fault.
func (in *Injector) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.faults = append(in.faults, f)
}

// FailNext makes the next n calls answer status.
func (in *Injector) FailNext(n, status int) { in.Inject(Fault{Times: n, Status: status}) }

// Clear drops every queued fault.
func (in *Injector) Clear() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.faults = nil
}

// Pending is how many fault applications are still queued (probabilistic
// faults are never used up and do not count).
func (in *Injector) Pending() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := 0
	for _, f := range in.faults {
		if f.Probability <= 0 {
			n += f.Times
		}
	}
	return n
}

// Fired is how many calls got a fault since the injector was made.
func (in *Injector) Fired() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.fired
}

// Take returns the fault for this call, if one is queued.
func (in *Injector) Take(r *http.Request) (Fault, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, f := range in.faults {
		if (f.Path != "" && f.Path != r.URL.Path) || (f.Method != "" && f.Method != r.Method) ||
			(f.PathContains != "" && !strings.Contains(r.URL.Path, f.PathContains)) {
			continue
		}
		if f.Probability > 0 {
			if rand.Float64() >= f.Probability {
				continue
			}
			in.fired++
			return f, true
		}
		in.fired++
		in.faults[i].Times--
		if in.faults[i].Times <= 0 {
			in.faults = append(in.faults[:i], in.faults[i+1:]...)
		}
		return f, true
	}
	return Fault{}, false
}

// Wait sleeps for f.Delay, or until the client gives up. It reports false
// when the client went away.
func Wait(r *http.Request, f Fault) bool {
	if f.Delay <= 0 {
		return true
	}
	t := time.NewTimer(f.Delay)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		return false
	case <-t.C:
		return true
	}
}

// Failure writes a failure in a fake's own format.
type Failure func(w http.ResponseWriter, status int, message string)

// Answer writes the fault's answer and reports true, or reports false when
// the fault only delays. soft writes the API's HTTP-200 failure body.
func Answer(w http.ResponseWriter, f Fault, malformed string, fail, soft Failure) bool {
	switch {
	case f.Reset:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					_ = tc.SetLinger(0)
				}
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler)
	case f.Malformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, malformed)
		return true
	case f.SoftFailure && soft != nil:
		msg := f.Message
		if msg == "" {
			msg = "internal error"
		}
		soft(w, http.StatusOK, msg)
		return true
	case f.Status != 0:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		msg := f.Message
		if msg == "" {
			msg = http.StatusText(f.Status)
		}
		fail(w, f.Status, msg)
		return true
	}
	return false
}
