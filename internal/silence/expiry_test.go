package silence

import (
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// fakeClock is a fixed "now" for the expiry rules.
var fakeNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func TestDecideRead(t *testing.T) {
	t.Parallel()
	now := fakeNow
	future := now.Add(time.Hour)
	past := now.Add(-time.Hour)
	cases := []struct {
		name string
		end  time.Time
		obs  Observation
		want ReadDecision
	}{
		{"active, healthy", future, Observation{Found: true, State: "active", EndsAt: future}, ReadStore},
		{"pending, healthy", future, Observation{Found: true, State: "pending", EndsAt: future}, ReadStore},
		{"active, end edited out of band", future, Observation{Found: true, State: "active", EndsAt: future.Add(time.Hour)}, ReadStore},
		{"expired naturally, end unchanged", past, Observation{Found: true, State: "expired", EndsAt: past}, ReadKeepExpired},
		{"expired naturally, server rounded to ms", past.Add(400 * time.Microsecond), Observation{Found: true, State: "expired", EndsAt: past}, ReadKeepExpired},
		{"expired naturally, end exactly now", now, Observation{Found: true, State: "expired", EndsAt: now}, ReadKeepExpired},
		{"expired early by a person", future, Observation{Found: true, State: "expired", EndsAt: now.Add(-time.Minute)}, ReadRemove},
		{"expired early, but our end passed since", past, Observation{Found: true, State: "expired", EndsAt: past.Add(-time.Hour)}, ReadKeepExpired},
		{"expired after an out-of-band extension", past, Observation{Found: true, State: "expired", EndsAt: past.Add(30 * time.Minute)}, ReadKeepExpired},
		{"404 after the end (garbage-collected)", past, Observation{Found: false}, ReadKeepExpired},
		{"404 exactly at the end", now, Observation{Found: false}, ReadKeepExpired},
		{"404 before the end (lost)", future, Observation{Found: false}, ReadRemove},
		{"import, found", time.Time{}, Observation{Found: true, State: "expired", EndsAt: past}, ReadStore},
		{"import, 404", time.Time{}, Observation{Found: false}, ReadRemove},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, why := DecideRead(tc.end, tc.obs, now)
			if got != tc.want {
				t.Fatalf("DecideRead = %v (%s), want %v", got, why, tc.want)
			}
		})
	}
}

func TestDecideChange(t *testing.T) {
	t.Parallel()
	now := fakeNow
	future := now.Add(time.Hour)
	past := now.Add(-time.Hour)
	cases := []struct {
		name    string
		in      PlanChange
		want    ChangeDecision
		message string
	}{
		{"active, comment or end", PlanChange{State: "active", End: future, EndKnown: true}, ChangeInPlace, ""},
		{"active, end not known yet", PlanChange{State: "active"}, ChangeInPlace, ""},
		{"pending, end", PlanChange{State: "pending", End: future, EndKnown: true}, ChangeInPlace, ""},
		{"pending, start moves to the future", PlanChange{State: "pending", End: future, EndKnown: true, StartMoves: true, Start: now.Add(time.Minute)}, ChangeNewID, ""},
		{"pending, start moves to the past", PlanChange{State: "pending", End: future, EndKnown: true, StartMoves: true, Start: past}, ChangeReplace, ""},
		{"active, start moves", PlanChange{State: "active", End: future, EndKnown: true, StartMoves: true, Start: now.Add(time.Minute)}, ChangeReplace, ""},
		{"expired, end moved into the future", PlanChange{State: "expired", End: future, EndKnown: true}, ChangeNewID, ""},
		{"expired, end not known yet", PlanChange{State: "expired"}, ChangeNewID, ""},
		{"expired, end still past", PlanChange{State: "expired", End: past, EndKnown: true}, ChangeRefused, "has expired"},
		{"active, end moved into the past", PlanChange{State: "active", End: past, EndKnown: true}, ChangeRefused, "remove the resource"},
		{"active, end exactly now", PlanChange{State: "active", End: now, EndKnown: true}, ChangeRefused, "not in the future"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, msg := DecideChange(tc.in, now)
			if got != tc.want || !strings.Contains(msg, tc.message) {
				t.Fatalf("DecideChange = %v (%q), want %v with %q", got, msg, tc.want, tc.message)
			}
		})
	}
}

func TestCheckMatchers(t *testing.T) {
	t.Parallel()
	eq := func(n, v string) alertmanager.Matcher { return alertmanager.Matcher{Name: n, Value: v, IsEqual: true} }
	re := func(n, v string) alertmanager.Matcher {
		return alertmanager.Matcher{Name: n, Value: v, IsEqual: true, IsRegex: true}
	}
	ne := func(n, v string) alertmanager.Matcher { return alertmanager.Matcher{Name: n, Value: v} }
	cases := []struct {
		name  string
		ms    []alertmanager.Matcher
		broad bool
		want  string // "" = no problem; else a summary substring
	}{
		{"simple", []alertmanager.Matcher{eq("alertname", "Foo")}, false, ""},
		{"regex", []alertmanager.Matcher{re("service", "api-.+")}, false, ""},
		{"rule uid", []alertmanager.Matcher{eq("__alert_rule_uid__", "abc")}, false, ""},
		{"positive plus negative", []alertmanager.Matcher{eq("alertname", "Foo"), ne("env", "dev")}, false, ""},
		{"none", nil, false, "No matchers"},
		{"empty name", []alertmanager.Matcher{eq("", "x")}, false, "Empty matcher name"},
		{"invalid regex", []alertmanager.Matcher{re("a", "(")}, false, "Invalid regular expression"},
		{"all match empty: empty value", []alertmanager.Matcher{eq("foo", "")}, false, "matches the empty string"},
		{"all match empty: .*", []alertmanager.Matcher{re("alertname", ".*")}, true, "matches the empty string"},
		{"all match empty: two", []alertmanager.Matcher{re("a", "x|"), eq("b", "")}, true, "matches the empty string"},
		{"only negative", []alertmanager.Matcher{ne("foo", "x")}, false, "almost every alert"},
		{"only negative, allowed", []alertmanager.Matcher{ne("foo", "x")}, true, ""},
		{"wildcard regex", []alertmanager.Matcher{re("alertname", ".+")}, false, "almost every alert"},
		{"wildcard regex and negative", []alertmanager.Matcher{re("alertname", ".+"), ne("env", "prod")}, false, "almost every alert"},
		{"wildcard regex, allowed", []alertmanager.Matcher{re("alertname", ".+")}, true, ""},
		{"narrow regex is not broad", []alertmanager.Matcher{re("alertname", "[a-z]+")}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ps := CheckMatchers(tc.ms, tc.broad)
			if tc.want == "" {
				if len(ps) > 0 {
					t.Fatalf("unexpected problems %+v", ps)
				}
				return
			}
			if len(ps) == 0 || !strings.Contains(ps[0].Summary, tc.want) {
				t.Fatalf("problems %+v, want %q", ps, tc.want)
			}
		})
	}
}
