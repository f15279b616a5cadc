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

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
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
			fmt.Sprintf("%s %q could not be expired after the failure above; it ends by itself at its max_duration. %s", apidiag.Capitalize(k.Noun), id, k.Server.Detail(err)))
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

// Resource is what every ephemeral window type implements: configured
// with the provider's data, its configuration checked before anything is
// opened, renewed and closed through its Lifecycle, and the Server of its
// Kind.
type Resource interface {
	ephemeral.EphemeralResourceWithConfigure
	ephemeral.EphemeralResourceWithValidateConfig
	ephemeral.EphemeralResourceWithRenew
	ephemeral.EphemeralResourceWithClose
	Server
}

// Model is the part of the configuration and result that every ephemeral
// window has: embed it in the type's model.
type Model struct {
	ID          types.String         `tfsdk:"id"`
	Enabled     types.Bool           `tfsdk:"enabled"`
	MaxDuration timetypes.GoDuration `tfsdk:"max_duration"`
	StartsAt    timetypes.RFC3339    `tfsdk:"starts_at"`
	EndsAt      timetypes.RFC3339    `tfsdk:"ends_at"`
}

// Begin is how every Open starts, before it creates anything: the result
// has no window yet (id, starts_at and ends_at null) and says whether it
// is enabled (unset means true, unknown false); notReady, what is missing
// in the provider's configuration, is reported even when disabled (so
// that it fails the plan too); and max_duration is parsed by rule. create
// is false when nothing is to be created, diags saying whether that is a
// failure.
func (m *Model) Begin(notReady diag.Diagnostics, rule validators.DurationRule) (maxDur time.Duration, create bool, diags diag.Diagnostics) {
	m.ID = types.StringNull()
	m.StartsAt = timetypes.NewRFC3339Null()
	m.EndsAt = timetypes.NewRFC3339Null()
	enabled := m.Enabled.IsNull() || (!m.Enabled.IsUnknown() && m.Enabled.ValueBool())
	m.Enabled = types.BoolValue(enabled)
	diags.Append(notReady...)
	if diags.HasError() || !enabled {
		return 0, false, diags
	}
	maxDur, err := rule.Parse(m.MaxDuration.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("max_duration"), "Invalid max_duration", err.Error())
		return 0, false, diags
	}
	return maxDur, true, diags
}

// OpenConfig is an ephemeral Open: it reads the configuration into a T and
// hands what open makes of it to Kind.Open, the first renewal's wait
// counting from now() once open is done.
func OpenConfig[T any](ctx context.Context, k Kind, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse,
	now func() time.Time, open func(context.Context, T) (T, *Window, diag.Diagnostics),
) {
	var cfg T
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	k.Open(ctx, resp, func() (any, *Window, time.Time, diag.Diagnostics) {
		out, w, diags := open(ctx, cfg)
		return out, w, now(), diags
	})
}

// CreatedEnded is Open's answer when the read-back of the window it just
// created says that the window has ended already (the clocks disagree):
// the Open fails, why says what was read and what to check, and the
// window is expired at once.
func (k Kind) CreatedEnded(ctx context.Context, id, why string, diags *diag.Diagnostics) {
	diags.AddError("Unable to create "+k.Noun, why)
	k.ExpireAfterFailure(ctx, id, diags)
}

// ReadBackFailed is Open's warning when the window it created could not be
// read back: the window is used, with the times that were sent.
func (k Kind) ReadBackFailed(id string, err error, diags *diag.Diagnostics) {
	diags.AddWarning("Unable to read "+k.Noun+" after creating it",
		fmt.Sprintf("%s %q was created and is used for this apply; reading it back failed, so starts_at and ends_at are the values sent. %s",
			apidiag.Capitalize(k.Noun), id, k.Server.Detail(err)))
}

// NotReady is the error of a Server that has no client: the first error of
// notReady, the diagnostics that say what to configure.
func NotReady(notReady diag.Diagnostics) error {
	if errs := notReady.Errors(); len(errs) > 0 {
		return errors.New(errs[0].Detail())
	}
	return errors.New("the provider has not been configured")
}
