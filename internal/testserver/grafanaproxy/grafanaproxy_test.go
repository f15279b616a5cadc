package grafanaproxy_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
)

func TestProxy(t *testing.T) {
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	srv := httptest.NewServer(grafanaproxy.New(am.URL, grafanaproxy.Options{Username: "admin", Password: "pw", Token: "glsa_x", OrgID: 2, DatasourceUID: "ext"}))
	t.Cleanup(srv.Close)

	do := func(method, path, body string, set func(*http.Request)) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if set != nil {
			set(req)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	basic := func(org string) func(*http.Request) {
		return func(r *http.Request) {
			r.SetBasicAuth("admin", "pw")
			if org != "" {
				r.Header.Set("X-Grafana-Org-Id", org)
			}
		}
	}
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	const list = "/api/alertmanager/grafana/api/v2/silences"
	for _, tc := range []struct {
		name   string
		set    func(*http.Request)
		path   string
		status int
	}{
		{"no auth", nil, list, 401},
		{"wrong password", func(r *http.Request) { r.SetBasicAuth("admin", "no") }, list, 401},
		{"basic, default org 1", basic(""), list, 401},
		{"basic, other org", basic("3"), list, 401},
		{"basic, right org", basic("2"), list, 200},
		{"token", bearer("glsa_x"), list, 200},
		{"wrong token", bearer("glsa_y"), list, 401},
		{"datasource uid", bearer("glsa_x"), "/api/alertmanager/ext/api/v2/silences", 200},
		{"unknown datasource", bearer("glsa_x"), "/api/alertmanager/nope/api/v2/silences", 404},
		{"not a uuid is 404", bearer("glsa_x"), "/api/alertmanager/grafana/api/v2/silence/nope", 404},
		{"alerts, no auth", nil, "/api/alertmanager/grafana/api/v2/alerts", 401},
		{"alerts, basic", basic("2"), "/api/alertmanager/grafana/api/v2/alerts?active=true&filter=alertname%3D%22X%22", 200},
		{"alerts, token, datasource uid", bearer("glsa_x"), "/api/alertmanager/ext/api/v2/alerts?silenced=true", 200},
		{"alerts, bad filter", bearer("glsa_x"), "/api/alertmanager/grafana/api/v2/alerts?filter=%3D%3D", 400},
	} {
		if got, body := do("GET", tc.path, "", tc.set); got != tc.status {
			t.Errorf("%s: status %d (%s), want %d", tc.name, got, body, tc.status)
		}
	}

	end := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	status, body := do("POST", list, `{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"2020-01-01T00:00:00Z","endsAt":"`+end+`","createdBy":"t","comment":"c"}`, bearer("glsa_x"))
	if status != 202 || !strings.Contains(body, "silenceID") {
		t.Fatalf("POST: %d %s", status, body)
	}
	id := body[strings.Index(body, `"silenceID":"`)+13:]
	id = id[:strings.Index(id, `"`)]
	if status, body := do("DELETE", "/api/alertmanager/grafana/api/v2/silence/"+id, "", bearer("glsa_x")); status != 200 || body != `{"message":"silence deleted"}` {
		t.Fatalf("DELETE: %d %s", status, body)
	}
	if status, body := do("POST", list, `{"matchers":[],"startsAt":"2020-01-01T00:00:00Z","endsAt":"`+end+`","createdBy":"t","comment":"c"}`, bearer("glsa_x")); status != 400 || !strings.Contains(body, "silence failed validation") {
		t.Fatalf("POST invalid: %d %s", status, body)
	}
	if status, body := do("GET", "/api/alertmanager/grafana/api/v2/silence/2b1c4a8e-0000-4000-8000-000000000000", "", bearer("glsa_x")); status != 404 || !strings.Contains(body, "not found") {
		t.Fatalf("GET unknown: %d %s", status, body)
	}
}
