package recurrence

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// weekly is a sound schedule that the bad-input cases change one thing of.
var weekly = Spec{TimeZone: "America/New_York", FirstStart: "2027-01-03T02:00", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h"}

// TestCompileErrors: each bad input has its own error, on its attribute,
// saying what to change. want is the whole detail, or a part of it when
// it starts with "…".
func TestCompileErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		change func(*Spec)
		attr   string
		kind   Kind
		want   string
	}{
		// 1. An rrule that does not parse quotes the bad part.
		{"bad FREQ", func(s *Spec) { s.RRule = "FREQ=WEEKLI" }, AttrRRule, KindSyntax,
			`"FREQ=WEEKLI": FREQ must be one of SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY`},
		{"bad weekday", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=XX" }, AttrRRule, KindSyntax,
			`"BYDAY=XX": "XX" is not a weekday; use MO, TU, WE, TH, FR, SA or SU, with an ordinal for FREQ=MONTHLY or YEARLY such as 2TU (second Tuesday) or -1FR (last Friday)`},
		{"one bad weekday of several", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=MO,TUE" }, AttrRRule, KindSyntax,
			`…"BYDAY=MO,TUE": "TUE" is not a weekday`},
		{"part without value", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY" }, AttrRRule, KindSyntax,
			`"BYDAY" is not a NAME=VALUE part; separate parts with ";", like "FREQ=WEEKLY;BYDAY=SU"`},
		{"comma for semicolon", func(s *Spec) { s.RRule = "FREQ=WEEKLY,BYDAY=SU" }, AttrRRule, KindSyntax,
			`…"FREQ=WEEKLY,BYDAY=SU" is not a NAME=VALUE part`},
		{"unknown part", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYEASTER=1" }, AttrRRule, KindSyntax,
			`"BYEASTER=1": BYEASTER is not an RRULE part this provider knows; use one of FREQ, INTERVAL, COUNT, UNTIL, WKST, BYSETPOS, BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY, BYHOUR, BYMINUTE or BYSECOND`},
		{"no FREQ", func(s *Spec) { s.RRule = "BYDAY=SU" }, AttrRRule, KindSyntax,
			`rrule "BYDAY=SU" has no FREQ; every rule needs one, like "FREQ=WEEKLY;BYDAY=SU"`},
		{"empty", func(s *Spec) { s.RRule = " " }, AttrRRule, KindSyntax,
			`rrule is empty; write a rule like "FREQ=WEEKLY;BYDAY=SU"`},
		{"empty part", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=SU;" }, AttrRRule, KindSyntax,
			`rrule "FREQ=WEEKLY;BYDAY=SU;" has an empty part (";;" or a ";" at an end); remove it`},
		{"twice", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=SU;byday=MO" }, AttrRRule, KindSyntax,
			`BYDAY appears twice ("BYDAY=SU" and "byday=MO"); keep one`},
		{"hour out of range", func(s *Spec) { s.RRule = "FREQ=DAILY;BYHOUR=24" }, AttrRRule, KindSyntax,
			`"BYHOUR=24": "24" is not an hour; use whole numbers from 0 to 23`},
		{"month day out of range", func(s *Spec) { s.RRule = "FREQ=MONTHLY;BYMONTHDAY=0" }, AttrRRule, KindSyntax,
			`"BYMONTHDAY=0": "0" is not a day of the month; use whole numbers from 1 to 31 or -1 to -31`},
		{"set position not a number", func(s *Spec) { s.RRule = "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=second" }, AttrRRule, KindSyntax,
			`"BYSETPOS=second": "SECOND" is not a position in the set; use whole numbers from 1 to 366 or -1 to -366`},
		{"INTERVAL 0", func(s *Spec) { s.RRule = "FREQ=DAILY;INTERVAL=0" }, AttrRRule, KindSyntax,
			`"INTERVAL=0": INTERVAL must be a whole number from 1 to 10000`},
		{"COUNT 0", func(s *Spec) { s.RRule = "FREQ=DAILY;COUNT=0" }, AttrRRule, KindSyntax,
			`"COUNT=0": COUNT must be a whole number of occurrences, 1 or more`},
		{"UNTIL misspelt", func(s *Spec) { s.RRule = "FREQ=DAILY;UNTIL=2027-01-05" }, AttrRRule, KindSyntax,
			`"UNTIL=2027-01-05": write UNTIL like 20271231T235959Z (UTC), 20271231T235959 (local wall clock in time_zone) or 20271231 (through that local date)`},
		{"UNTIL no date", func(s *Spec) { s.RRule = "FREQ=DAILY;UNTIL=20271301" }, AttrRRule, KindSyntax,
			`"UNTIL=20271301" is not a valid date (month out of range); write UNTIL like 20271231T235959Z`},
		{"COUNT and UNTIL", func(s *Spec) { s.RRule = "FREQ=DAILY;COUNT=3;UNTIL=20270105T000000Z" }, AttrRRule, KindSyntax,
			`rrule has both "COUNT=3" and "UNTIL=20270105T000000Z"; RFC 5545 allows one of them: keep COUNT to stop after that many occurrences, or UNTIL to stop at a time`},
		{"ordinal weekly", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=2SU" }, AttrRRule, KindSyntax,
			`"BYDAY=2SU": an ordinal weekday such as +2SU needs FREQ=MONTHLY or FREQ=YEARLY; with FREQ=WEEKLY write the weekday alone, like SU`},
		{"sixth Sunday", func(s *Spec) { s.RRule = "FREQ=MONTHLY;BYDAY=6SU" }, AttrRRule, KindSyntax,
			`"BYDAY=6SU": no month has a 6th Sunday; within a month use ordinals from 1 to 5 or -1 to -5`},
		{"sixth-last Friday of March", func(s *Spec) { s.RRule = "FREQ=YEARLY;BYMONTH=3;BYDAY=-6FR" }, AttrRRule, KindSyntax,
			`…"BYDAY=-6FR": no month has a 6th-last Friday`},
		{"zeroth Sunday", func(s *Spec) { s.RRule = "FREQ=MONTHLY;BYDAY=0SU" }, AttrRRule, KindSyntax,
			`"BYDAY=0SU": "0SU": the ordinal must be from 1 to 53 or -1 to -53 (2TU is the second Tuesday, -1FR the last Friday)`},
		{"BYSETPOS alone", func(s *Spec) { s.RRule = "FREQ=MONTHLY;BYSETPOS=2" }, AttrRRule, KindSyntax,
			`"BYSETPOS=2" picks from the set the other BY parts make, and there is none; add one such as BYDAY, for example "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2" for the second Tuesday`},
		{"BYMONTHDAY weekly", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYMONTHDAY=3" }, AttrRRule, KindSyntax,
			`"BYMONTHDAY=3" cannot be used with FREQ=WEEKLY (RFC 5545); use FREQ=MONTHLY for days of the month`},
		{"BYYEARDAY monthly", func(s *Spec) { s.RRule = "FREQ=MONTHLY;BYYEARDAY=3" }, AttrRRule, KindSyntax,
			`"BYYEARDAY=3" cannot be used with FREQ=MONTHLY (RFC 5545); use FREQ=YEARLY, or BYMONTH with BYMONTHDAY`},
		{"BYWEEKNO monthly", func(s *Spec) { s.RRule = "FREQ=MONTHLY;BYWEEKNO=3" }, AttrRRule, KindSyntax,
			`"BYWEEKNO=3" needs FREQ=YEARLY (RFC 5545)`},
		{"February 30", func(s *Spec) { s.RRule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30,31" }, AttrRRule, KindSyntax,
			`"BYMONTHDAY=30,31" with "BYMONTH=2" never matches: those months have at most 29 days`},
		{"EXDATE", func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=SU\nEXDATE:20271226T020000" }, AttrRRule, KindSyntax,
			`rrule has an EXDATE line ("EXDATE:20271226T020000"); list the local dates to skip in except_dates instead, like ["2027-12-26"]`},

		// 2. DTSTART belongs in first_start.
		{"DTSTART line", func(s *Spec) { s.RRule = "DTSTART:20270103T020000\nRRULE:FREQ=WEEKLY;BYDAY=SU" }, AttrRRule, KindDTStart,
			`rrule contains a DTSTART ("DTSTART:20270103T020000"); put the start in first_start, as a local time like "2027-01-03T02:00", and leave only the rule in rrule, like "FREQ=WEEKLY;BYDAY=SU"`},
		{"DTSTART with TZID", func(s *Spec) { s.RRule = "DTSTART;TZID=America/New_York:20270103T020000\nRRULE:FREQ=WEEKLY" }, AttrRRule, KindDTStart,
			`…rrule contains a DTSTART ("DTSTART;TZID=America/New_York:20270103T020000"); put the start in first_start`},
		{"DTSTART part", func(s *Spec) { s.RRule = "FREQ=WEEKLY;dtstart=20270103T020000;BYDAY=SU" }, AttrRRule, KindDTStart,
			`…rrule contains a DTSTART ("dtstart=20270103T020000"); put the start in first_start`},

		// 3. Windows that would overlap, naming the two occurrences.
		{"two a day an hour apart", func(s *Spec) { s.RRule = "FREQ=DAILY;BYHOUR=2,3"; s.Duration = "1h" }, AttrDuration, KindOverlap,
			`duration 1h is not shorter than the 1h between the occurrences 2027-01-03T02:00 (2027-01-03T02:00:00-05:00 to 2027-01-03T03:00:00-05:00) and 2027-01-03T03:00 (2027-01-03T03:00:00-05:00 to 2027-01-03T04:00:00-05:00), the closest together from first_start on, so their windows would overlap; use a duration shorter than 1h, or space the occurrences further apart`},
		{"the 23-hour day", func(s *Spec) { s.RRule = "FREQ=DAILY"; s.FirstStart = "2027-01-03T01:30"; s.Duration = "23h" }, AttrDuration, KindOverlap,
			`…duration 23h is not shorter than the 23h between the occurrences 2027-03-14T01:30 (2027-03-14T01:30:00-05:00 to 2027-03-15T01:30:00-04:00) and 2027-03-15T01:30 (2027-03-15T01:30:00-04:00 to 2027-03-16T00:30:00-04:00), the closest together from first_start on`},
		{"hourly at half past through the gap", func(s *Spec) {
			s.RRule = "FREQ=HOURLY"
			s.FirstStart = "2027-03-13T00:30"
			s.Duration = "45m"
			s.Horizon = "24h"
		}, AttrDuration, KindOverlap,
			`…duration 45m is not shorter than the 30m between the occurrences 2027-03-14T01:30 (2027-03-14T01:30:00-05:00 to 2027-03-14T03:15:00-04:00) and 2027-03-14T02:30 (2027-03-14T03:00:00-04:00 to 2027-03-14T03:45:00-04:00, moved to the end of the daylight-saving gap)`},
		// A week is 168h but the week into summer time 167h.
		{"a week long", func(s *Spec) { s.Duration = "168h" }, AttrDuration, KindOverlap,
			`duration 168h is not shorter than the 167h between the occurrences 2027-03-14T02:00 (2027-03-14T03:00:00-04:00 to 2027-03-21T03:00:00-04:00, moved to the end of the daylight-saving gap) and 2027-03-21T02:00 (2027-03-21T02:00:00-04:00 to 2027-03-28T02:00:00-04:00), the closest together from first_start on, so their windows would overlap; use a duration shorter than 167h, or space the occurrences further apart`},

		// 4. Horizon and duration bounds (too many occurrences: TestWindowErrors).
		{"horizon over 90 days", func(s *Spec) { s.Horizon = "2161h" }, AttrHorizon, KindHorizon,
			`horizon is "2161h"; it can be at most 2160h (90 days)`},
		{"horizon zero", func(s *Spec) { s.Horizon = "0s" }, AttrHorizon, KindHorizon,
			`horizon is "0s"; it must be positive, like "336h" (14 days, the default)`},
		{"horizon negative", func(s *Spec) { s.Horizon = "-1h" }, AttrHorizon, KindHorizon,
			`…horizon is "-1h"; it must be positive`},
		{"horizon in days", func(s *Spec) { s.Horizon = "14d" }, AttrHorizon, KindHorizon,
			`horizon "14d" is not a duration; write it like "336h" (14 days, the default) or "720h" (units: s, m, h)`},
		{"duration zero", func(s *Spec) { s.Duration = "0s" }, AttrDuration, KindDuration,
			`duration is "0s"; it needs a positive duration such as "30m" or "2h"`},
		{"duration negative", func(s *Spec) { s.Duration = "-2h" }, AttrDuration, KindDuration,
			`duration is "-2h"; it needs a positive duration such as "30m" or "2h"`},
		{"duration in words", func(s *Spec) { s.Duration = "2 hours" }, AttrDuration, KindDuration,
			`"2 hours" is not a duration; write it like "30m", "2h" or "1h30m" (units: s, m, h)`},

		// 5. Zones.
		{"no such zone", func(s *Spec) { s.TimeZone = "Mars/Olympus" }, AttrTimeZone, KindZone,
			`"Mars/Olympus" is not an IANA time zone; use a name such as "UTC" or "Asia/Seoul"`},
		{"Local", func(s *Spec) { s.TimeZone = "Local" }, AttrTimeZone, KindZone,
			`"Local" is not an IANA time zone; use a name such as "UTC" or "Asia/Seoul"`},
		{"zone unset", func(s *Spec) { s.TimeZone = "" }, AttrTimeZone, KindZone,
			`"" is not an IANA time zone; use a name such as "UTC" or "Asia/Seoul"`},

		// 6. UNTIL before first_start, in each of its forms.
		{"UNTIL in UTC before", func(s *Spec) { s.RRule = "FREQ=DAILY;UNTIL=20270103T065959Z" }, AttrRRule, KindUntil,
			`rrule's "UNTIL=20270103T065959Z" (2027-01-03T06:59:59Z, 2027-01-03T01:59:59 in America/New_York) is before first_start 2027-01-03T02:00, so the rule has no occurrence; set UNTIL after first_start, or remove it`},
		{"UNTIL local before", func(s *Spec) { s.RRule = "FREQ=DAILY;UNTIL=20270103T015959" }, AttrRRule, KindUntil,
			`rrule's "UNTIL=20270103T015959" (local 2027-01-03T01:59:59) is before first_start 2027-01-03T02:00, so the rule has no occurrence; set UNTIL after first_start, or remove it`},
		{"UNTIL date before", func(s *Spec) { s.RRule = "FREQ=DAILY;UNTIL=20270102" }, AttrRRule, KindUntil,
			`rrule's "UNTIL=20270102" (through local 2027-01-02) is before first_start 2027-01-03T02:00, so the rule has no occurrence; set UNTIL after first_start, or remove it`},
		{"UNTIL after first_start, but no occurrence until then", func(s *Spec) {
			s.FirstStart = "2027-01-04T02:00"
			s.RRule = "FREQ=WEEKLY;BYDAY=SU;UNTIL=20270109T235959"
		}, AttrRRule, KindNoOccurrence,
			`rrule "FREQ=WEEKLY;BYDAY=SU;UNTIL=20270109T235959" has no occurrence from first_start 2027-01-04T02:00 up to its "UNTIL=20270109T235959"; move UNTIL later, or first_start earlier`},

		// Rules that never match.
		{"interval misses BYHOUR", func(s *Spec) { s.RRule = "FREQ=HOURLY;INTERVAL=2;BYHOUR=3" }, AttrRRule, KindUnreachable,
			`rrule "FREQ=HOURLY;INTERVAL=2;BYHOUR=3" steps 2 hours from first_start's hour 02, so it only reaches the hours 00, 02, 04, 06, 08, 10, 12, 14, 16, 18, 20, 22, and its BYHOUR has none of them; change INTERVAL or BYHOUR, or start first_start at one of its hours`},
		{"interval misses BYHOUR by minutes", func(s *Spec) { s.RRule = "FREQ=MINUTELY;INTERVAL=120;BYHOUR=3" }, AttrRRule, KindUnreachable,
			`rrule "FREQ=MINUTELY;INTERVAL=120;BYHOUR=3" steps 120 minutes from first_start's 02:00:00 and never lands on a time of day its BYHOUR, BYMINUTE and BYSECOND allow; change INTERVAL or those parts, or start first_start at a time they allow`},
		{"interval misses Thursdays", func(s *Spec) { s.RRule = "FREQ=MINUTELY;INTERVAL=7;BYDAY=TH;BYHOUR=5;BYMINUTE=11" }, AttrRRule, KindNoOccurrence,
			`rrule "FREQ=MINUTELY;INTERVAL=7;BYDAY=TH;BYHOUR=5;BYMINUTE=11" has no occurrence from first_start 2027-01-03T02:00 in the 400 years after it; its parts exclude each other (check BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYDAY and BYSETPOS against each other and INTERVAL)`},
		{"BYSETPOS beyond a day's set", func(s *Spec) { s.RRule = "FREQ=DAILY;BYHOUR=1,2;BYSETPOS=3,-3" }, AttrRRule, KindUnreachable,
			`rrule "FREQ=DAILY;BYHOUR=1,2;BYSETPOS=3,-3": each day holds 2 start times, so BYSETPOS=3,-3 never picks one; use positions from 1 to 2 or -1 to -2, or a longer FREQ (BYSETPOS picks within each period of FREQ)`},
		{"BYSETPOS in a second", func(s *Spec) { s.RRule = "FREQ=SECONDLY;INTERVAL=60;BYHOUR=1;BYSETPOS=2" }, AttrRRule, KindUnreachable,
			`rrule "FREQ=SECONDLY;INTERVAL=60;BYHOUR=1;BYSETPOS=2": each second holds 1 start time, so BYSETPOS=2 never picks one; use positions from 1 to 1 or -1 to -1, or a longer FREQ (BYSETPOS picks within each period of FREQ)`},
		{"every minute of a year at once", func(s *Spec) {
			s.RRule = "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=" + upTo(60)
		}, AttrRRule, KindTooDense,
			`…makes up to 527040 start times in each year (366 days of 1440 times each); at most 200000 can be expanded. Use a shorter FREQ with the same BYHOUR and BYMINUTE (FREQ=DAILY, with BYDAY or BYMONTHDAY for the days), or fewer BYHOUR, BYMINUTE and BYSECOND values`},
		{"interval misses BYDAY", func(s *Spec) { s.RRule = "FREQ=DAILY;INTERVAL=7;BYDAY=TU" }, AttrRRule, KindNoOccurrence,
			`rrule "FREQ=DAILY;INTERVAL=7;BYDAY=TU" has no occurrence from first_start 2027-01-03T02:00 in the 400 years after it; its parts exclude each other (check BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYDAY and BYSETPOS against each other and INTERVAL)`},

		// 8. first_start.
		{"first_start with Z", func(s *Spec) { s.FirstStart = "2027-01-03T02:00Z" }, AttrFirstStart, KindFirstStart,
			`first_start "2027-01-03T02:00Z" has a zone offset ("Z"); write the local wall-clock time in time_zone like "2027-01-03T02:00" or "2027-01-03T02:00:00", without the offset: time_zone says where it is`},
		{"first_start with offset", func(s *Spec) { s.FirstStart = "2027-01-03T02:00:00-05:00" }, AttrFirstStart, KindFirstStart,
			`…first_start "2027-01-03T02:00:00-05:00" has a zone offset ("-05:00"); write the local wall-clock time`},
		{"first_start date only", func(s *Spec) { s.FirstStart = "2027-01-03" }, AttrFirstStart, KindFirstStart,
			`first_start "2027-01-03" is not a local time; write the local wall-clock time in time_zone like "2027-01-03T02:00" or "2027-01-03T02:00:00"`},
		{"first_start no such day", func(s *Spec) { s.FirstStart = "2027-02-29T02:00" }, AttrFirstStart, KindFirstStart,
			`first_start "2027-02-29T02:00" is not a valid date and time (day out of range); write the local wall-clock time in time_zone like "2027-01-03T02:00" or "2027-01-03T02:00:00"`},

		{"except date not a date", func(s *Spec) { s.ExceptDates = []string{"2027-12-26", "12/26/2027"} }, AttrExceptDates, KindExceptDate,
			`except_dates entry "12/26/2027" is not a date; write a local date like "2027-12-26"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			spec := weekly
			c.change(&spec)
			s, ps := Compile(spec)
			if s != nil {
				t.Error("a Schedule with errors")
			}
			errs := ps.Errors()
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one", ps)
			}
			p := errs[0]
			if p.Attr != c.attr || p.Kind != c.kind {
				t.Errorf("attr %s kind %s, want %s %s: %s", p.Attr, p.Kind, c.attr, c.kind, p.Detail)
			}
			if part, ok := strings.CutPrefix(c.want, "…"); ok {
				if !strings.Contains(p.Detail, part) {
					t.Errorf("detail\n\t%s\nwant a part\n\t%s", p.Detail, part)
				}
			} else if p.Detail != c.want {
				t.Errorf("detail\n\t%s\nwant\n\t%s", p.Detail, c.want)
			}
			if p.Summary == "" || p.Error() != c.attr+": "+p.Detail {
				t.Errorf("summary %q, Error() %q", p.Summary, p.Error())
			}
		})
	}
}

// upTo is "0,1,...,n-1".
func upTo(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return strings.Join(s, ",")
}

// TestCompileReportsEachAttribute: independent mistakes are all reported
// at once, each on its attribute.
func TestCompileReportsEachAttribute(t *testing.T) {
	t.Parallel()
	_, ps := Compile(Spec{TimeZone: "Mars", FirstStart: "soon", RRule: "weekly", Duration: "long", Horizon: "far", ExceptDates: []string{"xmas"}})
	var attrs []string
	for _, p := range ps {
		attrs = append(attrs, p.Attr)
	}
	if got := strings.Join(attrs, ","); got != "time_zone,first_start,rrule,duration,horizon,except_dates" {
		t.Errorf("attributes %s: %v", got, ps)
	}
	if lines := strings.Split(ps.Error(), "\n"); len(lines) != 6 || lines[0] != "time_zone: "+ps[0].Detail {
		t.Errorf("Error() = %q", ps.Error())
	}
}

// TestWindowErrors: what only "now" shows.
func TestWindowErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		spec Spec
		now  time.Time
		attr string
		kind Kind
		want string
	}{
		{
			name: "hourly in two weeks",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-01-01T00:00", RRule: "FREQ=HOURLY", Duration: "30m"},
			now:  utc("2027-02-01T00:00:00Z"),
			attr: AttrHorizon, kind: KindTooMany,
			want: "horizon 336h holds more than 50 occurrences from 2027-02-01T09:00:00+09:00 on (the 51st is 2027-02-03T11:00 (2027-02-03T11:00:00+09:00 to 2027-02-03T11:30:00+09:00)); at most 50 may exist at once. Shorten horizon to 50h or less, or make rrule less frequent",
		},
		{
			// The 51st starts 25 days and 5 hours from now.
			name: "twice a day for 90 days",
			spec: Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-01-01T06:00", RRule: "FREQ=DAILY;BYHOUR=6,18", Duration: "30m", Horizon: "2160h"},
			now:  utc("2027-01-01T00:00:00Z"),
			attr: AttrHorizon, kind: KindTooMany,
			want: "horizon 2160h holds more than 50 occurrences from 2027-01-01T01:00:00+01:00 on (the 51st is 2027-01-26T06:00 (2027-01-26T06:00:00+01:00 to 2027-01-26T06:30:00+01:00)); at most 50 may exist at once. Shorten horizon to 605h or less, or make rrule less frequent",
		},
		{
			// The first year overlaps nowhere; a later spring-forward
			// night does, and shows once it is within the horizon.
			name: "overlap in a later year",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-04-01T00:30", RRule: "FREQ=HOURLY;UNTIL=20280401T000000Z", Duration: "45m", Horizon: "24h"},
			now:  utc("2028-03-12T00:00:00Z"),
			attr: AttrDuration, kind: KindOverlap,
			want: "duration 45m is not shorter than the 30m between the occurrences 2028-03-12T01:30 (2028-03-12T01:30:00-05:00 to 2028-03-12T03:15:00-04:00) and 2028-03-12T02:30 (2028-03-12T03:00:00-04:00 to 2028-03-12T03:45:00-04:00, moved to the end of the daylight-saving gap), the closest together within horizon, so their windows would overlap; use a duration shorter than 30m, or space the occurrences further apart",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			occs, ps := mustCompile(t, c.spec).Window(c.now)
			if occs != nil || len(ps) != 1 {
				t.Fatalf("%d occurrences, problems %v", len(occs), ps)
			}
			p := ps[0]
			if p.Attr != c.attr || p.Kind != c.kind || p.Severity != Error {
				t.Errorf("got %s %s %d: %s", p.Attr, p.Kind, p.Severity, p.Detail)
			}
			if part, ok := strings.CutPrefix(c.want, "…"); ok {
				if !strings.Contains(p.Detail, part) {
					t.Errorf("detail\n\t%s\nwant a part\n\t%s", p.Detail, part)
				}
			} else if p.Detail != c.want {
				t.Errorf("detail\n\t%s\nwant\n\t%s", p.Detail, c.want)
			}
		})
	}
}

// TestCompileWarnings: what may be meant, but is worth saying.
func TestCompileWarnings(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		change func(*Spec)
		attr   string
		kind   Kind
		want   string
	}{
		{"except dates that are no Sunday", func(s *Spec) {
			s.ExceptDates = []string{"2027-12-27", "2027-12-26", "2030-01-06", "2026-12-27", "2027-12-27"}
		}, AttrExceptDates, KindExceptUnmatched,
			`except_dates 2026-12-27, 2027-12-27 match no occurrence of rrule "FREQ=WEEKLY;BYDAY=SU" from first_start 2027-01-03T02:00, so they skip nothing; an except date skips the occurrence whose local start is on it. Correct or remove them`},
		{"except date after COUNT ran out", func(s *Spec) {
			s.RRule = "FREQ=WEEKLY;COUNT=2"
			s.ExceptDates = []string{"2027-01-10", "2027-01-17"}
		}, AttrExceptDates, KindExceptUnmatched,
			`…except_dates 2027-01-17 match no occurrence`},
		{"first_start a Monday", func(s *Spec) { s.FirstStart = "2027-01-04T02:00" }, AttrFirstStart, KindFirstStartUnmatched,
			`first_start 2027-01-04T02:00 is not an occurrence of rrule "FREQ=WEEKLY;BYDAY=SU"; as in rrule-go (RFC 5545 leaves it undefined), it then only bounds the rule, and the first occurrence is 2027-01-10T02:00 (2027-01-10T02:00:00-05:00 to 2027-01-10T04:00:00-05:00). Set first_start to that to make it the first occurrence`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			spec := weekly
			c.change(&spec)
			s, ps := Compile(spec)
			if s == nil || ps.HasError() || len(ps) != 1 || len(ps.Warnings()) != 1 {
				t.Fatalf("schedule %v, problems %v", s != nil, ps)
			}
			p := ps[0]
			if p.Attr != c.attr || p.Kind != c.kind || p.Severity != Warning {
				t.Errorf("got %s %s %d: %s", p.Attr, p.Kind, p.Severity, p.Detail)
			}
			if part, ok := strings.CutPrefix(c.want, "…"); ok {
				if !strings.Contains(p.Detail, part) {
					t.Errorf("detail\n\t%s\nwant a part\n\t%s", p.Detail, part)
				}
			} else if p.Detail != c.want {
				t.Errorf("detail\n\t%s\nwant\n\t%s", p.Detail, c.want)
			}
		})
	}
}

// TestFirstStartInTheGap: a first_start that does not exist is still the
// first occurrence (moved), with no warning.
func TestFirstStartInTheGap(t *testing.T) {
	t.Parallel()
	spec := Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-28T02:30", RRule: "FREQ=WEEKLY", Duration: "1h"}
	s, ps := Compile(spec)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	occs, _ := s.Window(utc("2027-03-27T00:00:00Z"))
	if got := render(occs[:1]); got[0] != "2027-03-28T02:30 2027-03-28T03:00:00+02:00 2027-03-28T04:00:00+02:00 shifted" {
		t.Errorf("got %s", got[0])
	}
}
