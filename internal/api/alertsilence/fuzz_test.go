package alertsilence

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx/httpxtest"
)

// Fuzz targets for everything this client decodes from the Alert Silence
// API: list answers, create answers and ProblemDetails failures. The seeds
// run in every `go test`; .ci/fuzz.sh fuzzes each briefly.

// fuzzDate is the server's Date on every canned answer.
const fuzzDate = "Sun, 22 Nov 2026 22:02:51 GMT"

func cannedClient(t *testing.T, status int, body []byte) *Client {
	t.Helper()
	h := httpxtest.Client(t, "alert-silence", httpxtest.Canned{Status: status, Date: fuzzDate, Body: body})
	return New(h, nil)
}

const fuzzSilence = `{"silenceId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","sourceType":"Equipment","sourceIdPattern":"Equipment-*","reason":"patch","createdBy":"Admin","createdAt":"2026-11-22T22:02:51.1234567Z","startsAt":"2026-11-22T22:00:00Z","endsAt":"2026-11-22T23:00:00Z"}`

// problemSeeds are failure bodies: ASP.NET ProblemDetails, validation
// problems, plain text, nothing.
var problemSeeds = []struct {
	status int
	body   string
}{
	{400, `{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"EndsAt":["EndsAt must be after StartsAt."],"SourceType":["The SourceType field is required."]}}`},
	{404, `{"title":"Not Found","status":404}`},
	{500, `{"title":"An error occurred while processing your request.","detail":"Object reference not set to an instance of an object."}`},
	{500, `Internal Server Error`}, {500, ``}, {400, `{"errors":{}}`}, {400, `{"errors":{"x":null}}`}, {400, `{"errors":[]}`},
	{400, `{"title":7}`}, {503, `<html>unavailable</html>`}, {400, `{"detail":"시작 시각이 종료 시각보다 늦습니다"}`},
}

// FuzzProblemDetails turns a failure body into *api.Error: the answer's
// status, not-found exactly for 404, the same text every time (the errors
// map is sorted), and every title/detail/field message of a ProblemDetails
// body in it.
func FuzzProblemDetails(f *testing.F) {
	for _, s := range problemSeeds {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &httpx.Response{StatusCode: status, Body: body}
		err := apiError("delete silence", "id-1", resp)
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Status != status || ae.ID != "id-1" {
			t.Fatalf("want *api.Error with status %d and the id, got %#v", status, err)
		}
		if ae.NotFound != (status == http.StatusNotFound) || api.IsNotFound(err) != ae.NotFound {
			t.Fatalf("status %d: NotFound %v", status, ae.NotFound)
		}
		for range 3 {
			if again := apiError("delete silence", "id-1", resp).Error(); again != err.Error() {
				t.Fatalf("the message changes between calls: %q vs %q", again, err.Error())
			}
		}
		var p struct {
			Title  string              `json:"title"`
			Detail string              `json:"detail"`
			Errors map[string][]string `json:"errors"`
		}
		if json.Unmarshal(body, &p) != nil {
			if strings.TrimSpace(string(body)) != "" && ae.Message == "" {
				t.Fatalf("body %q lost", body)
			}
			return
		}
		for _, part := range []string{p.Title, p.Detail} {
			if !strings.Contains(ae.Message, part) {
				t.Fatalf("message %q lacks %q", ae.Message, part)
			}
		}
		for k, msgs := range p.Errors {
			if !strings.Contains(ae.Message, k+": "+strings.Join(msgs, " ")) {
				t.Fatalf("message %q lacks field %q", ae.Message, k)
			}
		}
	})
}

// FuzzListAnswer decodes list answers. A 200 either yields one silence per
// element, with a state that is one of pending/active/expired at any time,
// and the server's clock, or a malformed-answer *api.Error; other statuses
// are *api.Error with it.
func FuzzListAnswer(f *testing.F) {
	for _, s := range []string{
		"[" + fuzzSilence + "]", `[]`, `null`, `[{}]`, `{"items":[]}`, ``, `[{"startsAt":"2026-11-22"}]`,
		`[{"silenceId":"a","startsAt":"2024-02-29T12:00:00+05:45","endsAt":"2024-03-10T02:30:00-05:00"}]`,
		`[{"silenceId":"b","startsAt":"2026-11-22T22:00:00Z","endsAt":"2026-11-22T21:00:00Z"}]`,
	} {
		f.Add(200, []byte(s))
	}
	for _, s := range problemSeeds {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		c := cannedClient(t, status, body)
		l, err := c.ListActive(context.Background())
		if err != nil {
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Status != status {
				t.Fatalf("status %d: want *api.Error with it, got %T %v", status, err, err)
			}
			if status == http.StatusOK && !strings.HasPrefix(ae.Message, "malformed answer") {
				t.Fatalf("200 failure %q does not say the answer is malformed", ae.Message)
			}
			return
		}
		var raw []json.RawMessage
		if status != http.StatusOK || json.Unmarshal(body, &raw) != nil || len(raw) != len(l.Silences) {
			t.Fatalf("status %d body %q accepted as %d silences", status, body, len(l.Silences))
		}
		if l.Now.IsZero() {
			t.Fatal("the Date header was lost")
		}
		for _, s := range l.Silences {
			for _, at := range []time.Time{l.Now, s.StartsAt, s.EndsAt, s.StartsAt.Add(-time.Second), s.EndsAt.Add(-time.Nanosecond)} {
				switch st := s.State(at); st {
				case "pending", "active", "expired":
				default:
					t.Fatalf("state %q", st)
				}
			}
			if !s.EndsAt.Before(s.StartsAt) && s.State(s.EndsAt) != "expired" {
				t.Fatalf("%+v is not expired at its end", s)
			}
		}
	})
}

// FuzzCreateAnswer decodes a create answer: success needs 200/201 and a
// silenceId; otherwise *api.Error with the status (a 2xx without an id says
// the silence may exist).
func FuzzCreateAnswer(f *testing.F) {
	f.Add(201, []byte(fuzzSilence))
	f.Add(200, []byte(fuzzSilence))
	for _, s := range []string{`{}`, `{"silenceId":""}`, `{"silenceId":5}`, ``, `[]`, `null`} {
		f.Add(201, []byte(s))
	}
	for _, s := range problemSeeds {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		c := cannedClient(t, status, body)
		s, err := c.Create(context.Background(), CreateRequest{SourceType: "Equipment", SourceIDPattern: "*", Reason: "r",
			StartsAt: time.Unix(1763848800, 0), EndsAt: time.Unix(1763852400, 0)})
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
			if (status == 200 || status == 201) && !strings.Contains(ae.Message, "may exist") {
				t.Fatalf("a 2xx without an id must say the silence may exist: %q", ae.Message)
			}
			return
		}
		if (status != 200 && status != 201) || s.ID == "" {
			t.Fatalf("status %d body %q accepted as %+v", status, body, s)
		}
	})
}
