package alertmanager_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Label pools of the differential test: UTF-8 names, dotted instances with
// ports, values with quotes, backslashes, newlines and tabs, and "" (which
// Alertmanager drops, so the alert lacks the label).
var diffLabels = map[string][]string{
	"severity":     {"critical", "warning", "info", "CRITICAL", " ", "0", ""},
	"instance":     {"web-1.example.com:9100", "web-2.example.com:9100", "web-10.example.com:9100", "db-01.internal:5432", "10.0.0.1:80", "localhost"},
	"service.name": {"checkout", "cart-api", "pay.v2"},
	"région":       {"île-de-France", "Provence-Alpes-Côte d'Azur", "Zürich"},
	"名前":           {"東京", "大阪", "ソウル"},
	"path":         {`C:\data "main"`, `\\server\share`, `a\nb`, "line1\nline2", "tab\there", `trailing\`, `"`, "{}!=~,'`", "cr\rhere"},
	"k8s.io/app":   {"api", "web"},
	"with space":   {"x y", "x"},
	"dash-name":    {"v-1", "-"},
	"team":         {"", "-", "none", "ops"},
}

var diffAlertnames = []string{"HighCPU", "DiskFull", "Latency.P99", "ÜberLast", "名前アラート", "high_cpu"}

// diffRegexes are valid RE2 patterns, several of which match "".
var diffRegexes = []string{
	".*", ".+", "", "web-.*", `web-\d+\.example\.com:\d+`, `(?i)critical`, "critical|warning", "|warning", "crit",
	`.*\..*`, `[[:alpha:]]+`, `\p{Han}+`, `.*é.*`, `.*".*`, `.*\\.*`, `(?s).*\n.*`, `.*\n.*`, "line1.line2", `\s`, ` `,
	`x*`, "(|info)", `[^a-z]*`, `.{0,3}`, `Zür.*`, `(?:ÜberLast|名前アラート)`, `High.*|Disk.*`, `\d+`, `.*:\d{2,4}`, `tab\t.*`,
	`(?s:.)*`, `[\x{4e00}-\x{9fff}]+`, `.*\r.*`,
}

// diffAbsentNames are label names no alert has.
var diffAbsentNames = []string{"absent", "nope.name", "ünbekannt", "名無し"}

func diffAlerts(rng *rand.Rand, n int) []map[string]string {
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range diffLabels {
			if !yield(k) {
				return
			}
		}
	})
	seen := map[string]bool{}
	var out []map[string]string
	for len(out) < n {
		ls := map[string]string{"alertname": diffAlertnames[rng.IntN(len(diffAlertnames))]}
		for _, k := range names {
			if rng.Float64() < 0.45 {
				vs := diffLabels[k]
				ls[k] = vs[rng.IntN(len(vs))]
			}
		}
		// the label set as Alertmanager keeps it (without empty values)
		var key []string
		for k, v := range ls {
			if v != "" {
				key = append(key, k+"\x00"+v)
			}
		}
		sort.Strings(key)
		if k := strings.Join(key, "\x01"); !seen[k] {
			seen[k] = true
			out = append(out, ls)
		}
	}
	return out
}

func diffMatchers(rng *rand.Rand, present map[string][]string) []alertmanager.Matcher {
	var allValues []string
	for _, vs := range present {
		allValues = append(allValues, vs...)
	}
	sort.Strings(allValues)
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range present {
			if !yield(k) {
				return
			}
		}
	})
	n := 1 + rng.IntN(3)
	ms := make([]alertmanager.Matcher, 0, n)
	for range n {
		name := names[rng.IntN(len(names))]
		if rng.IntN(8) == 0 {
			name = diffAbsentNames[rng.IntN(len(diffAbsentNames))]
		}
		m := op(name, []string{"=", "!=", "=~", "!~"}[rng.IntN(4)], "")
		vs := present[name]
		switch r := rng.IntN(20); {
		case m.IsRegex && r < 4 && len(vs) > 0:
			m.Value = regexp.QuoteMeta(vs[rng.IntN(len(vs))])
		case m.IsRegex:
			m.Value = diffRegexes[rng.IntN(len(diffRegexes))]
		case r < 10 && len(vs) > 0:
			m.Value = vs[rng.IntN(len(vs))]
		case r < 14:
			m.Value = allValues[rng.IntN(len(allValues))]
		case r < 17:
			m.Value = ""
		default:
			m.Value = []string{"nope", "WEB-1.EXAMPLE.COM:9100", "東", "critical "}[rng.IntN(4)]
		}
		ms = append(ms, m)
	}
	return ms
}

// diffSwitches are the preview's switches (all true) for most sets, and a
// random mix of nil, true and false for the others.
func diffSwitches(rng *rand.Rand, f *alertmanager.AlertFilter) {
	yes := true
	if rng.IntN(4) != 0 {
		f.Active, f.Silenced, f.Inhibited = &yes, &yes, &yes
		return
	}
	pick := func() *bool {
		switch rng.IntN(3) {
		case 0:
			return nil
		case 1:
			return ptr(true)
		}
		return ptr(false)
	}
	f.Active, f.Silenced, f.Inhibited = pick(), pick(), pick()
}

// summary is "fingerprint[silencedBy]/state" per alert, sorted.
func summary(as []alertmanager.Alert) string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.Fingerprint+"["+strings.Join(slices.Sorted(slices.Values(a.SilencedBy)), ",")+"]/"+a.State)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func filterText(f alertmanager.AlertFilter) string {
	var parts []string
	for _, m := range f.Matchers {
		parts = append(parts, alertmanager.FilterString(m))
	}
	b := func(p *bool) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("{%s} active=%s silenced=%s inhibited=%s", strings.Join(parts, ", "), b(f.Active), b(f.Silenced), b(f.Inhibited))
}

// TestAlertsMatching_Differential holds the local matching to a real
// Alertmanager: 200 random filters, each answered by the server (GET
// /api/v2/alerts?filter=…) and by AlertsMatching from its one list, must
// select the same alerts with the same silencedBy and state; then again
// after silence writes through the local client. The local client makes
// one alerts request in all.
func TestAlertsMatching_Differential(t *testing.T) {
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	target, _ := url.Parse(am.URL)
	var alertRequests atomic.Int32
	proxy := httputil.NewSingleHostReverseProxy(target)
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/api/v2/alerts" {
			alertRequests.Add(1)
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(counting.Close)
	opts := alertmanager.Options{Flavor: alertmanager.FlavorPrometheus}
	server := newClient(t, am.URL, httpx.Auth{}, nil, opts)
	local := newClient(t, counting.URL, httpx.Auth{}, nil, opts)
	ctx := context.Background()

	rng := rand.New(rand.NewPCG(22, 4))
	const nAlerts = 60
	labelSets := diffAlerts(rng, nAlerts)
	postAlerts(t, am.URL, labelSets...)
	// values present per name, as Alertmanager keeps them
	present := map[string][]string{}
	for _, ls := range labelSets {
		for k, v := range ls {
			if v != "" && !slices.Contains(present[k], v) {
				present[k] = append(present[k], v)
			}
		}
	}
	for k := range present {
		sort.Strings(present[k])
	}

	// Silences made before the list is fetched, some on UTF-8 names.
	now := time.Now()
	var preexisting []string
	for _, ms := range [][]alertmanager.Matcher{
		{op("severity", "=", "critical")},
		{op("service.name", "=~", "cart.*|pay\\..*")},
		{op("名前", "=", "東京"), op("alertname", "!~", "High.*")},
		{op("path", "=~", `.*\\.*`)},
	} {
		id, _, err := server.Create(ctx, alertmanager.Silence{Matchers: ms, StartsAt: now, EndsAt: now.Add(time.Hour), CreatedBy: "test", Comment: "differential"})
		if err != nil {
			t.Fatalf("silence %v: %v", ms, err)
		}
		preexisting = append(preexisting, id)
	}

	// Bounded wait until the server lists every alert, some silenced.
	all := func() []alertmanager.Alert {
		as, _, err := server.Alerts(ctx, alertmanager.AlertFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return as
	}
	deadline := time.Now().Add(10 * time.Second)
	var everything []alertmanager.Alert
	for {
		everything = all()
		silenced := slices.ContainsFunc(everything, func(a alertmanager.Alert) bool { return len(a.SilencedBy) > 0 })
		if len(everything) == nAlerts && silenced {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Alertmanager lists %d alerts (want %d) after 10s", len(everything), nAlerts)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, a := range everything {
		for k, v := range a.Labels {
			if v == "" {
				t.Fatalf("Alertmanager kept the empty label %q on %v", k, a.Labels)
			}
		}
	}

	filters := make([]alertmanager.AlertFilter, 200)
	for i := range filters {
		filters[i].Matchers = diffMatchers(rng, present)
		diffSwitches(rng, &filters[i])
	}
	compare := func(phase string) (empty, some int) {
		t.Helper()
		for i, f := range filters {
			want, _, err := server.Alerts(ctx, f)
			if err != nil {
				t.Fatalf("%s #%d %s: the server refused: %v", phase, i, filterText(f), err)
			}
			got, _, err := local.AlertsMatching(ctx, f)
			if err != nil {
				t.Fatalf("%s #%d %s: %v", phase, i, filterText(f), err)
			}
			if w, g := summary(want), summary(got); w != g {
				t.Errorf("%s #%d %s:\nserver %s\nlocal  %s", phase, i, filterText(f), w, g)
			}
			if len(want) == 0 {
				empty++
			} else {
				some++
			}
			// With every switch on, the server's answer is also exactly what
			// the matchers select by the silence rule (no alert has an
			// empty label).
			if orTrueP(f.Active) && orTrueP(f.Silenced) && orTrueP(f.Inhibited) {
				set, err := alertmanager.CompileMatchers(f.Matchers)
				if err != nil {
					t.Fatal(err)
				}
				var bySilenceRule []string
				for _, a := range everything {
					if set.Matches(a.Labels) {
						bySilenceRule = append(bySilenceRule, a.Fingerprint)
					}
				}
				var fps []string
				for _, a := range want {
					fps = append(fps, a.Fingerprint)
				}
				sort.Strings(bySilenceRule)
				sort.Strings(fps)
				if !slices.Equal(bySilenceRule, fps) {
					t.Errorf("%s #%d %s: the silence rule selects %v, the server %v", phase, i, filterText(f), bySilenceRule, fps)
				}
			}
		}
		return empty, some
	}

	empty, some := compare("before writes")
	t.Logf("before writes: %d filters, %d select nothing, %d select alerts", len(filters), empty, some)
	if empty < 20 || some < 20 {
		t.Errorf("the filters are not varied enough: %d select nothing, %d select alerts", empty, some)
	}
	if n := alertRequests.Load(); n != 1 {
		t.Fatalf("%d local alert queries made %d requests, want 1", len(filters), n)
	}

	// Writes through the local client: a create, a create and its update in
	// place, an update that gets a new id, a pending silence, and the
	// expiry of a silence the list reported.
	mk := func(ms ...alertmanager.Matcher) alertmanager.Silence {
		now := time.Now()
		return alertmanager.Silence{Matchers: ms, StartsAt: now, EndsAt: now.Add(time.Hour), CreatedBy: "test", Comment: "local write"}
	}
	if _, _, err := local.Create(ctx, mk(op("alertname", "=", "DiskFull"))); err != nil {
		t.Fatal(err)
	}
	inPlace, _, err := local.Create(ctx, mk(op("région", "=~", "Z.*")))
	if err != nil {
		t.Fatal(err)
	}
	stored, _, err := local.Get(ctx, inPlace)
	if err != nil {
		t.Fatal(err)
	}
	stored.EndsAt, stored.Comment = stored.EndsAt.Add(time.Hour), "longer"
	if id, _, err := local.Update(ctx, stored); err != nil || id != inPlace {
		t.Fatalf("update in place: %s, %v (want id %s)", id, err, inPlace)
	}
	replaced, _, err := local.Create(ctx, mk(op("instance", "=~", `web-\d\..*`)))
	if err != nil {
		t.Fatal(err)
	}
	changed := mk(op("instance", "=~", `db-.*|10\..*`), op("k8s.io/app", "!=", "web"))
	changed.ID = replaced
	if id, _, err := local.Update(ctx, changed); err != nil || id == replaced {
		t.Fatalf("update with new matchers: %s, %v (want a new id)", id, err)
	}
	pending := mk(op("severity", "=~", ".+"))
	pending.StartsAt, pending.EndsAt = time.Now().Add(time.Hour), time.Now().Add(2*time.Hour)
	if _, _, err := local.Create(ctx, pending); err != nil {
		t.Fatal(err)
	}
	if _, err := local.Expire(ctx, preexisting[0]); err != nil {
		t.Fatal(err)
	}
	everything = all()
	empty, some = compare("after writes")
	t.Logf("after writes: %d select nothing, %d select alerts", empty, some)
	if n := alertRequests.Load(); n != 1 {
		t.Fatalf("after the writes the local client made %d alert requests, want 1 (writes are applied to the list)", n)
	}
}

func orTrueP(b *bool) bool { return b == nil || *b }
