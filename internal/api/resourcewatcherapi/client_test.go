package resourcewatcherapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

type env struct {
	fake   *resourcewatcherfake.TestServer
	client *resourcewatcherapi.Client
}

func newEnv(t *testing.T, o resourcewatcherfake.Options, tweak ...func(*httpx.Config)) env {
	t.Helper()
	ts := resourcewatcherfake.Start(t, o)
	cfg := httpx.Config{
		API: "resource_watcher", BaseURL: ts.URL, MaxRetries: 2,
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Timeout: 5 * time.Second,
		Auth: httpx.Auth{SecretHeaders: map[string]string{
			"X-TC-AUTHENTICATION-ID":     resourcewatcherfake.DefaultAccessKeyID,
			"X-TC-AUTHENTICATION-SECRET": resourcewatcherfake.DefaultSecretAccessKey,
		}},
	}
	for _, f := range tweak {
		f(&cfg)
	}
	h, err := httpx.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return env{fake: ts, client: resourcewatcherapi.New(h, resourcewatcherfake.DefaultAppKey)}
}

func fullRequest(name string) resourcewatcherapi.EventAlarmRequest {
	return resourcewatcherapi.EventAlarmRequest{
		Alarm: resourcewatcherapi.AlarmInput{AlarmName: name, Description: "all four target types"},
		AlarmTargets: []resourcewatcherapi.AlarmTarget{
			{AlarmTargetTypeCode: resourcewatcherapi.TargetUUID, AlarmTarget: resourcewatcherfake.SeedMemberUUID, EmailAlarm: "Y", SMSAlarm: "N"},
			{AlarmTargetTypeCode: resourcewatcherapi.TargetRole, AlarmTarget: resourcewatcherfake.SeedRoleID, EmailAlarm: "N", SMSAlarm: "Y"},
			{AlarmTargetTypeCode: resourcewatcherapi.TargetAlarmKey, AlarmTarget: resourcewatcherfake.SeedAlarmKey},
			{AlarmTargetTypeCode: resourcewatcherapi.TargetWebhook, WebhookURL: "https://hooks.example.com/rw", WebhookSecret: "s3cr3t-hook"},
		},
		Events: []resourcewatcherapi.Event{{ProductID: "compute", EventID: "iaas.instance.create"}},
		Target: &resourcewatcherapi.TargetInput{ResourceGroupIDs: []string{resourcewatcherfake.SeedGroupWeb}, ResourceTagIDs: []int64{resourcewatcherfake.SeedTagProd}},
	}
}

func apiErr(t *testing.T, err error) *api.Error {
	t.Helper()
	var ae *api.Error
	if !errors.As(err, &ae) {
		t.Fatalf("want *api.Error, got %T: %v", err, err)
	}
	return ae
}

func TestClient_eventAlarmLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, resourcewatcherfake.Options{})
	ctx := context.Background()

	got, err := e.client.CreateEventAlarm(ctx, fullRequest("cpu"))
	if err != nil {
		t.Fatal(err)
	}
	id := got.Alarm.AlarmID
	if id == "" || got.Alarm.AlarmStatusCode != resourcewatcherapi.StatusStable || got.Alarm.AlarmRule == nil || got.Alarm.AlarmRule.AlarmRuleID == "" {
		t.Fatalf("unexpected create answer: %+v", got.Alarm)
	}
	if len(got.AlarmTargets) != 4 || got.AlarmTargets[3].WebhookSecret != "" {
		t.Fatalf("targets as sent, without the secret: %+v", got.AlarmTargets)
	}
	if len(got.AlarmTargetMemberProfiles) != 1 || got.AlarmTargetMemberProfiles[0].Email != "ops@example.com" ||
		len(got.AlarmTargetRoles) != 1 || got.AlarmTargetRoles[0].RoleID != resourcewatcherfake.SeedRoleID ||
		len(got.AlarmTargetAlarmKeys) != 1 || got.AlarmTargetAlarmKeys[0].AlarmGroupName != "On-call" {
		t.Fatalf("resolved targets: %+v %+v %+v", got.AlarmTargetMemberProfiles, got.AlarmTargetRoles, got.AlarmTargetAlarmKeys)
	}
	if got.Target == nil || len(got.Target.ResourceGroups) != 1 || got.Target.ResourceGroups[0].ResourceGroupName != "web servers" ||
		len(got.Target.ResourceTags) != 1 || got.Target.ResourceTags[0].TagID != resourcewatcherfake.SeedTagProd {
		t.Fatalf("target objects: %+v", got.Target)
	}
	if _, err := resourcewatcherapi.ParseDate(got.Alarm.RegDatetime); err != nil {
		t.Fatal(err)
	}
	// The request carried the secret, the id lists and Y/N flags.
	req, _ := e.fake.LastRequest(http.MethodPost, "/event-alarms")
	for _, want := range []string{`"webhookSecret":"s3cr3t-hook"`, `"resourceGroupIds":["rg-web"]`, `"resourceTagIds":[101]`, `"emailAlarm":"Y"`} {
		if !strings.Contains(string(req.Body), want) {
			t.Errorf("create body lacks %s: %s", want, req.Body)
		}
	}

	read, err := e.client.GetEventAlarm(ctx, id)
	if err != nil || read.Alarm.AlarmName != "cpu" || len(read.Events) != 1 {
		t.Fatalf("get: %v %+v", err, read)
	}

	// Update is a full replacement: no events any more, groups only.
	upd := fullRequest("cpu-renamed")
	upd.Events = nil
	upd.Target.ResourceTagIDs = nil
	after, err := e.client.UpdateEventAlarm(ctx, id, upd)
	if err != nil {
		t.Fatal(err)
	}
	if after.Alarm.AlarmName != "cpu-renamed" || len(after.Events) != 0 || len(after.Target.ResourceTags) != 0 {
		t.Fatalf("update did not replace: %+v", after)
	}
	put, _ := e.fake.LastRequest(http.MethodPut, "/event-alarms/"+id)
	var body map[string]any
	if err := json.Unmarshal(put.Body, &body); err != nil {
		t.Fatal(err)
	}
	if _, has := body["events"]; has {
		t.Errorf("update body should omit events (all events): %s", put.Body)
	}
	if alarm, _ := body["alarm"].(map[string]any); alarm["description"] != "all four target types" {
		t.Errorf("update body must carry every field: %s", put.Body)
	}

	if err := e.client.DeleteEventAlarm(ctx, id); err != nil {
		t.Fatal(err)
	}
	closed, err := e.client.GetEventAlarm(ctx, id)
	if err != nil || closed.Alarm.AlarmStatusCode != resourcewatcherapi.StatusClosed || closed.Alarm.DelDatetime == "" {
		t.Fatalf("soft delete: %v %+v", err, closed)
	}
	if err := e.client.DeleteEventAlarm(ctx, id); !api.IsNotFound(err) {
		t.Fatalf("second delete should be not-found, got %v", err)
	}
	if _, err := e.client.UpdateEventAlarm(ctx, id, upd); !api.IsNotFound(err) {
		t.Fatalf("update of a CLOSED alarm should be not-found, got %v", err)
	}
	if _, err := e.client.GetEventAlarm(ctx, "no-such-alarm"); !api.IsNotFound(err) {
		t.Fatalf("get unknown: %v", err)
	}
}

func TestClient_deleteMany(t *testing.T) {
	t.Parallel()
	e := newEnv(t, resourcewatcherfake.Options{})
	ctx := context.Background()
	var ids []string
	for i := range 3 {
		a, err := e.client.CreateEventAlarm(ctx, fullRequest(fmt.Sprintf("a%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.Alarm.AlarmID)
	}
	if err := e.client.DeleteEventAlarms(ctx, nil); err == nil {
		t.Fatal("no ids must be refused before sending")
	}
	if err := e.client.DeleteEventAlarms(ctx, ids[:2]); err != nil {
		t.Fatal(err)
	}
	req, _ := e.fake.LastRequest(http.MethodDelete, "/event-alarms")
	if got := req.Query["alarmIds"]; len(got) != 2 {
		t.Fatalf("alarmIds query: %v", req.Query)
	}
	if e.fake.Status(ids[0]) != "CLOSED" || e.fake.Status(ids[1]) != "CLOSED" || e.fake.Status(ids[2]) != "STABLE" {
		t.Fatal("wrong alarms closed")
	}
}

func TestClient_searchWalksEveryPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, resourcewatcherfake.Options{})
	ctx := context.Background()
	for i := range 7 {
		if _, err := e.client.CreateEventAlarm(ctx, fullRequest(fmt.Sprintf("web-%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	other, _ := e.client.CreateEventAlarm(ctx, fullRequest("db"))
	closed, _ := e.client.CreateEventAlarm(ctx, fullRequest("web-closed"))
	e.fake.SoftDelete(closed.Alarm.AlarmID)
	e.fake.ResetRequests()

	all, err := e.client.SearchAllEventAlarms(ctx, resourcewatcherapi.SearchFilter{AlarmNameAnyLike: "web"}, 3, "alarmName,ASC")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 7 || all[0].AlarmName != "web-0" || all[6].AlarmName != "web-6" {
		t.Fatalf("got %d alarms: %+v", len(all), all)
	}
	reqs := e.fake.Requests()
	if len(reqs) != 3 {
		t.Fatalf("want 3 pages, got %d requests", len(reqs))
	}
	for i, r := range reqs {
		if r.Query.Get("page") != fmt.Sprint(i) || r.Query.Get("size") != "3" || r.Query.Get("sort") != "alarmName,ASC" {
			t.Errorf("page %d query: %v", i, r.Query)
		}
	}

	// CLOSED shows up only when asked for.
	withClosed, err := e.client.SearchAllEventAlarms(ctx, resourcewatcherapi.SearchFilter{AlarmStatusCodes: []string{resourcewatcherapi.StatusClosed}}, 10, "")
	if err != nil || len(withClosed) != 1 || withClosed[0].AlarmID != closed.Alarm.AlarmID {
		t.Fatalf("closed search: %v %+v", err, withClosed)
	}
	byID, err := e.client.SearchEventAlarms(ctx, resourcewatcherapi.SearchFilter{AlarmIDs: []string{other.Alarm.AlarmID}}, resourcewatcherapi.PageRequest{})
	if err != nil || byID.TotalItems != 1 || byID.Alarms[0].AlarmName != "db" {
		t.Fatalf("by id: %v %+v", err, byID)
	}
}

func TestClient_envelopeFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("wrong secret", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{}, func(c *httpx.Config) {
			c.Auth.SecretHeaders = map[string]string{"X-TC-AUTHENTICATION-ID": resourcewatcherfake.DefaultAccessKeyID, "X-TC-AUTHENTICATION-SECRET": "wrong"}
		})
		_, err := e.client.GetEventAlarm(ctx, "x")
		ae := apiErr(t, err)
		if ae.Status != 200 || ae.Code != fmt.Sprint(resourcewatcherfake.CodeUnauthorized) || ae.NotFound || !strings.Contains(ae.Message, "Authentication") {
			t.Fatalf("%+v", ae)
		}
	})
	t.Run("wrong appkey is not not-found", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		h := e.client.HTTPClient()
		c := resourcewatcherapi.New(h, "other-appkey")
		_, err := c.GetEventAlarm(ctx, "x")
		if ae := apiErr(t, err); ae.Code != fmt.Sprint(resourcewatcherfake.CodeInvalidAppKey) || api.IsNotFound(err) {
			t.Fatalf("%+v", ae)
		}
	})
	t.Run("validation", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		cases := map[string]func(*resourcewatcherapi.EventAlarmRequest){
			"All events and all resources": func(r *resourcewatcherapi.EventAlarmRequest) { r.Events, r.Target = nil, nil },
			"at most 255 characters":       func(r *resourcewatcherapi.EventAlarmRequest) { r.Alarm.AlarmName = strings.Repeat("가", 256) },
			"at most 1000 characters":      func(r *resourcewatcherapi.EventAlarmRequest) { r.Alarm.Description = strings.Repeat("d", 1001) },
			"must start with http":         func(r *resourcewatcherapi.EventAlarmRequest) { r.AlarmTargets[3].WebhookURL = "ftp://x" },
			"not allowed for ALARM_KEY":    func(r *resourcewatcherapi.EventAlarmRequest) { r.AlarmTargets[2].EmailAlarm = "Y" },
			"does not exist":               func(r *resourcewatcherapi.EventAlarmRequest) { r.Target.ResourceGroupIDs = []string{"rg-nope"} },
		}
		for want, mut := range cases {
			r := fullRequest("bad")
			mut(&r)
			_, err := e.client.CreateEventAlarm(ctx, r)
			if ae := apiErr(t, err); ae.Status != 200 || ae.Code != fmt.Sprint(resourcewatcherfake.CodeBadRequest) || !strings.Contains(ae.Message, want) {
				t.Errorf("%s: %+v", want, ae)
			}
		}
		if ids := e.fake.AlarmIDs(); len(ids) != 0 {
			t.Fatalf("refused creates left alarms: %v", ids)
		}
		// A name of exactly 255 multi-byte characters is fine.
		r := fullRequest(strings.Repeat("가", 255))
		if _, err := e.client.CreateEventAlarm(ctx, r); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("injected 200 with isSuccessful=false", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		e.fake.Inject(resourcewatcherfake.Fault{SoftFailure: true, Code: 50001, Message: "temporarily unavailable"})
		_, err := e.client.ListEvents(ctx, resourcewatcherapi.EventFilter{}, resourcewatcherapi.PageRequest{})
		if ae := apiErr(t, err); ae.Status != 200 || ae.Code != "50001" || ae.Message != "temporarily unavailable" || !ae.Refused {
			t.Fatalf("%+v", ae)
		}
		if n := e.fake.Count(http.MethodGet, "/events"); n != 1 {
			t.Fatalf("an envelope failure is an answer, not retried: %d calls", n)
		}
	})
}

func TestClient_faults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("429 with Retry-After on a read is retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		a, _ := e.client.CreateEventAlarm(ctx, fullRequest("x"))
		e.fake.Inject(resourcewatcherfake.Fault{Times: 2, Method: http.MethodGet, Status: 429, RetryAfter: "0"})
		if _, err := e.client.GetEventAlarm(ctx, a.Alarm.AlarmID); err != nil {
			t.Fatal(err)
		}
		if n := e.fake.Count(http.MethodGet, "/event-alarms/"); n != 3 {
			t.Fatalf("want 3 attempts, got %d", n)
		}
	})
	t.Run("500 on create is not repeated", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		e.fake.Inject(resourcewatcherfake.Fault{Method: http.MethodPost, Status: 500})
		_, err := e.client.CreateEventAlarm(ctx, fullRequest("x"))
		if ae := apiErr(t, err); ae.Status != 500 {
			t.Fatalf("%+v", ae)
		}
		if n := e.fake.Count(http.MethodPost, "/event-alarms"); n != 1 {
			t.Fatalf("create sent %d times", n)
		}
	})
	t.Run("503 on create is repeated", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		e.fake.Inject(resourcewatcherfake.Fault{Method: http.MethodPost, Status: 503, RetryAfter: "0"})
		if _, err := e.client.CreateEventAlarm(ctx, fullRequest("x")); err != nil {
			t.Fatal(err)
		}
		if ids := e.fake.AlarmIDs(); len(ids) != 1 {
			t.Fatalf("want exactly one alarm, got %v", ids)
		}
	})
	t.Run("malformed body", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		e.fake.Inject(resourcewatcherfake.Fault{Malformed: true})
		_, err := e.client.GetEventAlarm(ctx, "x")
		if ae := apiErr(t, err); !strings.Contains(ae.Message, "not a Resource Watcher envelope") || ae.NotFound || ae.Refused {
			t.Fatalf("%+v", ae)
		}
	})
	t.Run("connection reset after a create is ambiguous", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{})
		e.fake.Inject(resourcewatcherfake.Fault{Method: http.MethodPost, Reset: true, AfterApply: true})
		_, err := e.client.CreateEventAlarm(ctx, fullRequest("x"))
		var amb *httpx.AmbiguousError
		if !errors.As(err, &amb) || strings.Contains(err.Error(), resourcewatcherfake.DefaultAppKey) {
			t.Fatalf("want an ambiguous error without the Appkey, got %T %v", err, err)
		}
		if n := e.fake.Count(http.MethodPost, "/event-alarms"); n != 1 {
			t.Fatalf("create sent %d times", n)
		}
		if ids := e.fake.AlarmIDs(); len(ids) != 1 {
			t.Fatalf("the create happened on the server: %v", ids)
		}
	})
	t.Run("delay beyond the timeout", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, resourcewatcherfake.Options{}, func(c *httpx.Config) { c.Timeout = 50 * time.Millisecond; c.MaxRetries = -1 })
		e.fake.Inject(resourcewatcherfake.Fault{Delay: time.Second})
		_, err := e.client.GetEventAlarm(ctx, "x")
		var te *httpx.TransportError
		if !errors.As(err, &te) {
			t.Fatalf("want transport error, got %T %v", err, err)
		}
		if strings.Contains(err.Error(), resourcewatcherfake.DefaultAppKey) || !strings.Contains(err.Error(), "/appkeys/***/") {
			t.Fatalf("the Appkey in the URL must be masked: %v", err)
		}
	})
}

func TestClient_alarmHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t, resourcewatcherfake.Options{})
	ctx := context.Background()
	a, err := e.client.CreateEventAlarm(ctx, fullRequest("h"))
	if err != nil {
		t.Fatal(err)
	}
	id := a.Alarm.AlarmID
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var hs []resourcewatcherfake.History
	for i := range 5 {
		res := "SUCCESS"
		if i%2 == 1 {
			res = "FAILURE"
		}
		hs = append(hs, resourcewatcherfake.History{SendResult: res, ResourceName: fmt.Sprintf("vm-%d", i), EventID: "iaas.instance.create",
			ProductID: "compute", EventTime: base.Add(time.Duration(i) * time.Minute), Registered: base.Add(time.Duration(i) * time.Minute)})
	}
	hids := e.fake.SeedAlarmHistory(id, hs...)

	all, err := e.client.ListAllAlarmHistory(ctx, id, resourcewatcherapi.HistoryFilter{}, 2, "")
	if err != nil || len(all) != 5 {
		t.Fatalf("%v %d", err, len(all))
	}
	if all[0].Resource.ResourceName != "vm-4" || all[0].AlarmHistoryID != hids[4] {
		t.Fatalf("newest first by default: %+v", all[0])
	}
	if n := e.fake.Count(http.MethodGet, "/alarm-history"); n != 3 {
		t.Fatalf("want 3 pages, got %d", n)
	}
	failed, err := e.client.ListAllAlarmHistory(ctx, id, resourcewatcherapi.HistoryFilter{AlarmSendResultTypeCodes: []string{"FAILURE"}, RegDateFrom: resourcewatcherapi.FormatDate(base.Add(2 * time.Minute))}, 10, "")
	if err != nil || len(failed) != 1 || failed[0].Resource.ResourceName != "vm-3" {
		t.Fatalf("%v %+v", err, failed)
	}
	one, err := e.client.GetAlarmHistory(ctx, id, hids[1])
	if err != nil || one.AlarmHistory.AlarmSendResultTypeCode != "FAILURE" || one.Alarm.AlarmName != "h" || one.AlarmHistory.Event.EventID != "iaas.instance.create" {
		t.Fatalf("%v %+v", err, one)
	}
	if _, err := e.client.GetAlarmHistory(ctx, id, "nope"); !api.IsNotFound(err) {
		t.Fatalf("missing history: %v", err)
	}
	if _, err := e.client.ListAlarmHistory(ctx, "nope", resourcewatcherapi.HistoryFilter{}, resourcewatcherapi.PageRequest{}); !api.IsNotFound(err) {
		t.Fatalf("missing alarm: %v", err)
	}
}

func TestClient_events(t *testing.T) {
	t.Parallel()
	e := newEnv(t, resourcewatcherfake.Options{})
	ctx := context.Background()

	en, err := e.client.ListAllEvents(ctx, resourcewatcherapi.EventFilter{Lang: "en", ProductIDs: []string{"compute", "network"}}, 2, "")
	if err != nil || len(en) != 5 {
		t.Fatalf("%v %+v", err, en)
	}
	if en[0].ProductName != "Instance" {
		t.Fatalf("sorted by product name: %+v", en)
	}
	req, _ := e.fake.LastRequest(http.MethodGet, "/events")
	if req.Header.Get("lang") != "en" || len(req.Query["productIdList"]) != 2 {
		t.Fatalf("lang header / product list: %v %v", req.Header, req.Query)
	}
	ko, err := e.client.ListAllEvents(ctx, resourcewatcherapi.EventFilter{EventNameLike: "삭제"}, 10, "")
	if err != nil || len(ko) != 2 || ko[0].ProductName != "VPC" && ko[0].ProductName != "인스턴스" {
		t.Fatalf("ko default: %v %+v", err, ko)
	}
	_, err = e.client.ListEvents(ctx, resourcewatcherapi.EventFilter{Lang: "fr"}, resourcewatcherapi.PageRequest{})
	if ae := apiErr(t, err); !strings.Contains(ae.Message, "lang") {
		t.Fatalf("%+v", ae)
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2026-03-04T05:06:07":       "2026-03-04T05:06:07Z",
		"2026-03-04T05:06:07+09:00": "2026-03-04T05:06:07+09:00",
		"2026-03-04T05:06:07.123":   "2026-03-04T05:06:07.123Z",
	} {
		got, err := resourcewatcherapi.ParseDate(in)
		if err != nil || got.Format(time.RFC3339Nano) != want {
			t.Errorf("%s: %v %v", in, got, err)
		}
	}
	if _, err := resourcewatcherapi.ParseDate("yesterday"); err == nil {
		t.Error("garbage accepted")
	}
}

// TestClient_alarmSummarySnapshot: concurrent and later summaries share one
// snapshot of every live alarm, fetched in ⌈total / page size⌉ searches; a
// CLOSED alarm is not in it (the caller reads it by id); a write drops it,
// so the next summary sees the write.
func TestClient_alarmSummarySnapshot(t *testing.T) {
	t.Parallel()
	e := newEnv(t, resourcewatcherfake.Options{})
	ctx := context.Background()
	const n = 2*resourcewatcherapi.SnapshotPageSize + 7
	var ids []string
	for i := range n {
		a, err := e.client.CreateEventAlarm(ctx, fullRequest(fmt.Sprintf("snap-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.Alarm.AlarmID)
	}
	e.fake.SoftDelete(ids[0])
	e.fake.ResetRequests()
	var wg sync.WaitGroup
	var mu sync.Mutex
	found := 0
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, ok, err := e.client.AlarmSummary(ctx, id)
			if err != nil || (ok && a.AlarmID != id) {
				t.Errorf("%s: %+v %v %v", id, a, ok, err)
			}
			if ok {
				mu.Lock()
				found++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if found != n-1 {
		t.Fatalf("%d of %d alarms found, want all but the closed one", found, n)
	}
	if got, want := e.fake.Count(http.MethodPost, "/event-alarms/search"), 3; got != want {
		t.Fatalf("%d searches for %d alarms (page size %d), want %d", got, n, resourcewatcherapi.SnapshotPageSize, want)
	}
	if _, _, err := e.client.AlarmSummary(ctx, ids[1]); err != nil || e.fake.Count(http.MethodPost, "/event-alarms/search") != 3 {
		t.Fatalf("a later summary searched again (%v)", err)
	}
	made, err := e.client.CreateEventAlarm(ctx, fullRequest("after"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := e.client.AlarmSummary(ctx, made.Alarm.AlarmID); err != nil || !ok {
		t.Fatalf("the alarm made after the snapshot: found %v, %v", ok, err)
	}
}
