package silence_test

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

const addr = "o11y_silence.test"

func silenceConfig(tg target, body string) string {
	return tg.provider + "\nresource \"o11y_silence\" \"test\" {\n" + body + "\n}\n"
}

// TestSilenceResource_basic: create → import → in-place update (same id) →
// matcher change (replacement, new id, old one expired) → destroy (expired
// on the server), plus both data sources, on every flavor.
func TestSilenceResource_basic(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	end1 := rfc(time.Now().Add(time.Hour))
	end2 := rfc(time.Now().Add(2 * time.Hour))
	for _, tg := range targets(t, am, true) {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			alert := "Basic-" + tg.name
			matchers := fmt.Sprintf(`  matchers = [
    { name = "alertname", value = %q },
    { name = "severity", value = "warning|critical", is_regex = true },
  ]`, alert)
			step1 := silenceConfig(tg, matchers+fmt.Sprintf(`
  ends_at = %q
  comment = "deploy"`, end1)) + fmt.Sprintf(`
data "o11y_silence" "one" {
  id = o11y_silence.test.id
}
data "o11y_silences" "active" {
  matchers   = [{ name = "alertname", value = %q }]
  state      = "active"
  depends_on = [o11y_silence.test]
}
`, alert)
			var id1, id2 string
			created, refreshed := map[string]string{}, map[string]string{}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					// Destroy expires, it does not delete.
					return errors.Join(checkServerState(tg.client, id1, alertmanager.StateExpired),
						checkServerState(tg.client, id2, alertmanager.StateExpired))
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
							captureAttrs(addr, created),
							serverState(tg.client, &id1, alertmanager.StateActive),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_by"), knownvalue.StringExact("terraform")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact(end1)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("starts_at"), knownvalue.NotNull()),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("matchers"), knownvalue.ListExact([]knownvalue.Check{
								knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("alertname"), "value": knownvalue.StringExact(alert), "is_regex": knownvalue.Bool(false), "is_equal": knownvalue.Bool(true)}),
								knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("severity"), "value": knownvalue.StringExact("warning|critical"), "is_regex": knownvalue.Bool(true), "is_equal": knownvalue.Bool(true)}),
							})),
							statecheck.CompareValuePairs("data.o11y_silence.one", tfjsonpath.New("id"), addr, tfjsonpath.New("id"), compareSame{}),
							statecheck.ExpectKnownValue("data.o11y_silence.one", tfjsonpath.New("comment"), knownvalue.StringExact("deploy")),
							statecheck.ExpectKnownValue("data.o11y_silence.one", tfjsonpath.New("status"), knownvalue.StringExact("active")),
							statecheck.ExpectKnownValue("data.o11y_silences.active", tfjsonpath.New("silences"), knownvalue.ListSizeExact(1)),
							statecheck.CompareValuePairs("data.o11y_silences.active", tfjsonpath.New("silences").AtSliceIndex(0).AtMapKey("id"), addr, tfjsonpath.New("id"), compareSame{}),
						},
					},
					{
						// The create stored the start it sent (its state is
						// derived from the request and the answer): the server
						// clamped it to its own "now", a request's latency
						// later. Its write time is estimated from the answer's
						// Date header. A refresh brings both to the server's
						// values as the attributes' type compares them (to the
						// second); the next step checks that.
						RefreshState: true,
						Check: func(s *terraform.State) error {
							for k, v := range s.RootModule().Resources[addr].Primary.Attributes {
								refreshed[k] = v
							}
							return nil
						},
					},
					{
						// An import reads the server's values: they are the
						// state's, and the timestamps the same instants to the
						// second (RFC 3339 semantic equality, which a refresh
						// applies too); the sent start is never after the
						// server's.
						ResourceName:            addr,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"starts_at", "updated_at"},
						ImportStateCheck: func(is []*terraform.InstanceState) error {
							if len(is) != 1 {
								return fmt.Errorf("imported %d silences, want 1", len(is))
							}
							got := is[0].Attributes
							return errors.Join(sameSecond("starts_at", got, refreshed), sameSecond("updated_at", got, refreshed),
								within(created["starts_at"], got["starts_at"], -time.Second, 0))
						},
					},
					{
						Config: silenceConfig(tg, matchers+fmt.Sprintf(`
  ends_at    = %q
  comment    = "deploy, extended"
  created_by = "ci"`, end2)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							expectID(addr, &id1, true),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("comment"), knownvalue.StringExact("deploy, extended")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_by"), knownvalue.StringExact("ci")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact(end2)),
							serverState(tg.client, &id1, alertmanager.StateActive),
						},
					},
					{
						// Only the order changes: the server would issue a new id.
						Config: silenceConfig(tg, fmt.Sprintf(`  matchers = [
    { name = "severity", value = "warning|critical", is_regex = true },
    { name = "alertname", value = %q },
  ]
  ends_at    = %q
  comment    = "deploy, extended"
  created_by = "ci"`, alert, end2)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							captureID(addr, &id2),
							expectID(addr, &id1, false),
							serverState(tg.client, &id1, alertmanager.StateExpired),
							serverState(tg.client, &id2, alertmanager.StateActive),
						},
					},
				},
			})
		})
	}
}

// compareSame is compare.ValuesSame for two values.
type compareSame struct{}

func (compareSame) CompareValues(values ...any) error {
	if len(values) == 2 && values[0] == values[1] {
		return nil
	}
	return fmt.Errorf("values differ: %v", values)
}

// TestSilenceResource_expiresByTime: a silence of a few seconds ends; the
// plan stays empty while the server shows it expired and after the server
// garbage-collected it; changing it while its end is past is a plan-time
// error; moving its end into the future creates a new silence (id unknown
// in the plan); destroy succeeds.
func TestSilenceResource_expiresByTime(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	for _, name := range flavors(false) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// Its own Alertmanager, which forgets expired silences after
			// 10s (Alertmanager fixes a silence's retention when it is set,
			// so the option must be there before the silence is created).
			tg := ownTarget(t, name, acctest.AlertmanagerOptions{Retention: 10 * time.Second, MaintenanceInterval: 500 * time.Millisecond})
			am := tg.am
			start := time.Now()
			short := start.Add(6 * time.Second).UTC().Truncate(time.Second)
			later := rfc(start.Add(time.Hour))
			alert := "Expires-" + tg.name
			// A second silence ends alongside; the last step removes its
			// block, so destroying an ended silence is exercised too.
			other := fmt.Sprintf(`
resource "o11y_silence" "other" {
  matchers  = [{ name = "alertname", value = %q }]
  starts_at = "2020-01-01T00:00:00Z" # past: means now, kept in state
  duration  = "5s"
  comment  = "other"
}
`, alert+"-other")
			cfg := func(end, comment string) string {
				return silenceConfig(tg, fmt.Sprintf(`  matchers = [{ name = "alertname", value = %q }]
  ends_at  = %q
  comment  = %q`, alert, end, comment)) + other
			}
			var id1, id2, idOther string
			steps := []resource.TestStep{
				{
					Config: cfg(rfc(short), "short"),
					ConfigStateChecks: []statecheck.StateCheck{
						captureID(addr, &id1), captureID("o11y_silence.other", &idOther),
						statecheck.ExpectKnownValue("o11y_silence.other", tfjsonpath.New("starts_at"), knownvalue.StringExact("2020-01-01T00:00:00Z")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					},
				},
				{
					// Wait for the natural end (a real window of a few seconds).
					PreConfig: func() {
						waitUntil(t, "the silences to expire", 20*time.Second, func() bool {
							return checkServerState(tg.client, id1, alertmanager.StateExpired) == nil &&
								checkServerState(tg.client, idOther, alertmanager.StateExpired) == nil
						})
					},
					Config: cfg(rfc(short), "short"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						expectID(addr, &id1, true),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("expired")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact(rfc(short))),
						statecheck.ExpectKnownValue("o11y_silence.other", tfjsonpath.New("status"), knownvalue.StringExact("expired")),
					},
				},
				{
					Config:      cfg(rfc(short), "changed"),
					ExpectError: regexp.MustCompile(`(?s)has expired and\s+its end.*is in the past`),
				},
			}
			if am != nil {
				steps = append(steps, resource.TestStep{
					// The server forgets it (garbage collection after retention).
					PreConfig: func() {
						waitUntil(t, "the silences to be garbage-collected", 20*time.Second, func() bool {
							_, _, err1 := tg.client.Get(context.Background(), id1)
							_, _, err2 := tg.client.Get(context.Background(), idOther)
							return api.IsNotFound(err1) && api.IsNotFound(err2)
						})
					},
					Config: cfg(rfc(short), "short"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						expectID(addr, &id1, true),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("expired")),
					},
				})
			}
			steps = append(steps, resource.TestStep{
				// A future end: a new silence, announced as id unknown; the
				// other ended silence is destroyed without error.
				Config: silenceConfig(tg, fmt.Sprintf(`  matchers = [{ name = "alertname", value = %q }]
  ends_at  = %q
  comment  = "again"`, alert, later)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
					plancheck.ExpectResourceAction("o11y_silence.other", plancheck.ResourceActionDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					captureID(addr, &id2),
					expectID(addr, &id1, false),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					serverState(tg.client, &id2, alertmanager.StateActive),
				},
			})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					return checkServerState(tg.client, id2, alertmanager.StateExpired)
				},
				Steps: steps,
			})
		})
	}
}

// TestSilenceResource_disappears: a silence expired early through the API
// is planned for creation and restored; one lost in an Alertmanager crash
// (404 before its end) too.
func TestSilenceResource_disappears(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	for _, name := range flavors(false) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tg := ownTarget(t, name, acctest.AlertmanagerOptions{}) // its own Alertmanager: this test crashes it
			am := tg.am
			config := silenceConfig(tg, fmt.Sprintf(`  matchers = [{ name = "alertname", value = %q }, { name = "env", value = "dev", is_equal = false }]
  duration = "1h"
  comment  = "maintenance"`, "Disappears-"+tg.name))
			var id1, id2, id3 string
			steps := []resource.TestStep{
				{
					Config:            config,
					ConfigStateChecks: []statecheck.StateCheck{captureID(addr, &id1)},
				},
				{
					PreConfig: func() {
						if _, err := tg.client.Expire(context.Background(), id1); err != nil {
							t.Fatal(err)
						}
					},
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						captureID(addr, &id2),
						expectID(addr, &id1, false),
						serverState(tg.client, &id2, alertmanager.StateActive),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					},
				},
			}
			if am != nil {
				steps = append(steps, resource.TestStep{
					PreConfig: func() {
						am.Crash()
						if err := am.Restart(nil); err != nil {
							t.Fatal(err)
						}
					},
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						captureID(addr, &id3),
						expectID(addr, &id2, false),
						serverState(tg.client, &id3, alertmanager.StateActive),
					},
				})
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps:                    steps,
			})
		})
	}
}

// TestSilenceResource_duration: the end of a duration-based silence is
// computed once and kept (empty plans after), a new duration moves it in
// place from the same start, and a pending silence's start moves in place.
func TestSilenceResource_duration(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	pendingStart := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	for _, tg := range targets(t, am, false) {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			cfg := func(duration, comment, extra string) string {
				return silenceConfig(tg, fmt.Sprintf(`  matchers = [{ name = "alertname", value = %q }]
  duration = %q
  comment  = %q
%s`, "Duration-"+tg.name, duration, comment, extra))
			}
			var id1, end1 string
			endMoved := func(by time.Duration) statecheck.StateCheck {
				return stateFunc(func(attrs map[string]map[string]any) error {
					s, _ := attrs[addr]["ends_at"].(string)
					got, err := time.Parse(time.RFC3339Nano, s)
					if err != nil {
						return err
					}
					if end1 == "" {
						end1 = s
						return nil
					}
					want, _ := time.Parse(time.RFC3339Nano, end1)
					if !got.Equal(want.Add(by)) {
						return fmt.Errorf("ends_at %s, want %s + %s", s, end1, by)
					}
					return nil
				})
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: cfg("1h", "ci deploy", ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectUnknownValue(addr, tfjsonpath.New("ends_at")),
						}},
						ConfigStateChecks: []statecheck.StateCheck{captureID(addr, &id1), endMoved(0)},
					},
					{
						Config: cfg("1h", "ci deploy", ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
					},
					{
						Config: cfg("90m", "ci deploy, longer", ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
						}},
						ConfigStateChecks: []statecheck.StateCheck{expectID(addr, &id1, true), endMoved(30 * time.Minute)},
					},
					{
						// Another spelling of the same duration: no diff at all
						// (timetypes.GoDuration's semantic equality), so no server change.
						Config: cfg("1h30m", "ci deploy, longer", ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						ConfigStateChecks: []statecheck.StateCheck{expectID(addr, &id1, true), endMoved(30 * time.Minute)},
					},
					{
						// A pending silence (future start); its start moves in place.
						Config: cfg("30m", "pending", fmt.Sprintf("  starts_at = %q", rfc(pendingStart))),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							captureID(addr, &id1),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact(rfc(pendingStart.Add(30*time.Minute)))),
						},
					},
					{
						Config: cfg("30m", "pending", fmt.Sprintf("  starts_at = %q", rfc(pendingStart.Add(time.Hour)))),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							expectID(addr, &id1, true),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("ends_at"), knownvalue.StringExact(rfc(pendingStart.Add(90*time.Minute)))),
						},
					},
				},
			})
		})
	}
}

// TestSilenceResource_badInput: every plan-time error, before any API call.
func TestSilenceResource_badInput(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	provider := `provider "o11y" {
  alertmanager {
    url    = "http://127.0.0.1:1"
    flavor = "prometheus"
  }
}
`
	future := rfc(time.Now().Add(time.Hour))
	res := func(body string) string {
		return provider + "resource \"o11y_silence\" \"test\" {\n  comment = \"c\"\n" + body + "\n}\n"
	}
	ok := `  matchers = [{ name = "alertname", value = "Foo" }]` + "\n"
	cases := []struct {
		name, body, want string
	}{
		{"ends before starts", ok + fmt.Sprintf("  starts_at = %q\n  ends_at = %q", rfc(time.Now().Add(2*time.Hour)), future), `Silence ends before it starts`},
		{"ends in the past", ok + fmt.Sprintf("  ends_at = %q", rfc(time.Now().Add(-time.Minute))), `Silence ends in the past`},
		{"invalid regex", `  matchers = [{ name = "alertname", value = "(", is_regex = true }]` + fmt.Sprintf("\n  ends_at = %q", future), `Invalid regular expression`},
		{"empty name", `  matchers = [{ name = "", value = "x" }]` + fmt.Sprintf("\n  ends_at = %q", future), `(?s)matchers\[0\]\.name.*at least 1`},
		{"no matchers", `  matchers = []` + fmt.Sprintf("\n  ends_at = %q", future), `(?s)at least 1`},
		{"all match empty", `  matchers = [{ name = "alertname", value = ".*", is_regex = true }, { name = "team", value = "" }]` + fmt.Sprintf("\n  ends_at = %q", future), `Every matcher matches the empty string`},
		{"match everything", `  matchers = [{ name = "env", value = "dev", is_equal = false }, { name = "alertname", value = ".+", is_regex = true }]` + fmt.Sprintf("\n  ends_at = %q", future), `Silence would match almost every alert`},
		{"zero duration", ok + `  duration = "0s"`, `Duration must be positive`},
		{"negative duration", ok + `  duration = "-1h"`, `Duration must be positive`},
		{"bad duration", ok + `  duration = "2 days"`, `Invalid Time Duration String Value`},
		{"both ends", ok + fmt.Sprintf("  ends_at = %q\n  duration = \"1h\"", future), `(?s)Invalid Attribute Combination`},
		{"no end", ok, `Exactly one of these attributes must be configured`},
		{"not RFC 3339", ok + `  ends_at = "2026-01-01 10:00"`, `not valid RFC3339 string format`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+2)
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{Config: res(tc.body), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)})
	}
	// allow_broad lets the broad silence through the plan.
	steps = append(steps, resource.TestStep{
		Config:             res(`  matchers = [{ name = "env", value = "dev", is_equal = false }]` + fmt.Sprintf("\n  ends_at = %q\n  allow_broad = true", future)),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	}, resource.TestStep{
		Config:        res(ok + fmt.Sprintf("  ends_at = %q", future)),
		ResourceName:  addr,
		ImportState:   true,
		ImportStateId: "not-a-uuid",
		ExpectError:   regexp.MustCompile(`Invalid silence id`),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories, Steps: steps})
}
