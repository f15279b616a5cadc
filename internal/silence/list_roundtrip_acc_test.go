package silence_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// TestListResources_roundTrip adopts objects made outside Terraform the way
// the guide "Adopting existing silences and alarms" walks through, with the
// real CLI: `terraform query -generate-config-out=generated.tf`, an apply
// that only imports, then `terraform plan -detailed-exitcode`, which must
// exit 0. The objects: 25 silences on a real Alertmanager (equality, regex
// and negative matchers; active, pending and expired), 3 event alarms with
// every target type, and maintenance windows named by id. Every request the
// query makes is counted at the servers.
func TestListResources_roundTrip(t *testing.T) {
	b := acctest.Needs(t, acctest.ListResources)
	apis := newAllAPIs(t)
	proxy, rw, mf, amc := apis.proxy, apis.rw, apis.mf, apis.amc
	live, expired := seedSilences(t, amc)

	alarms := []string{
		seedRWAlarm(t, rw, "disk alarms", map[string]any{
			"alarmTargets": []any{
				map[string]any{"alarmTargetTypeCode": "UUID", "alarmTarget": resourcewatcherfake.SeedMemberUUID, "emailAlarm": "Y", "smsAlarm": "N"},
				map[string]any{"alarmTargetTypeCode": "ROLE", "alarmTarget": resourcewatcherfake.SeedRoleID, "emailAlarm": "N", "smsAlarm": "Y"},
			},
			"events": []any{map[string]any{"productId": "compute", "eventId": "iaas.instance.delete"}},
		}),
		seedRWAlarm(t, rw, "oncall group", map[string]any{
			"alarm":        map[string]any{"alarmName": "oncall group", "description": ""},
			"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "ALARM_KEY", "alarmTarget": resourcewatcherfake.SeedAlarmKey}},
			"target":       map[string]any{"resourceGroupIds": []string{resourcewatcherfake.SeedGroupDB}},
		}),
		seedRWAlarm(t, rw, "chat webhook", map[string]any{
			"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "WEBHOOK", "webhookUrl": "https://hooks.example.com/T0/B0/secret-token", "webhookSecret": "sign-me"}},
			"target":       map[string]any{"resourceGroupIds": []string{resourcewatcherfake.SeedGroupWeb}, "resourceTagIds": []int64{resourcewatcherfake.SeedTagProd}},
		}),
	}
	windows := seedWindows(t, mf)
	cli := acctest.NewCLI(t, b, provider.Options{})
	write := cli.WriteFile
	write("main.tf", `terraform {
  required_providers {
    o11y = { source = "nhn-o11y/o11y" }
  }
}
`+apis.provider())
	write("adopt.tfquery.hcl", fmt.Sprintf(`list "o11y_silence" "live" {
  provider = o11y
}

list "o11y_silence" "expired" {
  provider = o11y
  config {
    state = ["expired"]
  }
}

list "resourcewatcher_event_alarm" "all" {
  provider = o11y
  config {
    page_size = 2
  }
}

list "o11y_maintenance" "windows" {
  provider = o11y
  config {
    ids = [%s]
  }
}
`, quotedList(append(windows, "silence-99999"))))

	run := func(args ...string) (string, int) {
		t.Helper()
		out, err := cli.Run(args...)
		return out, acctest.ExitCode(err)
	}

	reset := func() {
		proxy.reset()
		rw.ResetRequests()
		mf.ResetRequests()
	}
	type counts struct{ silenceLists, silenceGets, silenceWrites, alarmSearches, alarmGets, alarmWrites, windowGets, windowWrites int }
	count := func() counts {
		var c counts
		for _, call := range proxy.all() {
			switch {
			case call.Method == http.MethodGet && strings.HasSuffix(call.Path, "/api/v2/silences"):
				c.silenceLists++
			case call.Method == http.MethodGet:
				c.silenceGets++
			default:
				c.silenceWrites++
			}
		}
		for _, r := range rw.Requests() {
			switch {
			case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/event-alarms/search"):
				c.alarmSearches++
			case r.Method == http.MethodGet && strings.Contains(r.Path, "/event-alarms/"):
				c.alarmGets++
			case r.Method != http.MethodGet:
				c.alarmWrites++
			}
		}
		c.windowGets = len(mf.Requests(maintenancefake.PathGet))
		c.windowWrites = len(mf.Requests("")) - c.windowGets
		return c
	}

	// Without -generate-config-out the query lists ids and display names:
	// one silence list per list block, ⌈3 alarms / page_size 2⌉ = 2
	// searches and no alarm read by id, one maintenance get.
	reset()
	out, code := run("query")
	if code != 0 {
		t.Fatalf("query exited %d:\n%s", code, out)
	}
	if got, want := count(), (counts{silenceLists: 2, alarmSearches: 2, windowGets: 1}); got != want {
		t.Errorf("plain query made %+v requests, want %+v", got, want)
	}
	for _, id := range append(append(append([]string{}, live...), expired...), append(alarms, windows...)...) {
		if !strings.Contains(out, "id="+id) {
			t.Errorf("the query did not list %s:\n%s", id, out)
		}
	}
	if want := `The maintenance API does not know "silence-99999"`; !strings.Contains(out, want) {
		t.Errorf("no warning for the unknown maintenance id in:\n%s", out)
	}
	if want := `alertname="DiskFull01", severity=~"crit.*" until `; !strings.Contains(out, want) {
		t.Errorf("no display name like %q in:\n%s", want, out)
	}

	// -generate-config-out includes the resources: the same lists, plus
	// one get per alarm (search answers carry no targets or events).
	reset()
	out, code = run("query", "-generate-config-out=generated.tf")
	if code != 0 {
		t.Fatalf("query -generate-config-out exited %d:\n%s", code, out)
	}
	if got, want := count(), (counts{silenceLists: 2, alarmSearches: 2, alarmGets: 3, windowGets: 1}); got != want {
		t.Errorf("query -generate-config-out made %+v requests, want %+v", got, want)
	}
	gen, err := os.ReadFile(filepath.Join(cli.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	total := len(live) + len(expired) + len(alarms) + len(windows)
	if n := strings.Count(string(gen), "\nimport {"); n != total {
		t.Errorf("generated.tf has %d import blocks, want %d:\n%s", n, total, gen)
	}
	t.Logf("generated.tf:\n%s", gen)

	// Terraform never writes a sensitive value into generated
	// configuration: the webhook target's webhook_url is `null # sensitive`,
	// and the plan asks for exactly that value, nothing else.
	out, code = run("plan", "-input=false")
	if code != 1 || strings.Count(out, "Error: ") != 1 || !strings.Contains(out, "A WEBHOOK target needs `webhook_url`") {
		t.Fatalf("plan of the unedited generated.tf exited %d; want exactly the webhook_url error:\n%s", code, out)
	}
	edited, n := fillWebhookURL(string(gen), "https://hooks.example.com/T0/B0/secret-token")
	if n != 1 {
		t.Fatalf("filled %d webhook_url lines, want 1:\n%s", n, gen)
	}
	write("generated.tf", edited)

	// The apply only imports; the plan after it is empty.
	reset()
	out, code = run("apply", "-input=false", "-auto-approve")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("Apply complete! Resources: %d imported, 0 added, 0 changed, 0 destroyed.", total)) {
		t.Fatalf("apply exited %d; want %d imports and nothing else:\n%s", code, total, out)
	}
	if c := count(); c.silenceWrites+c.alarmWrites+c.windowWrites != 0 {
		t.Errorf("the import apply wrote to a server: %+v", c)
	}
	t.Logf("import apply: %+v requests", count())
	reset()
	out, code = run("plan", "-input=false", "-detailed-exitcode")
	if code != 0 {
		t.Fatalf("plan -detailed-exitcode after the import exited %d, want 0:\n%s", code, out)
	}
	if c := count(); c.silenceWrites+c.alarmWrites+c.windowWrites != 0 {
		t.Errorf("the plan wrote to a server: %+v", c)
	}
	t.Logf("plan: %+v requests", count())
}

// fillWebhookURL puts url into the webhook_url of the WEBHOOK targets of
// generated configuration, as the guide tells users to.
func fillWebhookURL(gen, url string) (string, int) {
	lines := strings.Split(gen, "\n")
	n := 0
	webhook := false
	for i, l := range lines {
		switch {
		case strings.TrimSpace(l) == "{":
			webhook = false
		case strings.Contains(l, `= "WEBHOOK"`):
			webhook = true
		case webhook && strings.Contains(l, "webhook_url") && strings.HasSuffix(l, "null # sensitive"):
			lines[i] = strings.TrimSuffix(l, "null # sensitive") + fmt.Sprintf("%q", url)
			n++
		}
	}
	return strings.Join(lines, "\n"), n
}

func quotedList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// seedWindows makes maintenance windows outside Terraform: one active, one
// pending, one that ended by time last week, one expired early while
// active (its end has seconds) and one expired before it began (start and
// end the same instant).
func seedWindows(t *testing.T, mf *maintenancefake.Server) []string {
	t.Helper()
	now := time.Now().Truncate(time.Minute)
	put := func(title string, start, end time.Time, ts ...maintenancefake.Target) string {
		return mf.Put(maintenancefake.Maintenance{Title: title, Start: start, End: end, Targets: ts})
	}
	ids := []string{
		put("db upgrade", now.Add(-time.Hour), now.Add(2*time.Hour),
			maintenancefake.Target{Type: "infra", TargetIP: "10.2.14.55", Region: "DX-G-GB"}, maintenancefake.Target{Type: "service", TargetName: "billing", Region: "DX-G-GB"}),
		put("next week", now.Add(7*24*time.Hour), now.Add(7*24*time.Hour+time.Hour), maintenancefake.Target{Type: "infra", TargetIP: "2001:db8::1", Region: "DX-G-SE"}),
		put("last week", now.Add(-7*24*time.Hour), now.Add(-6*24*time.Hour), maintenancefake.Target{Type: "platform", TargetName: "next-observability", Region: "DX-G-SE"}),
		put("cut short", now.Add(-time.Hour), now.Add(time.Hour), maintenancefake.Target{Type: "service", TargetName: "payments", Region: "DX-G-GB"}),
		put("called off", now.Add(time.Hour), now.Add(2*time.Hour), maintenancefake.Target{Type: "service", TargetName: "search", Region: "DX-G-GB"}),
	}
	for _, id := range ids[3:] {
		if !mf.Expire(id) {
			t.Fatalf("expire %s", id)
		}
	}
	return ids
}

// allAPIs is a real Alertmanager behind a recording proxy, the Resource
// Watcher fake and the maintenance fake (in Asia/Seoul), and a provider
// block for all three.
type allAPIs struct {
	proxy *amProxy
	amc   *alertmanager.Client
	rw    *resourcewatcherfake.TestServer
	mf    *maintenancefake.Server
}

func newAllAPIs(t *testing.T) allAPIs {
	t.Helper()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: am.URL, MaxRetries: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return allAPIs{
		proxy: startAMProxy(t, am.URL),
		amc:   alertmanager.New(h, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus}),
		rw:    resourcewatcherfake.Start(t, resourcewatcherfake.Options{}),
		mf:    maintenancefake.Start(t, maintenancefake.Options{Auth: maintenancefake.Auth{APIKey: "test-key"}, Location: seoul}),
	}
}

func (e allAPIs) provider() string {
	return fmt.Sprintf(`
provider "o11y" {
  max_retries     = 0
  request_timeout = "10s"
  alertmanager {
    url    = %q
    flavor = "prometheus"
  }
  maintenance {
    url       = %q
    api_key   = "test-key"
    time_zone = "Asia/Seoul"
  }
  resource_watcher {
    url                = %q
    app_key            = %q
    user_access_key_id = %q
    secret_access_key  = %q
  }
}
`, e.proxy.URL, e.mf.URL, e.rw.URL, resourcewatcherfake.DefaultAppKey, resourcewatcherfake.DefaultAccessKeyID, resourcewatcherfake.DefaultSecretAccessKey)
}

// TestListResources_examples runs every example under
// examples/list-resources as a query, against objects the examples
// describe, so the documented queries stay valid.
func TestListResources_examples(t *testing.T) {
	acctest.Needs(t, acctest.ListResources)
	e := newAllAPIs(t)
	now := time.Now().UTC()
	for i, m := range [][]alertmanager.Matcher{
		{{Name: "alertname", Value: "DiskFull", IsEqual: true}, {Name: "severity", Value: "crit.*", IsRegex: true, IsEqual: true}},
		{{Name: "alertname", Value: "DiskFull", IsEqual: true}, {Name: "severity", Value: "crit.*", IsRegex: true, IsEqual: true}, {Name: "env", Value: "dev"}},
		{{Name: "alertname", Value: "DiskFull", IsEqual: true}},
	} {
		if _, _, err := e.amc.Create(context.Background(), alertmanager.Silence{Matchers: m, StartsAt: now, EndsAt: now.Add(time.Hour),
			CreatedBy: "oncall", Comment: fmt.Sprintf("disk %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	seedRWAlarm(t, e.rw, "Disk full on db", map[string]any{
		"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "ROLE", "alarmTarget": resourcewatcherfake.SeedRoleID, "emailAlarm": "Y", "smsAlarm": "N"}},
		"target":       map[string]any{"resourceGroupIds": []string{resourcewatcherfake.SeedGroupDB}},
	})
	seedRWAlarm(t, e.rw, "instance deleted", map[string]any{
		"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "ROLE", "alarmTarget": resourcewatcherfake.SeedRoleID, "emailAlarm": "Y", "smsAlarm": "N"}},
		"target":       map[string]any{"resourceGroupIds": []string{resourcewatcherfake.SeedGroupWeb}},
	})
	// The example's ids are the fake's first two.
	if ids := seedWindows(t, e.mf)[:2]; ids[0] != "silence-12345" || ids[1] != "silence-12346" {
		t.Fatalf("the fake gave ids %v, not the example's", ids)
	}
	want := map[string][]querycheck.QueryResultCheck{
		"o11y_silence/list-resource.tfquery.hcl": {
			querycheck.ExpectLength("o11y_silence.all", 3),
			querycheck.ExpectLength("o11y_silence.disk", 2),
		},
		"resourcewatcher_event_alarm/list-resource.tfquery.hcl": {
			querycheck.ExpectLength("resourcewatcher_event_alarm.disk", 1),
		},
		"o11y_maintenance/list-resource.tfquery.hcl": {
			querycheck.ExpectLength("o11y_maintenance.from_console", 2),
		},
	}
	root := filepath.Join(acctest.RepoRoot(), "examples", "list-resources")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.tfquery.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples under %s: %v", root, err)
	}
	steps := []resource.TestStep{{Config: e.provider()}}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		checks, ok := want[filepath.ToSlash(rel)]
		if !ok {
			t.Errorf("example %s is not run: add its checks to this test", rel)
			continue
		}
		steps = append(steps, resource.TestStep{Query: true, Config: readExample(t, filepath.Join("list-resources", rel)), QueryResultChecks: checks})
	}
	if len(steps) != len(want)+1 {
		t.Fatalf("%d examples for %d expected", len(steps)-1, len(want))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// seedSilences makes 25 silences straight through the API: 18 active, 3
// pending and 4 expired (expired early), with every kind of matcher.
func seedSilences(t *testing.T, c *alertmanager.Client) (live, expired []string) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	for i := 0; i < 25; i++ {
		ms := []alertmanager.Matcher{{Name: "alertname", Value: fmt.Sprintf("DiskFull%02d", i), IsEqual: true}}
		switch i % 4 {
		case 1:
			ms = append(ms, alertmanager.Matcher{Name: "severity", Value: "crit.*", IsRegex: true, IsEqual: true})
		case 2:
			ms = append(ms, alertmanager.Matcher{Name: "env", Value: "dev", IsEqual: false})
		case 3:
			ms = append(ms, alertmanager.Matcher{Name: "instance", Value: `web-\d+`, IsRegex: true, IsEqual: false})
		}
		s := alertmanager.Silence{Matchers: ms, StartsAt: now, EndsAt: now.Add(time.Duration(24+i) * time.Hour),
			CreatedBy: []string{"oncall", "alice", "bob"}[i%3], Comment: fmt.Sprintf("disk %d is full, see \"RUN-%d\" ${not_a_var}", i, i)}
		switch {
		case i == 24:
			// Only a negative matcher: broad, needs allow_broad.
			s.Matchers = []alertmanager.Matcher{{Name: "env", Value: "prod", IsEqual: false}}
		case i >= 21:
			s.StartsAt = now.Add(time.Duration(i) * time.Hour) // pending
		}
		id, _, err := c.Create(ctx, s)
		if err != nil {
			t.Fatalf("silence %d: %v", i, err)
		}
		if i >= 17 && i < 21 || i == 23 {
			if _, err := c.Expire(ctx, id); err != nil {
				t.Fatal(err)
			}
			expired = append(expired, id)
			continue
		}
		live = append(live, id)
	}
	return live, expired
}

func seedRWAlarm(t *testing.T, srv *resourcewatcherfake.TestServer, name string, extra map[string]any) string {
	t.Helper()
	body := map[string]any{
		"alarm": map[string]any{"alarmName": name, "description": "seeded " + name},
	}
	for k, v := range extra {
		body[k] = v
	}
	id, err := srv.Create(body)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (p *amProxy) all() []amCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]amCall(nil), p.calls...)
}

func (p *amProxy) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = nil
}
