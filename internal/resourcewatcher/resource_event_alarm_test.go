package resourcewatcher_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

const addr = "resourcewatcher_event_alarm.test"

// target checks one alarm target of the resource, whose write-only secret
// (and its version, here) is always null in state.
func target(typ string, fields map[string]knownvalue.Check) knownvalue.Check {
	m := dataTargetChecks(typ, fields)
	m["webhook_secret_wo"], m["webhook_secret_wo_version"] = knownvalue.Null(), knownvalue.Null()
	return knownvalue.ObjectExact(m)
}

// dataTarget checks one alarm target of the data source (no write-only
// attributes).
func dataTarget(typ string, fields map[string]knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(dataTargetChecks(typ, fields))
}

func dataTargetChecks(typ string, fields map[string]knownvalue.Check) map[string]knownvalue.Check {
	m := map[string]knownvalue.Check{
		"type": knownvalue.StringExact(typ), "target": knownvalue.Null(), "email": knownvalue.Null(), "sms": knownvalue.Null(),
		"webhook_url": knownvalue.Null(), "webhook_secret": knownvalue.Null(),
	}
	for k, v := range fields {
		m[k] = v
	}
	return m
}

// Every target type, as users write it: `provider = o11y` with one provider.
const allTargetsConfig = `
resource "resourcewatcher_event_alarm" "test" {
  provider = o11y

  alarm_name = "all-targets"
  alarm_targets = [
    { type = "UUID", target = "` + resourcewatcherfake.SeedMemberUUID + `", email = true, sms = true },
    { type = "ROLE", target = "ADMIN", email = true },
    { type = "ALARM_KEY", target = "ak-ops-oncall" },
    { type = "WEBHOOK", webhook_url = "https://hooks.example.com/rw", webhook_secret = "s3cr3t-hook" },
  ]
  events             = [{ product_id = "compute", event_id = "iaas.instance.create" }]
  resource_group_ids = ["rg-web"]
  resource_tag_ids   = [101]
}
`

func TestEventAlarmResource_basic(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{
			{
				Config: cfgO11y(srv.URL, allTargetsConfig),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("STABLE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("alarm_targets"), knownvalue.ListExact([]knownvalue.Check{
						target("UUID", map[string]knownvalue.Check{"target": knownvalue.StringExact(resourcewatcherfake.SeedMemberUUID), "email": knownvalue.Bool(true), "sms": knownvalue.Bool(true)}),
						target("ROLE", map[string]knownvalue.Check{"target": knownvalue.StringExact("ADMIN"), "email": knownvalue.Bool(true)}),
						target("ALARM_KEY", map[string]knownvalue.Check{"target": knownvalue.StringExact("ak-ops-oncall")}),
						target("WEBHOOK", map[string]knownvalue.Check{"webhook_url": knownvalue.StringExact("https://hooks.example.com/rw"), "webhook_secret": knownvalue.StringExact("s3cr3t-hook")}),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"product_id": knownvalue.StringExact("compute"), "event_id": knownvalue.StringExact("iaas.instance.create")}),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("resource_group_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("rg-web")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("resource_tag_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(101)})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("alarm_rule").AtMapKey("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("alarm_rule").AtMapKey("resource_types"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				},
				Check: resource.ComposeTestCheckFunc(
					captureID(addr, &id),
					lastBody(srv, http.MethodPost, func() string { return "/event-alarms" }, `{
						"alarm": {"alarmName": "all-targets", "description": ""},
						"alarmTargets": [
							{"alarmTargetTypeCode": "UUID", "alarmTarget": "`+resourcewatcherfake.SeedMemberUUID+`", "emailAlarm": "Y", "smsAlarm": "Y"},
							{"alarmTargetTypeCode": "ROLE", "alarmTarget": "ADMIN", "emailAlarm": "Y", "smsAlarm": "N"},
							{"alarmTargetTypeCode": "ALARM_KEY", "alarmTarget": "ak-ops-oncall"},
							{"alarmTargetTypeCode": "WEBHOOK", "webhookUrl": "https://hooks.example.com/rw", "webhookSecret": "s3cr3t-hook"}
						],
						"events": [{"productId": "compute", "eventId": "iaas.instance.create"}],
						"target": {"resourceGroupIds": ["rg-web"], "resourceTagIds": [101]}
					}`),
				),
			},
			{
				// terraform import.
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				// The secret only: the API never returns it.
				ImportStateVerifyIgnore: []string{"alarm_targets.3.webhook_secret"},
				ImportStateCheck: func(is []*terraform.InstanceState) error {
					if len(is) != 1 || is[0].ID != id {
						return fmt.Errorf("imported %d instances", len(is))
					}
					if v, ok := is[0].Attributes["alarm_targets.3.webhook_secret"]; ok && v != "" {
						return fmt.Errorf("imported a webhook secret the API does not return: %q", v)
					}
					return nil
				},
			},
		},
	})
}

// After `terraform import` the secret is unknown; the next apply sends the
// configured one once, then the plan is empty.
func TestEventAlarmResource_importSendsSecretOnce(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	id := seedAlarm(t, srv, "imported", map[string]any{
		"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "WEBHOOK", "webhookUrl": "https://hooks.example.com/x", "webhookSecret": "old"}},
	})
	config := cfgO11y(srv.URL, `
resource "resourcewatcher_event_alarm" "test" {
  provider = o11y

  alarm_name         = "imported"
  description        = "seeded imported"
  alarm_targets      = [{ type = "WEBHOOK", webhook_url = "https://hooks.example.com/x", webhook_secret = "from-config" }]
  resource_group_ids = ["rg-web"]
}
`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: lastBody(srv, http.MethodPut, func() string { return "/event-alarms/" + id }, `{
					"alarm": {"alarmName": "imported", "description": "seeded imported"},
					"alarmTargets": [{"alarmTargetTypeCode": "WEBHOOK", "webhookUrl": "https://hooks.example.com/x", "webhookSecret": "from-config"}],
					"target": {"resourceGroupIds": ["rg-web"]}
				}`),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

func TestEventAlarmResource_update(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	var id, id2 string
	before := `
resource "resourcewatcher_event_alarm" "test" {
  alarm_name = "before"
  alarm_targets = [
    { type = "UUID", target = "` + resourcewatcherfake.SeedMemberUUID + `", email = true },
    { type = "WEBHOOK", webhook_url = "https://hooks.example.com/a", webhook_secret = "one" },
  ]
  events = [
    { product_id = "compute", event_id = "iaas.instance.create" },
    { product_id = "compute", event_id = "iaas.instance.delete" },
  ]
  resource_group_ids = ["rg-web"]
}
`
	after := `
resource "resourcewatcher_event_alarm" "test" {
  alarm_name  = "after"
  description = "now with a description"
  alarm_targets = [
    { type = "UUID", target = "` + resourcewatcherfake.SeedMemberUUID + `", sms = true },
    { type = "WEBHOOK", webhook_url = "https://hooks.example.com/a", webhook_secret = "two" },
  ]
  resource_group_ids = ["rg-db"]
  resource_tag_ids   = [102, 101]
}
`
	afterBody := `{
		"alarm": {"alarmName": "after", "description": "now with a description"},
		"alarmTargets": [
			{"alarmTargetTypeCode": "UUID", "alarmTarget": "` + resourcewatcherfake.SeedMemberUUID + `", "emailAlarm": "N", "smsAlarm": "Y"},
			{"alarmTargetTypeCode": "WEBHOOK", "webhookUrl": "https://hooks.example.com/a", "webhookSecret": "two"}
		],
		"target": {"resourceGroupIds": ["rg-db"], "resourceTagIds": [101, 102]}
	}`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWithAlias,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{
			{Config: cfgAlias(srv.URL, before), Check: captureID(addr, &id)},
			{
				// Full replacement: events dropped, scope and flags changed, new secret.
				Config: cfgAlias(srv.URL, after),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("updated_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("alarm_name"), knownvalue.StringExact("after")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("resource_tag_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(101), knownvalue.Int64Exact(102)})),
				},
				Check: resource.ComposeTestCheckFunc(
					captureID(addr, &id2),
					func(*terraform.State) error {
						if id2 != id {
							return fmt.Errorf("update replaced the alarm: %s -> %s", id, id2)
						}
						return nil
					},
					lastBody(srv, http.MethodPut, func() string { return "/event-alarms/" + id }, afterBody),
				),
			},
			{
				// Drift: renamed in the console; the plan puts it back with the full body.
				PreConfig: func() {
					srv.Rename(id, "renamed-in-console")
					srv.ResetRequests()
				},
				Config: cfgAlias(srv.URL, after),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: lastBody(srv, http.MethodPut, func() string { return "/event-alarms/" + id }, afterBody),
			},
		},
	})
}

func TestEventAlarmResource_disappears(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	var first, second, third string
	config := cfgAlias(srv.URL, `
resource "resourcewatcher_event_alarm" "test" {
  alarm_name       = "disappearing"
  alarm_targets    = [{ type = "ROLE", target = "ADMIN" }]
  resource_tag_ids = [101]
}
`)
	recreated := func(prev, next *string) func(*terraform.State) error {
		return func(*terraform.State) error {
			if *next == "" || *next == *prev {
				return fmt.Errorf("expected a new alarm, got %q after %q", *next, *prev)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWithAlias,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{
			{Config: config, Check: captureID(addr, &first)},
			{
				// Soft-deleted out of band (CLOSED): removed from state, created again.
				PreConfig: func() {
					if !srv.SoftDelete(first) {
						t.Fatal("soft delete failed")
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(captureID(addr, &second), recreated(&first, &second)),
			},
			{
				// Gone entirely (the API answers not found): same.
				PreConfig: func() { srv.Purge(second) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(captureID(addr, &third), recreated(&second, &third)),
			},
			{
				// The delete happens but its answer says it failed: Delete looks,
				// sees CLOSED, and succeeds.
				PreConfig: func() {
					srv.Inject(resourcewatcherfake.Fault{Method: http.MethodDelete, SoftFailure: true, Code: resourcewatcherfake.CodeInjected, Message: "gateway hiccup", AfterApply: true})
				},
				Config: cfgAlias(srv.URL, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroy),
				}},
				Check: func(*terraform.State) error {
					if st := srv.Status(third); st != "CLOSED" {
						return fmt.Errorf("alarm is %s", st)
					}
					return nil
				},
			},
		},
	})
}

func TestEventAlarmResource_serverErrors(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	config := cfgAlias(srv.URL, `
resource "resourcewatcher_event_alarm" "test" {
  alarm_name       = "errors"
  alarm_targets    = [{ type = "ROLE", target = "NO_SUCH_ROLE" }]
  resource_tag_ids = [101]
}
`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWithAlias,
		Steps: []resource.TestStep{
			{
				// A refusal inside an HTTP 200 surfaces status, code and message
				// (and, being a refusal, no "may have been created").
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)Unable to create event alarm.*HTTP status: 200\s+API code: 40000\s+Server message: [^\n]*role\s+"NO_SUCH_ROLE"\s+does\s+not\s+exist\.?\s*$`),
			},
			{
				// A create whose answer is lost is not repeated and says so.
				PreConfig: func() {
					srv.Inject(resourcewatcherfake.Fault{Method: http.MethodPost, PathContains: "/event-alarms", Reset: true, AfterApply: true})
				},
				Config:      strings.Replace(config, "NO_SUCH_ROLE", "ADMIN", 1),
				ExpectError: regexp.MustCompile(`(?s)Unable to create event alarm.*answer\s+was\s+lost.*may\s+have\s+been\s+created\s+anyway.*resourcewatcher_event_alarms`),
				Check: func(*terraform.State) error {
					if n := srv.Count(http.MethodPost, "/event-alarms"); n != 2 {
						return fmt.Errorf("creates sent: %d", n)
					}
					return nil
				},
			},
		},
	})
	if ids := srv.AlarmIDs(); len(ids) != 1 {
		t.Fatalf("the lost create made exactly one alarm on the server, got %v", ids)
	} else if st := srv.Status(ids[0]); st != "STABLE" {
		t.Fatalf("the alarm of the lost create is %s", st)
	}
	if n := srv.Count(http.MethodPost, "/event-alarms"); n != 2 {
		t.Fatalf("creates sent: %d (the lost one must not be repeated)", n)
	}
}

func TestEventAlarmResource_validation(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{
			Config:      cfgAlias(srv.URL, body),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`)),
		}
	}
	alarm := func(name, desc, targets, scope string) string {
		return fmt.Sprintf(`
resource "resourcewatcher_event_alarm" "test" {
  alarm_name    = %q
  description   = %q
  alarm_targets = [%s]
  %s
}
`, name, desc, targets, scope)
	}
	role := `{ type = "ROLE", target = "ADMIN" }`
	scope := `resource_tag_ids = [101]`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWithAlias,
		Steps: []resource.TestStep{
			step(alarm(strings.Repeat("n", 256), "", role, scope), `(?s)alarm_name.*must\s+be\s+between\s+1\s+and\s+255`),
			step(alarm("", "", role, scope), `(?s)alarm_name.*must\s+be\s+between\s+1\s+and\s+255`),
			step(alarm("x", strings.Repeat("d", 1001), role, scope), `(?s)description.*must\s+be\s+at\s+most\s+1000`),
			step(alarm("x", "", role, ""), `(?s)all events and all resources at once.*Set .events.`),
			step(alarm("x", "", role, "events = []"), `(?s)events.*at least 1`),
			step(alarm("x", "", `{ type = "EMAIL", target = "a" }`, scope), `(?s)type.*value must be one of`),
			step(alarm("x", "", `{ type = "WEBHOOK", webhook_url = "ftp://hooks.example.com" }`, scope), `(?s)Invalid webhook URL.*must start with http:// or https://`),
			step(alarm("x", "", `{ type = "WEBHOOK" }`, scope), `(?s)A WEBHOOK target needs .webhook_url.`),
			step(alarm("x", "", `{ type = "WEBHOOK", target = "a", webhook_url = "https://h.example.com" }`, scope), `(?s)A WEBHOOK target takes no .target.`),
			step(alarm("x", "", `{ type = "WEBHOOK", webhook_url = "https://h.example.com", email = true }`, scope), `(?s).email. is not allowed for WEBHOOK targets`),
			step(alarm("x", "", `{ type = "ALARM_KEY", target = "ak", sms = false }`, scope), `(?s).sms. is not allowed for ALARM_KEY targets`),
			step(alarm("x", "", `{ type = "UUID" }`, scope), `(?s)A UUID target needs .target.: set it to the member's UUID`),
			step(alarm("x", "", `{ type = "ROLE", target = "ADMIN", webhook_url = "https://h.example.com" }`, scope), `(?s).webhook_url. is only for WEBHOOK targets`),
			step(alarm("x", "", `{ type = "UUID", target = "u", webhook_secret = "s" }`, scope), `(?s).webhook_secret. is only for WEBHOOK targets`),
			step(alarm("x", "", "", scope), `(?s)alarm_targets.*at least 1`),
		},
	})
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("plan-time errors must not reach the API, got %d requests", n)
	}
}

// No credential, webhook secret or webhook URL (a chat tool's carries its
// token) reaches the TRACE log of an apply and a plan: not from the
// requests, nor from the answers that echo the URL (create, and the data
// source's read by id). (Terraform itself logs the values a refresh
// changed, such as right after an import; that is out of the provider's
// hands.)
func TestEventAlarmResource_secretsNotLogged(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	token := fmt.Sprintf("T%dX", time.Now().UnixNano())
	hook := "https://hooks.example.com/services/" + token
	config := cfgO11y(srv.URL, strings.Replace(allTargetsConfig, "https://hooks.example.com/rw", hook, 1)+`
data "resourcewatcher_event_alarm" "test" {
  provider = o11y
  id       = resourcewatcher_event_alarm.test.id
}
`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("alarm_targets").AtSliceIndex(3).AtMapKey("webhook_url"), knownvalue.StringExact(hook)),
					statecheck.ExpectKnownValue("data.resourcewatcher_event_alarm.test", tfjsonpath.New("alarm_targets").AtSliceIndex(3).AtMapKey("webhook_url"), knownvalue.StringExact(hook)),
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// Keep the provider's and Terraform's lines; plugin-testing also writes
	// the test's own configuration into the file, prefixed with "  |".
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "  |") {
			lines = append(lines, l)
		}
	}
	log := strings.Join(lines, "\n")
	for _, want := range []string{"API request body", "API response body", "webhookUrl"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log (%d bytes) lacks %q: the test would prove nothing", len(b), want)
		}
	}
	if n := srv.Count(http.MethodGet, "/event-alarms/"); n == 0 {
		t.Fatal("no alarm was read by id: the answers that echo the URL were not exercised")
	}
	for _, secret := range []string{hook, token, "hooks.example.com", "s3cr3t-hook", resourcewatcherfake.DefaultSecretAccessKey, resourcewatcherfake.DefaultAccessKeyID, resourcewatcherfake.DefaultAppKey} {
		if strings.Contains(log, secret) {
			t.Errorf("the trace log contains %q", secret)
		}
	}
}
