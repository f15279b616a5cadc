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
		obs  observation
		want readDecision
	}{
		{"active, healthy", future, observation{Found: true, State: "active", EndsAt: future}, readStore},
		{"pending, healthy", future, observation{Found: true, State: "pending", EndsAt: future}, readStore},
		{"active, end edited out of band", future, observation{Found: true, State: "active", EndsAt: future.Add(time.Hour)}, readStore},
		{"expired naturally, end unchanged", past, observation{Found: true, State: "expired", EndsAt: past}, readKeepExpired},
		{"expired naturally, server rounded to ms", past.Add(400 * time.Microsecond), observation{Found: true, State: "expired", EndsAt: past}, readKeepExpired},
		{"expired naturally, end exactly now", now, observation{Found: true, State: "expired", EndsAt: now}, readKeepExpired},
		{"expired early by a person", future, observation{Found: true, State: "expired", EndsAt: now.Add(-time.Minute)}, readRemove},
		{"expired early, but our end passed since", past, observation{Found: true, State: "expired", EndsAt: past.Add(-time.Hour)}, readKeepExpired},
		{"expired after an out-of-band extension", past, observation{Found: true, State: "expired", EndsAt: past.Add(30 * time.Minute)}, readKeepExpired},
		{"404 after the end (garbage-collected)", past, observation{Found: false}, readKeepExpired},
		{"404 exactly at the end", now, observation{Found: false}, readKeepExpired},
		{"404 before the end (lost)", future, observation{Found: false}, readRemove},
		{"import, found", time.Time{}, observation{Found: true, State: "expired", EndsAt: past}, readStore},
		{"import, 404", time.Time{}, observation{Found: false}, readRemove},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, why := decideRead(tc.end, tc.obs, now)
			if got != tc.want {
				t.Fatalf("decideRead = %v (%s), want %v", got, why, tc.want)
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
		in      planChange
		want    changeDecision
		message string
	}{
		{"active, comment or end", planChange{State: "active", End: future, EndKnown: true}, changeInPlace, ""},
		{"active, end not known yet", planChange{State: "active"}, changeInPlace, ""},
		{"pending, end", planChange{State: "pending", End: future, EndKnown: true}, changeInPlace, ""},
		{"pending, start moves to the future", planChange{State: "pending", End: future, EndKnown: true, StartMoves: true, Start: now.Add(time.Minute)}, changeNewID, ""},
		{"pending, start moves to the past", planChange{State: "pending", End: future, EndKnown: true, StartMoves: true, Start: past}, changeReplace, ""},
		{"active, start moves", planChange{State: "active", End: future, EndKnown: true, StartMoves: true, Start: now.Add(time.Minute)}, changeReplace, ""},
		{"expired, end moved into the future", planChange{State: "expired", End: future, EndKnown: true}, changeNewID, ""},
		{"expired, end not known yet", planChange{State: "expired"}, changeNewID, ""},
		{"expired, end still past", planChange{State: "expired", End: past, EndKnown: true}, changeRefused, "has expired"},
		{"active, end moved into the past", planChange{State: "active", End: past, EndKnown: true}, changeRefused, "remove the resource"},
		{"active, end exactly now", planChange{State: "active", End: now, EndKnown: true}, changeRefused, "not in the future"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, msg := decideChange(tc.in, now)
			if got != tc.want || !strings.Contains(msg, tc.message) {
				t.Fatalf("decideChange = %v (%q), want %v with %q", got, msg, tc.want, tc.message)
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
			ps := checkMatchers(tc.ms, tc.broad)
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
