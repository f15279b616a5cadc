package maintenanceapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx/httpxtest"
)

// Fuzz targets for everything this client decodes from the server (the
// {flag, message, result} envelope, get's epochs) and its date formatting.
// The seeds run in every `go test`; .ci/fuzz.sh fuzzes each briefly.

func cannedClient(t *testing.T, status int, date string, body []byte, loc *time.Location) *Client {
	t.Helper()
	h := httpxtest.Client(t, "maintenance", httpxtest.Canned{Status: status, Date: date, Body: body})
	c := New(h, loc)
	c.SetBatching(0, DefaultBatchMax)
	return c
}

// FuzzEpoch decodes active_since/active_till: epoch seconds as a JSON
// integer, a float, a numeric string, or milliseconds. A value is either an
// error or an instant between year 1 and 9999 (so that it prints as RFC 3339
// in any zone); integer forms decode exactly.
func FuzzEpoch(f *testing.F) {
	for _, s := range []string{
		`1732312800`, `"1732312800"`, `1732312800.5`, `"1732312800.25"`, `1732312800000`, `"1732312800123"`,
		`0`, `-1`, `-86400`, `-1.5`, `1e9`, `1.7e12`, `null`, `""`, `"null"`, ` 1732312800 `,
		`1709164800`, // 2024-02-29T00:00:00Z, a leap day
		`1710054000`, // 2024-03-10T07:00:00Z, New York's spring-forward
		`1730613600`, // 2024-11-03T06:00:00Z, New York's fall-back
		`99999999999`, `100000000001`, `253402300799`, `253402300799000`, `-62135596800`,
		`9223372036854775807`, `-9223372036854775808`, `1e300`, `-1e300`, `"NaN"`, `"Inf"`, `"-Inf"`, `"0x10"`,
		`true`, `{}`, `[]`, `"abc"`, `"1_000"`, `1e-9`,
	} {
		f.Add(s)
	}
	intForm := regexp.MustCompile(`^"?(-?[0-9]+)"?$`)
	f.Fuzz(func(t *testing.T, in string) {
		var e epoch
		err := e.UnmarshalJSON([]byte(in))
		if err != nil {
			return
		}
		got := time.Time(e)
		if got.IsZero() {
			return // null or empty
		}
		if y := got.Year(); y < 1 || y > 9999 {
			t.Fatalf("%s decoded to %s, outside years 1..9999", in, got)
		}
		if got.Location() != time.UTC {
			t.Fatalf("%s decoded to %s, not UTC", in, got)
		}
		if m := intForm.FindStringSubmatch(strings.TrimSpace(in)); m != nil {
			n, perr := strconv.ParseInt(m[1], 10, 64)
			if perr != nil {
				t.Fatalf("%s: decoded although it overflows int64", in)
			}
			want := time.Unix(n, 0).UTC()
			if n > 1e11 {
				want = time.UnixMilli(n).UTC()
			}
			if !got.Equal(want) {
				t.Fatalf("%s decoded to %s, want %s", in, got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
			}
		}
		// The same instant sent as seconds decodes back (seconds beyond 1e11,
		// year 5138, are read as milliseconds by design).
		if got.Unix() > 1e11 {
			return
		}
		var again epoch
		if err := again.UnmarshalJSON([]byte(strconv.FormatInt(got.Unix(), 10))); err != nil || !time.Time(again).Equal(got.Truncate(time.Second)) {
			t.Fatalf("%s: re-decoding %d gave %v, %v", in, got.Unix(), time.Time(again), err)
		}
	})
}

// FuzzEnvelope feeds any status and body to every operation. A failure
// (non-2xx, flag=false, a body that is not the envelope, an unreadable
// result) is always an *api.Error carrying the HTTP status; a success only
// comes from a 2xx with flag=true, and a get never loses a requested id.
func FuzzEnvelope(f *testing.F) {
	seeds := []struct {
		status int
		body   string
	}{
		{200, `{"flag":true,"message":"","result":{"maintenance_id":"silence-12345","created_at":"2026-11-22T10:00:00+09:00"}}`},
		{200, `{"flag":true,"message":"","result":{"maintenance_id":"silence-12345","updated_at":"2026-11-22T10:05:00Z"}}`},
		{200, `{"flag":true,"message":"","result":{"maintenance_id":"silence-12345","status":"expired","expired_at":"2026-11-22T11:00:00Z"}}`},
		{200, `{"flag":true,"message":"","result":{"maintenances":[{"maintenance_id":"silence-12345","title":"DB patch","status":"active","active_since":1763773200,"active_till":1763780400,"targets":[{"type":"infra","target_ip":"10.0.0.1","region":"DX-G-GB"}]}]}}`},
		{200, `{"flag":true,"message":"","result":{"maintenances":[{"maintenance_id":"a","active_since":"1763773200","active_till":1763780400000.0}]}}`},
		{200, `{"flag":true,"message":"","result":{"maintenances":[]}}`},
		{200, `{"flag":true,"message":"","result":null}`},
		{200, `{"flag":false,"message":"maintenance not found","result":null}`},
		{200, `{"flag":false,"message":"존재하지 않는 점검입니다","result":null}`},
		{200, `{"flag":false,"message":"","result":null}`},
		{200, `{"flag":false,"message":"already expired","result":null}`},
		{404, `{"flag":false,"message":"not found","result":null}`},
		{500, `{"flag":true,"message":"","result":{}}`},
		{500, `<html><body>Internal Server Error</body></html>`},
		{502, ``},
		{503, `upstream connect error`},
		{401, `{"flag":false,"message":"invalid api key"}`},
		{200, `{"flag":true,"result":{"maintenances":[{"maintenance_id":"a","active_since":"soon"}]}}`},
		{200, `{"flag":"true"}`},
		{200, `[]`},
		{200, `null`},
		{200, ``},
		{200, `{"flag":true,"result":{"maintenances":{}}}`},
		{204, ``},
		{299, `{"flag":true}`},
		{600, `{}`},
	}
	for i, s := range seeds {
		f.Add(uint8(i%4), s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op uint8, status int, body []byte) {
		if status < 100 || status > 999 {
			return // net/http refuses such answers before any decoder sees them
		}
		c := cannedClient(t, status, "", body, time.UTC)
		ctx := context.Background()
		var err error
		var got *GetResult
		switch op % 4 {
		case 0:
			_, err = c.Create(ctx, CreateInput{Title: "t", Start: time.Unix(1763773200, 0), End: time.Unix(1763780400, 0)})
		case 1:
			_, err = c.Update(ctx, UpdateInput{ID: "silence-1"})
		case 2:
			_, err = c.Expire(ctx, "silence-1")
		default:
			got, err = c.Get(ctx, "silence-1", "silence-2")
		}
		var env envelope
		isEnv := json.Unmarshal(body, &env) == nil && env.Flag != nil
		ok2xx := status >= 200 && status < 300
		// A get whose batch fails as not-found asks per id and then lists
		// every id as missing.
		notFoundGet := op%4 == 3 && (status == http.StatusNotFound || (isEnv && !*env.Flag && IsNotFoundMessage(env.Message)))
		if err == nil {
			if notFoundGet && len(got.Missing) == 2 && len(got.Maintenances) == 0 {
				return
			}
			if !ok2xx || !isEnv || !*env.Flag {
				t.Fatalf("status %d body %q: no error", status, body)
			}
			if got != nil {
				seen := map[string]bool{}
				for _, m := range got.Maintenances {
					seen[m.ID] = true
				}
				for _, id := range got.Missing {
					seen[id] = true
				}
				if !seen["silence-1"] || !seen["silence-2"] {
					t.Fatalf("get lost a requested id: %+v", got)
				}
			}
			return
		}
		if op%4 == 0 && (status == 502 || status == 504) {
			var amb *httpx.AmbiguousError
			if !errors.As(err, &amb) {
				t.Fatalf("create answered %d: want *httpx.AmbiguousError, got %T %v", status, err, err)
			}
			return
		}
		var ae *api.Error
		if !errors.As(err, &ae) {
			t.Fatalf("status %d body %q: want *api.Error, got %T %v", status, body, err, err)
		}
		if ae.Status != status {
			t.Fatalf("api.Error status %d, want %d", ae.Status, status)
		}
		if status == http.StatusNotFound && !api.IsNotFound(err) {
			t.Fatalf("404 is not not-found: %v", err)
		}
		if isEnv && !*env.Flag && strings.TrimSpace(env.Message) != "" && ae.Message != env.Message {
			t.Fatalf("message %q, want the server's %q", ae.Message, env.Message)
		}
		if ae.Error() == "" {
			t.Fatal("empty error text")
		}
	})
}

// fuzzZones are API zones a user may configure.
var fuzzZones = func() []*time.Location {
	var out []*time.Location
	for _, n := range []string{"UTC", "Asia/Seoul", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe"} {
		l, err := time.LoadLocation(n)
		if err != nil {
			panic(err)
		}
		out = append(out, l)
	}
	return append(out, time.FixedZone("+05:45", 5*3600+45*60), time.FixedZone("-03:30", -(3*3600+30*60)))
}()

// ambiguous reports whether the wall clock of t in loc happens twice (the
// hour repeated when daylight saving time ends).
func ambiguous(t time.Time, loc *time.Location) bool {
	w := t.In(loc)
	for _, d := range []time.Duration{-3 * time.Hour, -2 * time.Hour, -time.Hour, -30 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour} {
		o := t.Add(d).In(loc)
		if o.Format(DateLayout) == w.Format(DateLayout) {
			return true
		}
	}
	return false
}

// FuzzFormatDate converts an instant to the API's "yyyy-MM-dd HH:mm" in the
// client's zone. Read back in that zone (as the server does) it is the same
// instant cut to the minute, except for a wall time that happens twice at
// the end of daylight saving time, which the naive format cannot tell apart.
func FuzzFormatDate(f *testing.F) {
	for _, s := range []int64{
		1763773200, 0, -1, -86400 * 365 * 30, 1709164800, 1709251199, // leap day 2024
		1710054000, 1710052200, 1730613600, 1730610000, 1730611800, // New York DST
		1711846800, 1729990800, 1729987200, // Berlin DST
		253402300740, -62135596800, 951782400, // 2000-02-29
	} {
		for z := range fuzzZones {
			f.Add(s, int64(0), uint8(z))
		}
	}
	f.Add(int64(1763773230), int64(999999999), uint8(1))
	f.Fuzz(func(t *testing.T, sec, nsec int64, zone uint8) {
		in := time.Unix(sec, nsec)
		if in.Year() < 1 || in.Year() > 9998 {
			return
		}
		loc := fuzzZones[int(zone)%len(fuzzZones)]
		if _, off := in.In(loc).Zone(); off%60 != 0 {
			return // local mean time of the 19th century: not a whole-minute zone
		}
		c := &Client{loc: loc}
		s := c.FormatDate(in)
		if len(s) != len(DateLayout) {
			t.Fatalf("%s formats as %q, not yyyy-MM-dd HH:mm", in, s)
		}
		back, err := time.ParseInLocation(DateLayout, s, loc)
		if err != nil {
			t.Fatalf("%q does not parse back: %v", s, err)
		}
		if back.Format(DateLayout) != s || c.FormatDate(back) != s {
			t.Fatalf("%q reads back as %s", s, back)
		}
		if want := in.Truncate(time.Minute); !back.Equal(want) && !ambiguous(want, loc) {
			t.Fatalf("%s in %s: %q reads back as %s, want %s", in.UTC(), loc, s, back.UTC(), want.UTC())
		}
	})
}
