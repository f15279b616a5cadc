package faultinject

import (
	"net/http/httptest"
	"testing"
)

// TestProbability: a probabilistic fault hits about that share of the
// matching calls, is never used up, leaves other calls alone, and does not
// count as pending; a queued fault before it still goes first.
func TestProbability(t *testing.T) {
	t.Parallel()
	in := &Injector{}
	in.Inject(Fault{Status: 500, Times: 2})
	in.Inject(Fault{Status: 503, Probability: 0.05, Method: "POST"})
	if in.Pending() != 2 {
		t.Fatalf("pending %d, want 2 (the queued fault only)", in.Pending())
	}
	post := httptest.NewRequest("POST", "/x", nil)
	for i := 0; i < 2; i++ {
		if f, ok := in.Take(post); !ok || f.Status != 500 {
			t.Fatalf("call %d got %+v %v, want the queued 500", i, f, ok)
		}
	}
	const n = 20000
	hits := 0
	for i := 0; i < n; i++ {
		if f, ok := in.Take(post); ok {
			if f.Status != 503 {
				t.Fatalf("got %+v", f)
			}
			hits++
		}
		if _, ok := in.Take(httptest.NewRequest("GET", "/x", nil)); ok {
			t.Fatal("a GET got the POST's fault")
		}
	}
	if hits < n*4/100 || hits > n*6/100 {
		t.Fatalf("%d of %d calls faulted, want about 5%%", hits, n)
	}
	if in.Fired() != hits+2 || in.Pending() != 0 {
		t.Fatalf("fired %d pending %d, want %d and 0", in.Fired(), in.Pending(), hits+2)
	}
}
