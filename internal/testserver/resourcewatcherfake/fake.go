// Package resourcewatcherfake is an in-memory NHN Cloud Resource Watcher, faithful to the
// API guide's oddities: every answer is HTTP 200 with a `header` envelope,
// credentials come in X-TC-AUTHENTICATION-ID/SECRET and the Appkey in the
// path (wrong ones fail inside the envelope), delete is soft (CLOSED, hidden
// from search by default), answers carry resource group/tag objects where
// requests carried ids, targets are resolved to member profiles, roles and
// notification groups, and the documented limits are enforced. Tests (and
// the sandbox) can inject faults and inspect every request received.
package resourcewatcherfake

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// Result codes the fake answers with inside the envelope.
const (
	CodeBadRequest     = 40000
	CodeUnauthorized   = 40100
	CodeInvalidAppKey  = 40300
	CodeAlarmNotFound  = 40401
	CodeHistoryMissing = 40402
	CodeAlreadyClosed  = 40901
	CodeInjected       = 50000
)

// Defaults used by Start when Options leave them empty.
const (
	DefaultAppKey          = "fake-appkey"
	DefaultAccessKeyID     = "fake-access-key-id"
	DefaultSecretAccessKey = "fake-secret-access-key"
	DefaultOperatorUUID    = "00000000-0000-4000-8000-0000000000aa"
)

const dateLayout = "2006-01-02T15:04:05"

// Options configure a fake.
type Options struct {
	AppKey          string
	AccessKeyID     string
	SecretAccessKey string
	// OperatorUUID is who the fake says last modified an alarm.
	OperatorUUID string
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// EchoWebhookSecret makes answers carry webhookSecret; by default the
	// fake never echoes it, as a careful server would.
	EchoWebhookSecret bool
	// NoSeed starts without the default members, roles, notification groups,
	// resource groups, tags and event catalogue.
	NoSeed bool
}

// Request is one request the fake received.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Fault is an injected failure (see internal/api/faults): Method, Path and
// PathContains select requests; SoftFailure answers HTTP 200 with
// isSuccessful=false, result code Code and Message; AfterApply runs the real
// handler first (the change happens), then answers with the fault.
type Fault = faultinject.Fault

type alarm struct {
	seq      int
	id       string
	name     string
	desc     string
	status   string
	ruleID   string
	ruleName string
	operator string
	reg      time.Time
	mod      time.Time
	del      time.Time
	targets  []wireTarget
	events   []wireEvent
	groups   []string
	tags     []int64
	hasScope bool
}

// Server is the fake. It is an http.Handler.
type Server struct {
	// Injector queues faults: Inject, FailNext, Clear.
	faultinject.Injector

	opts Options

	mu        sync.Mutex
	seq       int
	alarms    map[string]*alarm
	members   map[string]MemberProfile
	roles     map[string]Role
	alarmKeys map[string]AlarmKey
	groups    map[string]string
	tags      map[int64]string
	catalogue []CatalogueEvent
	history   map[string][]History
	requests  []Request
}

// New returns a fake for the given credentials.
func New(o Options) *Server {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.OperatorUUID == "" {
		o.OperatorUUID = DefaultOperatorUUID
	}
	s := &Server{
		opts:      o,
		alarms:    map[string]*alarm{},
		members:   map[string]MemberProfile{},
		roles:     map[string]Role{},
		alarmKeys: map[string]AlarmKey{},
		groups:    map[string]string{},
		tags:      map[int64]string{},
		history:   map[string][]History{},
	}
	if !o.NoSeed {
		s.seedDefaults()
	}
	return s
}

// Default seed data, usable by tests and examples.
const (
	SeedMemberUUID = "6c4d2f4e-0d3b-4a4e-9a55-1f1a2b3c4d5e"
	SeedRoleID     = "ADMIN"
	SeedAlarmKey   = "ak-ops-oncall"
	SeedGroupWeb   = "rg-web"
	SeedGroupDB    = "rg-db"
	SeedTagProd    = int64(101)
	SeedTagDev     = int64(102)
)

func (s *Server) seedDefaults() {
	s.SeedMember(MemberProfile{UUID: SeedMemberUUID, MemberType: "TOAST_CLOUD", Name: "Kim Ops", CorporationName: "Example Corp", Email: "ops@example.com", UserID: "ops"})
	s.SeedRole(Role{Type: "ORG", RoleID: SeedRoleID, RoleName: "Organization Admin", Description: "Administers the organisation"})
	s.SeedRole(Role{Type: "PROJECT", RoleID: "MEMBER", RoleName: "Project Member"})
	s.SeedAlarmKey(AlarmKey{AlarmKey: SeedAlarmKey, AlarmGroupName: "On-call", AlarmGroupDesc: "The on-call rotation"})
	s.SeedResourceGroup(SeedGroupWeb, "web servers")
	s.SeedResourceGroup(SeedGroupDB, "databases")
	s.SeedResourceTag(SeedTagProd, "env:prod")
	s.SeedResourceTag(SeedTagDev, "env:dev")
	for _, e := range []CatalogueEvent{
		{ProductID: "compute", ProductName: "Instance", EventID: "iaas.instance.create", EventName: "Create instance"},
		{ProductID: "compute", ProductName: "Instance", EventID: "iaas.instance.delete", EventName: "Delete instance"},
		{ProductID: "compute", ProductName: "Instance", EventID: "iaas.instance.stop", EventName: "Stop instance"},
		{ProductID: "network", ProductName: "VPC", EventID: "iaas.vpc.create", EventName: "Create VPC"},
		{ProductID: "network", ProductName: "VPC", EventID: "iaas.vpc.delete", EventName: "Delete VPC"},
		{ProductID: "rds-mysql", ProductName: "RDS for MySQL", EventID: "rds.instance.failover", EventName: "Fail over DB instance"},
	} {
		e.Lang = "en"
		s.SeedEvent(e)
	}
	for _, e := range []CatalogueEvent{
		{ProductID: "compute", ProductName: "인스턴스", EventID: "iaas.instance.create", EventName: "인스턴스 생성"},
		{ProductID: "compute", ProductName: "인스턴스", EventID: "iaas.instance.delete", EventName: "인스턴스 삭제"},
		{ProductID: "compute", ProductName: "인스턴스", EventID: "iaas.instance.stop", EventName: "인스턴스 정지"},
		{ProductID: "network", ProductName: "VPC", EventID: "iaas.vpc.create", EventName: "VPC 생성"},
		{ProductID: "network", ProductName: "VPC", EventID: "iaas.vpc.delete", EventName: "VPC 삭제"},
		{ProductID: "rds-mysql", ProductName: "RDS for MySQL", EventID: "rds.instance.failover", EventName: "DB 인스턴스 장애 조치"},
	} {
		e.Lang = "ko"
		s.SeedEvent(e)
	}
}

// SeedMember adds a member a UUID target can name.
func (s *Server) SeedMember(m MemberProfile) { s.mu.Lock(); s.members[m.UUID] = m; s.mu.Unlock() }

// SeedRole adds a role a ROLE target can name.
func (s *Server) SeedRole(r Role) { s.mu.Lock(); s.roles[r.RoleID] = r; s.mu.Unlock() }

// SeedAlarmKey adds a notification group an ALARM_KEY target can name.
func (s *Server) SeedAlarmKey(k AlarmKey) { s.mu.Lock(); s.alarmKeys[k.AlarmKey] = k; s.mu.Unlock() }

// SeedResourceGroup adds a resource group.
func (s *Server) SeedResourceGroup(id, name string) { s.mu.Lock(); s.groups[id] = name; s.mu.Unlock() }

// SeedResourceTag adds a resource tag.
func (s *Server) SeedResourceTag(id int64, name string) {
	s.mu.Lock()
	s.tags[id] = name
	s.mu.Unlock()
}

// SeedEvent adds a catalogue entry (one language).
func (s *Server) SeedEvent(e CatalogueEvent) {
	if e.Lang == "" {
		e.Lang = "ko"
	}
	s.mu.Lock()
	s.catalogue = append(s.catalogue, e)
	s.mu.Unlock()
}

// SeedAlarmHistory adds delivery records to an alarm and returns their ids.
func (s *Server) SeedAlarmHistory(alarmID string, hs ...History) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, h := range hs {
		if h.ID == "" {
			h.ID = newUUID()
		}
		if h.Registered.IsZero() {
			h.Registered = s.opts.Now()
		}
		if h.SendResult == "" {
			h.SendResult = "SUCCESS"
		}
		s.history[alarmID] = append(s.history[alarmID], h)
		ids = append(ids, h.ID)
	}
	return ids
}

// ClearFaults drops every pending fault.
func (s *Server) ClearFaults() { s.Clear() }

// Requests returns a copy of every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() { s.mu.Lock(); s.requests = nil; s.mu.Unlock() }

// LastRequest returns the last request with this method whose path ends
// with suffix.
func (s *Server) LastRequest(method, suffix string) (Request, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.requests) - 1; i >= 0; i-- {
		r := s.requests[i]
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			return r, true
		}
	}
	return Request{}, false
}

// Count returns how many requests with this method had a path containing part.
func (s *Server) Count(method, part string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if (method == "" || r.Method == method) && strings.Contains(r.Path, part) {
			n++
		}
	}
	return n
}

// SoftDelete closes an alarm out of band, as the console would.
func (s *Server) SoftDelete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.alarms[id]
	if !ok || a.status == "CLOSED" {
		return false
	}
	a.status, a.del = "CLOSED", s.opts.Now()
	return true
}

// Purge removes an alarm entirely (a get then answers not found).
func (s *Server) Purge(id string) { s.mu.Lock(); delete(s.alarms, id); s.mu.Unlock() }

// SetStatus changes an alarm's status out of band (STABLE, DISABLED, CLOSED).
func (s *Server) SetStatus(id, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.alarms[id]
	if ok {
		a.status = status
	}
	return ok
}

// Rename changes an alarm's name out of band (drift).
func (s *Server) Rename(id, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.alarms[id]
	if ok {
		a.name, a.mod = name, s.opts.Now()
	}
	return ok
}

// Status returns an alarm's status, or "" when it does not exist.
func (s *Server) Status(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.alarms[id]; ok {
		return a.status
	}
	return ""
}

// AlarmIDs returns the ids of every alarm, CLOSED ones included, oldest first.
func (s *Server) AlarmIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	as := s.sorted()
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.id
	}
	return ids
}

// Create creates an alarm from a create body (any JSON-encodable value)
// through the same validation as the API, for seeding tests.
func (s *Server) Create(body any) (string, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ans, code, msg := s.create(b)
	if code != 0 {
		return "", fmt.Errorf("code %d: %s", code, msg)
	}
	return ans.Alarm.AlarmID, nil
}

func (s *Server) sorted() []*alarm {
	as := make([]*alarm, 0, len(s.alarms))
	for _, a := range s.alarms {
		as = append(as, a)
	}
	sort.Slice(as, func(i, j int) bool { return as[i].seq < as[j].seq })
	return as
}

// TestServer is a fake served by httptest.
type TestServer struct {
	*Server
	URL  string
	HTTP *httptest.Server
}

// Start serves a fake on a local port for the life of the test. Empty
// credentials in o take the Default* constants.
func Start(tb testing.TB, o Options) *TestServer {
	tb.Helper()
	if o.AppKey == "" {
		o.AppKey = DefaultAppKey
	}
	if o.AccessKeyID == "" {
		o.AccessKeyID = DefaultAccessKeyID
	}
	if o.SecretAccessKey == "" {
		o.SecretAccessKey = DefaultSecretAccessKey
	}
	s := New(o)
	hs := httptest.NewServer(s)
	tb.Cleanup(hs.Close)
	return &TestServer{Server: s, URL: hs.URL, HTTP: hs}
}

// ---- HTTP ----

const prefix = "/resource-watcher/v1.0/appkeys/"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()

	f, faulty := s.Take(r)
	if faulty && !faultinject.Wait(r, f) {
		return
	}
	if !faulty || (!f.AfterApply && !s.answerFault(w, f)) {
		s.handle(w, r, body)
		return
	}
	if f.AfterApply {
		rec := httptest.NewRecorder()
		s.handle(rec, r, body)
		if s.answerFault(w, f) {
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}
}

// answerFault answers f: an HTTP error as plain text, or the API's header
// envelope with isSuccessful=false; false when f only delays.
func (s *Server) answerFault(w http.ResponseWriter, f Fault) bool {
	plain := func(w http.ResponseWriter, status int, _ string) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "injected HTTP %d", status)
	}
	soft := func(w http.ResponseWriter, _ int, msg string) { s.writeFail(w, f.Code, msg) }
	return faultinject.Answer(w, f, `{"header": {"isSuccessful": tru`, plain, soft)
}

func (s *Server) write(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func (s *Server) writeFail(w http.ResponseWriter, code int, msg string) {
	s.write(w, map[string]any{"header": header{IsSuccessful: false, ResultCode: code, ResultMessage: msg}})
}

func okHdr() header { return header{IsSuccessful: true, ResultCode: 0, ResultMessage: "SUCCESS"} }

func (s *Server) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	rest, found := strings.CutPrefix(r.URL.Path, prefix)
	if !found {
		http.NotFound(w, r)
		return
	}
	appKey, route, _ := strings.Cut(rest, "/")
	parts := strings.Split(route, "/")
	known := route == "event-alarms" || route == "event-alarms/search" || route == "events" ||
		(len(parts) == 2 && parts[0] == "event-alarms") ||
		(len(parts) == 3 && parts[0] == "alarms" && parts[2] == "alarm-history") ||
		(len(parts) == 4 && parts[0] == "alarms" && parts[2] == "alarm-history")
	if !known {
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("X-TC-AUTHENTICATION-ID") != s.opts.AccessKeyID || r.Header.Get("X-TC-AUTHENTICATION-SECRET") != s.opts.SecretAccessKey {
		s.writeFail(w, CodeUnauthorized, "Authentication failed: check the User Access Key ID and Secret Access Key.")
		return
	}
	if appKey != s.opts.AppKey {
		s.writeFail(w, CodeInvalidAppKey, "Invalid appKey.")
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var ans any
	code, msg := 0, ""
	m := r.Method
	switch {
	case route == "event-alarms" && m == http.MethodPost:
		ans, code, msg = s.create(body)
	case route == "event-alarms" && m == http.MethodDelete:
		code, msg = s.deleteMany(r.URL.Query()["alarmIds"])
	case route == "event-alarms/search" && m == http.MethodPost:
		ans, code, msg = s.search(r.URL.Query(), body)
	case route == "events" && m == http.MethodGet:
		ans, code, msg = s.events(r.URL.Query(), r.Header.Get("lang"))
	case parts[0] == "event-alarms" && m == http.MethodGet:
		ans, code, msg = s.get(parts[1])
	case parts[0] == "event-alarms" && m == http.MethodPut:
		ans, code, msg = s.update(parts[1], body)
	case parts[0] == "event-alarms" && m == http.MethodDelete:
		code, msg = s.deleteOne(parts[1])
	case parts[0] == "alarms" && len(parts) == 3 && m == http.MethodGet:
		ans, code, msg = s.listHistory(parts[1], r.URL.Query())
	case parts[0] == "alarms" && len(parts) == 4 && m == http.MethodGet:
		ans, code, msg = s.getHistory(parts[1], parts[3])
	default:
		w.Header().Set("Allow", "GET, POST, PUT, DELETE")
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if code != 0 {
		s.writeFail(w, code, msg)
		return
	}
	if ans == nil {
		ans = map[string]any{"header": okHdr()}
	}
	s.write(w, ans)
}

// ---- event alarms ----

type reqError struct {
	code int
	msg  string
}

func bad(format string, a ...any) *reqError {
	return &reqError{CodeBadRequest, fmt.Sprintf(format, a...)}
}

// validate checks a create/update body and fills a (id, times untouched).
func (s *Server) validate(body []byte, a *alarm) *reqError {
	var in wireAlarmRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&in); err != nil {
		return bad("Invalid request body: %v", err)
	}
	if in.Alarm == nil || in.Alarm.AlarmName == nil || strings.TrimSpace(*in.Alarm.AlarmName) == "" {
		return bad("alarm.alarmName is required.")
	}
	if n := utf8.RuneCountInString(*in.Alarm.AlarmName); n > 255 {
		return bad("alarm.alarmName must be at most 255 characters (got %d).", n)
	}
	desc := ""
	if in.Alarm.Description != nil {
		desc = *in.Alarm.Description
	}
	if n := utf8.RuneCountInString(desc); n > 1000 {
		return bad("alarm.description must be at most 1000 characters (got %d).", n)
	}
	if len(in.AlarmTargets) == 0 {
		return bad("alarmTargets is required.")
	}
	for i, t := range in.AlarmTargets {
		if e := s.checkTarget(i, t); e != nil {
			return e
		}
	}
	for i, e := range in.Events {
		if e.ProductID == "" || e.EventID == "" {
			return bad("events[%d]: productId and eventId are required.", i)
		}
		if !s.knownEvent(e) {
			return bad("events[%d]: event %q of product %q does not exist.", i, e.EventID, e.ProductID)
		}
	}
	var groups []string
	var tags []int64
	if in.Target != nil {
		for _, g := range in.Target.ResourceGroupIDs {
			if _, ok := s.groups[g]; !ok {
				return bad("target.resourceGroupIds: resource group %q does not exist.", g)
			}
		}
		for _, t := range in.Target.ResourceTagIDs {
			if _, ok := s.tags[t]; !ok {
				return bad("target.resourceTagIds: resource tag %d does not exist.", t)
			}
		}
		groups, tags = in.Target.ResourceGroupIDs, in.Target.ResourceTagIDs
	}
	if len(in.Events) == 0 && len(groups) == 0 && len(tags) == 0 {
		return bad("All events and all resources cannot be selected at the same time: set events or target.")
	}
	a.name, a.desc = *in.Alarm.AlarmName, desc
	a.targets = append([]wireTarget(nil), in.AlarmTargets...)
	a.events = append([]wireEvent(nil), in.Events...)
	a.groups = append([]string(nil), groups...)
	a.tags = append([]int64(nil), tags...)
	a.hasScope = in.Target != nil
	return nil
}

func (s *Server) checkTarget(i int, t wireTarget) *reqError {
	yn := func(field, v string) *reqError {
		if v != "" && v != "Y" && v != "N" {
			return bad("alarmTargets[%d].%s must be Y or N.", i, field)
		}
		return nil
	}
	if e := yn("emailAlarm", t.EmailAlarm); e != nil {
		return e
	}
	if e := yn("smsAlarm", t.SMSAlarm); e != nil {
		return e
	}
	switch t.AlarmTargetTypeCode {
	case "UUID", "ROLE", "ALARM_KEY":
		if t.AlarmTarget == "" {
			return bad("alarmTargets[%d].alarmTarget is required for %s.", i, t.AlarmTargetTypeCode)
		}
		if t.WebhookURL != "" || t.WebhookSecret != "" {
			return bad("alarmTargets[%d]: webhookUrl and webhookSecret are only for WEBHOOK.", i)
		}
	case "WEBHOOK":
		if t.AlarmTarget != "" {
			return bad("alarmTargets[%d].alarmTarget must be empty for WEBHOOK.", i)
		}
		u, err := url.Parse(t.WebhookURL)
		if t.WebhookURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return bad("alarmTargets[%d].webhookUrl must start with http:// or https://.", i)
		}
	default:
		return bad("alarmTargets[%d].alarmTargetTypeCode must be UUID, ROLE, ALARM_KEY or WEBHOOK.", i)
	}
	if (t.AlarmTargetTypeCode == "WEBHOOK" || t.AlarmTargetTypeCode == "ALARM_KEY") && (t.EmailAlarm != "" || t.SMSAlarm != "") {
		return bad("alarmTargets[%d]: emailAlarm and smsAlarm are not allowed for %s.", i, t.AlarmTargetTypeCode)
	}
	switch t.AlarmTargetTypeCode {
	case "UUID":
		if _, ok := s.members[t.AlarmTarget]; !ok {
			return bad("alarmTargets[%d]: member %q does not exist.", i, t.AlarmTarget)
		}
	case "ROLE":
		if _, ok := s.roles[t.AlarmTarget]; !ok {
			return bad("alarmTargets[%d]: role %q does not exist.", i, t.AlarmTarget)
		}
	case "ALARM_KEY":
		if _, ok := s.alarmKeys[t.AlarmTarget]; !ok {
			return bad("alarmTargets[%d]: notification group %q does not exist.", i, t.AlarmTarget)
		}
	}
	return nil
}

func (s *Server) knownEvent(e wireEvent) bool {
	for _, c := range s.catalogue {
		if c.ProductID == e.ProductID && c.EventID == e.EventID {
			return true
		}
	}
	return false
}

func (s *Server) create(body []byte) (*wireEventAlarm, int, string) {
	a := &alarm{}
	if e := s.validate(body, a); e != nil {
		return nil, e.code, e.msg
	}
	s.seq++
	now := s.opts.Now()
	a.seq, a.id, a.status = s.seq, newUUID(), "STABLE"
	a.ruleID, a.ruleName = newUUID(), fmt.Sprintf("event-alarm-rule-%d", s.seq)
	a.operator, a.reg, a.mod = s.opts.OperatorUUID, now, now
	s.alarms[a.id] = a
	return s.render(a), 0, ""
}

func (s *Server) get(id string) (*wireEventAlarm, int, string) {
	a, ok := s.alarms[id]
	if !ok {
		return nil, CodeAlarmNotFound, fmt.Sprintf("Alarm not found: %s", id)
	}
	return s.render(a), 0, ""
}

func (s *Server) update(id string, body []byte) (*wireEventAlarm, int, string) {
	a, ok := s.alarms[id]
	if !ok || a.status == "CLOSED" {
		return nil, CodeAlarmNotFound, fmt.Sprintf("Alarm not found: %s", id)
	}
	next := *a
	if e := s.validate(body, &next); e != nil {
		return nil, e.code, e.msg
	}
	next.mod, next.operator = s.opts.Now(), s.opts.OperatorUUID
	*a = next
	return s.render(a), 0, ""
}

func (s *Server) deleteOne(id string) (int, string) {
	a, ok := s.alarms[id]
	if !ok {
		return CodeAlarmNotFound, fmt.Sprintf("Alarm not found: %s", id)
	}
	if a.status == "CLOSED" {
		return CodeAlreadyClosed, fmt.Sprintf("Alarm is already deleted: %s", id)
	}
	a.status, a.del = "CLOSED", s.opts.Now()
	return 0, ""
}

func (s *Server) deleteMany(ids []string) (int, string) {
	var all []string
	for _, v := range ids {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				all = append(all, id)
			}
		}
	}
	if len(all) == 0 {
		return CodeBadRequest, "alarmIds: at least one alarm id is required."
	}
	for _, id := range all {
		a, ok := s.alarms[id]
		if !ok {
			return CodeAlarmNotFound, fmt.Sprintf("Alarm not found: %s", id)
		}
		if a.status == "CLOSED" {
			return CodeAlreadyClosed, fmt.Sprintf("Alarm is already deleted: %s", id)
		}
	}
	now := s.opts.Now()
	for _, id := range all {
		s.alarms[id].status, s.alarms[id].del = "CLOSED", now
	}
	return 0, ""
}

func fmtDate(t time.Time) string { return t.UTC().Format(dateLayout) }

func (s *Server) summary(a *alarm) wireAlarm {
	w := wireAlarm{
		AlarmID: a.id, AlarmName: a.name, AlarmStatusCode: a.status, AppKey: s.opts.AppKey,
		Description: a.desc, ModDatetime: fmtDate(a.mod), RegDatetime: fmtDate(a.reg), OperatorUUID: a.operator,
		AlarmRule: wireRule{AlarmRuleID: a.ruleID, AlarmRuleName: a.ruleName, AlarmRuleDescription: "Rule of event alarm " + a.id,
			AlarmRuleStatusCode: "STABLE", ResourceTypes: []string{}},
	}
	if a.status == "CLOSED" && !a.del.IsZero() {
		d := fmtDate(a.del)
		w.DelDatetime = &d
	}
	return w
}

func (s *Server) render(a *alarm) *wireEventAlarm {
	out := &wireEventAlarm{
		Header:                    okHdr(),
		Alarm:                     s.summary(a),
		AlarmTargetAlarmKeys:      []AlarmKey{},
		AlarmTargetMemberProfiles: []MemberProfile{},
		AlarmTargetRoles:          []Role{},
		AlarmTargets:              []wireTarget{},
		Events:                    append([]wireEvent{}, a.events...),
	}
	for _, t := range a.targets {
		if !s.opts.EchoWebhookSecret {
			t.WebhookSecret = ""
		}
		out.AlarmTargets = append(out.AlarmTargets, t)
		switch t.AlarmTargetTypeCode {
		case "UUID":
			out.AlarmTargetMemberProfiles = append(out.AlarmTargetMemberProfiles, s.members[t.AlarmTarget])
		case "ROLE":
			out.AlarmTargetRoles = append(out.AlarmTargetRoles, s.roles[t.AlarmTarget])
		case "ALARM_KEY":
			out.AlarmTargetAlarmKeys = append(out.AlarmTargetAlarmKeys, s.alarmKeys[t.AlarmTarget])
		}
	}
	if len(a.groups) > 0 || len(a.tags) > 0 {
		out.Target = &wireTargetOutput{ResourceGroups: []wireGroup{}, ResourceTags: []wireTag{}}
		for _, g := range a.groups {
			out.Target.ResourceGroups = append(out.Target.ResourceGroups, wireGroup{ResourceGroupID: g, ResourceGroupName: s.groups[g]})
		}
		for _, t := range a.tags {
			out.Target.ResourceTags = append(out.Target.ResourceTags, wireTag{TagID: t, TagName: s.tags[t]})
		}
	}
	return out
}

type paging struct {
	page, size int
	field      string
	desc       bool
}

func parsePaging(q url.Values, defField string, defDesc bool) (paging, *reqError) {
	p := paging{page: 0, size: 10, field: defField, desc: defDesc}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, bad("page must be a whole number from 0.")
		}
		p.page = n
	}
	if v := q.Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return p, bad("size must be a whole number from 1 to 1000.")
		}
		p.size = n
	}
	if v := q.Get("sort"); v != "" {
		// "field,DESC" or "field:ASC"; only the first key is honoured.
		first, _, _ := strings.Cut(v, ";")
		f, dir, found := strings.Cut(first, ",")
		if !found {
			f, dir, _ = strings.Cut(first, ":")
		}
		p.field = strings.TrimSpace(f)
		p.desc = strings.EqualFold(strings.TrimSpace(dir), "DESC")
	}
	return p, nil
}

func window(total int, p paging) (int, int) {
	from := p.page * p.size
	if from > total {
		from = total
	}
	to := from + p.size
	if to > total {
		to = total
	}
	return from, to
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func in[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) search(q url.Values, body []byte) (any, int, string) {
	p, e := parsePaging(q, "modDatetime", true)
	if e != nil {
		return nil, e.code, e.msg
	}
	var f wireSearch
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &f); err != nil {
			return nil, CodeBadRequest, "Invalid request body: " + err.Error()
		}
	}
	statuses := f.AlarmStatusCodes
	if len(statuses) == 0 {
		statuses = []string{"STABLE", "DISABLED"}
	}
	var from, to time.Time
	var err error
	if f.ModDateFrom != "" {
		if from, err = time.Parse(dateLayout, f.ModDateFrom); err != nil {
			return nil, CodeBadRequest, "modDateFrom must be yyyy-MM-ddTHH:mm:SS."
		}
	}
	if f.ModDateTo != "" {
		if to, err = time.Parse(dateLayout, f.ModDateTo); err != nil {
			return nil, CodeBadRequest, "modDateTo must be yyyy-MM-ddTHH:mm:SS."
		}
	}
	var hits []*alarm
	for _, a := range s.sorted() {
		switch {
		case !in(statuses, a.status),
			len(f.AlarmIDs) > 0 && !in(f.AlarmIDs, a.id),
			f.AlarmNameAnyLike != "" && !containsFold(a.name, f.AlarmNameAnyLike),
			f.DescriptionAnyLike != "" && !containsFold(a.desc, f.DescriptionAnyLike),
			len(f.AlarmRuleIDs) > 0 && !in(f.AlarmRuleIDs, a.ruleID),
			len(f.OperatorUUIDs) > 0 && !in(f.OperatorUUIDs, a.operator),
			!from.IsZero() && a.mod.UTC().Truncate(time.Second).Before(from),
			!to.IsZero() && a.mod.UTC().Truncate(time.Second).After(to):
			continue
		}
		if len(f.ResourceGroupIDs) > 0 {
			hit := false
			for _, g := range a.groups {
				hit = hit || in(f.ResourceGroupIDs, g)
			}
			if !hit {
				continue
			}
		}
		hits = append(hits, a)
	}
	key := func(a *alarm) string {
		switch p.field {
		case "alarmName":
			return a.name
		case "regDatetime":
			return fmtDate(a.reg)
		default:
			return fmtDate(a.mod)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		ki, kj := key(hits[i]), key(hits[j])
		if ki == kj {
			return hits[i].seq < hits[j].seq
		}
		return (ki < kj) != p.desc
	})
	lo, hi := window(len(hits), p)
	alarms := []wireAlarm{}
	for _, a := range hits[lo:hi] {
		alarms = append(alarms, s.summary(a))
	}
	return map[string]any{"header": okHdr(), "alarms": alarms, "totalItems": len(hits)}, 0, ""
}

// ---- event catalogue ----

func (s *Server) events(q url.Values, lang string) (any, int, string) {
	if lang == "" {
		lang = "ko"
	}
	if !in([]string{"ko", "en", "ja", "zh"}, lang) {
		return nil, CodeBadRequest, "lang must be one of ko, en, ja, zh."
	}
	p, e := parsePaging(q, "productName", false)
	if e != nil {
		return nil, e.code, e.msg
	}
	var products []string
	for _, v := range q["productIdList"] {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				products = append(products, id)
			}
		}
	}
	var hits []CatalogueEvent
	for _, c := range s.catalogue {
		switch {
		case c.Lang != lang,
			len(products) > 0 && !in(products, c.ProductID),
			q.Get("productNameLike") != "" && !containsFold(c.ProductName, q.Get("productNameLike")),
			q.Get("eventNameLike") != "" && !containsFold(c.EventName, q.Get("eventNameLike")):
			continue
		}
		hits = append(hits, c)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.ProductName != b.ProductName {
			return (a.ProductName < b.ProductName) != p.desc
		}
		if a.EventName != b.EventName {
			return a.EventName < b.EventName
		}
		return a.EventID < b.EventID
	})
	lo, hi := window(len(hits), p)
	events := []map[string]string{}
	for _, c := range hits[lo:hi] {
		events = append(events, map[string]string{"eventId": c.EventID, "productId": c.ProductID, "productName": c.ProductName})
	}
	return map[string]any{"header": okHdr(), "events": events, "eventPage": "", "totalItems": len(hits)}, 0, ""
}

// ---- alarm history ----

func (s *Server) renderHistory(alarmID string, h History) map[string]any {
	ev := map[string]any{
		"alarmId": alarmID, "appKey": s.opts.AppKey, "eventId": h.EventID, "eventSourceType": h.EventSourceType,
		"eventDatetime": fmtDate(h.EventTime), "regDatetime": fmtDate(h.Registered),
		"eventUser":   map[string]string{"userId": h.UserID, "userIdNo": h.UserIDNo, "userIp": h.UserIP, "userAgent": "console"},
		"eventTarget": map[string]any{"targetMembers": []any{}},
	}
	res := map[string]any{
		"appKey": s.opts.AppKey, "resourceKey": h.ResourceKey, "resourceId": h.ResourceID, "resourceName": h.ResourceName,
		"resourceTypeCode": h.ResourceTypeCode, "productId": h.ProductID, "projectId": h.ProjectID, "projectName": h.ProjectName,
		"regionCode": h.RegionCode, "resourceStatusCode": "STABLE", "resourceCreationTypeCode": "USER",
		"createDatetime": fmtDate(h.EventTime), "regDatetime": fmtDate(h.Registered), "modDatetime": fmtDate(h.Registered),
	}
	return map[string]any{"alarmHistoryId": h.ID, "alarmSendResultTypeCode": h.SendResult, "event": ev, "resource": res}
}

func (s *Server) listHistory(alarmID string, q url.Values) (any, int, string) {
	if _, ok := s.alarms[alarmID]; !ok {
		return nil, CodeAlarmNotFound, fmt.Sprintf("Alarm not found: %s", alarmID)
	}
	p, e := parsePaging(q, "regDatetime", true)
	if e != nil {
		return nil, e.code, e.msg
	}
	var from, to time.Time
	var err error
	if v := q.Get("regDateFrom"); v != "" {
		if from, err = time.Parse(dateLayout, v); err != nil {
			return nil, CodeBadRequest, "regDateFrom must be yyyy-MM-ddTHH:mm:SS."
		}
	}
	if v := q.Get("regDateTo"); v != "" {
		if to, err = time.Parse(dateLayout, v); err != nil {
			return nil, CodeBadRequest, "regDateTo must be yyyy-MM-ddTHH:mm:SS."
		}
	}
	multi := func(key, v string) bool { return len(q[key]) == 0 || in(q[key], v) }
	var hits []History
	for _, h := range s.history[alarmID] {
		reg := h.Registered.UTC().Truncate(time.Second)
		switch {
		case !multi("resourceKeys", h.ResourceKey), !multi("eventIds", h.EventID), !multi("eventSourceTypes", h.EventSourceType),
			!multi("projectIds", h.ProjectID), !multi("productIds", h.ProductID), !multi("alarmSendResultTypeCodes", h.SendResult),
			q.Get("resourceNameAnyLike") != "" && !containsFold(h.ResourceName, q.Get("resourceNameAnyLike")),
			!from.IsZero() && reg.Before(from), !to.IsZero() && reg.After(to):
			continue
		}
		hits = append(hits, h)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i].Registered, hits[j].Registered
		if a.Equal(b) {
			return hits[i].ID < hits[j].ID
		}
		return a.Before(b) != p.desc
	})
	lo, hi := window(len(hits), p)
	out := []any{}
	for _, h := range hits[lo:hi] {
		out = append(out, s.renderHistory(alarmID, h))
	}
	return map[string]any{"header": okHdr(), "alarmHistories": out, "totalItems": len(hits)}, 0, ""
}

func (s *Server) getHistory(alarmID, historyID string) (any, int, string) {
	a, ok := s.alarms[alarmID]
	if !ok {
		return nil, CodeAlarmNotFound, fmt.Sprintf("Alarm not found: %s", alarmID)
	}
	for _, h := range s.history[alarmID] {
		if h.ID == historyID {
			return map[string]any{
				"header":       okHdr(),
				"alarm":        map[string]string{"alarmId": a.id, "alarmName": a.name, "description": a.desc},
				"alarmHistory": s.renderHistory(alarmID, h),
				"alarmRule":    map[string]string{"alarmRuleId": a.ruleID, "alarmRuleName": a.ruleName, "alarmRuleDescription": "Rule of event alarm " + a.id},
				"projectName":  h.ProjectName,
			}, 0, ""
		}
	}
	return nil, CodeHistoryMissing, fmt.Sprintf("Alarm history not found: %s", historyID)
}

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
