package openwindows

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// PrivateKey is where an open window's record lives in the ephemeral
// resource's private data, between Open, Renew and Close.
const PrivateKey = "window"

// PrivateReader is the read side of ephemeral private data.
type PrivateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// RenewAt turns a wait into the RenewAt instant. Terraform compares RenewAt
// with its own wall clock, so this is the one place that uses time.Now
// rather than the provider's (injectable) clock.
func RenewAt(wait time.Duration) time.Time { return time.Now().Add(wait) }

// Load decodes the window record W that Open stored; ok is false when Open
// created nothing (enabled = false). noun names the window in errors and id
// tells a usable record from a broken one.
func Load[W any](ctx context.Context, p PrivateReader, noun string, id func(W) string) (W, bool, diag.Diagnostics) {
	var w W
	if p == nil {
		return w, false, nil
	}
	b, diags := p.GetKey(ctx, PrivateKey)
	if diags.HasError() || len(b) == 0 {
		return w, false, diags
	}
	if err := json.Unmarshal(b, &w); err != nil || id(w) == "" {
		diags.AddError("Unable to read the open "+noun,
			fmt.Sprintf("The provider's private data for the %s is not readable (%v). This is a bug in the provider; please report it.", noun, err))
		return w, false, diags
	}
	return w, true, diags
}

// Kind is the lifecycle an ephemeral window type shares with the others:
// what happens after Open created the window, on Renew, on Close, and when
// the run fails. The type supplies how to renew, close and expire its W.
type Kind[W any] struct {
	// Owner is the provider instance's data (see For).
	Owner any
	// TypeName keys the windows, such as "o11y_silence".
	TypeName string
	// Noun names a window in diagnostics ("silence", "maintenance").
	Noun string
	ID   func(W) string
	// Expire ends the window with this id now; gone or ended is success.
	Expire func(ctx context.Context, id string) error
	// Detail formats an API error for a diagnostic.
	Detail func(error) string
	// Renew extends the window and says how long to wait before the next
	// renewal (zero: none).
	Renew func(ctx context.Context, w W) (W, time.Duration, diag.Diagnostics)
	// Close ends the window at the end of the run.
	Close func(ctx context.Context, w W) diag.Diagnostics
}

func (k Kind[W]) key(id string) string { return k.TypeName + "/" + id }

// Track records the open window with this id, so that a failing Open or
// Renew of the same run expires it (Terraform does not); false means the
// run has failed already.
func (k Kind[W]) Track(id string) bool {
	return For(k.Owner).Add(k.key(id), func(ctx context.Context) error { return k.Expire(ctx, id) })
}

// Forget drops a window that was closed or replaced.
func (k Kind[W]) Forget(id string) { For(k.Owner).Remove(k.key(id)) }

// Opened hands a window Open just created to Terraform: it records it for
// failed runs, stores it in private data and sets RenewAt after wait. When
// that cannot be done it expires the window at once (nothing left behind)
// and reports false.
func (k Kind[W]) Opened(ctx context.Context, w W, wait time.Duration, resp *ephemeral.OpenResponse) bool {
	id := k.ID(w)
	b, err := json.Marshal(w)
	if err != nil {
		resp.Diagnostics.AddError("Unable to open "+k.Noun, "Encoding the "+k.Noun+" for renewal failed: "+err.Error())
		k.ExpireAfterFailure(ctx, id, &resp.Diagnostics)
		FailRun(ctx, k.Owner, &resp.Diagnostics)
		return false
	}
	if !k.Track(id) {
		k.ExpireAfterFailure(ctx, id, &resp.Diagnostics)
		resp.Diagnostics.AddError("Unable to open "+k.Noun,
			fmt.Sprintf("Another ephemeral resource of this run failed to open, so the run fails and Terraform will not close this one: %s %q was expired at once.", k.Noun, id))
		return false
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, PrivateKey, b)...)
	resp.RenewAt = RenewAt(wait)
	return true
}

// ExpireAfterFailure expires a window that Open created but cannot hand to
// Terraform, so that a failed Open leaves nothing behind.
func (k Kind[W]) ExpireAfterFailure(ctx context.Context, id string, diags *diag.Diagnostics) {
	if err := k.Expire(ctx, id); err != nil {
		diags.AddError("Unable to expire "+k.Noun,
			fmt.Sprintf("%s %q could not be expired after the failure above; it ends by itself at its max_duration. %s", capitalize(k.Noun), id, k.Detail(err)))
	}
}

// HandleRenew is the whole of an ephemeral Renew.
func (k Kind[W]) HandleRenew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	w, ok, diags := Load(ctx, req.Private, k.Noun, k.ID)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	next, wait, diags := k.Renew(ctx, w)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		FailRun(ctx, k.Owner, &resp.Diagnostics)
		return
	}
	b, _ := json.Marshal(next)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, PrivateKey, b)...)
	if wait > 0 {
		resp.RenewAt = RenewAt(wait)
	}
}

// HandleClose is the whole of an ephemeral Close.
func (k Kind[W]) HandleClose(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	w, ok, diags := Load(ctx, req.Private, k.Noun, k.ID)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(k.Close(ctx, w)...)
	if !resp.Diagnostics.HasError() {
		k.Forget(k.ID(w))
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
