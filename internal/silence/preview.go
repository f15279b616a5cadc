package silence

// This file is the plan-time preview of o11y_silence (Grafana and Prometheus
// flavors): when a plan creates a silence, replaces it, or makes an expired
// one mute again, the provider says in a warning which alerts fire now and
// match the planned matchers; max_matched_alerts turns that into a guard
// that fails the plan. Every preview of one plan phase (one provider
// configuration) is answered from one GET {base}/alerts shared by all
// silences and matched here exactly as Alertmanager matches
// (alertmanager.Client.AlertsMatching): N new silences cost one alerts
// request per phase, not N. Plans that leave the silence's reach alone
// (no-op, comment or end changes, natural expiry, destroy) send nothing.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

const (
	// previewShown is how many label sets the warning and the guard list.
	previewShown = 5
	// previewTimeout bounds the alerts request of one plan, retries included.
	previewTimeout = 10 * time.Second
)

// alertLister is what the preview needs from the Alertmanager client: the
// alerts a filter selects, from the snapshot all previews of the client
// share (see alertmanager.Client.AlertsMatching).
type alertLister interface {
	AlertsMatching(ctx context.Context, f alertmanager.AlertFilter) ([]alertmanager.Alert, time.Time, error)
}

// previewAlerts runs after the rest of ModifyPlan (deferred) and adds the
// preview's diagnostics to resp.
func (r *silenceResource) previewAlerts(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if resp.Diagnostics.HasError() || resp.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	plan, diags := modelFrom(ctx, resp.Plan.Raw)
	if diags.HasError() {
		return
	}
	var state *silenceResourceModel
	if !req.State.Raw.IsNull() {
		st, diags := modelFrom(ctx, req.State.Raw)
		if diags.HasError() {
			return
		}
		state = &st
	}
	if r.b == nil || !r.b.configured() {
		return // Create reports the missing configuration
	}
	wanted := previewWanted(plan, state, len(resp.RequiresReplace) > 0)
	lister, limited, limit, diags := previewLimits(r.b, r.data.PreviewAlerts, wanted, plan.MaxMatchedAlerts)
	resp.Diagnostics.Append(diags...)
	if _, ok := r.b.alerts(); !ok && !diags.HasError() && wanted && r.data.PreviewAlerts {
		resp.Diagnostics.AddWarning("No preview of the alerts this silence would mute",
			fmt.Sprintf("The provider's `alertmanager.flavor` is %q, and that API has no alerts API to preview what the silence mutes. ", r.b.flavor())+
				previewOffHint)
	}
	if lister == nil || diags.HasError() {
		return
	}
	ms, known, diags := expandMatchers(ctx, plan.Matchers)
	if diags.HasError() || !known || len(ms) == 0 {
		return // values known only at apply: no preview now (apply plans again)
	}
	start, _ := windowtime.Of(plan.StartsAt)
	resp.Diagnostics.Append(runPreview(ctx, lister, ms, limited, limit, start, r.b.now())...)
}

// previewLimits decides whether a silence's reach is previewed, for the
// resource and the action alike: lister is nil when there is nothing to
// preview (the API has no alerts API, the preview is not wanted, or the
// provider's preview_alerts is off), and limited and limit are
// max_matched_alerts. It refuses max_matched_alerts where it cannot be
// checked.
func previewLimits(b backend, previewOn, wanted bool, maxMatched types.Int64) (lister alertLister, limited bool, limit int64, diags diag.Diagnostics) {
	l, ok := b.alerts()
	if !ok {
		if !maxMatched.IsNull() {
			diags.AddAttributeError(path.Root("max_matched_alerts"), "max_matched_alerts needs the grafana or prometheus flavor",
				fmt.Sprintf("The provider's `alertmanager.flavor` is %q: that API has no alerts API, so the provider cannot count "+
					"the alerts a silence would mute. Remove `max_matched_alerts`, or use the flavor \"grafana\" or \"prometheus\".", b.flavor()))
		}
		return nil, false, 0, diags
	}
	if !wanted {
		return nil, false, 0, diags
	}
	limited = !maxMatched.IsNull() && !maxMatched.IsUnknown()
	if limited {
		limit = maxMatched.ValueInt64()
	}
	if !previewOn {
		if limited {
			diags.AddAttributeError(path.Root("max_matched_alerts"), "Unable to check max_matched_alerts",
				"max_matched_alerts is set, but the provider's `alertmanager.preview_alerts` is false (or O11Y_PREVIEW_ALERTS=false), "+
					"so the provider does not ask which alerts the silence would mute. Remove `max_matched_alerts`, or turn `preview_alerts` on.")
		}
		return nil, false, 0, diags
	}
	return l, limited, limit, diags
}

// previewWanted reports whether a plan changes what the silence mutes: a
// create (state == nil; Terraform plans a replacement as a create too, with
// no prior state), or an expired silence given a future end (a new silence
// with the same matchers). A plan that requires replacement is previewed by
// that second, create-like plan, not by this one.
func previewWanted(plan silenceResourceModel, state *silenceResourceModel, replacing bool) bool {
	switch {
	case state == nil:
		return true
	case replacing:
		return false
	}
	return state.Status.ValueString() == alertmanager.StateExpired && plan.ID.IsUnknown() && plan.Matchers.Equal(state.Matchers)
}

// runPreview asks for the alerts the matchers select (the first preview of
// a plan phase fetches the shared alerts list; the others reuse it) and
// turns the answer into the warning or, with a limit, the guard's error.
func runPreview(ctx context.Context, c alertLister, ms []alertmanager.Matcher, limited bool, limit int64, start, now time.Time) diag.Diagnostics {
	alerts, err := firingAlerts(ctx, c, ms)
	return previewDiagnostics(ms, alerts, err, limited, limit, start, now)
}

// firingAlerts is the preview's one alerts request: the alerts that fire
// now and match ms, silenced and inhibited ones included.
func firingAlerts(ctx context.Context, c alertLister, ms []alertmanager.Matcher) ([]alertmanager.Alert, error) {
	ctx, cancel := context.WithTimeout(ctx, previewTimeout)
	defer cancel()
	yes := true
	alerts, _, err := c.AlertsMatching(ctx, alertmanager.AlertFilter{Matchers: ms, Active: &yes, Silenced: &yes, Inhibited: &yes})
	return alerts, err
}

const previewOffHint = "Set `preview_alerts = false` in the provider's `alertmanager` block (or O11Y_PREVIEW_ALERTS=false) to plan without the preview."

// previewDiagnostics is the pure part of the preview: the warning, the
// guard's error, or why there is no preview.
func previewDiagnostics(ms []alertmanager.Matcher, alerts []alertmanager.Alert, err error, limited bool, limit int64,
	start, now time.Time,
) diag.Diagnostics {
	var diags diag.Diagnostics
	sel := matcherSet(ms)
	if err != nil {
		why := previewErrText(err)
		if limited {
			diags.AddAttributeError(path.Root("max_matched_alerts"), "Unable to check max_matched_alerts",
				fmt.Sprintf("max_matched_alerts is %d, but the provider could not list the firing alerts that match %s: %s\n\n"+
					"The guard cannot be checked, so the plan stops rather than create a silence whose reach is unknown. "+
					"Fix the cause and plan again, or remove `max_matched_alerts` to plan without the guard.", limit, sel, why))
			return diags
		}
		diags.AddAttributeWarning(path.Root("matchers"), "No preview of the alerts this silence would mute",
			fmt.Sprintf("The provider could not list the firing alerts that match %s: %s\n\nThe plan goes on without the preview. %s", sel, why, previewOffHint))
		return diags
	}
	sum := summarize(ms, alerts)
	n := len(alerts)
	if limited && int64(n) > limit {
		diags.AddAttributeError(path.Root("matchers"), "Silence would mute more alerts than max_matched_alerts",
			fmt.Sprintf("The matchers %s match %s that %s now, more than max_matched_alerts = %d:\n%s\n"+
				"Narrow the matchers so that they select only the alerts you mean to mute (add a label such as `instance`, or tighten a regex), "+
				"or raise `max_matched_alerts` to %d or more if muting all of them is intended.",
				sel, plural(n, "alert"), fires(n), limit, sum.listing(), n))
		return diags
	}
	var b strings.Builder
	if !start.IsZero() && start.After(now) {
		fmt.Fprintf(&b, "The silence starts at %s; this is what fires now. ", start.UTC().Format(time.RFC3339))
	}
	if n == 0 {
		fmt.Fprintf(&b, "The matchers %s match no alert that fires now. The silence mutes matching alerts that start firing while it is active; "+
			"if you expected it to mute alerts firing now, check the matchers for typos.", sel)
		diags.AddAttributeWarning(path.Root("matchers"), "Silence would mute no firing alert", b.String())
		return diags
	}
	fmt.Fprintf(&b, "The matchers %s match %s that %s now:\n%s", sel, plural(n, "alert"), fires(n), sum.listing())
	if sum.silenced > 0 {
		fmt.Fprintf(&b, "%d of them %s already silenced by another silence (%s).\n", sum.silenced, isAre(sum.silenced), sum.silenceIDs())
	}
	if !limited {
		b.WriteString("Set `max_matched_alerts` to make the plan fail when a silence would mute more alerts than intended.")
	}
	diags.AddAttributeWarning(path.Root("matchers"), fmt.Sprintf("Silence would mute %s", plural(n, "firing alert")), strings.TrimRight(b.String(), "\n"))
	return diags
}

// previewErrText says why the alerts could not be listed.
func previewErrText(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		s := fmt.Sprintf("HTTP %d: %s", ae.Status, strings.TrimSpace(ae.Message))
		if ae.Status == 403 {
			s += " (Grafana needs the alert.instances:read permission, or folder-scoped alert read access, to list alerts)"
		}
		return s
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %s", previewTimeout)
	}
	return err.Error()
}

// previewSummary is what the warning and the guard show of the matches.
type previewSummary struct {
	lines    []string
	more     int
	silenced int
	ids      []string
}

// summarize renders the first label sets (alertname plus the labels whose
// values tell the matches apart) in a stable order, and counts the alerts
// another silence already mutes.
func summarize(ms []alertmanager.Matcher, alerts []alertmanager.Alert) previewSummary {
	var s previewSummary
	shown := distinguishing(ms, alerts)
	seen := map[string]bool{}
	all := make([]string, 0, len(alerts))
	for _, a := range alerts {
		line := labelSet(a.Labels, shown)
		if len(a.SilencedBy) > 0 {
			s.silenced++
			line += "  (already silenced)"
			for _, id := range a.SilencedBy {
				if !seen[id] {
					seen[id] = true
					s.ids = append(s.ids, id)
				}
			}
		}
		all = append(all, line)
	}
	sort.Strings(all)
	sort.Strings(s.ids)
	if len(all) > previewShown {
		s.more = len(all) - previewShown
		all = all[:previewShown]
	}
	s.lines = all
	return s
}

func (s previewSummary) listing() string {
	var b strings.Builder
	for _, l := range s.lines {
		b.WriteString("  - " + l + "\n")
	}
	if s.more > 0 {
		fmt.Fprintf(&b, "  … and %d more\n", s.more)
	}
	return b.String()
}

func (s previewSummary) silenceIDs() string {
	if len(s.ids) > 3 {
		return strings.Join(s.ids[:3], ", ") + fmt.Sprintf(" and %d more", len(s.ids)-3)
	}
	return strings.Join(s.ids, ", ")
}

// distinguishing picks the labels to show besides alertname: those whose
// values differ between the matched alerts. A single match shows its labels
// except those an equality matcher already fixes.
func distinguishing(ms []alertmanager.Matcher, alerts []alertmanager.Alert) map[string]bool {
	out := map[string]bool{}
	if len(alerts) == 1 {
		fixed := map[string]bool{"alertname": true}
		for _, m := range ms {
			if m.IsEqual && !m.IsRegex {
				fixed[m.Name] = true
			}
		}
		for k := range alerts[0].Labels {
			if !fixed[k] {
				out[k] = true
			}
		}
		return out
	}
	names := map[string]bool{}
	for _, a := range alerts {
		for k := range a.Labels {
			names[k] = true
		}
	}
	delete(names, "alertname")
	for k := range names {
		first := alerts[0].Labels[k]
		for _, a := range alerts[1:] {
			if a.Labels[k] != first {
				out[k] = true
				break
			}
		}
	}
	return out
}

// labelSet renders alertname{label="value", ...} with the shown labels in
// name order.
func labelSet(labels map[string]string, shown map[string]bool) string {
	var keys []string
	for k := range labels {
		if shown[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+strconv.Quote(labels[k]))
	}
	name := labels["alertname"]
	if len(parts) == 0 {
		if name == "" {
			return "{}"
		}
		return name
	}
	return name + "{" + strings.Join(parts, ", ") + "}"
}

// matcherSet renders matchers as {a="b", c=~"d"}.
func matcherSet(ms []alertmanager.Matcher) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		parts = append(parts, alertmanager.FilterString(m))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func fires(n int) string {
	if n == 1 {
		return "fires"
	}
	return "fire"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// maxMatchedAlertsDescription is max_matched_alerts' schema description.
const maxMatchedAlertsDescription = "A guard for the flavors `grafana` and `prometheus`: when a plan creates or replaces the silence (any change of `matchers` replaces it), " +
	"the provider counts the alerts that fire now and match the matchers, and the plan fails if there are more than this number. " +
	"Unset means no limit (the plan only warns with the count). It is never checked for an existing silence whose matchers stay the same, " +
	"and it needs the provider's `alertmanager.preview_alerts` (on by default). Refused with the flavor `alert-silence`."
