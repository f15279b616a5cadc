package faultmatrix_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// faultServer serves next behind a fault injector that selects requests by
// a predicate (the fakes' own injectors match fixed paths only), answers
// failures in the API's own format, and logs every request with its time.
type faultServer struct {
	URL       string
	next      http.Handler
	fail      faultinject.Failure
	soft      faultinject.Failure
	malformed string

	mu    sync.Mutex
	queue []*queued
	hits  []hit
}

type queued struct {
	match func(*http.Request) bool
	f     faultinject.Fault
	left  int
}

type hit struct {
	at      time.Time
	method  string
	path    string
	faulted bool
}

func startFaultServer(t interface{ Cleanup(func()) }, next http.Handler, fail, soft faultinject.Failure) *faultServer {
	fs := &faultServer{next: next, fail: fail, soft: soft, malformed: `{"truncated": [`}
	ts := httptest.NewServer(fs)
	fs.URL = ts.URL
	t.Cleanup(ts.Close)
	return fs
}

// inject queues f for the next f.Times requests that match.
func (fs *faultServer) inject(match func(*http.Request) bool, f faultinject.Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.queue = append(fs.queue, &queued{match: match, f: f, left: f.Times})
}

// pending is how many fault applications are still queued.
func (fs *faultServer) pending() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n := 0
	for _, q := range fs.queue {
		n += q.left
	}
	return n
}

func (fs *faultServer) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.queue = nil
}

// mark is the position in the request log, for since.
func (fs *faultServer) mark() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.hits)
}

// since returns the logged requests from mark on that match.
func (fs *faultServer) since(mark int, match func(method, path string) bool) []hit {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var out []hit
	for _, h := range fs.hits[mark:] {
		if match(h.method, h.path) {
			out = append(out, h)
		}
	}
	return out
}

func (fs *faultServer) take(r *http.Request) (faultinject.Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, q := range fs.queue {
		if !q.match(r) {
			continue
		}
		q.left--
		if q.left <= 0 {
			fs.queue = append(fs.queue[:i], fs.queue[i+1:]...)
		}
		return q.f, true
	}
	return faultinject.Fault{}, false
}

func (fs *faultServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Read the body first: only then does net/http notice a client that
	// hangs up (and end r.Context()), so a delayed request the client gave
	// up on is dropped instead of being applied late.
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	// The body is read (a create's "Expect: 100-continue" is answered):
	// the server behind needs no 100 Continue of its own, and forwarding
	// one into the recorder of AfterApply aborts httputil.ReverseProxy.
	r.Header.Del("Expect")
	f, faulty := fs.take(r)
	fs.mu.Lock()
	fs.hits = append(fs.hits, hit{at: time.Now(), method: r.Method, path: r.URL.Path, faulted: faulty})
	fs.mu.Unlock()
	if !faulty {
		fs.next.ServeHTTP(w, r)
		return
	}
	if !faultinject.Wait(r, f) {
		return // the client gave up: the server never saw the request
	}
	if f.AfterApply {
		fs.next.ServeHTTP(httptest.NewRecorder(), r)
	}
	if faultinject.Answer(w, f, fs.malformed, fs.fail, fs.soft) {
		return
	}
	if !f.AfterApply {
		fs.next.ServeHTTP(w, r)
	}
}
