package httpx

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for the two server values httpx itself reads: Retry-After
// and Date. The seeds run in every `go test`; .ci/fuzz.sh fuzzes each
// briefly.

// FuzzRetryAfter parses Retry-After (delta-seconds or an HTTP date). An
// accepted value is never a negative wait (a negative wait would retry at
// once, without backoff); delta-seconds mean exactly that many seconds
// (saturating instead of overflowing), and a date means the time until it.
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 11, 22, 22, 2, 51, 0, time.UTC).Unix()
	for _, v := range []string{
		"120", "0", "1", " 7 ", "-1", "+5", "3.5", "", "soon", "1e3",
		"9223372036854775807", "9223372036", "9223372037", "99999999999999999999", "-9223372036854775808",
		"Sun, 22 Nov 2026 22:03:51 GMT", "Sun, 22 Nov 2026 22:02:50 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 29 Feb 2024 12:00:00 GMT", "Sunday, 22-Nov-26 22:03:51 GMT",
		"Sun Nov 22 22:03:51 2026", "Sun, 22 Nov 2026 22:03:51 +0545", "2026-11-22T22:03:51Z",
	} {
		f.Add(v, now)
	}
	digits := regexp.MustCompile(`^[+-]?[0-9]+$`)
	f.Fuzz(func(t *testing.T, v string, nowSec int64) {
		now := time.Unix(nowSec, 0)
		d, ok := retryAfter(v, now)
		if !ok {
			if d != 0 {
				t.Fatalf("%q refused with wait %s", v, d)
			}
			return
		}
		if d < 0 {
			t.Fatalf("Retry-After %q gives a negative wait %s", v, d)
		}
		s := strings.TrimSpace(v)
		if digits.MatchString(s) {
			n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
			if err == nil && n <= int64(maxRetryAfterSeconds) && d != time.Duration(n)*time.Second {
				t.Fatalf("Retry-After %q gives %s, want %ds", v, d, n)
			}
			if (err != nil || n > int64(maxRetryAfterSeconds)) && d != time.Duration(maxRetryAfterSeconds)*time.Second {
				t.Fatalf("Retry-After %q gives %s, want the saturated maximum", v, d)
			}
			return
		}
		at, err := http.ParseTime(s)
		if err != nil {
			t.Fatalf("%q accepted but is neither delta-seconds nor an HTTP date", v)
		}
		if want := max(at.Sub(now), 0); d != want {
			t.Fatalf("Retry-After %q at %s gives %s, want %s", v, now.UTC(), d, want)
		}
	})
}

// FuzzResponseDate reads the server's Date header, the clock of every
// expiry decision. An accepted date is GMT and prints back in the HTTP
// format as the same instant; a missing or broken one is refused.
func FuzzResponseDate(f *testing.F) {
	for _, v := range []string{
		"Sun, 22 Nov 2026 22:02:51 GMT", "Sunday, 22-Nov-26 22:02:51 GMT", "Sun Nov 22 22:02:51 2026",
		"Thu, 29 Feb 2024 00:00:00 GMT", "Sun, 03 Nov 2024 06:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "Sun, 22 Nov 2026 22:02:51 +0545",
		"Sun, 22 Nov 2026 22:02:51 UTC", "2026-11-22T22:02:51Z", "", "garbage", "Sun, 31 Feb 2026 00:00:00 GMT",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		r := &Response{Header: http.Header{"Date": []string{v}}}
		d, ok := r.Date()
		if !ok {
			if !d.IsZero() {
				t.Fatalf("%q refused with %s", v, d)
			}
			return
		}
		if _, off := d.Zone(); off != 0 {
			t.Fatalf("%q read as %s, not GMT", v, d)
		}
		back, err := http.ParseTime(d.Format(http.TimeFormat))
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q read as %s, which does not print back (%v)", v, d, err)
		}
		var none *Response
		if _, ok := none.Date(); ok {
			t.Fatal("a nil response has a date")
		}
	})
}
