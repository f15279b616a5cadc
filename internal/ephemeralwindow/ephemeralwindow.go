// Package ephemeralwindow is the one lifecycle of the ephemeral
// o11y_silence and o11y_maintenance: a window opened for one Terraform run,
// renewed while the run goes on, expired when it ends, and expired anyway
// when the run fails or the plugin exits.
//
// Terraform (1.10+) and OpenTofu (1.11+) call Close only when a run ends
// normally: when an Open fails they abort without closing the ephemeral
// resources opened before it or while it ran (measured with Terraform 1.11.4
// and 1.15.9, and OpenTofu 1.12.6). Every Open failure fails the run, so the
// Open that fails closes every other window of its provider instance
// (Tracker.Fail), and an Open that finishes after that expires its own
// window at once. The provider's shutdown closes whatever is still open
// when the plugin process exits (Tracker.CloseAll).
package ephemeralwindow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// privateKey is where an open window's record lives in the ephemeral
// resource's private data, between Open, Renew and Close.
const privateKey = "window"

// Window is what Renew and Close need of an open window. It lives in the
// ephemeral resource's private data, never in state.
type Window struct {
	ID          string        `json:"id"`
	MaxDuration time.Duration `json:"max_duration"`
	EndsAt      time.Time     `json:"ends_at"`
}

// Server is what a window type does on its API.
type Server interface {
	// Expire ends the window now; one that is gone or ended already counts
	// as expired.
	Expire(ctx context.Context, id string) error
	// Extend moves the window's end to MaxDuration after now. It returns
	// the window as it now is (the server may have issued a new id), the
	// instant the next renewal's wait counts from, and stop when renewing
	// must end (someone ended the window; a warning says so).
	Extend(ctx context.Context, w Window) (next Window, now time.Time, stop bool, diags diag.Diagnostics)
	// Detail formats a client error for a diagnostic.
	Detail(err error) string
}

// Tracker holds the windows that one configured provider instance opened
// and Terraform has not closed yet.
type Tracker struct {
	// renewEvery replaces the renewal schedule when positive (tests ask
	// for a renewal every second); zero means "when half of the time left
	// has passed".
	renewEvery time.Duration

	mu     sync.Mutex
	open   map[string]func(context.Context) error
	failed bool
}

// NewTracker returns an empty tracker. renewEvery is the renewal interval
// (zero: renew when half of a window's time is left).
func NewTracker(renewEvery time.Duration) *Tracker {
	return &Tracker{renewEvery: renewEvery, open: map[string]func(context.Context) error{}}
}

// add records an open window; false, recording nothing, when an Open of
// the same run has failed already.
func (t *Tracker) add(key string, closeFn func(context.Context) error) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failed {
		return false
	}
	t.open[key] = closeFn
	return true
}

func (t *Tracker) remove(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.open, key)
}

// Keys lists the windows still open, sorted.
func (t *Tracker) Keys() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]string, 0, len(t.open))
	for k := range t.open {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fail marks the run as failed (later Opens are refused) and closes every
// window still open.
func (t *Tracker) fail(ctx context.Context) error {
	t.mu.Lock()
	t.failed = true
	t.mu.Unlock()
	return t.CloseAll(ctx)
}

// CloseAll expires every window still open and forgets it; the errors of
// those that could not be expired are joined.
func (t *Tracker) CloseAll(ctx context.Context) error {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	todo := t.open
	t.open = map[string]func(context.Context) error{}
	t.mu.Unlock()
	keys := make([]string, 0, len(todo))
	for k := range todo {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	for _, k := range keys {
		if err := todo[k](ctx); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
		}
	}
	return errors.Join(errs...)
}

// RenewAfter is how long to wait before renewing a window that ends at end:
// until half of the time left has passed (at least a second), or the
// tracker's fixed interval.
func (t *Tracker) RenewAfter(now, end time.Time) time.Duration {
	if t.renewEvery > 0 {
		return t.renewEvery
	}
	left := end.Sub(now)
	if left < 2*time.Second {
		left = 2 * time.Second
	}
	return left / 2
}

// Kind is the lifecycle of one ephemeral window type.
type Kind struct {
	// TypeName keys the windows, such as "o11y_silence".
	TypeName string
	// Noun names a window in diagnostics ("silence", "maintenance").
	Noun    string
	Tracker *Tracker
	Server  Server
}

func (k Kind) key(id string) string { return k.TypeName + "/" + id }

func (k Kind) track(id string) bool {
	return k.Tracker.add(k.key(id), func(ctx context.Context) error { return k.Server.Expire(ctx, id) })
}

// Opener creates the window of one Open. It returns the ephemeral result,
// the window (nil when nothing was created, as when enabled is false) and
// the instant the first renewal's wait counts from.
type Opener func() (result any, w *Window, now time.Time, diags diag.Diagnostics)

// Open is the whole of an ephemeral Open: it runs open, then hands the
// window to Terraform (tracked for a failed run, stored in private data,
// renewal scheduled). When open fails, or the window cannot be handed over,
// the run fails and nothing this run opened is left behind.
func (k Kind) Open(ctx context.Context, resp *ephemeral.OpenResponse, open Opener) {
	result, w, now, diags := open()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		k.failRun(ctx, &resp.Diagnostics)
		return
	}
	if w != nil && !k.opened(ctx, *w, now, resp) {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, result)...)
}

func (k Kind) opened(ctx context.Context, w Window, now time.Time, resp *ephemeral.OpenResponse) bool {
	b, err := json.Marshal(w)
	if err != nil {
		resp.Diagnostics.AddError("Unable to open "+k.Noun, "Encoding the "+k.Noun+" for renewal failed: "+err.Error())
		k.ExpireAfterFailure(ctx, w.ID, &resp.Diagnostics)
		k.failRun(ctx, &resp.Diagnostics)
		return false
	}
	if !k.track(w.ID) {
		k.ExpireAfterFailure(ctx, w.ID, &resp.Diagnostics)
		resp.Diagnostics.AddError("Unable to open "+k.Noun,
			fmt.Sprintf("Another ephemeral resource of this run failed to open, so the run fails and Terraform will not close this one: %s %q was expired at once.", k.Noun, w.ID))
		return false
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKey, b)...)
	resp.RenewAt = renewAt(k.Tracker.RenewAfter(now, w.EndsAt))
	return true
}

// renewAt turns a wait into the RenewAt instant. Terraform compares RenewAt
// with its own wall clock, so this is the one place that uses time.Now
// rather than the provider's (injectable) clock.
func renewAt(wait time.Duration) time.Time { return time.Now().Add(wait) }

// ExpireAfterFailure expires a window that Open created but cannot hand to
// Terraform, so that a failed Open leaves nothing behind.
func (k Kind) ExpireAfterFailure(ctx context.Context, id string, diags *diag.Diagnostics) {
	if err := k.Server.Expire(ctx, id); err != nil {
		diags.AddError("Unable to expire "+k.Noun,
			fmt.Sprintf("%s %q could not be expired after the failure above; it ends by itself at its max_duration. %s", capitalize(k.Noun), id, k.Server.Detail(err)))
	}
}

// failRun closes every window this provider instance opened and Terraform
// has not closed, and says so: the run fails with the error at hand, and
// Terraform does not call Close after a failed Open or Renew.
func (k Kind) failRun(ctx context.Context, diags *diag.Diagnostics) {
	keys := k.Tracker.Keys()
	if err := k.Tracker.fail(ctx); err != nil {
		diags.AddError("Unable to close the windows of the failed run",
			fmt.Sprintf("The run fails, so the provider expired what this run had opened (%s), but some could not be expired; they end by themselves at their max_duration. %v", strings.Join(keys, ", "), err))
	} else if len(keys) > 0 {
		diags.AddWarning("Closed the windows of the failed run",
			fmt.Sprintf("The run fails, and Terraform does not close ephemeral resources after a failure, so the provider expired what this run had opened: %s.", strings.Join(keys, ", ")))
	}
}

// load decodes the window that Open stored; ok is false when Open created
// nothing (enabled = false).
func (k Kind) load(ctx context.Context, p interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}) (Window, bool, diag.Diagnostics) {
	var w Window
	if p == nil {
		return w, false, nil
	}
	b, diags := p.GetKey(ctx, privateKey)
	if diags.HasError() || len(b) == 0 {
		return w, false, diags
	}
	if err := json.Unmarshal(b, &w); err != nil || w.ID == "" {
		diags.AddError("Unable to read the open "+k.Noun,
			fmt.Sprintf("The provider's private data for the %s is not readable (%v). This is a bug in the provider; please report it.", k.Noun, err))
		return w, false, diags
	}
	return w, true, diags
}

// Renew is the whole of an ephemeral Renew.
func (k Kind) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	w, ok, diags := k.load(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	next, now, stop, diags := k.Server.Extend(ctx, w)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() && next.ID != w.ID {
		k.Tracker.remove(k.key(w.ID))
		if !k.track(next.ID) {
			resp.Diagnostics.AddError("Unable to renew "+k.Noun, "Another ephemeral resource of this run failed, so the run fails.")
		}
	}
	if resp.Diagnostics.HasError() {
		k.failRun(ctx, &resp.Diagnostics)
		return
	}
	b, _ := json.Marshal(next)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKey, b)...)
	if !stop {
		resp.RenewAt = renewAt(k.Tracker.RenewAfter(now, next.EndsAt))
	}
}

// Close is the whole of an ephemeral Close: it expires the window (one that
// is gone already counts as expired).
func (k Kind) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	w, ok, diags := k.load(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	if err := k.Server.Expire(ctx, w.ID); err != nil {
		resp.Diagnostics.AddError("Unable to expire "+k.Noun,
			fmt.Sprintf("%s\n\nThe %s ends by itself at %s.", k.Server.Detail(err), k.Noun, w.EndsAt.UTC().Format(time.RFC3339)))
		return
	}
	k.Tracker.remove(k.key(w.ID))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// EnabledAttribute is the `enabled` argument every ephemeral window takes:
// users set it to terraform.applying, so that plans never open a window.
// noun names the window ("silence"), effect what the apply does ("mutes
// alerts").
func EnabledAttribute(noun, effect string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Whether to create the " + noun + ". Set it to `terraform.applying`, which is false while Terraform plans " +
			"(`terraform plan`, and the planning phase of `terraform apply`) and true while it applies, so that only the apply " + effect + ". " +
			"When false, nothing is created and `id`, `starts_at` and `ends_at` are null. Defaults to `true`.",
	}
}

// Lifecycle gives an ephemeral window type its Renew and Close: embed it,
// and set its Kind in Configure.
type Lifecycle struct {
	Kind Kind
}

// Renew is ephemeral.EphemeralResourceWithRenew's Renew.
func (l *Lifecycle) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	l.Kind.Renew(ctx, req, resp)
}

// Close is ephemeral.EphemeralResourceWithClose's Close.
func (l *Lifecycle) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	l.Kind.Close(ctx, req, resp)
}
