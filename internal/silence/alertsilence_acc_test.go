package silence_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
)

// The o11y_silence suite on the Alert Silence API (flavor alert-silence),
// against its fake. The provider runs on the local clock; the fake's clock
// is moved with Advance, so expiry is only seen through the server's Date
// header.

func alertSilenceProvider(url string) string {
	return fmt.Sprintf(`provider "o11y" {
  request_timeout = "5s"
  max_retries     = 1
  alertmanager {
    url    = %q
    flavor = "alert-silence"
  }
}
`, url)
}

func alertSilenceConfig(srv *alertsilencefake.Server, body string) string {
	return alertSilenceProvider(srv.URL) + "\nresource \"o11y_silence\" \"test\" {\n" + body + "\n}\n"
}

// onFake checks whether the fake holds the captured silence id.
func onFake(srv *alertsilencefake.Server, id *string, present bool) statecheck.StateCheck {
	return stateFunc(func(map[string]map[string]any) error {
		if _, ok := srv.Get(*id); ok != present {
			return fmt.Errorf("silence %q on the fake: present=%v, want %v", *id, ok, present)
		}
		return nil
	})
}

// fakeSilence checks the fake's copy of the captured silence.
func fakeSilence(srv *alertsilencefake.Server, id *string, check func(alertsilencefake.Silence) error) statecheck.StateCheck {
	return stateFunc(func(map[string]map[string]any) error {
		s, ok := srv.Get(*id)
		if !ok {
			return fmt.Errorf("silence %q is not on the fake", *id)
		}
		return check(s)
	})
}

// fullLists counts GET /api/v1.0/alert-silence (the full list).
func fullLists(srv *alertsilencefake.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet && r.Path == alertsilencefake.BasePath {
			n++
		}
	}
	return n
}

// outOfBand creates a silence on the fake as someone else would.
func outOfBand(t *testing.T, srv *alertsilencefake.Server, sourceType, pattern string) string {
	t.Helper()
	h, err := httpx.New(httpx.Config{API: "alert-silence", BaseURL: srv.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s, err := alertsilence.New(h, nil).Create(context.Background(), alertsilence.CreateRequest{
		SourceType: sourceType, SourceIDPattern: pattern, Reason: "someone else", StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// TestAlertSilenceResource_basic: create (+ both data sources) → import →
// a change replaces (new id, old one deleted) → allow_broad alone changes
// nothing on the server → `*` with allow_broad replaces → destroy deletes.
func TestAlertSilenceResource_basic(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	other := outOfBand(t, srv, "Sensor", "Temp-*")
	end1 := rfc(time.Now().Add(time.Hour))
	body := func(pattern, comment, extra string) string {
		return fmt.Sprintf(`  source_type       = "Equipment"
  source_id_pattern = %q
  ends_at           = %q
  comment           = %q
%s`, pattern, end1, comment, extra)
	}
	step1 := alertSilenceConfig(srv, body("Equipment-*", "Motor replacement", "")) + `
data "o11y_silence" "one" {
  id = o11y_silence.test.id
}
data "o11y_silences" "equipment" {
  source_type = "Equipment"
  state       = "active"
  depends_on  = [o11y_silence.test]
}
data "o11y_silences" "all" {
  depends_on = [o11y_silence.test]
}
`
	var id1, id2, id3 string
	posts := 0
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := srv.Silences(); len(got) != 1 || got[0].SilenceID != other {
				return fmt.Errorf("after destroy the fake holds %+v, want only the out-of-band silence %s", got, other)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: step1,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					captureID(addr, &id1),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_type"), knownvalue.StringExact("Equipment")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_id_pattern"), knownvalue.StringExact("Equipment-*")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("comment"), knownvalue.StringExact("Motor replacement")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_by"), knownvalue.StringExact("terraform")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact(end1)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("starts_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("matchers"), knownvalue.Null()),
					fakeSilence(srv, &id1, func(s alertsilencefake.Silence) error {
						if s.Reason != "Motor replacement" || s.CreatedBy != "terraform" || s.SourceIDPattern != "Equipment-*" || s.EndsAt.Format(time.RFC3339) != end1 {
							return fmt.Errorf("fake holds %+v", s)
						}
						return nil
					}),
					statecheck.CompareValuePairs("data.o11y_silence.one", tfjsonpath.New("id"), addr, tfjsonpath.New("id"), compareSame{}),
					statecheck.ExpectKnownValue("data.o11y_silence.one", tfjsonpath.New("comment"), knownvalue.StringExact("Motor replacement")),
					statecheck.ExpectKnownValue("data.o11y_silence.one", tfjsonpath.New("source_id_pattern"), knownvalue.StringExact("Equipment-*")),
					statecheck.ExpectKnownValue("data.o11y_silence.one", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("data.o11y_silence.one", tfjsonpath.New("matchers"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.o11y_silences.equipment", tfjsonpath.New("silences"), knownvalue.ListSizeExact(1)),
					statecheck.CompareValuePairs("data.o11y_silences.equipment", tfjsonpath.New("silences").AtSliceIndex(0).AtMapKey("id"), addr, tfjsonpath.New("id"), compareSame{}),
					statecheck.ExpectKnownValue("data.o11y_silences.all", tfjsonpath.New("silences"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// No update endpoint: a new comment is a new silence.
				Config: alertSilenceConfig(srv, body("Equipment-*", "Motor replacement, extended", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					captureID(addr, &id2),
					expectID(addr, &id1, false),
					onFake(srv, &id1, false),
					fakeSilence(srv, &id2, func(s alertsilencefake.Silence) error {
						if s.Reason != "Motor replacement, extended" {
							return fmt.Errorf("reason %q", s.Reason)
						}
						return nil
					}),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("comment"), knownvalue.StringExact("Motor replacement, extended")),
				},
			},
			{
				// allow_broad is the provider's own: no call to the server.
				PreConfig: func() { posts = srv.Count(http.MethodPost, alertsilencefake.BasePath) },
				Config:    alertSilenceConfig(srv, body("Equipment-*", "Motor replacement, extended", "  allow_broad = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectID(addr, &id2, true),
					onFake(srv, &id2, true),
					stateFunc(func(map[string]map[string]any) error {
						if n := srv.Count(http.MethodPost, alertsilencefake.BasePath); n != posts {
							return fmt.Errorf("%d creates for an allow_broad change, want none", n-posts)
						}
						return nil
					}),
				},
			},
			{
				// `*` is accepted with allow_broad, and a new pattern replaces.
				Config: alertSilenceConfig(srv, body("*", "Motor replacement, extended", "  allow_broad = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					captureID(addr, &id3),
					expectID(addr, &id2, false),
					onFake(srv, &id2, false),
					fakeSilence(srv, &id3, func(s alertsilencefake.Silence) error {
						if s.SourceIDPattern != "*" {
							return fmt.Errorf("pattern %q", s.SourceIDPattern)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAlertSilenceResource_expiresByTime: the fake's clock passes the end;
// the plan stays empty and the state says expired (the provider's own clock
// still says active: only the server's Date header tells), also months
// later and after the expired silence is deleted out of band; changing the
// ended silence is a plan-time error; a future end replaces it; an ended
// silence removed from the configuration is destroyed without error.
func TestAlertSilenceResource_expiresByTime(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	t0 := time.Now()
	end := rfc(t0.Add(time.Hour))
	const later = 90 * 24 * time.Hour
	other := `
resource "o11y_silence" "other" {
  source_type       = "Sensor"
  source_id_pattern = "Temp-01"
  starts_at         = "2020-01-01T00:00:00Z" # past: means now, kept in state
  duration          = "30m"
  comment           = "calibration"
}
`
	cfg := func(end, comment string) string {
		return alertSilenceConfig(srv, fmt.Sprintf(`  source_type       = "Equipment"
  source_id_pattern = "Equipment-01"
  ends_at           = %q
  comment           = %q`, end, comment)) + other
	}
	var id1, id2, idOther string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := srv.Silences(); len(got) != 0 {
				return fmt.Errorf("after destroy the fake holds %+v", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg(end, "motor"),
				ConfigStateChecks: []statecheck.StateCheck{
					captureID(addr, &id1), captureID("o11y_silence.other", &idOther),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("o11y_silence.other", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("o11y_silence.other", tfjsonpath.New("starts_at"), knownvalue.StringExact("2020-01-01T00:00:00Z")),
				},
			},
			{
				PreConfig: func() { srv.Advance(2 * time.Hour) },
				Config:    cfg(end, "motor"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectID(addr, &id1, true),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("expired")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact(end)),
					statecheck.ExpectKnownValue("o11y_silence.other", tfjsonpath.New("status"), knownvalue.StringExact("expired")),
					// Expired silences stay listed by the API.
					onFake(srv, &id1, true), onFake(srv, &idOther, true),
				},
			},
			{
				Config:      cfg(end, "motor, changed"),
				ExpectError: regexp.MustCompile(`(?s)has expired and\s+its end.*is in the past`),
			},
			{
				// Months later, and after the expired "other" silence was
				// deleted out of band: still no diff.
				PreConfig: func() {
					srv.Advance(later)
					srv.Remove(idOther)
				},
				Config: cfg(end, "motor"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectID(addr, &id1, true),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("expired")),
					statecheck.ExpectKnownValue("o11y_silence.other", tfjsonpath.New("status"), knownvalue.StringExact("expired")),
				},
			},
			{
				// A future end (by the server's clock): a new silence replaces
				// the expired one; the ended "other" is destroyed.
				Config: alertSilenceConfig(srv, fmt.Sprintf(`  source_type       = "Equipment"
  source_id_pattern = "Equipment-01"
  ends_at           = %q
  comment           = "motor, again"`, rfc(t0.Add(later+3*time.Hour)))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
					plancheck.ExpectResourceAction("o11y_silence.other", plancheck.ResourceActionDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					captureID(addr, &id2),
					expectID(addr, &id1, false),
					onFake(srv, &id1, false),
					onFake(srv, &id2, true),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}

// TestAlertSilenceResource_disappears: a silence deleted out of band before
// its end is planned for creation and restored under a new id.
func TestAlertSilenceResource_disappears(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	config := alertSilenceConfig(srv, `  source_type       = "Sensor"
  source_id_pattern = "*-Pressure"
  duration          = "1h"
  comment           = "valve work"`)
	var id1, id2 string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{captureID(addr, &id1), onFake(srv, &id1, true)},
			},
			{
				PreConfig: func() { srv.Remove(id1) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					captureID(addr, &id2),
					expectID(addr, &id1, false),
					onFake(srv, &id2, true),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}

// TestAlertSilenceResource_oneListPerPlan: refreshing several silences in
// one plan makes exactly one list call.
func TestAlertSilenceResource_oneListPerPlan(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	config := alertSilenceProvider(srv.URL) + `
resource "o11y_silence" "many" {
  count             = 6
  source_type       = "Sensor"
  source_id_pattern = "Temp-${count.index}"
  duration          = "1h"
  comment           = "calibration ${count.index}"
}
`
	before, requests := 0, 0
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// PlanOnly runs `terraform plan -refresh=false` (no reads),
				// then `terraform plan`, which refreshes all six.
				PreConfig: func() { before, requests = fullLists(srv), len(srv.Requests()) },
				Config:    config,
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					if n := fullLists(srv) - before; n != 1 {
						t.Errorf("refreshing 6 silences made %d list calls, want 1", n)
					}
					if n := len(srv.Requests()) - requests; n != 1 {
						t.Errorf("refreshing 6 silences made %d requests, want 1", n)
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// TestAlertSilenceResource_badInput: the plan-time errors of this flavor,
// and the source attributes refused on an Alertmanager flavor.
func TestAlertSilenceResource_badInput(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	provider := alertSilenceProvider("http://127.0.0.1:1")
	future := rfc(time.Now().Add(time.Hour))
	res := func(body string) string {
		return provider + "resource \"o11y_silence\" \"test\" {\n" + body + fmt.Sprintf("\n  ends_at = %q\n}\n", future)
	}
	ok := "  source_type = \"Equipment\"\n  source_id_pattern = \"Equipment-01\"\n"
	cases := []struct{ name, config, want string }{
		{"matchers on alert-silence", res(`  matchers = [{ name = "alertname", value = "Foo" }]
  comment = "c"`), `(?s)matchers need the grafana or prometheus flavor.*source_type.*source_id_pattern`},
		{"star without allow_broad", res("  source_type = \"Equipment\"\n  source_id_pattern = \"*\"\n  comment = \"c\""), `Silence would match every source`},
		{"stars without allow_broad", res("  source_type = \"Equipment\"\n  source_id_pattern = \"**\"\n  comment = \"c\""), `Silence would match every source`},
		{"pattern missing", res("  source_type = \"Equipment\"\n  comment = \"c\""), `Missing source_id_pattern`},
		{"type missing", res("  source_id_pattern = \"Equipment-01\"\n  comment = \"c\""), `Missing source_type`},
		{"both selectors", res(ok + `  matchers = [{ name = "alertname", value = "Foo" }]
  comment = "c"`), `matchers and source attributes together`},
		{"no selector", res(`  comment = "c"`), `Nothing to silence`},
		{"blank source type", res("  source_type = \" \"\n  source_id_pattern = \"x\"\n  comment = \"c\""), `Empty source_type`},
		{"blank comment", res(ok + `  comment = "  "`), `Empty comment`},
		{"empty created_by", res(ok + "  comment = \"c\"\n  created_by = \"\""), `Empty created_by`},
		{"ends in the past", provider + fmt.Sprintf("resource \"o11y_silence\" \"test\" {\n%s  comment = \"c\"\n  ends_at = %q\n}\n", ok, rfc(time.Now().Add(-time.Minute))), `Silence ends in the past`},
		{"source on prometheus", `provider "o11y" {
  alertmanager {
    url    = "http://127.0.0.1:1"
    flavor = "prometheus"
  }
}
resource "o11y_silence" "test" {
` + ok + fmt.Sprintf("  comment = \"c\"\n  ends_at = %q\n}\n", future), `(?s)source_type needs the alert-silence flavor.*matchers`},
		{"data source matchers on alert-silence", provider + `data "o11y_silences" "x" {
  matchers = [{ name = "alertname", value = "Foo" }]
}
`, `matchers need the grafana or prometheus flavor`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{Config: tc.config, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)})
	}
	steps = append(steps, resource.TestStep{
		Config:             res("  source_type = \"Equipment\"\n  source_id_pattern = \"*\"\n  allow_broad = true\n  comment = \"c\""),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories, Steps: steps})
}

// TestAlertSilenceExamples applies the documented alert-silence examples
// against the fake, so the docs stay valid.
func TestAlertSilenceExamples(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	outOfBand(t, srv, "Sensor", "Humidity-*")
	config := alertSilenceProvider(srv.URL) + readExample(t, "resources/o11y_silence/alert-silence.tf") +
		readExample(t, "data-sources/o11y_silences/alert-silence.tf")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("o11y_silence.motor", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("o11y_silence.calibration", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue("o11y_silence.line_shutdown", tfjsonpath.New("source_id_pattern"), knownvalue.StringExact("*")),
					// Only the out-of-band humidity silence: the calibration one is pending.
					statecheck.ExpectKnownValue("data.o11y_silences.sensors", tfjsonpath.New("silences"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.o11y_silences.sensors", tfjsonpath.New("silences").AtSliceIndex(0).AtMapKey("source_id_pattern"), knownvalue.StringExact("Humidity-*")),
				},
			},
		},
	})
}
