package ephemeralwindow

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// fakeServer records what the lifecycle asks of a window type.
type fakeServer struct {
	mu      sync.Mutex
	expired []string
	fail    map[string]error
}

func (s *fakeServer) Expire(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expired = append(s.expired, id)
	return s.fail[id]
}

func (s *fakeServer) Extend(context.Context, Window) (Window, time.Time, bool, diag.Diagnostics) {
	return Window{}, time.Time{}, true, nil
}

func (s *fakeServer) Detail(err error) string { return err.Error() }

func TestTracker(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{fail: map[string]error{"a": errors.New("server down")}}
	tr := NewTracker(0)
	k := Kind{TypeName: "o11y_maintenance", Noun: "maintenance", Tracker: tr, Server: srv}
	ks := Kind{TypeName: "o11y_silence", Noun: "silence", Tracker: tr, Server: srv}
	ks.track("b")
	k.track("a")
	ks.track("c")
	tr.remove(ks.key("c")) // closed by Terraform
	if got := tr.Keys(); !reflect.DeepEqual(got, []string{"o11y_maintenance/a", "o11y_silence/b"}) {
		t.Fatalf("Keys() = %v", got)
	}
	err := tr.fail(context.Background())
	if err == nil || !strings.Contains(err.Error(), "o11y_maintenance/a: server down") {
		t.Errorf("fail error %v, want the failing window's", err)
	}
	if !reflect.DeepEqual(srv.expired, []string{"a", "b"}) {
		t.Errorf("expired %v, want a and b once each in key order", srv.expired)
	}
	if ks.track("d") {
		t.Error("a track after the run failed must be refused")
	}
	if len(tr.Keys()) != 0 || tr.CloseAll(context.Background()) != nil || len(srv.expired) != 2 {
		t.Errorf("CloseAll must forget what it closed")
	}
	var none *Tracker
	if none.CloseAll(context.Background()) != nil {
		t.Error("a nil tracker has nothing to close")
	}
}

// TestOpen_failureClosesTheRun: an Open that fails expires every window the
// provider instance still has open (Terraform closes none of them after a
// failed Open) and says so.
func TestOpen_failureClosesTheRun(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{}
	k := Kind{TypeName: "o11y_silence", Noun: "silence", Tracker: NewTracker(0), Server: srv}
	k.track("earlier")
	var resp ephemeral.OpenResponse
	k.Open(context.Background(), &resp, func() (any, *Window, time.Time, diag.Diagnostics) {
		var d diag.Diagnostics
		d.AddError("Unable to create silence", "HTTP status: 500")
		return nil, nil, time.Time{}, d
	})
	if !resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 ||
		!strings.Contains(resp.Diagnostics.Warnings()[0].Detail(), "o11y_silence/earlier") {
		t.Fatalf("diagnostics %v", resp.Diagnostics)
	}
	if !reflect.DeepEqual(srv.expired, []string{"earlier"}) || len(k.Tracker.Keys()) != 0 {
		t.Errorf("expired %v, still open %v", srv.expired, k.Tracker.Keys())
	}
}

func TestExpireAfterFailure(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{fail: map[string]error{"x": errors.New("HTTP status: 503")}}
	k := Kind{TypeName: "o11y_maintenance", Noun: "maintenance", Tracker: NewTracker(0), Server: srv}
	var diags diag.Diagnostics
	k.ExpireAfterFailure(context.Background(), "x", &diags)
	if !diags.HasError() || diags.Errors()[0].Summary() != "Unable to expire maintenance" ||
		!strings.Contains(diags.Errors()[0].Detail(), `Maintenance "x" could not be expired`) {
		t.Errorf("diagnostics %v", diags)
	}
}

type mapPrivate map[string][]byte

func (m mapPrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return m[k], nil }

func TestLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k := Kind{Noun: "silence"}
	w := Window{ID: "00000000-0000-4000-8000-000000000001", MaxDuration: 30 * time.Minute, EndsAt: time.Date(2026, 3, 1, 10, 0, 30, 0, time.UTC)}
	b, _ := json.Marshal(w)
	if got, ok, diags := k.load(ctx, mapPrivate{privateKey: b}); !ok || diags.HasError() || got != w {
		t.Errorf("round trip: %+v %v %v", got, ok, diags)
	}
	if _, ok, diags := k.load(ctx, mapPrivate{}); ok || diags.HasError() {
		t.Errorf("no private data (disabled Open) must mean nothing to do: %v %v", ok, diags)
	}
	if _, ok, diags := k.load(ctx, nil); ok || diags.HasError() {
		t.Errorf("nil private data: %v %v", ok, diags)
	}
	for _, bad := range []string{`{"id":`, `{}`} {
		if _, ok, diags := k.load(ctx, mapPrivate{privateKey: []byte(bad)}); ok || !diags.HasError() {
			t.Errorf("corrupt private data %s: %v %v", bad, ok, diags)
		}
	}
}

func TestRenewAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 10, 0, 30, 0, time.UTC)
	half := NewTracker(0)
	if got := half.RenewAfter(now, now.Add(30*time.Minute)); got != 15*time.Minute {
		t.Errorf("default renewal after %s, want halfway", got)
	}
	if got := half.RenewAfter(now, now.Add(-time.Minute)); got != time.Second {
		t.Errorf("renewal of a window at its end after %s, want a second", got)
	}
	if got := NewTracker(2*time.Second).RenewAfter(now, now.Add(30*time.Minute)); got != 2*time.Second {
		t.Errorf("injected renewal interval: after %s, want 2s", got)
	}
}

func TestRenewAt_usesTheWallClock(t *testing.T) {
	t.Parallel()
	if d := time.Until(renewAt(time.Minute)); d <= 59*time.Second || d > time.Minute {
		t.Errorf("RenewAt is not a minute from the wall clock: %s", d)
	}
}

// TestNotReady: a server without a client answers with what the provider
// configuration lacks, and with a plain error (not a panic) when nothing
// was recorded, as before Configure ran.
func TestNotReady(t *testing.T) {
	var d diag.Diagnostics
	d.AddWarning("ignored", "a warning is not the reason")
	d.AddError("Missing configuration", "set alertmanager.url or ALERTMANAGER_URL")
	if err := NotReady(d); err == nil || err.Error() != "set alertmanager.url or ALERTMANAGER_URL" {
		t.Fatalf("NotReady = %v, want the first error's detail", err)
	}
	if err := NotReady(nil); err == nil || !strings.Contains(err.Error(), "not been configured") {
		t.Fatalf("NotReady(nil) = %v, want an error saying the provider is not configured", err)
	}
}
