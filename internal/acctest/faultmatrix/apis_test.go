package faultmatrix_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// Credentials of the matrix servers. The secrets test uses its own.
const (
	maintAPIKey  = "fm-maint-key"
	grafanaToken = "fm-grafana-token"
)

// spec is what the matrix needs to know about one API.
type spec struct {
	api   string
	short string // for messages: "maint", "grafana", ...
	srv   *faultServer
	// resType / titleAttr: the managed type and the attribute the matrix
	// changes and compares with the server (title, comment, alarm_name).
	resType   string
	titleAttr string
	provider  string
	resource  func(name, title string) string
	data      func(name, id string) string
	// match selects the requests of an operation: create, read, update, delete.
	match map[string]func(method, path string) bool
	// updateReplaces: the API has no update; a change is delete + create.
	updateReplaces bool
	// soft: the API answers failures with HTTP 200 and a failure body.
	soft bool
	// summary is the diagnostic summary of each operation, as a regexp.
	summary map[string]string
	// overrides of the expected outcome, by {op, fault}.
	overrides map[[2]string]string
	// attempts is how many requests an operation makes when each fails
	// for good (default 1): a refresh through a list that falls back to a
	// read by id makes 2.
	attempts map[string]int
	// live returns the objects the server holds that are in force (not
	// expired, not closed): id -> the titleAttr value.
	live   func() (map[string]string, error)
	seed   func(title string) (string, error)
	remove func(id string)
}

const providerCommon = `  request_timeout = "1s"
  max_retries     = 2
`

// call sends one request to an in-process handler.
func call(h http.Handler, method, path string, header http.Header, body any) (int, []byte) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, rd)
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func jsonFailure(field string) faultinject.Failure {
	return func(w http.ResponseWriter, status int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{field: msg})
	}
}

// ---- maintenance ----

func maintenanceSpec(t *testing.T) *spec {
	fake := maintenancefake.New(maintenancefake.Options{Auth: maintenancefake.Auth{APIKey: maintAPIKey}})
	envelope := func(w http.ResponseWriter, status int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"flag": false, "message": msg, "result": nil})
	}
	s := &spec{
		api: apiMaintenance, short: "maint", resType: "o11y_maintenance", titleAttr: "title", soft: true,
		srv: startFaultServer(t, fake, envelope, envelope),
	}
	s.provider = fmt.Sprintf("provider \"o11y\" {\n%s  maintenance {\n    url     = %q\n    api_key = %q\n  }\n}\n", providerCommon, s.srv.URL, maintAPIKey)
	s.resource = func(name, title string) string {
		return fmt.Sprintf(`
resource "o11y_maintenance" %q {
  title      = %q
  start_date = "2030-03-15T10:00:00Z"
  end_date   = "2030-03-15T18:00:00Z"
  targets    = [{ type = "service", target_name = %q, region = "DX-G-GB" }]
}
`, name, title, name)
	}
	s.data = func(name, id string) string {
		return fmt.Sprintf("\ndata \"o11y_maintenance\" %q {\n  id = %q\n}\n", name, id)
	}
	path := func(p string) func(string, string) bool {
		return func(_, got string) bool { return got == p }
	}
	s.match = map[string]func(string, string) bool{
		opCreate: path(maintenancefake.PathCreate), opRead: path(maintenancefake.PathGet), opUpdate: path(maintenancefake.PathUpdate), opDelete: path(maintenancefake.PathExpire),
	}
	s.summary = map[string]string{
		opCreate: `Unable to create maintenance`, opRead: `Unable to read maintenance`,
		opUpdate: `Unable to update maintenance`, opDelete: `Unable to expire maintenance`,
	}
	s.live = func() (map[string]string, error) {
		b, err := fake.Snapshot()
		if err != nil {
			return nil, err
		}
		var snap struct{ Items []maintenancefake.Maintenance }
		if err := json.Unmarshal(b, &snap); err != nil {
			return nil, err
		}
		out := map[string]string{}
		for _, m := range snap.Items {
			if fake.Status(m.ID) != maintenancefake.StatusExpired {
				out[m.ID] = m.Title
			}
		}
		return out, nil
	}
	s.seed = func(title string) (string, error) {
		return fake.Put(maintenancefake.Maintenance{
			Title: title, Start: time.Date(2030, 3, 15, 10, 0, 0, 0, time.UTC), End: time.Date(2030, 3, 15, 18, 0, 0, 0, time.UTC),
			Targets: []maintenancefake.Target{{Type: "service", TargetName: "seed", Region: "DX-G-GB"}},
		}), nil
	}
	s.remove = func(id string) { fake.Expire(id) }
	return s
}

// ---- Grafana in front of a real Alertmanager ----

func grafanaSpec(t *testing.T) *spec {
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	proxy := grafanaproxy.New(am.URL, grafanaproxy.Options{Token: grafanaToken})
	s := &spec{
		api: apiGrafana, short: "grafana", resType: "o11y_silence", titleAttr: "comment",
		srv: startFaultServer(t, proxy, jsonFailure("message"), nil),
	}
	s.provider = fmt.Sprintf("provider \"o11y\" {\n%s  alertmanager {\n    url            = %q\n    token          = %q\n    preview_alerts = false\n  }\n}\n",
		providerCommon, s.srv.URL, grafanaToken)
	s.resource = func(name, title string) string {
		return fmt.Sprintf(`
resource "o11y_silence" %q {
  matchers = [{ name = "alertname", value = "FaultMatrix" }, { name = "cell", value = %q }]
  duration = "2h"
  comment  = %q
}
`, name, name, title)
	}
	s.data = func(name, id string) string {
		return fmt.Sprintf("\ndata \"o11y_silence\" %q {\n  id = %q\n}\n", name, id)
	}
	s.match = map[string]func(string, string) bool{
		opCreate: func(m, p string) bool { return m == http.MethodPost && strings.HasSuffix(p, "/silences") },
		opUpdate: func(m, p string) bool { return m == http.MethodPost && strings.HasSuffix(p, "/silences") },
		opRead:   func(m, p string) bool { return m == http.MethodGet && strings.Contains(p, "/silence") },
		opDelete: func(m, _ string) bool { return m == http.MethodDelete },
	}
	s.summary = map[string]string{
		opCreate: `Unable to create silence`, opRead: `Unable to read silence`,
		opUpdate: `Unable to update silence`, opDelete: `Unable to expire silence`,
	}
	s.overrides = map[[2]string]string{
		// DELETE answered 200: the silence is expired, whatever the body says.
		{opDelete, fMalformed}: outVerified,
	}
	// Refreshes list every silence and read by id what the list lacks or
	// when the list fails: a lasting failure meets both requests.
	s.attempts = map[string]int{opRead: 2, opImport: 2}
	s.live = func() (map[string]string, error) {
		resp, err := http.Get(am.URL + "/api/v2/silences")
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var list []struct {
			ID      string `json:"id"`
			Comment string `json:"comment"`
			Status  struct {
				State string `json:"state"`
			} `json:"status"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			return nil, err
		}
		out := map[string]string{}
		for _, s := range list {
			if s.Status.State != "expired" {
				out[s.ID] = s.Comment
			}
		}
		return out, nil
	}
	s.seed = func(title string) (string, error) {
		now := time.Now().UTC()
		body, _ := json.Marshal(map[string]any{
			"matchers": []map[string]any{{"name": "alertname", "value": "FaultMatrixSeed", "isRegex": false, "isEqual": true}},
			"startsAt": now, "endsAt": now.Add(2 * time.Hour), "createdBy": "fault-matrix", "comment": title,
		})
		resp, err := http.Post(am.URL+"/api/v2/silences", "application/json", bytes.NewReader(body))
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		var out struct {
			SilenceID string `json:"silenceID"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.SilenceID == "" {
			return "", fmt.Errorf("seeding a silence: HTTP %d, %v", resp.StatusCode, err)
		}
		return out.SilenceID, nil
	}
	s.remove = func(id string) {
		req, _ := http.NewRequest(http.MethodDelete, am.URL+"/api/v2/silence/"+id, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	return s
}

// ---- Alert Silence API ----

func alertSilenceSpec(t *testing.T) *spec {
	fake := alertsilencefake.New(alertsilencefake.Options{})
	problem := func(w http.ResponseWriter, status int, msg string) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"title": msg, "status": status})
	}
	s := &spec{
		api: apiAlertSilence, short: "alertsilence", resType: "o11y_silence", titleAttr: "comment", updateReplaces: true,
		srv: startFaultServer(t, fake, problem, nil),
	}
	s.provider = fmt.Sprintf("provider \"o11y\" {\n%s  alertmanager {\n    url    = %q\n    flavor = \"alert-silence\"\n  }\n}\n", providerCommon, s.srv.URL)
	s.resource = func(name, title string) string {
		return fmt.Sprintf(`
resource "o11y_silence" %q {
  source_type       = "Equipment"
  source_id_pattern = %q
  duration          = "2h"
  comment           = %q
}
`, name, name, title)
	}
	s.data = func(name, id string) string {
		return fmt.Sprintf("\ndata \"o11y_silence\" %q {\n  id = %q\n}\n", name, id)
	}
	s.match = map[string]func(string, string) bool{
		opCreate: func(m, p string) bool { return m == http.MethodPost && p == alertsilencefake.BasePath },
		opUpdate: func(m, p string) bool { return m == http.MethodPost && p == alertsilencefake.BasePath },
		opRead:   func(m, _ string) bool { return m == http.MethodGet },
		opDelete: func(m, _ string) bool { return m == http.MethodDelete },
	}
	s.summary = map[string]string{
		opCreate: `Unable to create silence`, opRead: `Unable to read silence`,
		opUpdate: `Unable to create silence`, opDelete: `Unable to delete silence`,
	}
	s.overrides = map[[2]string]string{
		// DELETE answered 200: the silence is gone, whatever the body says.
		{opDelete, fMalformed}: outVerified,
	}
	s.live = func() (map[string]string, error) {
		now := fake.Now()
		out := map[string]string{}
		for _, si := range fake.Silences() {
			if si.EndsAt.After(now) {
				out[si.SilenceID] = si.Reason
			}
		}
		return out, nil
	}
	s.seed = func(title string) (string, error) {
		now := time.Now().UTC()
		code, b := call(fake, http.MethodPost, alertsilencefake.BasePath, nil, map[string]any{
			"sourceType": "Equipment", "sourceIdPattern": "Seed-01", "reason": title,
			"startsAt": now, "endsAt": now.Add(2 * time.Hour),
		})
		var out struct {
			SilenceID string `json:"silenceId"`
		}
		if err := json.Unmarshal(b, &out); err != nil || out.SilenceID == "" {
			return "", fmt.Errorf("seeding a silence: HTTP %d %s", code, b)
		}
		return out.SilenceID, nil
	}
	s.remove = fake.Remove
	return s
}

// ---- Resource Watcher ----

func resourceWatcherSpec(t *testing.T) *spec {
	fake := resourcewatcherfake.New(resourcewatcherfake.Options{AppKey: resourcewatcherfake.DefaultAppKey, AccessKeyID: resourcewatcherfake.DefaultAccessKeyID, SecretAccessKey: resourcewatcherfake.DefaultSecretAccessKey})
	envelope := func(code int) faultinject.Failure {
		return func(w http.ResponseWriter, status int, msg string) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			c := code
			if c == 0 {
				c = status
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"header": map[string]any{"isSuccessful": false, "resultCode": c, "resultMessage": msg}})
		}
	}
	s := &spec{
		api: apiResourceWatcher, short: "rw", resType: "resourcewatcher_event_alarm", titleAttr: "alarm_name", soft: true,
		srv: startFaultServer(t, fake, envelope(0), envelope(50001)),
	}
	s.provider = fmt.Sprintf("provider \"o11y\" {\n%s  resource_watcher {\n    url                = %q\n    app_key            = %q\n    user_access_key_id = %q\n    secret_access_key  = %q\n  }\n}\n",
		providerCommon, s.srv.URL, resourcewatcherfake.DefaultAppKey, resourcewatcherfake.DefaultAccessKeyID, resourcewatcherfake.DefaultSecretAccessKey)
	s.resource = func(name, title string) string {
		return fmt.Sprintf(`
resource "resourcewatcher_event_alarm" %q {
  provider         = o11y
  alarm_name       = %q
  alarm_targets    = [{ type = "ROLE", target = "ADMIN", email = true }]
  resource_tag_ids = [101]
}
`, name, title)
	}
	s.data = func(name, id string) string {
		return fmt.Sprintf("\ndata \"resourcewatcher_event_alarm\" %q {\n  provider = o11y\n  id       = %q\n}\n", name, id)
	}
	s.match = map[string]func(string, string) bool{
		opCreate: func(m, p string) bool { return m == http.MethodPost && strings.HasSuffix(p, "/event-alarms") },
		opRead:   func(m, p string) bool { return m == http.MethodGet || strings.HasSuffix(p, "/search") },
		opUpdate: func(m, _ string) bool { return m == http.MethodPut },
		opDelete: func(m, _ string) bool { return m == http.MethodDelete },
	}
	s.summary = map[string]string{
		opCreate: `Unable to create event alarm`, opRead: `Unable to read event alarm`,
		opUpdate: `Unable to update event alarm`, opDelete: `Unable to delete event alarm`,
	}
	s.overrides = map[[2]string]string{
		// Delete reads the alarm back when the answer is not a success,
		// and finds it CLOSED.
		{opDelete, fMalformed}: outVerified,
	}
	auth := http.Header{"X-Tc-Authentication-Id": {resourcewatcherfake.DefaultAccessKeyID}, "X-Tc-Authentication-Secret": {resourcewatcherfake.DefaultSecretAccessKey}}
	base := "/resource-watcher/v1.0/appkeys/" + resourcewatcherfake.DefaultAppKey
	s.live = func() (map[string]string, error) {
		out := map[string]string{}
		for _, id := range fake.AlarmIDs() {
			if fake.Status(id) == "CLOSED" {
				continue
			}
			code, b := call(fake, http.MethodGet, base+"/event-alarms/"+id, auth, nil)
			var got struct {
				Alarm struct {
					AlarmName string `json:"alarmName"`
				} `json:"alarm"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				return nil, fmt.Errorf("reading alarm %s: HTTP %d %s", id, code, b)
			}
			out[id] = got.Alarm.AlarmName
		}
		return out, nil
	}
	s.seed = func(title string) (string, error) {
		return fake.Create(map[string]any{
			"alarm":        map[string]any{"alarmName": title},
			"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "ROLE", "alarmTarget": resourcewatcherfake.SeedRoleID, "emailAlarm": "Y", "smsAlarm": "N"}},
			"target":       map[string]any{"resourceTagIds": []int64{resourcewatcherfake.SeedTagProd}},
		})
	}
	s.remove = func(id string) { fake.SoftDelete(id) }
	return s
}
