package silence_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
)

// Query-mode tests of `list "o11y_silence"` (Terraform 1.14 or later),
// with terraform-plugin-testing's querycheck: on a real Alertmanager
// behind a recording proxy, and on the Alert Silence API's fake. The first
// step of each writes the provider block (and creates nothing); the query
// steps' list blocks use it.

// listEnv is a real Alertmanager behind a recording proxy, and a client
// that makes silences straight through the API.
type listEnv struct {
	proxy *amProxy
	amc   *alertmanager.Client
}

func newListEnv(t *testing.T) listEnv {
	t.Helper()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: am.URL, MaxRetries: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return listEnv{proxy: startAMProxy(t, am.URL), amc: alertmanager.New(h, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus})}
}

func (e listEnv) provider() string {
	return fmt.Sprintf(`provider "o11y" {
  max_retries     = 0
  request_timeout = "5s"
  alertmanager {
    url    = %q
    flavor = "prometheus"
  }
}
`, e.proxy.URL)
}

func (e listEnv) create(t *testing.T, s alertmanager.Silence) alertmanager.Silence {
	t.Helper()
	id, _, err := e.amc.Create(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := e.amc.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// lists counts the silence lists the proxy served.
func (e listEnv) lists() int {
	n := 0
	for _, c := range e.proxy.callsOf(http.MethodGet) {
		if strings.HasSuffix(c.Path, "/silences") {
			n++
		}
	}
	return n
}

func rfcNano(t time.Time) string { return t.Format(time.RFC3339Nano) }

func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

func TestListSilence_query(t *testing.T) {
	acctest.Needs(t, acctest.ListResources)
	e := newListEnv(t)
	now := time.Now().UTC()
	disk := e.create(t, alertmanager.Silence{
		Matchers: []alertmanager.Matcher{
			{Name: "alertname", Value: "DiskFull", IsEqual: true},
			{Name: "severity", Value: "critical", IsEqual: true},
		},
		StartsAt: now, EndsAt: now.Add(2 * time.Hour), CreatedBy: "oncall", Comment: "Disk replacement, CHG-1234",
	})
	crit := e.create(t, alertmanager.Silence{
		Matchers: []alertmanager.Matcher{
			{Name: "alertname", Value: "DiskFull", IsEqual: true},
			{Name: "severity", Value: "crit.*", IsRegex: true, IsEqual: true},
			{Name: "env", Value: "dev", IsEqual: false},
		},
		StartsAt: now.Add(time.Hour), EndsAt: now.Add(3 * time.Hour), CreatedBy: "alice", Comment: "Planned reboot",
	})
	broad := e.create(t, alertmanager.Silence{
		Matchers: []alertmanager.Matcher{{Name: "job", Value: "test.*", IsRegex: true, IsEqual: false}},
		StartsAt: now, EndsAt: now.Add(time.Hour), CreatedBy: "bob", Comment: "Everything but the tests",
	})
	gone := e.create(t, alertmanager.Silence{
		Matchers: []alertmanager.Matcher{{Name: "alertname", Value: "DiskFull", IsEqual: true}},
		StartsAt: now, EndsAt: now.Add(time.Hour), CreatedBy: "oncall", Comment: "Done early",
	})
	if _, err := e.amc.Expire(context.Background(), gone.ID); err != nil {
		t.Fatal(err)
	}
	gone, _, _ = e.amc.Get(context.Background(), gone.ID)

	matcher := func(name, value string, regex, equal bool) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "value": knownvalue.StringExact(value),
			"is_regex": knownvalue.Bool(regex), "is_equal": knownvalue.Bool(equal),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.provider()},
			{
				Query: true,
				Config: `
list "o11y_silence" "live" {
  provider         = o11y
  include_resource = true
}

list "o11y_silence" "disk" {
  provider = o11y
  config {
    matchers = ["alertname=\"DiskFull\""]
    state    = ["active", "pending", "expired"]
  }
}

list "o11y_silence" "crit" {
  provider = o11y
  config {
    matchers = ["severity=~\"crit.*\"", "env!=\"dev\""]
  }
}

list "o11y_silence" "by_oncall" {
  provider = o11y
  config {
    created_by       = "oncall"
    comment_contains = "chg-1234"
  }
}

list "o11y_silence" "expired" {
  provider         = o11y
  include_resource = true
  config {
    state = ["expired"]
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("o11y_silence.live", 3),
					querycheck.ExpectIdentity("o11y_silence.live", map[string]knownvalue.Check{"id": knownvalue.StringExact(disk.ID)}),
					querycheck.ExpectIdentity("o11y_silence.live", map[string]knownvalue.Check{"id": knownvalue.StringExact(crit.ID)}),
					querycheck.ExpectIdentity("o11y_silence.live", map[string]knownvalue.Check{"id": knownvalue.StringExact(broad.ID)}),
					querycheck.ExpectResourceDisplayName("o11y_silence.live", byID(disk.ID), knownvalue.StringExact(
						fmt.Sprintf(`alertname="DiskFull", severity="critical" until %s by oncall`, disk.EndsAt.UTC().Format(time.RFC3339)))),
					querycheck.ExpectResourceDisplayName("o11y_silence.live", byID(crit.ID), knownvalue.StringExact(
						fmt.Sprintf(`alertname="DiskFull", severity=~"crit.*", env!="dev" from %s until %s by alice`,
							crit.StartsAt.UTC().Format(time.RFC3339), crit.EndsAt.UTC().Format(time.RFC3339)))),
					querycheck.ExpectResourceKnownValues("o11y_silence.live", byID(disk.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(disk.ID)},
						{Path: tfjsonpath.New("matchers"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							matcher("alertname", "DiskFull", false, true), matcher("severity", "critical", false, true),
						})},
						{Path: tfjsonpath.New("starts_at"), KnownValue: knownvalue.StringExact(rfcNano(disk.StartsAt))},
						{Path: tfjsonpath.New("ends_at"), KnownValue: knownvalue.StringExact(rfcNano(disk.EndsAt))},
						{Path: tfjsonpath.New("duration"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("comment"), KnownValue: knownvalue.StringExact("Disk replacement, CHG-1234")},
						{Path: tfjsonpath.New("created_by"), KnownValue: knownvalue.StringExact("oncall")},
						{Path: tfjsonpath.New("allow_broad"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(alertmanager.StateActive)},
						{Path: tfjsonpath.New("source_type"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("max_matched_alerts"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectResourceKnownValues("o11y_silence.live", byID(crit.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("matchers"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							matcher("alertname", "DiskFull", false, true), matcher("severity", "crit.*", true, true), matcher("env", "dev", false, false),
						})},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(alertmanager.StatePending)},
					}),
					// Only a negative regex: refused without allow_broad, so the
					// import (and so the result) has it.
					querycheck.ExpectResourceKnownValues("o11y_silence.live", byID(broad.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("allow_broad"), KnownValue: knownvalue.Bool(true)},
					}),
					// Server-side exact matchers: `alertname="DiskFull"` is on three
					// of them, the expired one included.
					querycheck.ExpectLength("o11y_silence.disk", 3),
					// The regex filter is compared, not evaluated: only crit has it.
					querycheck.ExpectLength("o11y_silence.crit", 1),
					querycheck.ExpectIdentity("o11y_silence.crit", map[string]knownvalue.Check{"id": knownvalue.StringExact(crit.ID)}),
					querycheck.ExpectLength("o11y_silence.by_oncall", 1),
					querycheck.ExpectIdentity("o11y_silence.by_oncall", map[string]knownvalue.Check{"id": knownvalue.StringExact(disk.ID)}),
					querycheck.ExpectLength("o11y_silence.expired", 1),
					querycheck.ExpectResourceDisplayName("o11y_silence.expired", byID(gone.ID), knownvalue.StringExact(
						fmt.Sprintf(`alertname="DiskFull" ended %s by oncall`, gone.EndsAt.UTC().Format(time.RFC3339)))),
					querycheck.ExpectResourceKnownValues("o11y_silence.expired", byID(gone.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(alertmanager.StateExpired)},
						{Path: tfjsonpath.New("ends_at"), KnownValue: knownvalue.StringExact(rfcNano(gone.EndsAt))},
					}),
				},
			},
		},
	})
	// One list request per list block, never a read per silence.
	if n := len(e.proxy.callsOf(http.MethodGet)); n != e.lists() {
		t.Errorf("%d GETs, %d of them lists: a silence was read by id", n, e.lists())
	}
}

// TestListSilence_badFilters: a filter that cannot be right is an error at
// its path before any request.
func TestListSilence_badFilters(t *testing.T) {
	acctest.Needs(t, acctest.ListResources)
	e := newListEnv(t)
	step := func(cfg, want string) resource.TestStep {
		return resource.TestStep{
			Query: true,
			Config: `
list "o11y_silence" "bad" {
  provider = o11y
  config {
` + cfg + `
  }
}
`,
			ExpectError: regexp.MustCompile(want),
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.provider()},
			step(`    state = ["active", "done"]`, `Unknown silence state[\s\S]*"done" is not a silence state`),
			step(`    matchers = ["alertname=\"DiskFull\"", "severity=~\"crit"]`, `Invalid matcher[\s\S]*closing double quote is missing`),
			step(`    matchers = ["alertname"]`, `Invalid matcher[\s\S]*no operator`),
			step(`    matchers = ["alertname=\"a\", severity=\"b\""]`, `one matcher per string`),
			step(`    matchers = ["instance=~\"web-(\""]`, `Invalid regular expression`),
			step(`    source_type = "Equipment"`, `source_type needs the alert-silence flavor`),
		},
	})
	if n := len(e.proxy.all()); n != 0 {
		t.Errorf("bad filters sent %d requests, want none: %+v", n, e.proxy.all())
	}
}

// TestListSilence_alertSilence lists the Alert Silence API's silences by
// source, with one list request per query.
func TestListSilence_alertSilence(t *testing.T) {
	acctest.Needs(t, acctest.ListResources)
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	motor := outOfBand(t, srv, "Equipment", "Equipment-01")
	outOfBand(t, srv, "Sensor", "Temp-*")
	all := outOfBand(t, srv, "Equipment", "*")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: alertSilenceProvider(srv.URL)},
			{
				Query: true,
				Config: `
list "o11y_silence" "equipment" {
  provider         = o11y
  include_resource = true
  config {
    source_type = "Equipment"
  }
}

list "o11y_silence" "motor" {
  provider = o11y
  config {
    source_type       = "Equipment"
    source_id_pattern = "Equipment-01"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("o11y_silence.equipment", 2),
					querycheck.ExpectLength("o11y_silence.motor", 1),
					querycheck.ExpectIdentity("o11y_silence.motor", map[string]knownvalue.Check{"id": knownvalue.StringExact(motor)}),
					querycheck.ExpectResourceKnownValues("o11y_silence.equipment", byID(motor), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("source_type"), KnownValue: knownvalue.StringExact("Equipment")},
						{Path: tfjsonpath.New("source_id_pattern"), KnownValue: knownvalue.StringExact("Equipment-01")},
						{Path: tfjsonpath.New("matchers"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("comment"), KnownValue: knownvalue.StringExact("someone else")},
						{Path: tfjsonpath.New("allow_broad"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(alertmanager.StateActive)},
					}),
					querycheck.ExpectResourceKnownValues("o11y_silence.equipment", byID(all), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("allow_broad"), KnownValue: knownvalue.Bool(true)},
					}),
					querycheck.ExpectResourceDisplayName("o11y_silence.motor", byID(motor),
						knownvalue.StringRegexp(regexp.MustCompile(`^source_type="Equipment", source_id_pattern="Equipment-01" until \S+Z by `))),
				},
			},
			{
				Query: true,
				Config: `
list "o11y_silence" "bad" {
  provider = o11y
  config {
    matchers = ["alertname=\"DiskFull\""]
  }
}
`,
				ExpectError: regexp.MustCompile(`matchers need the grafana or prometheus flavor`),
			},
		},
	})
}

// TestSilenceResource_importEndedEarly (every CLI): silences expired early,
// as `list "o11y_silence"` finds them with `state = ["expired"]`, import
// as they are and stay expired with no diff. A pending silence expired
// early has its start and end at the same instant (Alertmanager moves
// both); the configuration is the one `-generate-config-out` writes, with
// the server's times, and the order rule applies only to times that are
// sent.
func TestSilenceResource_importEndedEarly(t *testing.T) {
	e := newListEnv(t)
	now := time.Now().UTC()
	ms := []alertmanager.Matcher{{Name: "alertname", Value: "DiskFull", IsEqual: true}}
	running := e.create(t, alertmanager.Silence{Matchers: ms, StartsAt: now, EndsAt: now.Add(time.Hour), CreatedBy: "oncall", Comment: "ran"})
	pending := e.create(t, alertmanager.Silence{Matchers: ms, StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour), CreatedBy: "oncall", Comment: "called off"})
	for i, s := range []*alertmanager.Silence{&running, &pending} {
		if _, err := e.amc.Expire(context.Background(), s.ID); err != nil {
			t.Fatal(err)
		}
		got, _, err := e.amc.Get(context.Background(), s.ID)
		if err != nil || got.State != alertmanager.StateExpired {
			t.Fatalf("silence %d after expiry: %+v, %v", i, got, err)
		}
		*s = got
	}
	if !pending.StartsAt.Equal(pending.EndsAt) {
		t.Fatalf("the pending silence expired with start %s and end %s; this test needs them equal", pending.StartsAt, pending.EndsAt)
	}
	block := func(name string, s alertmanager.Silence) string {
		return fmt.Sprintf(`
resource "o11y_silence" %[1]q {
  matchers   = [{ name = "alertname", value = "DiskFull" }]
  starts_at  = %[2]q
  ends_at    = %[3]q
  comment    = %[4]q
  created_by = "oncall"
}

import {
  to = o11y_silence.%[1]s
  id = %[5]q
}
`, name, rfcNano(s.StartsAt), rfcNano(s.EndsAt), s.Comment, s.ID)
	}
	cfg := e.provider() + block("running", running) + block("pending", pending)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("o11y_silence.running", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("o11y_silence.pending", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("o11y_silence.pending", tfjsonpath.New("status"), knownvalue.StringExact(alertmanager.StateExpired)),
					statecheck.ExpectKnownValue("o11y_silence.running", tfjsonpath.New("status"), knownvalue.StringExact(alertmanager.StateExpired)),
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
	if n := len(e.proxy.callsOf(http.MethodPost)) + len(e.proxy.callsOf(http.MethodDelete)); n != 0 {
		t.Errorf("%d writes, want none", n)
	}
}
