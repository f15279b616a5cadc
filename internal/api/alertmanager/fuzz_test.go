package alertmanager

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx/httpxtest"
)

// Fuzz targets for everything this client decodes from Alertmanager and
// Grafana (silences, alerts, error bodies) and for the filter encoding. The
// seeds run in every `go test`; .ci/fuzz.sh fuzzes each briefly.

// fuzzDate is the server's Date on every canned answer.
const fuzzDate = "Sun, 22 Nov 2026 22:02:51 GMT"

func cannedClient(t *testing.T, status int, body []byte) *Client {
	t.Helper()
	h := httpxtest.Client(t, "alertmanager", httpxtest.Canned{Status: status, Date: fuzzDate, Body: body})
	return New(h, Options{Flavor: FlavorPrometheus, ReadAfterCreateTimeout: -1})
}

// unquoteFilterValue is the decoding FilterString promises: a double-quoted
// string whose only escapes are \\, \" and \n. It fails on an unescaped
// quote inside, a dangling backslash or any other escape.
func unquoteFilterValue(s string) (string, bool) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	var b strings.Builder
	in := s[1 : len(s)-1]
	for i := 0; i < len(in); i++ {
		switch c := in[i]; c {
		case '"':
			return "", false
		case '\\':
			if i+1 == len(in) {
				return "", false
			}
			i++
			switch in[i] {
			case '\\':
				b.WriteByte('\\')
			case '"':
				b.WriteByte('"')
			case 'n':
				b.WriteByte('\n')
			default:
				return "", false
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// FuzzFilterString encodes a matcher as a `filter` query value. The result
// is name, operator, value; the value is one balanced double-quoted string
// that decodes back to the matcher's value both by the three escapes the
// classic parser knows and by strconv.Unquote (the UTF-8 parser); a name
// that is not a classic label name is quoted and unquotes back.
func FuzzFilterString(f *testing.F) {
	for _, m := range []Matcher{
		{Name: "alertname", Value: "HighLatency", IsEqual: true},
		{Name: "instance", Value: `web-\d+`, IsRegex: true, IsEqual: true},
		{Name: "severity", Value: "info", IsEqual: false},
		{Name: "job", Value: ".+", IsRegex: true},
		{Name: "msg", Value: `say "hi"` + "\n" + `C:\path`, IsEqual: true},
		{Name: "service.name", Value: "api", IsEqual: true},
		{Name: "서비스", Value: "결제", IsEqual: true},
		{Name: "a b", Value: "\t tab", IsEqual: true},
		{Name: "", Value: "", IsEqual: true},
		{Name: "x", Value: `\`, IsEqual: true},
		{Name: "x", Value: `"`, IsEqual: true},
		{Name: "x", Value: "=~\"}{,", IsEqual: true},
		{Name: "x", Value: "\r\u2028\x00\x7f", IsEqual: true},
		{Name: "__name__", Value: "up", IsEqual: true},
		{Name: "1abc", Value: "v", IsEqual: true},
	} {
		f.Add(m.Name, m.Value, m.IsRegex, m.IsEqual)
	}
	ops := map[[2]bool]string{{true, false}: "=", {false, false}: "!=", {true, true}: "=~", {false, true}: "!~"}
	f.Fuzz(func(t *testing.T, name, value string, isRegex, isEqual bool) {
		if !utf8.ValidString(name) || !utf8.ValidString(value) {
			return // Terraform strings and JSON answers are valid UTF-8
		}
		m := Matcher{Name: name, Value: value, IsRegex: isRegex, IsEqual: isEqual}
		enc := FilterString(m)
		op := ops[[2]bool{isEqual, isRegex}]
		var encName, rest string
		if classicLabelName.MatchString(name) {
			if !strings.HasPrefix(enc, name+op+`"`) {
				t.Fatalf("%q: bare name and operator %s expected", enc, op)
			}
			encName, rest = name, enc[len(name)+len(op):]
		} else {
			q, err := strconv.QuotedPrefix(enc)
			if err != nil {
				t.Fatalf("%q: the name %q is neither classic nor quoted: %v", enc, name, err)
			}
			if encName, err = strconv.Unquote(q); err != nil || encName != name {
				t.Fatalf("%q: quoted name reads back as %q (%v), want %q", enc, encName, err, name)
			}
			if !strings.HasPrefix(enc[len(q):], op+`"`) {
				t.Fatalf("%q: operator %s expected after the name", enc, op)
			}
			rest = enc[len(q)+len(op):]
		}
		if encName != name {
			t.Fatalf("%q: name %q, want %q", enc, encName, name)
		}
		got, ok := unquoteFilterValue(rest)
		if !ok || got != value {
			t.Fatalf("%q: value %q does not decode back to %q", enc, rest, value)
		}
		if u, err := strconv.Unquote(rest); err != nil || u != value {
			t.Fatalf("%q: strconv.Unquote(%q) = %q, %v; want %q", enc, rest, u, err, value)
		}
		if q := (AlertFilter{Matchers: []Matcher{m}}).Query(); q.Get("filter") != enc {
			t.Fatalf("Query() sends %q, want %q", q.Get("filter"), enc)
		}
	})
}

// checkAPIError is the contract of every failure: an *api.Error with the
// answer's status, the expected not-found flag, and a message.
func checkAPIError(t *testing.T, err error, status int, notFound bool) *api.Error {
	t.Helper()
	var ae *api.Error
	if !errors.As(err, &ae) {
		t.Fatalf("status %d: want *api.Error, got %T %v", status, err, err)
	}
	if ae.Status != status {
		t.Fatalf("api.Error status %d, want %d", ae.Status, status)
	}
	if ae.NotFound != notFound {
		t.Fatalf("status %d: NotFound = %v", status, ae.NotFound)
	}
	if !utf8.ValidString(ae.Message) {
		t.Fatalf("status %d: message %q is not valid UTF-8 (diagnostics must be)", status, ae.Message)
	}
	if ae.Message == "" && http.StatusText(status) != "" {
		t.Fatalf("status %d: empty message", status)
	}
	return ae
}

// FuzzErrorBody decodes a failure body: a JSON string (Alertmanager), a
// swagger {"code","message"} object, Grafana's {"message","messageId"}, an
// {"error"} object, or anything else. The server's own message always
// reaches the error.
func FuzzErrorBody(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
	}{
		{400, `"bad matcher: unknown operator"`},
		{422, `{"code":612,"message":"matchers in body should have at least 1 items"}`},
		{400, `{"message":"silence failed validation: x","messageId":"alerting.notifications.silences.badRequest"}`},
		{404, `{"message":"silence not found","messageId":"alerting.notifications.silences.notFound"}`},
		{401, `{"message":"Unauthorized"}`},
		{403, `{"message":"user has no permission alert.instances:read","messageId":"alerting.unauthorized"}`},
		{409, `{"message":"Alertmanager is not ready yet"}`},
		{500, `{"error":"internal"}`},
		{500, `{"code":"E1","error":"x"}`},
		{404, ``}, {502, `<html>Bad Gateway</html>`}, {500, `"  "`}, {500, `{}`}, {599, ``}, {400, `null`},
		{500, `{"message":123}`}, {500, "\xff\xfe"}, {500, strings.Repeat("오류", 300)},
	} {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &httpx.Response{StatusCode: status, Body: body}
		silence404 := status == http.StatusNotFound
		for _, ae := range []*api.Error{
			checkAPIError(t, apiError("read silence", "id-1", resp), status, silence404),
			// A 404 of /alerts means no alerts API at that address, not a missing object.
			checkAPIError(t, alertsError("list alerts", resp), status, false),
		} {
			var s string
			if json.Unmarshal(body, &s) == nil && strings.TrimSpace(s) != "" && ae.Message != strings.TrimSpace(s) {
				t.Fatalf("body %q: message %q, want the server's string", body, ae.Message)
			}
			var obj struct {
				Message string `json:"message"`
			}
			if json.Unmarshal(body, &obj) == nil && obj.Message != "" && ae.Message != obj.Message {
				t.Fatalf("body %q: message %q, want the server's %q", body, ae.Message, obj.Message)
			}
		}
	})
}

// silenceSeeds are answers of GET /silence/{id} and GET /silences.
var silenceSeeds = []string{
	`{"id":"x","status":{"state":"active"},"updatedAt":"2026-11-22T22:02:51.471Z","comment":"c","createdBy":"tf","endsAt":"2026-11-22T23:02:51.000Z","matchers":[{"isRegex":false,"name":"a","value":"b"}],"startsAt":"2026-11-22T22:02:51.471Z"}`,
	`{"id":"y","status":{"state":"pending"},"matchers":[{"isRegex":true,"isEqual":false,"name":"job","value":".+"}],"startsAt":"2024-02-29T23:30:00+05:45","endsAt":"2024-03-10T02:30:00-05:00"}`,
	`{"id":"z","status":{"state":"expired"},"matchers":[{"name":"a","value":"b","isEqual":null}],"startsAt":"0001-01-01T00:00:00Z","endsAt":"9999-12-31T23:59:59.999999999Z"}`,
	`{"id":"","matchers":null}`, `{}`, `null`, `[]`, `{"startsAt":"2026-11-22 22:02"}`, `{"startsAt":"2026-11-22T22:02:51+24:00"}`,
	`{"matchers":[{"isEqual":"yes"}]}`, `{"id":1}`, ``, `{"id":"x"`,
}

// FuzzSilenceAnswer decodes GET /silence/{id} and GET /silences. A 200
// either yields silences (matchers kept in order, isEqual true unless the
// server sent false, times that encode back to the same instants) or an
// *api.Error saying the answer is malformed; any other status is an
// *api.Error with it.
func FuzzSilenceAnswer(f *testing.F) {
	for _, s := range silenceSeeds {
		f.Add(200, []byte(s), false)
		f.Add(200, []byte("["+s+"]"), true)
	}
	f.Add(404, []byte(`{"message":"silence not found"}`), false)
	f.Add(500, []byte(`"boom"`), true)
	f.Fuzz(func(t *testing.T, status int, body []byte, list bool) {
		if status < 100 || status > 999 {
			return
		}
		c := cannedClient(t, status, body)
		var got []Silence
		var now time.Time
		var err error
		var raw []json.RawMessage
		if list {
			got, now, err = c.List(context.Background(), []Matcher{{Name: "a", Value: "b", IsEqual: true}})
			_ = json.Unmarshal(body, &raw)
		} else {
			var s Silence
			s, now, err = c.Get(context.Background(), "x")
			got, raw = []Silence{s}, []json.RawMessage{body}
		}
		if now.IsZero() {
			t.Fatal("the Date header was lost")
		}
		if err != nil {
			ae := checkAPIError(t, err, status, status == http.StatusNotFound)
			if status == http.StatusOK && !strings.HasPrefix(ae.Message, "malformed answer") {
				t.Fatalf("200 failure %q does not say the answer is malformed", ae.Message)
			}
			return
		}
		if status != http.StatusOK {
			t.Fatalf("status %d accepted", status)
		}
		if len(got) != len(raw) {
			t.Fatalf("%d silences decoded from %d", len(got), len(raw))
		}
		for i, s := range got {
			var w struct {
				Matchers []struct {
					IsEqual *bool `json:"isEqual"`
				} `json:"matchers"`
			}
			_ = json.Unmarshal(raw[i], &w)
			if len(s.Matchers) != len(w.Matchers) {
				t.Fatalf("%d matchers decoded from %d", len(s.Matchers), len(w.Matchers))
			}
			for j, m := range s.Matchers {
				if want := w.Matchers[j].IsEqual == nil || *w.Matchers[j].IsEqual; m.IsEqual != want {
					t.Fatalf("matcher %d: isEqual %v, want %v", j, m.IsEqual, want)
				}
			}
			// What Update posts back keeps the instants the server sent.
			b, err := json.Marshal(postable(s))
			if err != nil {
				t.Fatalf("a decoded silence does not encode: %v", err)
			}
			var back wireSilence
			if err := json.Unmarshal(b, &back); err != nil || !back.StartsAt.Equal(s.StartsAt) || !back.EndsAt.Equal(s.EndsAt) {
				t.Fatalf("times do not survive a post: %s vs %+v (%v)", b, s, err)
			}
		}
	})
}

// FuzzCreateAnswer decodes the answer of POST /silences. Success needs a
// 200/202 with a non-empty silenceID, which is returned as sent.
func FuzzCreateAnswer(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
	}{
		{200, `{"silenceID":"4fbbd1b7-4a56-4ebd-9d18-a4b1dc5d4a11"}`}, {202, `{"silenceID":"new-id"}`},
		{200, `{}`}, {200, `{"silenceID":""}`}, {200, `{"silenceID":7}`}, {200, ``}, {201, `{"silenceID":"x"}`},
		{400, `"bad"`}, {422, `{"code":612,"message":"x"}`}, {500, ``}, {503, `{"message":"later"}`},
		{502, ``}, {504, `{"message":"upstream timed out"}`},
	} {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		c := cannedClient(t, status, body)
		id, _, err := c.Create(context.Background(), Silence{Matchers: []Matcher{{Name: "a", Value: "b", IsEqual: true}}})
		if status == 502 || status == 504 {
			var amb *httpx.AmbiguousError
			if !errors.As(err, &amb) {
				t.Fatalf("create answered %d: want *httpx.AmbiguousError, got %v", status, err)
			}
			return
		}
		if err != nil {
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Status != status {
				t.Fatalf("status %d: want *api.Error with it, got %T %v", status, err, err)
			}
			return
		}
		var out struct {
			SilenceID string `json:"silenceID"`
		}
		if (status != 200 && status != 202) || json.Unmarshal(body, &out) != nil || id == "" || id != out.SilenceID {
			t.Fatalf("status %d body %q accepted as id %q", status, body, id)
		}
	})
}

// FuzzAlertsAnswer decodes GET /alerts. A 200 yields one alert per element
// with non-nil label and annotation maps and the receivers in order, or a
// malformed-answer *api.Error; other statuses are *api.Error with it.
func FuzzAlertsAnswer(f *testing.F) {
	for _, s := range []string{
		`[{"annotations":{"summary":"slow"},"endsAt":"2026-11-22T23:02:51.471Z","fingerprint":"0a1b","receivers":[{"name":"web"},{"name":"pager"}],"startsAt":"2026-11-22T22:02:51.471Z","status":{"inhibitedBy":[],"silencedBy":["s1"],"state":"suppressed"},"updatedAt":"2026-11-22T22:02:51.471Z","labels":{"alertname":"HighLatency","서비스":"결제"}}]`,
		`[]`, `null`, `[{}]`, `[null]`, `{"not":"a list"}`, `[{"labels":null,"receivers":null}]`, `[{"labels":{"a":1}}]`, ``,
		`[{"startsAt":"2024-11-03T01:30:00-04:00"},{"startsAt":"2024-11-03T01:30:00-05:00"}]`,
	} {
		f.Add(200, []byte(s))
	}
	f.Add(403, []byte(`{"message":"user has no permission alert.instances:read","messageId":"alerting.unauthorized"}`))
	f.Add(404, []byte(``))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		c := cannedClient(t, status, body)
		got, _, err := c.Alerts(context.Background(), AlertFilter{Matchers: []Matcher{{Name: "alertname", Value: "x", IsEqual: true}}})
		if err != nil {
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Status != status || ae.Message == "" && http.StatusText(status) != "" {
				t.Fatalf("status %d: want *api.Error with it and a message, got %T %v", status, err, err)
			}
			return
		}
		var raw []struct {
			Receivers []json.RawMessage `json:"receivers"`
		}
		if status != 200 || json.Unmarshal(body, &raw) != nil || len(raw) != len(got) {
			t.Fatalf("status %d body %q accepted as %d alerts", status, body, len(got))
		}
		for i, a := range got {
			if a.Labels == nil || a.Annotations == nil {
				t.Fatalf("alert %d has a nil map", i)
			}
			if len(a.Receivers) != len(raw[i].Receivers) {
				t.Fatalf("alert %d: %d receivers from %d", i, len(a.Receivers), len(raw[i].Receivers))
			}
		}
	})
}
