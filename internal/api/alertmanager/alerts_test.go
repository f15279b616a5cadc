package alertmanager_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
)

func TestFilterString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		m    alertmanager.Matcher
		want string
	}{
		{alertmanager.Matcher{Name: "alertname", Value: "HighCPU", IsEqual: true}, `alertname="HighCPU"`},
		{alertmanager.Matcher{Name: "severity", Value: "info", IsEqual: false}, `severity!="info"`},
		{alertmanager.Matcher{Name: "instance", Value: "web-[12]", IsRegex: true, IsEqual: true}, `instance=~"web-[12]"`},
		{alertmanager.Matcher{Name: "env", Value: "dev|test", IsRegex: true}, `env!~"dev|test"`},
		{alertmanager.Matcher{Name: "__alert_rule_uid__", Value: "ddk3q7", IsEqual: true}, `__alert_rule_uid__="ddk3q7"`},
		{alertmanager.Matcher{Name: "path", Value: `C:\tmp "x"`, IsEqual: true}, `path="C:\\tmp \"x\""`},
		{alertmanager.Matcher{Name: "re", Value: `web-\d+`, IsRegex: true, IsEqual: true}, `re=~"web-\\d+"`},
		{alertmanager.Matcher{Name: "msg", Value: "a\nb\tc", IsEqual: true}, "msg=\"a\\nb\tc\""},
		{alertmanager.Matcher{Name: "city", Value: "서울 {x}, y=z", IsEqual: true}, `city="서울 {x}, y=z"`},
		{alertmanager.Matcher{Name: "empty", Value: "", IsEqual: true}, `empty=""`},
		{alertmanager.Matcher{Name: "k8s.io/app", Value: "v", IsEqual: true}, `"k8s.io/app"="v"`},
	} {
		if got := alertmanager.FilterString(tc.m); got != tc.want {
			t.Errorf("FilterString(%+v) = %s, want %s", tc.m, got, tc.want)
		}
	}
}

// classicParse mirrors Alertmanager's classic matcher parser
// (pkg/labels.ParseMatcher, v0.28.1), the one Grafana applies to filters.
var classicRE = regexp.MustCompile(`^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$`)

func classicParse(s string) (name, op, value string, err error) {
	ms := classicRE.FindStringSubmatch(s)
	if len(ms) == 0 {
		return "", "", "", fmt.Errorf("bad matcher format: %s", s)
	}
	raw, trailing := ms[3], false
	if strings.HasPrefix(raw, `"`) {
		raw, trailing = strings.TrimPrefix(raw, `"`), true
	}
	var b strings.Builder
	escaped := false
	for i, r := range raw {
		if escaped {
			escaped = false
			switch r {
			case 'n':
				b.WriteByte('\n')
			case '"', '\\':
				b.WriteRune(r)
			default:
				b.WriteByte('\\')
				b.WriteRune(r)
			}
			continue
		}
		switch r {
		case '\\':
			if i < len(raw)-1 {
				escaped = true
				continue
			}
			b.WriteByte('\\')
		case '"':
			if !trailing || i < len(raw)-1 {
				return "", "", "", fmt.Errorf("unescaped double quote: %s", ms[3])
			}
			trailing = false
		default:
			b.WriteRune(r)
		}
	}
	if trailing {
		return "", "", "", fmt.Errorf("missing trailing quote: %s", ms[3])
	}
	return ms[1], ms[2], b.String(), nil
}

// TestFilterString_bothParsers: every value comes back unchanged from the
// classic parser and from the UTF-8 parser's strconv.Unquote.
func TestFilterString_bothParsers(t *testing.T) {
	t.Parallel()
	values := []string{"plain", "", `back\slash`, `trailing\`, `"quoted"`, "new\nline", "tab\there", "cr\rhere",
		`web-\d+\.example\.com`, "유니코드 ✓", `a\"b`, `\n literal`, " spaced ", "{}!=~,'`"}
	for _, v := range values {
		for _, m := range []alertmanager.Matcher{{Name: "lbl", Value: v, IsEqual: true}, {Name: "lbl", Value: v, IsRegex: true}} {
			s := alertmanager.FilterString(m)
			name, op, got, err := classicParse(s)
			if err != nil || name != "lbl" || op != m.Operator() || got != v {
				t.Errorf("classic parse of %s = %q %q %q, %v; want value %q", s, name, op, got, err, v)
			}
			quoted := strings.TrimPrefix(s, "lbl"+m.Operator())
			if u, err := strconv.Unquote(quoted); err != nil || u != v {
				t.Errorf("strconv.Unquote(%s) = %q, %v; want %q", quoted, u, err, v)
			}
		}
	}
}

func TestAlertFilter_Query(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	q := alertmanager.AlertFilter{
		Matchers: []alertmanager.Matcher{{Name: "alertname", Value: "HighCPU", IsEqual: true}, {Name: "instance", Value: "web-3", IsEqual: false}},
		Active:   &yes, Silenced: &yes, Inhibited: &no, Receiver: "team-.*",
	}.Query()
	want := url.Values{
		"active": {"true"}, "silenced": {"true"}, "inhibited": {"false"}, "receiver": {"team-.*"},
		"filter": {`alertname="HighCPU"`, `instance!="web-3"`},
	}
	if q.Encode() != want.Encode() {
		t.Fatalf("query = %s, want %s", q.Encode(), want.Encode())
	}
	if got := (alertmanager.AlertFilter{}).Query().Encode(); got != "" {
		t.Fatalf("empty filter query = %q, want none", got)
	}
}

// postAlerts makes alerts fire on a real Alertmanager for an hour.
func postAlerts(t *testing.T, amURL string, labelSets ...map[string]string) {
	t.Helper()
	type postable struct {
		Labels   map[string]string `json:"labels"`
		StartsAt time.Time         `json:"startsAt"`
		EndsAt   time.Time         `json:"endsAt"`
	}
	var body []postable
	for _, ls := range labelSets {
		body = append(body, postable{Labels: ls, StartsAt: time.Now().Add(-time.Minute), EndsAt: time.Now().Add(time.Hour)})
	}
	b, _ := json.Marshal(body)
	resp, err := http.Post(amURL+"/api/v2/alerts", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("posting alerts: HTTP %d", resp.StatusCode)
	}
}

func alertNames(as []alertmanager.Alert) string {
	var out []string
	for _, a := range as {
		out = append(out, a.Labels["alertname"]+"/"+a.Labels["instance"])
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// TestClient_Alerts queries a real Alertmanager with every operator and
// with values that need escaping, directly and through the Grafana proxy.
func TestClient_Alerts(t *testing.T) {
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	postAlerts(t, am.URL,
		map[string]string{"alertname": "AlertsCPU", "instance": "web-1"},
		map[string]string{"alertname": "AlertsCPU", "instance": "web-2"},
		map[string]string{"alertname": "AlertsCPU", "instance": "web-3"},
		map[string]string{"alertname": "AlertsDisk", "instance": `C:\data "main"`},
		map[string]string{"alertname": "AlertsDisk", "instance": "서울\nline2"},
	)
	proxy := httptest.NewServer(grafanaproxy.New(am.URL, grafanaproxy.Options{Username: "admin", Password: "pw", OrgID: 2}))
	t.Cleanup(proxy.Close)
	clients := map[string]*alertmanager.Client{
		"prometheus": newClient(t, am.URL, httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus}),
		"grafana": newClient(t, proxy.URL, httpx.Auth{Username: "admin", Password: "pw"},
			http.Header{"X-Grafana-Org-Id": []string{"2"}}, alertmanager.Options{}),
	}
	ctx := context.Background()
	// Silence web-1 so that silencedBy is filled.
	sid, _, err := clients["prometheus"].Create(ctx, alertmanager.Silence{
		Matchers: []alertmanager.Matcher{{Name: "alertname", Value: "AlertsCPU", IsEqual: true}, {Name: "instance", Value: "web-1", IsEqual: true}},
		StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour), CreatedBy: "test", Comment: "alerts test",
	})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	m := func(name, op, value string) alertmanager.Matcher {
		return alertmanager.Matcher{Name: name, Value: value, IsRegex: strings.HasSuffix(op, "~"), IsEqual: !strings.HasPrefix(op, "!")}
	}
	cases := []struct {
		name     string
		matchers []alertmanager.Matcher
		want     string
	}{
		{"equal", []alertmanager.Matcher{m("alertname", "=", "AlertsCPU")}, "AlertsCPU/web-1,AlertsCPU/web-2,AlertsCPU/web-3"},
		{"regex", []alertmanager.Matcher{m("alertname", "=", "AlertsCPU"), m("instance", "=~", "web-[12]")}, "AlertsCPU/web-1,AlertsCPU/web-2"},
		{"not equal", []alertmanager.Matcher{m("alertname", "=", "AlertsCPU"), m("instance", "!=", "web-2")}, "AlertsCPU/web-1,AlertsCPU/web-3"},
		{"not regex", []alertmanager.Matcher{m("alertname", "=~", "Alerts.*"), m("instance", "!~", "web-.*")}, "AlertsDisk/C:\\data \"main\",AlertsDisk/서울\nline2"},
		{"quotes and backslash", []alertmanager.Matcher{m("instance", "=", `C:\data "main"`)}, `AlertsDisk/C:\data "main"`},
		{"regex escape", []alertmanager.Matcher{m("instance", "=~", `C:\\data \"main\"`)}, `AlertsDisk/C:\data "main"`},
		{"unicode and newline", []alertmanager.Matcher{m("instance", "=", "서울\nline2")}, "AlertsDisk/서울\nline2"},
		{"nothing", []alertmanager.Matcher{m("alertname", "=", "AlertsNone")}, ""},
	}
	for flavor, c := range clients {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			for _, tc := range cases {
				as, now, err := c.Alerts(ctx, alertmanager.AlertFilter{Matchers: tc.matchers, Active: &yes, Silenced: &yes, Inhibited: &yes})
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if now.IsZero() {
					t.Errorf("%s: no server time", tc.name)
				}
				if got := alertNames(as); got != tc.want {
					t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
				}
			}
			as, _, err := c.Alerts(ctx, alertmanager.AlertFilter{Matchers: []alertmanager.Matcher{m("instance", "=", "web-1")}})
			if err != nil || len(as) != 1 {
				t.Fatalf("web-1: %v, %d alerts", err, len(as))
			}
			a := as[0]
			if len(a.SilencedBy) != 1 || a.SilencedBy[0] != sid || a.State != alertmanager.AlertStateSuppressed || a.Fingerprint == "" ||
				a.StartsAt.IsZero() || a.EndsAt.IsZero() || len(a.Receivers) != 1 || a.Receivers[0] != "null" {
				t.Fatalf("web-1 alert = %+v, want silenced by %s", a, sid)
			}
			no := false
			as, _, err = c.Alerts(ctx, alertmanager.AlertFilter{Matchers: []alertmanager.Matcher{m("alertname", "=", "AlertsCPU")}, Silenced: &no})
			if err != nil || alertNames(as) != "AlertsCPU/web-2,AlertsCPU/web-3" {
				t.Fatalf("silenced=false: %v, %q", err, alertNames(as))
			}
		})
	}
}

func TestClient_AlertsErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{403, "", "forbidden: the credentials may not read alerts"},
		{403, `{"message":"user has no permission alert.instances:read","messageId":"alerting.unauthorized"}`, "alert.instances:read"},
		{500, `"boom"`, "boom"},
		{200, `{"not":"a list"}`, "malformed answer"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/api/v2/alerts" {
				t.Errorf("path %s", r.URL.Path)
			}
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		}))
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus})
		_, _, err := c.Alerts(context.Background(), alertmanager.AlertFilter{})
		srv.Close()
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Status != tc.status || !strings.Contains(ae.Message, tc.want) {
			t.Errorf("HTTP %d %s: err = %v, want *api.Error containing %q", tc.status, tc.body, err, tc.want)
		}
	}
	c := newClient(t, "http://127.0.0.1:1", httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorAlertSilence})
	if _, _, err := c.Alerts(context.Background(), alertmanager.AlertFilter{}); err == nil || !strings.Contains(err.Error(), "no alerts API") {
		t.Fatalf("alert-silence flavor: %v", err)
	}
}
