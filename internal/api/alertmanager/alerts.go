package alertmanager

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Alert states as the server reports them in status.state.
const (
	AlertStateActive      = "active"
	AlertStateSuppressed  = "suppressed"
	AlertStateUnprocessed = "unprocessed"
)

// Alert is one alert as GET {base}/alerts reports it.
type Alert struct {
	Fingerprint string
	Labels      map[string]string
	Annotations map[string]string
	StartsAt    time.Time
	EndsAt      time.Time
	UpdatedAt   time.Time
	// State is active, suppressed (silenced or inhibited) or unprocessed.
	State string
	// SilencedBy holds the ids of the silences that mute the alert now.
	SilencedBy  []string
	InhibitedBy []string
	Receivers   []string
}

// AlertFilter selects alerts. A nil bool leaves the server's default (true).
type AlertFilter struct {
	// Matchers are applied as a silence applies them: an alert is returned
	// when every matcher matches its labels (a missing label is "").
	Matchers    []Matcher
	Active      *bool
	Silenced    *bool
	Inhibited   *bool
	Unprocessed *bool
	// Receiver is a regular expression on the receiver names (anchored).
	Receiver string
}

// classicLabelName is a label name both of Alertmanager's matcher parsers
// (the classic one Grafana uses and the UTF-8 one of Alertmanager ≥ 0.27)
// accept without quotes.
var classicLabelName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)

// FilterString encodes m as one `filter` query value of GET /alerts (and
// GET /silences): name, operator and a double-quoted value, so that the
// server parses back exactly the matcher the silence carries.
//
// The value escapes only the backslash, the double quote and the newline:
// those three escapes mean the same to the classic parser
// (pkg/labels.ParseMatcher, used by Grafana) and to the UTF-8 parser
// (strconv.Unquote, Alertmanager ≥ 0.27), while every other character,
// Unicode and tabs included, is taken literally by both. A regex such as
// `web-\d+` is thus sent as instance=~"web-\\d+". Names are sent bare when
// they are classic label names, and quoted otherwise (only the UTF-8
// parser can read such names).
func FilterString(m Matcher) string {
	name := m.Name
	if !classicLabelName.MatchString(name) {
		name = strconv.Quote(name)
	}
	return name + m.Operator() + quoteValue(m.Value)
}

func quoteValue(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for _, r := range v {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Query is the query string of GET /alerts for f.
func (f AlertFilter) Query() url.Values {
	q := url.Values{}
	for _, p := range []struct {
		name string
		v    *bool
	}{{"active", f.Active}, {"silenced", f.Silenced}, {"inhibited", f.Inhibited}, {"unprocessed", f.Unprocessed}} {
		if p.v != nil {
			q.Set(p.name, strconv.FormatBool(*p.v))
		}
	}
	for _, m := range f.Matchers {
		q.Add("filter", FilterString(m))
	}
	if f.Receiver != "" {
		q.Set("receiver", f.Receiver)
	}
	return q
}

type wireAlert struct {
	Fingerprint string            `json:"fingerprint"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	StartsAt    time.Time         `json:"startsAt"`
	EndsAt      time.Time         `json:"endsAt"`
	UpdatedAt   time.Time         `json:"updatedAt"`
	Receivers   []struct {
		Name string `json:"name"`
	} `json:"receivers"`
	Status struct {
		State       string   `json:"state"`
		SilencedBy  []string `json:"silencedBy"`
		InhibitedBy []string `json:"inhibitedBy"`
	} `json:"status"`
}

func (w wireAlert) alert() Alert {
	a := Alert{
		Fingerprint: w.Fingerprint, Labels: w.Labels, Annotations: w.Annotations,
		StartsAt: w.StartsAt, EndsAt: w.EndsAt, UpdatedAt: w.UpdatedAt,
		State: w.Status.State, SilencedBy: w.Status.SilencedBy, InhibitedBy: w.Status.InhibitedBy,
	}
	if a.Labels == nil {
		a.Labels = map[string]string{}
	}
	if a.Annotations == nil {
		a.Annotations = map[string]string{}
	}
	for _, r := range w.Receivers {
		a.Receivers = append(a.Receivers, r.Name)
	}
	return a
}

// Alerts lists the alerts the server holds now, filtered by f, in one
// request (GET {base}/alerts). The answer is returned as the server sorts
// it (Alertmanager: by fingerprint).
func (c *Client) Alerts(ctx context.Context, f AlertFilter) ([]Alert, ServerTime, error) {
	const op = "list alerts"
	if c.opts.Flavor == FlavorAlertSilence {
		return nil, time.Time{}, &api.Error{Op: op, Message: "the alert-silence flavor has no alerts API"}
	}
	resp, err := c.http.Do(ctx, httpx.Request{
		Method: http.MethodGet, Path: c.BasePath() + "/alerts", Query: f.Query(), Idempotent: true,
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	now := serverNow(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, now, alertsError(op, resp)
	}
	var ws []wireAlert
	if err := json.Unmarshal(resp.Body, &ws); err != nil {
		return nil, now, &api.Error{Op: op, Status: resp.StatusCode, Message: "malformed answer: " + err.Error()}
	}
	out := make([]Alert, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.alert())
	}
	return out, now, nil
}

// alertsError is apiError with messages about alerts, not silences.
func alertsError(op string, resp *httpx.Response) error {
	e := &api.Error{Op: op, Status: resp.StatusCode}
	e.Code, e.Message = decodeErrorBody(resp.Body)
	if e.Message == "" {
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			e.Message = "unauthorized: check the token or username/password"
		case http.StatusForbidden:
			e.Message = "forbidden: the credentials may not read alerts"
		case http.StatusNotFound:
			e.Message = "no alerts API at this address"
		default:
			e.Message = http.StatusText(resp.StatusCode)
		}
	}
	return e
}
