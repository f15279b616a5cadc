package maintenancefake_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

var t0 = time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)

type answer struct {
	status int
	Flag   bool            `json:"flag"`
	Msg    string          `json:"message"`
	Result json.RawMessage `json:"result"`
	date   string
}

func call(t *testing.T, srv *maintenancefake.Server, method, path, body string) answer {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatalf("%s %s: not an envelope: %v", method, path, err)
	}
	a.status, a.date = resp.StatusCode, resp.Header.Get("Date")
	return a
}

const createBody = `{"title":"m","start_date":"2026-02-15 10:00","end_date":"2026-02-15 18:00","targets":[
 {"type":"infra","target_ip":"10.2.14.55","region":"DX-G-GB"},
 {"type":"service","target_name":"next-iam-service","region":"DX-G-SE"}]}`

func TestFake_specExamples(t *testing.T) {
	t.Parallel()
	seoul, _ := time.LoadLocation("Asia/Seoul")
	srv := maintenancefake.Start(t, maintenancefake.Options{Location: seoul, Now: t0})
	a := call(t, srv, "POST", maintenancefake.PathCreate, createBody)
	if a.status != 200 || !a.Flag || !strings.Contains(string(a.Result), `"maintenance_id":"silence-12345"`) {
		t.Fatalf("create: %+v %s", a, a.Result)
	}
	if a.date != t0.Format(http.TimeFormat) {
		t.Fatalf("Date header %q, want the fake's clock", a.date)
	}
	// the spec's update example: untyped targets, A by IP and R by name+region
	a = call(t, srv, "PUT", maintenancefake.PathUpdate, `{"maintenance_id":"silence-12345","title":"m2","end_date":"2026-02-15 20:00","targets":[
		{"target_ip":"10.2.14.56","region":"DX-G-GB","action":"A"},
		{"target_name":"next-iam-service","region":"DX-G-SE","action":"R"}]}`)
	if !a.Flag {
		t.Fatalf("update: %+v", a)
	}
	m, _ := srv.Get("silence-12345")
	if len(m.Targets) != 2 || m.Targets[1].Type != "infra" || !m.End.Equal(time.Date(2026, 2, 15, 20, 0, 0, 0, seoul)) {
		t.Fatalf("after update: %+v", m)
	}
	a = call(t, srv, "POST", maintenancefake.PathGet, `{"maintenance_ids":["silence-12345","silence-1"]}`)
	if !strings.Contains(string(a.Result), `"active_since":1771117200`) || strings.Contains(string(a.Result), "silence-1\"") {
		t.Fatalf("get: %s", a.Result)
	}
}

func TestFake_failures(t *testing.T) {
	t.Parallel()
	srv := maintenancefake.Start(t, maintenancefake.Options{Now: t0})
	call(t, srv, "POST", maintenancefake.PathCreate, createBody)
	cases := []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"GET", maintenancefake.PathCreate, createBody, 405, "needs POST"},
		{"POST", maintenancefake.PathCreate, `{"start_date":"2026-02-15 10:00","end_date":"2026-02-15 18:00","targets":[]}`, 200, "title is required"},
		{"POST", maintenancefake.PathCreate, `{"title":"x","start_date":"2026-02-15T10:00:00Z","end_date":"2026-02-15 18:00","targets":[]}`, 200, "not in the format"},
		{"POST", maintenancefake.PathCreate, strings.Replace(createBody, `"region":"DX-G-GB"`, `"region":""`, 1), 200, "region is required"},
		{"PUT", maintenancefake.PathUpdate, `{"maintenance_id":"silence-12345","targets":[{"type":"infra","target_ip":"10.2.14.55","region":"DX-G-GB","action":"A"}]}`, 200, "already in maintenance"},
		{"PUT", maintenancefake.PathUpdate, `{"maintenance_id":"silence-12345","targets":[{"type":"infra","target_ip":"10.9.9.9","region":"DX-G-GB","action":"R"}]}`, 200, "cannot remove a target"},
		{"PUT", maintenancefake.PathUpdate, `{"maintenance_id":"silence-12345","targets":[{"type":"infra","target_ip":"10.9.9.9","region":"DX-G-GB","action":"X"}]}`, 200, "action must be A"},
		{"PUT", maintenancefake.PathUpdate, `{"maintenance_id":"silence-12345","title":"x"}`, 200, "targets is required"},
		{"PUT", maintenancefake.PathUpdate, `{"maintenance_id":"silence-12345","end_date":"2026-02-15 09:00","targets":[]}`, 200, "end_date must be after"},
		{"POST", maintenancefake.PathGet, `{"maintenance_ids":[]}`, 200, "maintenance_ids is required"},
	}
	for _, tc := range cases {
		a := call(t, srv, tc.method, tc.path, tc.body)
		if a.Flag || a.status != tc.status || !strings.Contains(a.Msg, tc.want) || string(a.Result) != "null" {
			t.Errorf("%s %s: got %d %+v, want %d flag=false %q", tc.method, tc.path, a.status, a, tc.status, tc.want)
		}
	}
	// an expired window cannot be changed (HTTP 400), and expiring it again fails
	srv.Advance(24 * time.Hour)
	if a := call(t, srv, "PUT", maintenancefake.PathUpdate, `{"maintenance_id":"silence-12345","title":"x","targets":[]}`); a.status != 400 || !strings.Contains(a.Msg, "expired") {
		t.Errorf("update expired: %+v", a)
	}
	if a := call(t, srv, "POST", maintenancefake.PathExpire, `{"maintenance_id":"silence-12345"}`); a.Flag || !strings.Contains(a.Msg, "already expired") {
		t.Errorf("expire expired: %+v", a)
	}
}

func TestFake_errorStatusAndRetention(t *testing.T) {
	t.Parallel()
	srv := maintenancefake.Start(t, maintenancefake.Options{Now: t0, ErrorStatus: 400, Retention: time.Hour})
	call(t, srv, "POST", maintenancefake.PathCreate, createBody)
	if a := call(t, srv, "POST", maintenancefake.PathExpire, `{"maintenance_id":"nope"}`); a.status != 400 || !strings.Contains(a.Msg, "not found") {
		t.Errorf("ErrorStatus: %+v", a)
	}
	srv.SetNow(time.Date(2026, 2, 15, 18, 59, 0, 0, time.UTC))
	if st := srv.Status("silence-12345"); st != "expired" || !srv.Visible("silence-12345") {
		t.Fatalf("just ended: %s", st)
	}
	srv.Advance(time.Minute)
	if srv.Visible("silence-12345") {
		t.Fatal("still visible after the retention")
	}
}

func TestFake_auth(t *testing.T) {
	t.Parallel()
	srv := maintenancefake.Start(t, maintenancefake.Options{Auth: maintenancefake.Auth{APIKey: "k"}})
	if a := call(t, srv, "POST", maintenancefake.PathGet, `{"maintenance_ids":["x"]}`); a.status != 401 || a.Flag {
		t.Fatalf("no key: %+v", a)
	}
	if n := len(srv.Requests("")); n != 0 {
		t.Fatalf("unauthenticated calls are not recorded, got %d", n)
	}
}
