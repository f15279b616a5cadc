package faultmatrix_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
)

// TestFaultBadInput is the catalogue of invalid configurations across the
// provider block and every resource: each is refused at plan time with a
// message that says what to change, and none reaches an API.
func TestFaultBadInput(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	u := srv.URL

	provider := func(blocks string) string { return "provider \"o11y\" {\n" + blocks + "\n}\n" }
	maint := provider(fmt.Sprintf("  maintenance {\n    url     = %q\n    api_key = \"k\"\n  }", u))
	prom := provider(fmt.Sprintf("  alertmanager {\n    url            = %q\n    flavor         = \"prometheus\"\n    preview_alerts = false\n  }", u))
	asil := provider(fmt.Sprintf("  alertmanager {\n    url    = %q\n    flavor = \"alert-silence\"\n  }", u))
	rw := provider(fmt.Sprintf("  resource_watcher {\n    url                = %q\n    app_key            = \"a\"\n    user_access_key_id = \"i\"\n    secret_access_key  = \"s\"\n  }", u))

	future := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	later := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	past := time.Now().Add(-time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339)

	// a valid maintenance, so that a provider block is configured
	someMaint := `
resource "o11y_maintenance" "x" {
  title      = "t"
  start_date = "2030-03-15T10:00:00Z"
  end_date   = "2030-03-15T18:00:00Z"
  targets    = [{ type = "service", target_name = "iam", region = "DX-G-GB" }]
}
`
	m := func(start, end, targets string) string {
		return maint + fmt.Sprintf("resource \"o11y_maintenance\" \"x\" {\n  title      = \"t\"\n  start_date = %q\n  end_date   = %q\n  targets    = [%s]\n}\n", start, end, targets)
	}
	const start, end, svc = "2030-03-15T10:00:00Z", "2030-03-15T18:00:00Z", `{ type = "service", target_name = "iam", region = "DX-G-GB" }`
	sil := func(p, body string) string {
		return p + "resource \"o11y_silence\" \"x\" {\n  comment = \"c\"\n" + body + "\n}\n"
	}
	one := `  matchers = [{ name = "alertname", value = "Foo" }]` + "\n"
	ends := fmt.Sprintf("  ends_at = %q\n", future)
	src := "  source_type       = \"Equipment\"\n  source_id_pattern = \"Equipment-01\"\n"
	alarm := func(name, desc, targets, scope string) string {
		return rw + fmt.Sprintf("resource \"resourcewatcher_event_alarm\" \"x\" {\n  provider      = o11y\n  alarm_name    = %q\n  description   = %q\n  alarm_targets = [%s]\n  %s\n}\n", name, desc, targets, scope)
	}
	role, tags := `{ type = "ROLE", target = "ADMIN" }`, `resource_tag_ids = [101]`
	// schedules: a valid weekly rule with one thing changed by the case
	sched := func(p, kind, selection, attrs string) string {
		base := map[string]string{"time_zone": `"Europe/Berlin"`, "first_start": `"2030-01-06T02:00"`,
			"rrule": `"FREQ=WEEKLY;BYDAY=SU"`, "duration": `"2h"`}
		body := selection
		for _, k := range []string{"time_zone", "first_start", "rrule", "duration"} {
			if !strings.Contains(attrs, k+" ") {
				body += fmt.Sprintf("  %s = %s\n", k, base[k])
			}
		}
		return p + fmt.Sprintf("resource %q \"x\" {\n%s%s\n}\n", kind, body, attrs)
	}
	silSched := func(attrs string) string {
		return sched(prom, "o11y_silence_schedule", one+"  comment = \"patch night\"\n", attrs)
	}
	maintSched := func(attrs string) string {
		return sched(maint, "o11y_maintenance_schedule", "  title = \"patch night\"\n  targets = ["+svc+"]\n", attrs)
	}

	cases := []struct{ name, config, want string }{
		// provider block
		// request_timeout is a Go duration type: the type itself refuses what does not parse
		{"timeout not a duration", provider(`  request_timeout = "soon"`) + someMaint, `Invalid Time Duration String Value`},
		{"negative timeout", provider(`  request_timeout = "-5s"`) + someMaint, `Duration must be positive`},
		{"too many retries", provider("  max_retries = 21") + someMaint, `max_retries value must be between 0 and 20`},
		{"negative retries", provider("  max_retries = -1") + someMaint, `max_retries value must be between 0 and 20`},
		{"maintenance url", provider("  maintenance {\n    url = \"o11y.example.com\"\n  }") + someMaint, `Invalid URL`},
		{"maintenance time zone", provider(fmt.Sprintf("  maintenance {\n    url       = %q\n    time_zone = \"Mars/Olympus\"\n  }", u)) + someMaint, `Invalid time zone`},
		{"maintenance without url", provider("  maintenance {\n    api_key = \"k\"\n  }") + someMaint, `Missing maintenance URL`},
		{"alertmanager flavor", provider(fmt.Sprintf("  alertmanager {\n    url    = %q\n    flavor = \"loki\"\n  }", u)) + someMaint, `flavor value must be one of`},
		{"alertmanager org id", provider(fmt.Sprintf("  alertmanager {\n    url    = %q\n    org_id = 0\n  }", u)) + someMaint, `org_id value must be at least 1`},
		{"datasource uid on prometheus", provider(fmt.Sprintf("  alertmanager {\n    url            = %q\n    flavor         = \"prometheus\"\n    datasource_uid = \"abc\"\n  }", u)) + someMaint, `datasource_uid needs the grafana flavor`},
		{"alertmanager without url", provider("  alertmanager {\n    flavor = \"prometheus\"\n  }") + someMaint, `Missing alertmanager URL`},
		{"resource watcher url", provider("  resource_watcher {\n    url = \"rw\"\n  }") + someMaint, `Invalid URL`},
		{"resource watcher incomplete", provider(fmt.Sprintf("  resource_watcher {\n    url     = %q\n    app_key = \"a\"\n  }", u)) + someMaint, `Incomplete resource_watcher configuration`},
		// o11y_maintenance
		{"maintenance seconds", m("2030-03-15T10:00:30Z", end, svc), `Maintenance times have minute precision`},
		{"maintenance fractions", m(start, "2030-03-15T18:00:00.5Z", svc), `Maintenance times have minute precision`},
		{"maintenance ends before it starts", m(start, "2030-03-15T09:00:00Z", svc), `Maintenance ends before it starts`},
		{"maintenance in the past", m("2020-01-01T10:00:00Z", "2020-01-01T11:00:00Z", svc), `Maintenance ends in the past`},
		{"infra without ip", m(start, end, `{ type = "infra", region = "DX-G-GB" }`), `Infra target without IP`},
		{"infra bad ip", m(start, end, `{ type = "infra", target_ip = "10.2.14.355", region = "DX-G-GB" }`), `Infra target with an invalid IP`},
		{"service without name", m(start, end, `{ type = "service", region = "DX-G-GB" }`), `Target without name`},
		{"platform empty name", m(start, end, `{ type = "platform", target_name = "", region = "DX-G-GB" }`), `Target without name`},
		{"target without region", m(start, end, `{ type = "service", target_name = "iam", region = "" }`), `Target without region`},
		{"duplicate target", m(start, end, `{ type = "infra", target_ip = "10.2.14.55", region = "DX-G-GB" }, { type = "infra", target_ip = "10.2.14.55", region = "DX-G-SE" }`), `Duplicate maintenance target`},
		{"no target", m(start, end, ""), `A maintenance needs at least one target`},
		{"unknown target type", m(start, end, `{ type = "vm", target_ip = "10.0.0.1", region = "DX-G-GB" }`), `value must be one of`},
		// o11y_silence (Alertmanager flavors)
		{"silence ends before it starts", sil(prom, one+fmt.Sprintf("  starts_at = %q\n  ends_at = %q", later, future)), `Silence ends before it starts`},
		{"silence in the past", sil(prom, one+fmt.Sprintf("  ends_at = %q", past)), `Silence ends in the past`},
		{"invalid regex", sil(prom, `  matchers = [{ name = "alertname", value = "(", is_regex = true }]`+"\n"+ends), `Invalid regular expression`},
		{"empty matcher name", sil(prom, `  matchers = [{ name = "", value = "x" }]`+"\n"+ends), `(?s)matchers\[0\]\.name.*at least 1`},
		{"no matchers", sil(prom, "  matchers = []\n"+ends), `matchers list must contain at least 1`},
		{"matchers match the empty string", sil(prom, `  matchers = [{ name = "alertname", value = ".*", is_regex = true }, { name = "team", value = "" }]`+"\n"+ends), `Every matcher matches the empty string`},
		{"match almost everything", sil(prom, `  matchers = [{ name = "env", value = "dev", is_equal = false }, { name = "alertname", value = ".+", is_regex = true }]`+"\n"+ends), `Silence would match almost every alert`},
		{"zero duration", sil(prom, one+`  duration = "0s"`), `Duration must be positive`},
		{"negative duration", sil(prom, one+`  duration = "-1h"`), `Duration must be positive`},
		{"duration not a duration", sil(prom, one+`  duration = "2 days"`), `Invalid Time Duration String Value`},
		{"ends_at and duration", sil(prom, one+ends+`  duration = "1h"`), `Invalid Attribute Combination`},
		{"no end", sil(prom, one), `Exactly one of these attributes must be configured`},
		{"end not RFC 3339", sil(prom, one+`  ends_at = "2030-01-01 10:00"`), `not valid RFC3339 string format`},
		{"source on prometheus", sil(prom, src+ends), `source_type needs the alert-silence flavor`},
		// o11y_silence (Alert Silence API)
		{"matchers on alert-silence", sil(asil, one+ends), `matchers need the grafana or prometheus flavor`},
		{"star pattern", sil(asil, "  source_type = \"Equipment\"\n  source_id_pattern = \"*\"\n"+ends), `Silence would match every source`},
		{"pattern missing", sil(asil, "  source_type = \"Equipment\"\n"+ends), `Missing source_id_pattern`},
		{"type missing", sil(asil, "  source_id_pattern = \"Equipment-01\"\n"+ends), `Missing source_type`},
		{"nothing to silence", sil(asil, ends), `Nothing to silence`},
		{"blank source type", sil(asil, "  source_type = \" \"\n  source_id_pattern = \"x\"\n"+ends), `Empty source_type`},
		{"blank comment", asil + "resource \"o11y_silence\" \"x\" {\n" + src + ends + "  comment = \"  \"\n}\n", `Empty comment`},
		// resourcewatcher_event_alarm
		{"alarm name too long", alarm(strings.Repeat("n", 256), "", role, tags), `(?s)alarm_name.*must be between 1 and 255`},
		{"alarm name empty", alarm("", "", role, tags), `(?s)alarm_name.*must be between 1 and 255`},
		{"description too long", alarm("x", strings.Repeat("d", 1001), role, tags), `(?s)description.*must be at most 1000`},
		{"everything everywhere", alarm("x", "", role, ""), `(?s)all events and all resources at once.*Set .events.`},
		{"empty events", alarm("x", "", role, "events = []"), `(?s)events.*at least 1`},
		{"unknown target type", alarm("x", "", `{ type = "EMAIL", target = "a" }`, tags), `(?s)type.*value must be one of`},
		{"webhook scheme", alarm("x", "", `{ type = "WEBHOOK", webhook_url = "ftp://hooks.example.com" }`, tags), `(?s)Invalid webhook URL.*must start with http:// or https://`},
		{"webhook without url", alarm("x", "", `{ type = "WEBHOOK" }`, tags), `A WEBHOOK target needs .webhook_url.`},
		{"webhook with target", alarm("x", "", `{ type = "WEBHOOK", target = "a", webhook_url = "https://h.example.com" }`, tags), `A WEBHOOK target takes no .target.`},
		{"email on webhook", alarm("x", "", `{ type = "WEBHOOK", webhook_url = "https://h.example.com", email = true }`, tags), `.email. is not allowed for WEBHOOK targets`},
		{"sms on alarm key", alarm("x", "", `{ type = "ALARM_KEY", target = "ak", sms = false }`, tags), `.sms. is not allowed for ALARM_KEY targets`},
		{"uuid without target", alarm("x", "", `{ type = "UUID" }`, tags), `A UUID target needs .target.: set it to the member's UUID`},
		{"webhook url on role", alarm("x", "", `{ type = "ROLE", target = "ADMIN", webhook_url = "https://h.example.com" }`, tags), `.webhook_url. is only for WEBHOOK targets`},
		{"webhook secret on uuid", alarm("x", "", `{ type = "UUID", target = "u", webhook_secret = "s" }`, tags), `.webhook_secret. is only for WEBHOOK targets`},
		{"no alarm targets", alarm("x", "", "", tags), `(?s)alarm_targets.*at least 1`},
		// o11y_silence_schedule, o11y_maintenance_schedule
		{"rrule syntax", silSched(`  rrule = "FREQ=FORTNIGHTLY"`), `Invalid rrule`},
		{"DTSTART in rrule", silSched(`  rrule = "DTSTART:20300106T020000\nRRULE:FREQ=WEEKLY"`), `DTSTART in rrule`},
		{"schedule time zone", silSched(`  time_zone = "Europe/Atlantis"`), `Invalid time zone`},
		{"first_start with offset", silSched(`  first_start = "2030-01-06T02:00:00+01:00"`), `Invalid first_start`},
		{"overlapping occurrences", silSched(`  duration = "200h"`), `Occurrences would overlap`},
		{"horizon too long", silSched(`  horizon = "5000h"`), `Invalid horizon`},
		{"except date not a date", silSched(`  except_dates = ["next sunday"]`), `Invalid except_dates`},
		{"schedule without matchers", sched(prom, "o11y_silence_schedule", "  comment = \"c\"\n", ""), `Nothing to silence`},
		{"maintenance schedule on seconds", maintSched(`  duration = "90s"`), `Occurrences would end on seconds`},
		{"maintenance schedule without target", sched(maint, "o11y_maintenance_schedule", "  title = \"t\"\n  targets = []\n", ""), `A maintenance needs at least one target`},
		// resourcewatcher_* data sources
		{"alarm search time not RFC 3339", rw + "data \"resourcewatcher_event_alarms\" \"x\" {\n  provider      = o11y\n  modified_from = \"2026-01-31 09:00\"\n}\n", `(?s)Invalid RFC3339 String Value.*2026-01-31 09:00`},
		{"history time not RFC 3339", rw + "data \"resourcewatcher_alarm_history\" \"x\" {\n  provider     = o11y\n  alarm_id     = \"a\"\n  registered_to = \"yesterday\"\n}\n", `Invalid RFC3339 String Value`},
	}
	if len(cases) < 40 {
		t.Fatalf("the catalogue has %d cases; keep at least 40", len(cases))
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		// Terraform wraps long messages: a space in the pattern matches any run of spaces.
		want := regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: want})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories, Steps: steps})
	if n := requests.Load(); n != 0 {
		t.Errorf("plan-time errors must not reach an API; the server got %d request(s)", n)
	}
	t.Logf("%d invalid configurations refused at plan time", len(cases))
}
