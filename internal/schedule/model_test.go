package schedule

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/recurrence"
)

func TestListRoundTrip(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2027, 3, 28, 3, 0, 0, 0, berlin)
	occs := []Occurrence{
		{Key: "2027-03-28T02:30", Start: start, End: start.Add(2 * time.Hour), ID: "x", Status: StatusPending},
		{Key: "2027-04-04T02:30", Start: start.AddDate(0, 0, 7), End: start.AddDate(0, 0, 7).Add(2 * time.Hour)},
		{Key: "2027-03-21T02:30", Start: start.AddDate(0, 0, -7), End: start.AddDate(0, 0, -7).Add(2 * time.Hour), Status: StatusExpired},
	}
	l, diags := ToList(occs)
	if diags.HasError() {
		t.Fatal(diags)
	}
	attrs := func(i int) map[string]attr.Value {
		o, ok := l.Elements()[i].(types.Object)
		if !ok {
			t.Fatalf("element %d is %T", i, l.Elements()[i])
		}
		return o.Attributes()
	}
	if got := attrs(0)["starts_at"].String(); got != `"2027-03-28T03:00:00+02:00"` {
		t.Errorf("starts_at %s, want the schedule zone's offset", got)
	}
	if b := attrs(1); !b["id"].IsUnknown() || !b["status"].IsUnknown() {
		t.Errorf("an occurrence to create has id %v status %v, want both unknown", b["id"], b["status"])
	}
	if c := attrs(2); !c["id"].IsNull() || c["status"].String() != `"expired"` {
		t.Errorf("one that ended before it was created: id %v status %v", c["id"], c["status"])
	}
	back, diags := FromList(context.Background(), l)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if render(back) != render(occs) {
		t.Errorf("round trip:\n%s\nwant\n%s", render(back), render(occs))
	}
}

func model(spec recurrence.Spec) Model {
	dates := make([]attr.Value, 0, len(spec.ExceptDates))
	for _, d := range spec.ExceptDates {
		dates = append(dates, types.StringValue(d))
	}
	return Model{
		TimeZone: types.StringValue(spec.TimeZone), FirstStart: types.StringValue(spec.FirstStart), RRule: types.StringValue(spec.RRule),
		Duration: timetypes.NewGoDurationValueFromStringMust(spec.Duration), ExceptDates: types.SetValueMust(types.StringType, dates),
		Horizon: types.StringValue(spec.Horizon), Occurrences: types.ListNull(OccurrenceType),
	}
}

func messages(diags diag.Diagnostics) string {
	var out []string
	for _, d := range diags {
		sev := "error"
		if d.Severity() == diag.SeverityWarning {
			sev = "warning"
		}
		p := ""
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			p = wp.Path().String()
		}
		out = append(out, sev+" "+p+": "+d.Summary()+": "+d.Detail())
	}
	return strings.Join(out, "\n")
}

// TestCompileDiagnostics: recurrence's problems land at their attributes,
// warnings only when asked for, and a duration the type already refuses
// is not reported twice.
func TestCompileDiagnostics(t *testing.T) {
	t.Parallel()
	weekly := recurrence.Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-01-03T02:00", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h", Horizon: "336h"}
	for _, c := range []struct {
		name   string
		change func(*recurrence.Spec)
		warn   bool
		want   string // "severity path: summary", one a line
	}{
		{"bad part quoted", func(s *recurrence.Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=XX" }, true, `error rrule: Invalid rrule: "BYDAY=XX"`},
		{"DTSTART", func(s *recurrence.Spec) { s.RRule = "DTSTART:20270103T020000\nRRULE:FREQ=WEEKLY" }, true, `error rrule: DTSTART in rrule`},
		{"zone", func(s *recurrence.Spec) { s.TimeZone = "Europe/Berlim" }, true, `error time_zone: Invalid time zone`},
		{"UNTIL before first_start", func(s *recurrence.Spec) { s.RRule = "FREQ=WEEKLY;UNTIL=20261231T000000Z" }, true, `error rrule: UNTIL before first_start`},
		{"overlap", func(s *recurrence.Spec) { s.Duration = "168h" }, true, `error duration: Occurrences would overlap`},
		{"horizon over 90 days", func(s *recurrence.Spec) { s.Horizon = "2161h" }, true, `error horizon: Invalid horizon`},
		{"except date that skips nothing", func(s *recurrence.Spec) { s.ExceptDates = []string{"2027-01-04"} }, true, `warning except_dates: except_dates that skip nothing`},
		{"warnings left to ValidateConfig", func(s *recurrence.Spec) { s.ExceptDates = []string{"2027-01-04"} }, false, ``},
		{"negative duration: recurrence says so", func(s *recurrence.Spec) { s.Duration = "-2h" }, true, `error duration: Invalid duration`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			spec := weekly
			c.change(&spec)
			_, diags := Compile(model(spec), c.warn)
			got := messages(diags)
			for _, line := range strings.Split(c.want, "\n") {
				if !strings.Contains(got, line) {
					t.Errorf("diagnostics\n%s\ndo not contain %q", got, line)
				}
			}
			if c.want == "" && got != "" {
				t.Errorf("diagnostics %s, want none", got)
			}
			if n := len(diags); c.want != "" && n != 1 {
				t.Errorf("%d diagnostics, want one:\n%s", n, got)
			}
		})
	}
	// A duration the Go duration type refuses is its own validation's to
	// report.
	m := model(weekly)
	m.Duration = timetypes.GoDuration{StringValue: types.StringValue("2 hours")}
	if _, diags := Compile(m, true); len(diags) != 0 {
		t.Errorf("an unparsable duration is reported by its type; got %s", messages(diags))
	}
}

func TestTooManyOccurrences(t *testing.T) {
	t.Parallel()
	m := model(recurrence.Spec{TimeZone: "UTC", FirstStart: "2027-01-01T00:00", RRule: "FREQ=HOURLY", Duration: "10m", Horizon: "72h"})
	_, diags := Window(m, utc("2027-01-02T00:00:00Z"), nil, "silence")
	if got := messages(diags); !strings.HasPrefix(got, "error horizon: Too many occurrences in horizon: horizon 72h holds more than 50 occurrences") ||
		!strings.Contains(got, "Shorten horizon to 50h or less") {
		t.Errorf("got %s", got)
	}
}

func TestWholeMinutes(t *testing.T) {
	t.Parallel()
	ok := recurrence.Spec{TimeZone: "UTC", FirstStart: "2027-01-01T02:00:00", RRule: "FREQ=DAILY;BYSECOND=0", Duration: "90m"}
	if diags := WholeMinutes(model(ok), "maintenance"); diags.HasError() {
		t.Errorf("whole minutes refused: %s", messages(diags))
	}
	for _, c := range []struct {
		change func(*recurrence.Spec)
		want   string
	}{
		{func(s *recurrence.Spec) { s.FirstStart = "2027-01-01T02:00:30" }, `error first_start: Occurrences would start on seconds: first_start "2027-01-01T02:00:30" has seconds, but the maintenance API keeps whole minutes, so no occurrence could read back as sent. Write it like "2027-01-01T02:00".`},
		{func(s *recurrence.Spec) { s.RRule = "FREQ=DAILY;BYSECOND=0,30" }, `error rrule: Occurrences would start on seconds: rrule "FREQ=DAILY;BYSECOND=0,30" starts occurrences on seconds ("BYSECOND=0,30"), but the maintenance API keeps whole minutes; remove BYSECOND.`},
		{func(s *recurrence.Spec) { s.RRule = "FREQ=SECONDLY;INTERVAL=60" }, `error rrule: Occurrences would start on seconds: rrule "FREQ=SECONDLY;INTERVAL=60" repeats every second (FREQ=SECONDLY)`},
		{func(s *recurrence.Spec) { s.Duration = "90m30s" }, `error duration: Occurrences would end on seconds: duration is "90m30s", but the maintenance API keeps whole minutes; use a whole number of minutes such as "1h31m".`},
	} {
		spec := ok
		c.change(&spec)
		if got := messages(WholeMinutes(model(spec), "maintenance")); !strings.HasPrefix(got, c.want) {
			t.Errorf("got\n%s\nwant\n%s", got, c.want)
		}
	}
}

// TestCheckAPIZone: a maintenance occurrence is sent as naive local
// minutes in the API's zone; one on a wall clock that exists twice there
// is refused, in any zone that repeats it, and nowhere else.
func TestCheckAPIZone(t *testing.T) {
	t.Parallel()
	zone := func(n string) *time.Location {
		l, err := time.LoadLocation(n)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	fallNY := window(t, compile(t, recurrence.Spec{TimeZone: "America/New_York", FirstStart: "2027-11-07T01:30", RRule: "FREQ=WEEKLY", Duration: "2h", Horizon: "48h"}), utc("2027-11-06T00:00:00Z"))
	fallBerlin := window(t, compile(t, recurrence.Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-10-31T02:30", RRule: "FREQ=WEEKLY", Duration: "2h", Horizon: "48h"}), utc("2027-10-30T00:00:00Z"))
	springBerlin := window(t, compile(t, recurrence.Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-28T02:30", RRule: "FREQ=WEEKLY", Duration: "2h", Horizon: "48h"}), utc("2027-03-27T00:00:00Z"))
	for _, c := range []struct {
		name string
		occs []recurrence.Occurrence
		api  *time.Location
		want string
	}{
		{"New York 01:30 EDT on the fall-back night, API in New York", fallNY, zone("America/New_York"),
			`error except_dates: Occurrence on a wall clock that happens twice: The occurrence 2027-11-07T01:30 (2027-11-07T01:30:00-04:00 to 2027-11-07T02:30:00-05:00) would be sent to the maintenance API as "2027-11-07 01:30" in the provider's maintenance.time_zone America/New_York, a wall clock that happens twice that night (2027-11-07T01:30:00-04:00 and 2027-11-07T01:30:00-05:00), because daylight saving time ends. The API takes naive local dates, so it cannot tell which one is meant. Skip the occurrence with except_dates = ["2027-11-07"]`},
		{"the same, API in UTC", fallNY, time.UTC, ""},
		{"the same, API in Seoul", fallNY, zone("Asia/Seoul"), ""},
		{"Berlin 02:30 CEST on the fall-back night, API in Berlin", fallBerlin, zone("Europe/Berlin"),
			`error except_dates: Occurrence on a wall clock that happens twice: The occurrence 2027-10-31T02:30 (2027-10-31T02:30:00+02:00 to 2027-10-31T03:30:00+01:00) would be sent to the maintenance API as "2027-10-31 02:30"`},
		{"the same, API in Seoul", fallBerlin, zone("Asia/Seoul"), ""},
		{"Berlin spring forward (03:00 CEST exists once), API in Berlin", springBerlin, zone("Europe/Berlin"), ""},
		{"an API zone with a half-hour offset keeps minutes", springBerlin, zone("Asia/Kolkata"), ""},
	} {
		if len(c.occs) == 0 {
			t.Fatalf("%s: no occurrence to check", c.name)
		}
		got := messages(CheckAPIZone(c.occs, c.api, "maintenance"))
		if c.want == "" && got != "" || !strings.HasPrefix(got, c.want) {
			t.Errorf("%s:\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
	seconds := window(t, compile(t, recurrence.Spec{TimeZone: "UTC", FirstStart: "2027-01-01T00:00:30", RRule: "FREQ=DAILY", Duration: "1h"}), utc("2027-01-01T00:00:00Z"))
	if got := messages(CheckAPIZone(seconds, time.UTC, "maintenance")); !strings.HasPrefix(got, "error rrule: Occurrences would start on seconds") {
		t.Errorf("seconds: %s", got)
	}
}
