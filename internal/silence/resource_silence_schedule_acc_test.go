package silence_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
)

const schedAddr = "o11y_silence_schedule.test"

// schedOcc is one occurrence as the plan or the state shows it.
type schedOcc struct {
	Key, StartsAt, EndsAt, ID, Status string
	// IDKnown is false in a plan for an occurrence still to create.
	IDKnown bool
}

func toOccs(v any, unknown any) []schedOcc {
	list, _ := v.([]any)
	unk, _ := unknown.([]any)
	out := make([]schedOcc, 0, len(list))
	for i, e := range list {
		m, _ := e.(map[string]any)
		o := schedOcc{IDKnown: true}
		o.Key, _ = m["key"].(string)
		o.StartsAt, _ = m["starts_at"].(string)
		o.EndsAt, _ = m["ends_at"].(string)
		o.ID, _ = m["id"].(string)
		o.Status, _ = m["status"].(string)
		if i < len(unk) {
			if u, ok := unk[i].(map[string]any); ok && u["id"] == true {
				o.IDKnown = false
			}
		}
		out = append(out, o)
	}
	return out
}

func (o schedOcc) String() string {
	id := o.ID
	if !o.IDKnown {
		id = "(known after apply)"
	}
	return fmt.Sprintf("%s %s..%s %s %s", o.Key, o.StartsAt, o.EndsAt, o.Status, id)
}

// planned runs f on the planned occurrences of the schedule (and logs the
// plan).
type planned struct {
	t *testing.T
	f func(action string, occs []schedOcc) error
}

func (p planned) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != schedAddr {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		occs := toOccs(after["occurrences"], unknown["occurrences"])
		action := string(rc.Change.Actions[0])
		p.t.Logf("%s plan: %s %v", time.Now().UTC().Format(time.RFC3339), action, occs)
		resp.Error = p.f(action, occs)
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", schedAddr)
}

// inState runs f on the occurrences in state.
func inState(t *testing.T, f func([]schedOcc) error) statecheck.StateCheck {
	return stateFunc(func(attrs map[string]map[string]any) error {
		occs := toOccs(attrs[schedAddr]["occurrences"], nil)
		t.Logf("%s state: %v", time.Now().UTC().Format(time.RFC3339), occs)
		return f(occs)
	})
}

// counter counts the silence reads that pass through it to Alertmanager.
type counter struct {
	mu          sync.Mutex
	lists, gets int
	all         int
}

func (c *counter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lists, c.gets, c.all = 0, 0, 0
}

func (c *counter) read() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lists, c.gets
}

// countingProxy serves am through a reverse proxy that counts GET
// /api/v2/silences and GET /api/v2/silence/{id}.
func countingProxy(t *testing.T, am *acctest.Alertmanager) (string, *counter) {
	u, err := url.Parse(am.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &counter{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.all++
		c.mu.Unlock()
		if r.Method == http.MethodGet {
			c.mu.Lock()
			switch {
			case r.URL.Path == "/api/v2/silences":
				c.lists++
			case strings.HasPrefix(r.URL.Path, "/api/v2/silence/"):
				c.gets++
			}
			c.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, c
}

// waitForSecond waits, on the wall clock, until the second of the minute
// is in [lo, hi]: the steps of a minutely schedule must not straddle a
// minute, when a new occurrence comes inside the horizon.
func waitForSecond(t *testing.T, lo, hi int) {
	t.Helper()
	waitUntil(t, fmt.Sprintf("second %d-%d of a minute", lo, hi), 70*time.Second, func() bool {
		s := time.Now().Second()
		return s >= lo && s <= hi
	})
}

// TestSilenceSchedule_minutely watches a schedule on a real Alertmanager
// in real time: every minute (FREQ=MINUTELY), a 20 s window, a 3 min
// horizon. The running occurrence ends by itself (the plan stays empty,
// the refresh costs one list), a new one comes inside the horizon (an
// in-place update naming it), one expired early is created again, and
// destroy expires them all. About two minutes per flavor, run in parallel.
func TestSilenceSchedule_minutely(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	for _, name := range []string{"prometheus", "grafana"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tg := targetFor(t, name, am)
			var count *counter
			if name == "prometheus" {
				var proxied string
				proxied, count = countingProxy(t, am)
				tg = newTarget(t, name, proxied, alertmanager.FlavorPrometheus, authCfg{}, am)
			}
			alert := "Minutely-" + name
			seoul, _ := time.LoadLocation("Asia/Seoul")
			first := time.Now().Add(-10 * time.Minute).In(seoul).Format("2006-01-02T15:04")
			cfg := tg.provider + fmt.Sprintf(`
resource "o11y_silence_schedule" "test" {
  matchers    = [{ name = "alertname", value = %q }]
  comment     = "every minute"
  time_zone   = "Asia/Seoul"
  first_start = %q
  rrule       = "FREQ=MINUTELY"
  duration    = "20s"
  horizon     = "3m"
}
`, alert, first)
			// minute is the minute of the first apply; key(n) the key of the
			// occurrence n minutes after it.
			var minute time.Time
			key := func(n int) string {
				return minute.Add(time.Duration(n) * time.Minute).In(seoul).Format("2006-01-02T15:04")
			}
			keys := func(occs []schedOcc) string {
				var ks []string
				for _, o := range occs {
					ks = append(ks, o.Key)
				}
				return strings.Join(ks, " ")
			}
			wantKeys := func(occs []schedOcc, from, to int) error {
				var want []string
				for n := from; n <= to; n++ {
					want = append(want, key(n))
				}
				if got := keys(occs); got != strings.Join(want, " ") {
					return fmt.Errorf("occurrences %s, want %s", got, strings.Join(want, " "))
				}
				return nil
			}
			var ids []string // by occurrence, minute+0 first
			var recreated string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					var errs []error
					for _, id := range append(ids, recreated) {
						if id != "" {
							errs = append(errs, checkServerState(tg.client, id, alertmanager.StateExpired))
						}
					}
					return errors.Join(errs...)
				},
				Steps: []resource.TestStep{
					{
						// At second 1-8: the running occurrence and three pending.
						PreConfig: func() {
							waitForSecond(t, 1, 8)
							minute = time.Now().Truncate(time.Minute)
						},
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{inState(t, func(occs []schedOcc) error {
							if err := wantKeys(occs, 0, 3); err != nil {
								return err
							}
							want := []string{"active", "pending", "pending", "pending"}
							for i, o := range occs {
								if o.Status != want[i] || o.ID == "" {
									return fmt.Errorf("occurrence %s: status %q id %q, want %s", o.Key, o.Status, o.ID, want[i])
								}
								ids = append(ids, o.ID)
								start, _ := time.Parse(time.RFC3339, o.StartsAt)
								end, _ := time.Parse(time.RFC3339, o.EndsAt)
								if !start.Equal(minute.Add(time.Duration(i)*time.Minute)) || end.Sub(start) != 20*time.Second {
									return fmt.Errorf("occurrence %s runs %s..%s", o.Key, o.StartsAt, o.EndsAt)
								}
								s, _, err := tg.client.Get(context.Background(), o.ID)
								if err != nil {
									return err
								}
								if !s.EndsAt.Equal(end) || s.State != want[i] || i > 0 && !s.StartsAt.Equal(start) {
									return fmt.Errorf("silence %s of %s on the server: %s %s..%s", o.ID, o.Key, s.State, s.StartsAt, s.EndsAt)
								}
							}
							return nil
						})},
					},
					{
						// The first occurrence ends by itself at second 20: a refresh
						// reads all four silences with one list, and the plan is empty.
						PreConfig: func() {
							waitUntil(t, "the first occurrence to end", 40*time.Second, func() bool {
								return checkServerState(tg.client, ids[0], alertmanager.StateExpired) == nil
							})
							if count != nil {
								count.reset()
							}
						},
						RefreshState: true,
						Check: func(*terraform.State) error {
							if count == nil {
								return nil
							}
							if lists, gets := count.read(); lists != 1 || gets != 0 {
								return fmt.Errorf("refreshing 4 occurrences listed silences %d times and read %d by id, want 1 list and no read by id", lists, gets)
							}
							t.Logf("refresh of 4 occurrences: 1 list of silences, 0 reads by id")
							return nil
						},
					},
					{
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							planned{t, func(string, []schedOcc) error { return nil }}, plancheck.ExpectEmptyPlan(),
						}},
						ConfigStateChecks: []statecheck.StateCheck{inState(t, func(occs []schedOcc) error {
							if err := wantKeys(occs, 0, 3); err != nil {
								return err
							}
							if occs[0].Status != "expired" || occs[0].ID != ids[0] {
								return fmt.Errorf("the ended occurrence is %v, want it listed as expired", occs[0])
							}
							return nil
						})},
					},
					{
						// The next minute brings minute+4 inside the horizon: an
						// in-place update that creates it and lets the ended one go.
						PreConfig: func() {
							waitUntil(t, "the next minute", 70*time.Second, func() bool { return !time.Now().Before(minute.Add(61 * time.Second)) })
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate),
							planned{t, func(_ string, occs []schedOcc) error {
								if err := wantKeys(occs, 1, 4); err != nil {
									return err
								}
								for i, o := range occs {
									if o.IDKnown != (i < 3) {
										return fmt.Errorf("occurrence %s: id known %v", o.Key, o.IDKnown)
									}
								}
								return nil
							}},
						}},
						ConfigStateChecks: []statecheck.StateCheck{inState(t, func(occs []schedOcc) error {
							if err := wantKeys(occs, 1, 4); err != nil {
								return err
							}
							for i, o := range occs[:3] {
								if o.ID != ids[i+1] {
									return fmt.Errorf("occurrence %s has id %s, want the kept %s", o.Key, o.ID, ids[i+1])
								}
							}
							ids = append(ids, occs[3].ID)
							return checkServerState(tg.client, occs[3].ID, alertmanager.StatePending)
						})},
					},
					{
						// Someone expires minute+3 early: the refresh drops it and
						// the apply creates it again.
						PreConfig: func() {
							if _, err := tg.client.Expire(context.Background(), ids[3]); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate),
							planned{t, func(_ string, occs []schedOcc) error {
								for _, o := range occs {
									if o.Key == key(3) && !o.IDKnown {
										return nil
									}
								}
								return fmt.Errorf("the plan does not create %s again", key(3))
							}},
						}},
						ConfigStateChecks: []statecheck.StateCheck{inState(t, func(occs []schedOcc) error {
							for _, o := range occs {
								if o.Key == key(3) {
									if o.ID == ids[3] {
										return fmt.Errorf("%s still has the expired silence %s", o.Key, o.ID)
									}
									recreated = o.ID
									return checkServerState(tg.client, o.ID, alertmanager.StatePending)
								}
							}
							return fmt.Errorf("%s is missing", key(3))
						})},
					},
				},
			})
		})
	}
}

// TestSilenceSchedule_alertSilence: a daily schedule on the Alert Silence
// API (source attributes, reason), with the fake's clock moved ahead (the
// provider learns it from the Date header, as it would a skewed server):
// the silences get the schedule's instants, an occurrence that runs and
// ends causes no diff, an ended one leaving the list is deleted (the API
// would list it forever), and destroy deletes the rest.
func TestSilenceSchedule_alertSilence(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// F, the first occurrence, starts at the next full hour in Berlin,
	// away from the hours a clock change touches (this test computes the
	// next days' instants with AddDate).
	f := time.Now().In(berlin).Truncate(time.Hour).Add(time.Hour)
	if h := f.Hour(); h >= 1 && h <= 3 {
		f = f.Add(3 * time.Hour)
	}
	var ahead time.Duration
	// to moves the fake's clock to F+d.
	to := func(d time.Duration) func() {
		return func() {
			want := time.Until(f.Add(d))
			srv.Advance(want - ahead)
			ahead = want
		}
	}
	cfg := alertSilenceProvider(srv.URL) + fmt.Sprintf(`
resource "o11y_silence_schedule" "test" {
  source_type       = "Equipment"
  source_id_pattern = "Motor-*"
  comment           = "Daily motor check"
  time_zone         = "Europe/Berlin"
  first_start       = %q
  rrule             = "FREQ=DAILY"
  duration          = "2h"
  horizon           = "36h"
}
`, f.Format("2006-01-02T15:04"))
	day := func(n int) time.Time { return f.AddDate(0, 0, n) }
	window := func(n int) string {
		return day(n).UTC().Format(time.RFC3339) + " " + day(n).Add(2*time.Hour).UTC().Format(time.RFC3339)
	}
	key := func(n int) string { return day(n).Format("2006-01-02T15:04") }
	onServer := func(want ...string) statecheck.StateCheck {
		return stateFunc(func(map[string]map[string]any) error {
			var got []string
			for _, s := range srv.Silences() {
				if s.SourceType != "Equipment" || s.SourceIDPattern != "Motor-*" || s.Reason != "Daily motor check" || s.CreatedBy != "terraform" {
					return fmt.Errorf("the fake holds %+v", s)
				}
				got = append(got, s.StartsAt.UTC().Format(time.RFC3339)+" "+s.EndsAt.UTC().Format(time.RFC3339))
			}
			t.Logf("on the Alert Silence API: %q", got)
			if strings.Join(got, ", ") != strings.Join(want, ", ") {
				return fmt.Errorf("the fake holds %q, want %q", got, want)
			}
			return nil
		})
	}
	statuses := func(want ...string) statecheck.StateCheck {
		return inState(t, func(occs []schedOcc) error {
			var got []string
			for _, o := range occs {
				got = append(got, o.Key+" "+o.Status)
			}
			if strings.Join(got, ", ") != strings.Join(want, ", ") {
				return fmt.Errorf("occurrences %q, want %q", got, want)
			}
			return nil
		})
	}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
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
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{statuses(key(0)+" pending", key(1)+" pending"), onServer(window(0), window(1))},
			},
			{
				PreConfig:         to(time.Hour),
				Config:            cfg,
				ConfigPlanChecks:  empty,
				ConfigStateChecks: []statecheck.StateCheck{statuses(key(0)+" active", key(1)+" pending")},
			},
			{
				PreConfig:         to(3 * time.Hour),
				Config:            cfg,
				ConfigPlanChecks:  empty,
				ConfigStateChecks: []statecheck.StateCheck{statuses(key(0)+" expired", key(1)+" pending"), onServer(window(0), window(1))},
			},
			{
				// F+2d comes inside the 36 h at F+12h: created; the ended F
				// leaves the list and is deleted from the API.
				PreConfig: to(13 * time.Hour),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{statuses(key(1)+" pending", key(2)+" pending"), onServer(window(1), window(2))},
			},
		},
	})
}

// TestSilenceSchedule_badInput: each mistake is refused at plan time with
// its own message and no request reaches Alertmanager.
func TestSilenceSchedule_badInput(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	proxied, count := countingProxy(t, am)
	tg := newTarget(t, "prometheus", proxied, alertmanager.FlavorPrometheus, authCfg{}, am)
	good := map[string]string{
		"selector": `matchers = [{ name = "alertname", value = "PatchNight" }]`, "time_zone": `"Europe/Berlin"`,
		"first_start": `"2027-01-03T02:00"`, "rrule": `"FREQ=WEEKLY;BYDAY=SU"`, "duration": `"2h"`, "horizon": `"336h"`,
	}
	config := func(change map[string]string) string {
		v := map[string]string{}
		for k, x := range good {
			v[k] = x
		}
		for k, x := range change {
			v[k] = x
		}
		return tg.provider + fmt.Sprintf(`
resource "o11y_silence_schedule" "test" {
  %s
  comment     = "patch night"
  time_zone   = %s
  first_start = %s
  rrule       = %s
  duration    = %s
  horizon     = %s
}
`, v["selector"], v["time_zone"], v["first_start"], v["rrule"], v["duration"], v["horizon"])
	}
	phrase := func(s string) *regexp.Regexp {
		words := strings.Fields(s)
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		return regexp.MustCompile(strings.Join(words, `\s+`))
	}
	cases := []struct {
		change map[string]string
		want   string
	}{
		{map[string]string{"rrule": `"FREQ=WEEKLY;BYDAY=SUN"`}, `"BYDAY=SUN": "SUN" is not a weekday`},
		{map[string]string{"rrule": `"DTSTART:20270103T020000\nRRULE:FREQ=WEEKLY"`}, `put the start in first_start`},
		{map[string]string{"rrule": `"FREQ=WEEKLY;UNTIL=20261231"`}, `is before first_start 2027-01-03T02:00`},
		{map[string]string{"duration": `"167h"`}, `duration 167h is not shorter than the 167h between the occurrences 2027-03-28T02:00 (2027-03-28T03:00:00+02:00`},
		{map[string]string{"first_start": `"2026-01-01T00:00"`, "rrule": `"FREQ=MINUTELY"`, "duration": `"20s"`, "horizon": `"1h"`}, `horizon 1h holds more than 50 occurrences`},
		{map[string]string{"horizon": `"2400h"`}, `it can be at most 2160h (90 days)`},
		{map[string]string{"time_zone": `"CET+1"`}, `"CET+1" is not an IANA time zone`},
		{map[string]string{"first_start": `"2027-01-03 02:00"`}, `first_start "2027-01-03 02:00" is not a local time`},
		{map[string]string{"selector": ``}, `Say which alerts to silence`},
		{map[string]string{"selector": `matchers = [{ name = "alertname", value = ".+", is_regex = true }]`}, `would mute nearly all alerts`},
		{map[string]string{"selector": "source_type = \"Equipment\"\n  source_id_pattern = \"Motor-*\""}, `source_type needs the alert-silence flavor`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: config(c.change), ExpectError: phrase(c.want)})
	}
	steps = append(steps, resource.TestStep{
		PreConfig: func() {
			count.mu.Lock()
			all := count.all
			count.mu.Unlock()
			if all != 0 {
				t.Fatalf("the refused plans sent %d requests", all)
			}
		},
		// Far ahead of the horizon: a schedule with no occurrence yet.
		Config: config(nil),
		ConfigStateChecks: []statecheck.StateCheck{inState(t, func(occs []schedOcc) error {
			if len(occs) != 0 {
				return fmt.Errorf("occurrences %v, want none yet", occs)
			}
			return nil
		})},
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories, Steps: steps})
}
