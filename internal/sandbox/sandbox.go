// Package sandbox starts the local sandbox: the O11y maintenance fake, the
// Alert Silence API fake, the Resource Watcher fake, and a real Prometheus
// Alertmanager behind a proxy that serves it under Grafana's paths with
// basic auth and behind a plain front of its own (flavor prometheus) — the
// same servers the tests use, on 127.0.0.1. Every API is reached through a
// front that adds the latency and faults asked for and counts requests and
// accepted TCP connections.
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertmanagerproc"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// Names of the sandbox's APIs, as used by fault flags.
const (
	APIMaintenance     = "maintenance"
	APIGrafana         = "grafana"
	APIAlertSilence    = "alert-silence"
	APIResourceWatcher = "resource-watcher"
	// APIPrometheus is the Alertmanager itself (flavor prometheus), through
	// the same front as the others.
	APIPrometheus = "prometheus"
)

// APIs lists every API name.
var APIs = []string{APIMaintenance, APIGrafana, APIAlertSilence, APIResourceWatcher, APIPrometheus}

// Options configure a sandbox.
type Options struct {
	// StateDir keeps Alertmanager's data and the fakes' objects between
	// runs; empty means a temporary folder removed on Close.
	StateDir string
	// AlertmanagerBin is the alertmanager binary (default: ./bin or PATH).
	AlertmanagerBin string
	// TimeZone is the maintenance API's zone (default Asia/Seoul).
	TimeZone string
	// Latency is added to every answer of every API (benchmarks).
	Latency time.Duration
	// Faults are injected per API.
	Faults map[string][]faultinject.Fault
}

// Sandbox is a running set of servers.
type Sandbox struct {
	Maintenance     *maintenancefake.Server
	AlertSilence    *alertsilencefake.Server
	ResourceWatcher *resourcewatcherfake.Server
	Alertmanager    *alertmanagerproc.Alertmanager

	// URLs by API name.
	URLs map[string]string
	// Credentials generated for this run.
	MaintenanceAPIKey  string
	GrafanaUser        string
	GrafanaPassword    string
	NHNAppKey          string
	NHNAccessKeyID     string
	NHNSecretAccessKey string
	TimeZone           string

	injectors map[string]*faultinject.Injector
	calls     map[string]*atomic.Int64
	conns     map[string]*atomic.Int64
	servers   []*http.Server
	tmp       string
	stateDir  string
	closeOnce sync.Once
}

func secret(prefix string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// Start starts every server. Close stops them.
func Start(o Options) (_ *Sandbox, err error) {
	sb := &Sandbox{URLs: map[string]string{}, injectors: map[string]*faultinject.Injector{},
		calls: map[string]*atomic.Int64{}, conns: map[string]*atomic.Int64{}}
	defer func() {
		if err != nil {
			sb.Close()
		}
	}()
	dir := o.StateDir
	if dir == "" {
		if sb.tmp, err = os.MkdirTemp("", "o11y-sandbox-"); err != nil {
			return nil, err
		}
		dir = sb.tmp
	} else {
		sb.stateDir = dir
	}
	if err := os.MkdirAll(filepath.Join(dir, "alertmanager"), 0o700); err != nil {
		return nil, err
	}
	creds, err := loadOrCreateCredentials(filepath.Join(dir, "credentials.json"), o.StateDir != "")
	if err != nil {
		return nil, err
	}
	sb.MaintenanceAPIKey, sb.GrafanaUser, sb.GrafanaPassword = creds.MaintenanceAPIKey, "admin", creds.GrafanaPassword
	sb.NHNAppKey, sb.NHNAccessKeyID, sb.NHNSecretAccessKey = creds.NHNAppKey, creds.NHNAccessKeyID, creds.NHNSecretAccessKey

	sb.TimeZone = o.TimeZone
	if sb.TimeZone == "" {
		sb.TimeZone = "Asia/Seoul"
	}
	loc, err := time.LoadLocation(sb.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", sb.TimeZone, err)
	}

	bin := o.AlertmanagerBin
	if bin == "" {
		bin = alertmanagerproc.Bin()
	}
	if bin == "" {
		return nil, errors.New("alertmanager binary not found: run `make tools` first")
	}
	if sb.Alertmanager, err = alertmanagerproc.New(bin, filepath.Join(dir, "alertmanager"), alertmanagerproc.Options{}); err != nil {
		return nil, err
	}

	sb.Maintenance = maintenancefake.New(maintenancefake.Options{Location: loc, Auth: maintenancefake.Auth{APIKey: sb.MaintenanceAPIKey}})
	sb.AlertSilence = alertsilencefake.New(alertsilencefake.Options{})
	sb.ResourceWatcher = resourcewatcherfake.New(resourcewatcherfake.Options{AppKey: sb.NHNAppKey, AccessKeyID: sb.NHNAccessKeyID, SecretAccessKey: sb.NHNSecretAccessKey})
	if err := sb.restore(); err != nil {
		return nil, err
	}

	amURL, err := url.Parse(sb.Alertmanager.URL)
	if err != nil {
		return nil, err
	}
	handlers := map[string]http.Handler{
		APIMaintenance:     sb.Maintenance,
		APIGrafana:         grafanaproxy.New(sb.Alertmanager.URL, grafanaproxy.Options{Username: sb.GrafanaUser, Password: sb.GrafanaPassword}),
		APIAlertSilence:    sb.AlertSilence,
		APIResourceWatcher: sb.ResourceWatcher,
		APIPrometheus:      &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(amURL) }, Transport: grafanaproxy.Transport},
	}
	for _, name := range APIs {
		in := &faultinject.Injector{}
		for _, f := range o.Faults[name] {
			in.Inject(f)
		}
		sb.injectors[name] = in
		sb.calls[name], sb.conns[name] = &atomic.Int64{}, &atomic.Int64{}
		url, err := sb.serve(middleware(handlers[name], in, o.Latency, sb.calls[name]), sb.conns[name])
		if err != nil {
			return nil, err
		}
		sb.URLs[name] = url
	}
	return sb, nil
}

// Inject queues a fault on one API, in front of the fake.
func (sb *Sandbox) Inject(api string, f faultinject.Fault) error {
	in, ok := sb.injectors[api]
	if !ok {
		return fmt.Errorf("unknown API %q; use one of %s", api, strings.Join(APIs, ", "))
	}
	in.Inject(f)
	return nil
}

// serve serves h on a new port, counting the TCP connections it accepts.
func (sb *Sandbox) serve(h http.Handler, conns *atomic.Int64) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ConnState: func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}}
	sb.servers = append(sb.servers, srv)
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), nil
}

// Calls returns how many requests each API received since the last
// ResetCalls (benchmarks count API calls per Terraform operation).
func (sb *Sandbox) Calls() map[string]int64 {
	out := map[string]int64{}
	for name, c := range sb.calls {
		out[name] = c.Load()
	}
	return out
}

// Conns returns how many TCP connections each API's front accepted since
// the last ResetCalls.
func (sb *Sandbox) Conns() map[string]int64 {
	out := map[string]int64{}
	for name, c := range sb.conns {
		out[name] = c.Load()
	}
	return out
}

// Faults returns how many requests got an injected fault, per API, since
// the sandbox started.
func (sb *Sandbox) Faults() map[string]int {
	out := map[string]int{}
	for name, in := range sb.injectors {
		out[name] = in.Fired()
	}
	return out
}

// ResetCalls sets every API's request and connection counts to zero.
func (sb *Sandbox) ResetCalls() {
	for _, c := range sb.calls {
		c.Store(0)
	}
	for _, c := range sb.conns {
		c.Store(0)
	}
}

// middleware counts requests and adds latency and sandbox-level faults in
// front of a server.
func middleware(next http.Handler, in *faultinject.Injector, latency time.Duration, calls *atomic.Int64) http.Handler {
	fail := func(w http.ResponseWriter, status int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": msg})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if latency > 0 && !faultinject.Wait(r, faultinject.Fault{Delay: latency}) {
			return
		}
		if f, ok := in.Take(r); ok {
			if !faultinject.Wait(r, f) {
				return
			}
			if faultinject.Answer(w, f, `{"truncated`, fail, nil) {
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Env is the set of environment variables that point the provider at the
// sandbox, sorted by name.
func (sb *Sandbox) Env() [][2]string {
	env := map[string]string{
		"O11Y_MAINTENANCE_URL":       sb.URLs[APIMaintenance],
		"O11Y_MAINTENANCE_API_KEY":   sb.MaintenanceAPIKey,
		"O11Y_MAINTENANCE_TIME_ZONE": sb.TimeZone,
		"GRAFANA_URL":                sb.URLs[APIGrafana],
		"GRAFANA_USERNAME":           sb.GrafanaUser,
		"GRAFANA_PASSWORD":           sb.GrafanaPassword,
		"O11Y_ALERTMANAGER_FLAVOR":   "grafana",
		"NHN_RESOURCE_WATCHER_URL":   sb.URLs[APIResourceWatcher],
		"NHN_APPKEY":                 sb.NHNAppKey,
		"NHN_USER_ACCESS_KEY_ID":     sb.NHNAccessKeyID,
		"NHN_SECRET_ACCESS_KEY":      sb.NHNSecretAccessKey,
	}
	out := make([][2]string, 0, len(env))
	for k, v := range env {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Close stops every server (Alertmanager gracefully, so its silences are
// kept in a --state-dir) and saves the fakes' objects.
func (sb *Sandbox) Close() {
	sb.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, s := range sb.servers {
			_ = s.Shutdown(ctx)
		}
		if sb.Alertmanager != nil {
			sb.Alertmanager.Stop()
		}
		_ = sb.save()
		if sb.tmp != "" {
			_ = os.RemoveAll(sb.tmp)
		}
	})
}

type credentials struct {
	MaintenanceAPIKey  string `json:"maintenance_api_key"`
	GrafanaPassword    string `json:"grafana_password"`
	NHNAppKey          string `json:"nhn_app_key"`
	NHNAccessKeyID     string `json:"nhn_access_key_id"`
	NHNSecretAccessKey string `json:"nhn_secret_access_key"`
}

// loadOrCreateCredentials keeps credentials stable across runs that share
// a state dir, so an existing Terraform state keeps working.
func loadOrCreateCredentials(path string, keep bool) (credentials, error) {
	var c credentials
	if keep {
		if b, err := os.ReadFile(path); err == nil {
			if err := json.Unmarshal(b, &c); err != nil {
				return c, fmt.Errorf("%s: %w", path, err)
			}
			return c, nil
		}
	}
	c = credentials{
		MaintenanceAPIKey: secret("mk-"), GrafanaPassword: secret("gp-"),
		NHNAppKey: secret("app"), NHNAccessKeyID: secret("uak-"), NHNSecretAccessKey: secret("sak-"),
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return c, os.WriteFile(path, b, 0o600)
}
