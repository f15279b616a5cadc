package silence

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

func firing(labels ...string) alertmanager.Alert {
	a := alertmanager.Alert{Labels: map[string]string{}}
	for i := 0; i+1 < len(labels); i += 2 {
		a.Labels[labels[i]] = labels[i+1]
	}
	return a
}

func silencedBy(a alertmanager.Alert, ids ...string) alertmanager.Alert {
	a.SilencedBy = ids
	return a
}

var highCPU = []alertmanager.Matcher{{Name: "alertname", Value: "HighCPU", IsEqual: true}}

func cpuAlerts() []alertmanager.Alert {
	return []alertmanager.Alert{
		firing("alertname", "HighCPU", "instance", "web-3", "job", "node", "severity", "warning"),
		silencedBy(firing("alertname", "HighCPU", "instance", "web-1", "job", "node", "severity", "warning"), "b-silence", "a-silence"),
		firing("alertname", "HighCPU", "instance", "web-2", "job", "node", "severity", "critical"),
	}
}

func oneDiag(t *testing.T, diags diag.Diagnostics) diag.Diagnostic {
	t.Helper()
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic, got %d: %v", len(diags), diags)
	}
	return diags[0]
}

// TestPreviewDiagnostics_warningText pins the whole warning text.
func TestPreviewDiagnostics_warningText(t *testing.T) {
	t.Parallel()
	d := oneDiag(t, previewDiagnostics(highCPU, cpuAlerts(), nil, false, 0, time.Time{}, time.Now()))
	if d.Severity() != diag.SeverityWarning || d.Summary() != "Silence would mute 3 firing alerts" {
		t.Fatalf("got %s %q", d.Severity(), d.Summary())
	}
	want := `The matchers {alertname="HighCPU"} match 3 alerts that fire now:
  - HighCPU{instance="web-1", severity="warning"}  (already silenced)
  - HighCPU{instance="web-2", severity="critical"}
  - HighCPU{instance="web-3", severity="warning"}
1 of them is already silenced by another silence (a-silence, b-silence).
Set ` + "`max_matched_alerts`" + ` to make the plan fail when a silence would mute more alerts than intended.`
	if d.Detail() != want {
		t.Fatalf("detail:\n%s\nwant:\n%s", d.Detail(), want)
	}
}

func TestPreviewDiagnostics(t *testing.T) {
	t.Parallel()
	var many []alertmanager.Alert
	for i := 1; i <= 7; i++ {
		many = append(many, firing("alertname", "DiskFull", "instance", fmt.Sprintf("db-%d", i), "mountpoint", "/data"))
	}
	serverErr := &api.Error{Op: "list alerts", Status: 500, Message: "boom"}
	forbidden := &api.Error{Op: "list alerts", Status: 403, Message: "forbidden: the credentials may not read alerts"}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		ms       []alertmanager.Matcher
		alerts   []alertmanager.Alert
		err      error
		limited  bool
		limit    int64
		start    time.Time
		severity diag.Severity
		summary  string
		contains []string
		lacks    []string
	}{
		{name: "none fire", ms: highCPU, severity: diag.SeverityWarning, summary: "Silence would mute no firing alert",
			contains: []string{`{alertname="HighCPU"} match no alert that fires now`, "check the matchers for typos"}},
		{name: "one", ms: highCPU, alerts: cpuAlerts()[:1], severity: diag.SeverityWarning, summary: "Silence would mute 1 firing alert",
			contains: []string{"match 1 alert that fires now:", `HighCPU{instance="web-3", job="node", severity="warning"}`}, lacks: []string{"already silenced"}},
		{name: "more than shown", ms: []alertmanager.Matcher{{Name: "alertname", Value: "Disk.*", IsRegex: true, IsEqual: true}}, alerts: many,
			severity: diag.SeverityWarning, summary: "Silence would mute 7 firing alerts",
			contains: []string{`{alertname=~"Disk.*"}`, `  - DiskFull{instance="db-1"}`, `  - DiskFull{instance="db-5"}`, "  … and 2 more"},
			lacks:    []string{"db-6", "mountpoint"}},
		{name: "guard refuses", ms: highCPU, alerts: cpuAlerts(), limited: true, limit: 2, severity: diag.SeverityError,
			summary:  "Silence would mute more alerts than max_matched_alerts",
			contains: []string{"match 3 alerts that fire now, more than max_matched_alerts = 2", `HighCPU{instance="web-2", severity="critical"}`, "Narrow the matchers", "raise `max_matched_alerts` to 3 or more"}},
		{name: "guard zero refuses one", ms: highCPU, alerts: cpuAlerts()[:1], limited: true, limit: 0, severity: diag.SeverityError,
			summary: "Silence would mute more alerts than max_matched_alerts", contains: []string{"match 1 alert that fires now, more than max_matched_alerts = 0"}},
		{name: "guard passes at the limit", ms: highCPU, alerts: cpuAlerts(), limited: true, limit: 3, severity: diag.SeverityWarning,
			summary: "Silence would mute 3 firing alerts", lacks: []string{"Set `max_matched_alerts`"}},
		{name: "server error: warning", ms: highCPU, err: serverErr, severity: diag.SeverityWarning,
			summary: "No preview of the alerts this silence would mute", contains: []string{"HTTP 500: boom", "preview_alerts = false", "O11Y_PREVIEW_ALERTS"}},
		{name: "forbidden: warning names the permission", ms: highCPU, err: forbidden, severity: diag.SeverityWarning,
			summary: "No preview of the alerts this silence would mute", contains: []string{"HTTP 403", "alert.instances:read"}},
		{name: "timeout", ms: highCPU, err: fmt.Errorf("GET: %w", context.DeadlineExceeded), severity: diag.SeverityWarning,
			summary: "No preview of the alerts this silence would mute", contains: []string{"no answer within 10s"}},
		{name: "server error with a guard: error", ms: highCPU, err: serverErr, limited: true, limit: 5, severity: diag.SeverityError,
			summary: "Unable to check max_matched_alerts", contains: []string{"max_matched_alerts is 5", "HTTP 500: boom", "guard cannot be checked", "remove `max_matched_alerts`"}},
		{name: "future start", ms: highCPU, alerts: cpuAlerts()[:1], start: now.Add(time.Hour), severity: diag.SeverityWarning,
			summary: "Silence would mute 1 firing alert", contains: []string{"The silence starts at 2030-01-01T01:00:00Z; this is what fires now."}},
		{name: "negative and regex matchers shown as sent", ms: []alertmanager.Matcher{{Name: "alertname", Value: "HighCPU", IsEqual: true}, {Name: "instance", Value: `web-\d`, IsRegex: true}},
			alerts: cpuAlerts()[:1], severity: diag.SeverityWarning, summary: "Silence would mute 1 firing alert",
			contains: []string{`{alertname="HighCPU", instance!~"web-\\d"}`}},
	}
	for _, tc := range cases {
		d := oneDiag(t, previewDiagnostics(tc.ms, tc.alerts, tc.err, tc.limited, tc.limit, tc.start, now))
		if d.Severity() != tc.severity || d.Summary() != tc.summary {
			t.Errorf("%s: got %s %q, want %s %q", tc.name, d.Severity(), d.Summary(), tc.severity, tc.summary)
		}
		for _, s := range tc.contains {
			if !strings.Contains(d.Detail(), s) {
				t.Errorf("%s: detail lacks %q:\n%s", tc.name, s, d.Detail())
			}
		}
		for _, s := range tc.lacks {
			if strings.Contains(d.Detail(), s) {
				t.Errorf("%s: detail has %q:\n%s", tc.name, s, d.Detail())
			}
		}
	}
}

func TestSummarize_distinguishingLabels(t *testing.T) {
	t.Parallel()
	mixed := []alertmanager.Alert{
		firing("alertname", "HighCPU", "instance", "web-1", "env", "prod"),
		firing("alertname", "DiskFull", "instance", "db-1", "mountpoint", "/data", "env", "prod"),
		firing("instance", "x-1", "env", "prod"),
	}
	got := summarize([]alertmanager.Matcher{{Name: "env", Value: "prod", IsEqual: true}}, mixed).lines
	want := []string{`DiskFull{instance="db-1", mountpoint="/data"}`, `HighCPU{instance="web-1"}`, `{instance="x-1"}`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines = %q, want %q", got, want)
	}
	// Alerts that differ only in alertname show only it.
	got = summarize(nil, []alertmanager.Alert{firing("alertname", "A", "env", "p"), firing("alertname", "B", "env", "p")}).lines
	if strings.Join(got, "|") != "A|B" {
		t.Fatalf("lines = %q", got)
	}
	// A single match: its labels except those an equality matcher fixes.
	got = summarize([]alertmanager.Matcher{{Name: "alertname", Value: "A", IsEqual: true}, {Name: "env", Value: "p", IsEqual: true}, {Name: "job", Value: "n.*", IsRegex: true, IsEqual: true}},
		[]alertmanager.Alert{firing("alertname", "A", "env", "p", "job", "node", "zone", "z1")}).lines
	if strings.Join(got, "|") != `A{job="node", zone="z1"}` {
		t.Fatalf("lines = %q", got)
	}
	s := summarize(nil, []alertmanager.Alert{silencedBy(firing("alertname", "A"), "s1", "s2"), silencedBy(firing("alertname", "B"), "s2"),
		silencedBy(firing("alertname", "C"), "s3", "s4"), firing("alertname", "D")})
	if s.silenced != 3 || s.silenceIDs() != "s1, s2, s3 and 1 more" {
		t.Fatalf("silenced = %d, ids = %q", s.silenced, s.silenceIDs())
	}
}

func TestPreviewWanted(t *testing.T) {
	t.Parallel()
	ms, _ := flattenMatchers(highCPU)
	other, _ := flattenMatchers([]alertmanager.Matcher{{Name: "alertname", Value: "Other", IsEqual: true}})
	state := func(status string) *silenceResourceModel {
		return &silenceResourceModel{ID: types.StringValue("id-1"), Matchers: ms, Status: types.StringValue(status)}
	}
	plan := func(idKnown bool, m types.List) silenceResourceModel {
		p := silenceResourceModel{ID: types.StringUnknown(), Matchers: m}
		if idKnown {
			p.ID = types.StringValue("id-1")
		}
		return p
	}
	for _, tc := range []struct {
		name      string
		plan      silenceResourceModel
		state     *silenceResourceModel
		replacing bool
		want      bool
	}{
		{"create (and the create half of a replacement)", plan(false, ms), nil, false, true},
		{"no-op or in-place change", plan(true, ms), state(alertmanager.StateActive), false, false},
		{"expired, no change", plan(true, ms), state(alertmanager.StateExpired), false, false},
		{"expired given a future end: a new silence", plan(false, ms), state(alertmanager.StateExpired), false, true},
		{"pending start moved to a new id", plan(false, ms), state(alertmanager.StatePending), false, false},
		{"replacement's first plan", plan(false, other), state(alertmanager.StateActive), true, false},
		{"expired, matchers changed (replaced)", plan(false, other), state(alertmanager.StateExpired), false, false},
		{"expired, start replaced", plan(false, ms), state(alertmanager.StateExpired), true, false},
	} {
		if got := previewWanted(tc.plan, tc.state, tc.replacing); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

type fakeLister struct {
	calls  int
	filter alertmanager.AlertFilter
	alerts []alertmanager.Alert
	err    error
}

func (f *fakeLister) AlertsMatching(ctx context.Context, filter alertmanager.AlertFilter) ([]alertmanager.Alert, time.Time, error) {
	f.calls++
	f.filter = filter
	if _, ok := ctx.Deadline(); !ok {
		return nil, time.Time{}, errors.New("no deadline on the preview request")
	}
	return f.alerts, time.Time{}, f.err
}

// TestRunPreview: one request, all alerts (active, silenced, inhibited),
// the planned matchers as filters, a deadline.
func TestRunPreview(t *testing.T) {
	t.Parallel()
	f := &fakeLister{alerts: cpuAlerts()}
	ms := []alertmanager.Matcher{{Name: "alertname", Value: "HighCPU", IsEqual: true}, {Name: "instance", Value: "web-[12]", IsRegex: true, IsEqual: true}}
	diags := runPreview(context.Background(), f, ms, true, 2, time.Time{}, time.Now())
	if f.calls != 1 {
		t.Fatalf("%d requests, want 1", f.calls)
	}
	q := f.filter.Query().Encode()
	if q != `active=true&filter=alertname%3D%22HighCPU%22&filter=instance%3D~%22web-%5B12%5D%22&inhibited=true&silenced=true` {
		t.Fatalf("query = %s", q)
	}
	if d := oneDiag(t, diags); d.Severity() != diag.SeverityError || !strings.Contains(d.Detail(), "match 3 alerts") {
		t.Fatalf("got %s: %s", d.Summary(), d.Detail())
	}
}

// TestRunPreview_oneListPerPhase: the previews of one plan phase, run
// concurrently as Terraform runs them, share one GET /alerts and each gets
// its own matches.
func TestRunPreview_oneListPerPhase(t *testing.T) {
	t.Parallel()
	var lists atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/api/v2/alerts" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		lists.Add(1)
		time.Sleep(20 * time.Millisecond) // the other previews arrive meanwhile
		var b strings.Builder
		b.WriteString("[")
		for i := 0; i < 50; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"fingerprint":"%02d","labels":{"alertname":"Bench","instance":"host-%d"},"receivers":[{"name":"null"}],`+
				`"status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}`, i, i)
		}
		b.WriteString("]")
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	c := alertmanager.New(h, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus})
	const n = 40
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ms := []alertmanager.Matcher{{Name: "alertname", Value: "Bench", IsEqual: true}, {Name: "instance", Value: fmt.Sprintf("host-%d", i), IsEqual: true}}
			d := oneDiag(t, runPreview(context.Background(), c, ms, true, 1, time.Time{}, time.Now()))
			if d.Severity() != diag.SeverityWarning || d.Summary() != "Silence would mute 1 firing alert" ||
				!strings.Contains(d.Detail(), fmt.Sprintf(`instance="host-%d"`, i)) {
				t.Errorf("preview %d: %s %q: %s", i, d.Severity(), d.Summary(), d.Detail())
			}
		}()
	}
	wg.Wait()
	if got := lists.Load(); got != 1 {
		t.Fatalf("%d previews made %d alerts requests, want 1", n, got)
	}
}
