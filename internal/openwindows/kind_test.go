package openwindows

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

type mapPrivate map[string][]byte

func (m mapPrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return m[k], nil }

type testWindow struct {
	ID string `json:"id"`
}

func TestLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	id := func(w testWindow) string { return w.ID }
	if w, ok, diags := Load(ctx, mapPrivate{PrivateKey: []byte(`{"id":"a"}`)}, "silence", id); !ok || diags.HasError() || w.ID != "a" {
		t.Errorf("stored window: %+v %v %v", w, ok, diags)
	}
	if _, ok, diags := Load(ctx, mapPrivate{}, "silence", id); ok || diags.HasError() {
		t.Errorf("no private data (disabled Open) must mean nothing to do: %v %v", ok, diags)
	}
	if _, ok, diags := Load[testWindow](ctx, nil, "silence", id); ok || diags.HasError() {
		t.Errorf("nil private data: %v %v", ok, diags)
	}
	for _, bad := range []string{`{"id":`, `{}`} {
		if _, ok, diags := Load(ctx, mapPrivate{PrivateKey: []byte(bad)}, "silence", id); ok || !diags.HasError() {
			t.Errorf("corrupt private data %s: %v %v", bad, ok, diags)
		}
	}
}

func TestRenewAt_usesTheWallClock(t *testing.T) {
	t.Parallel()
	if d := time.Until(RenewAt(time.Minute)); d <= 59*time.Second || d > time.Minute {
		t.Errorf("RenewAt is not a minute from the wall clock: %s", d)
	}
}
