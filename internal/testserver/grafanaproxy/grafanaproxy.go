// Package grafanaproxy serves a real Prometheus Alertmanager under Grafana's
// silence paths, with Grafana's authentication and answers, so that the
// grafana flavor of the silence client and resource can be tested (and
// demonstrated) without a Grafana:
//
//   - /api/alertmanager/grafana/api/v2/... and /api/alertmanager/{uid}/api/v2/...
//     are forwarded to the upstream's /api/v2/... (silences, and GET /alerts
//     with its filter query, as Grafana serves both);
//   - basic auth or a Bearer token is checked when configured (401 otherwise),
//     and X-Grafana-Org-Id selects the organization (401 for another one);
//   - POST /silences answers 202 like Grafana, DELETE /silence/{id} answers
//     {"message":"silence deleted"}, errors are {"message": ...} objects and
//     swagger validation failures are 400, as in Grafana.
package grafanaproxy

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/go-cleanhttp"
)

// Options configure the proxy. With no Username/Password and no Token every
// request is let through.
type Options struct {
	// Username and Password accept HTTP basic auth.
	Username string
	Password string
	// Token accepts "Authorization: Bearer <Token>" (a service-account token).
	Token string
	// OrgID is the organization that owns the silences. A basic-auth request
	// without X-Grafana-Org-Id is in org 1; a token is bound to OrgID. A
	// request for another org is refused with 401. Zero means org 1.
	OrgID int64
	// DatasourceUID, when set, is also served under
	// /api/alertmanager/{DatasourceUID}/api/v2; any other uid but "grafana"
	// answers 404.
	DatasourceUID string
}

const prefix = "/api/alertmanager/"

// Transport is the proxies' connection pool to Alertmanager: it keeps as
// many idle connections as a benchmark's concurrent requests need
// (http.DefaultTransport keeps 2 per host, and would open a connection to
// Alertmanager for most proxied requests).
var Transport http.RoundTripper = func() http.RoundTripper {
	t := cleanhttp.DefaultPooledTransport()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 256, 64
	return t
}()

// New returns a handler that serves upstreamURL (an Alertmanager root URL,
// such as http://127.0.0.1:9093) under Grafana's paths.
func New(upstreamURL string, opts Options) http.Handler {
	target, err := url.Parse(strings.TrimRight(upstreamURL, "/"))
	if err != nil || target.Host == "" {
		panic(fmt.Sprintf("grafanaproxy: bad upstream URL %q", upstreamURL))
	}
	if opts.OrgID == 0 {
		opts.OrgID = 1
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Header.Del("Authorization")
			r.Out.Header.Del("X-Grafana-Org-Id")
		},
		ModifyResponse: grafanaAnswer,
		Transport:      Transport,
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeJSON(w, http.StatusBadGateway, map[string]string{"message": "alertmanager unreachable: " + err.Error()})
		},
	}
	return &proxy{opts: opts, rp: rp, upstreamPath: target.Path}
}

type proxy struct {
	opts         Options
	rp           *httputil.ReverseProxy
	upstreamPath string
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, prefix) {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not found"})
		return
	}
	if status, msg := p.authorize(r); status != 0 {
		writeJSON(w, status, map[string]string{"message": msg, "messageId": "auth.unauthorized"})
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, prefix)
	uid, tail, ok := strings.Cut(rest, "/")
	if !ok || !strings.HasPrefix(tail, "api/v2/") {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not found"})
		return
	}
	if uid != "grafana" && uid != p.opts.DatasourceUID {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Unable to find datasource", "messageId": "alerting.datasourceNotFound"})
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = p.upstreamPath + "/" + tail
	r2.URL.RawPath = ""
	p.rp.ServeHTTP(w, r2)
}

// authorize returns a non-zero status when the request must be refused.
func (p *proxy) authorize(r *http.Request) (int, string) {
	o := p.opts
	if o.Username == "" && o.Password == "" && o.Token == "" {
		return 0, ""
	}
	org := int64(1)
	tokenAuth := false
	switch auth := r.Header.Get("Authorization"); {
	case o.Token != "" && strings.HasPrefix(auth, "Bearer "):
		if !equal(strings.TrimPrefix(auth, "Bearer "), o.Token) {
			return http.StatusUnauthorized, "Invalid API key"
		}
		tokenAuth, org = true, o.OrgID
	case (o.Username != "" || o.Password != "") && strings.HasPrefix(auth, "Basic "):
		u, pw, ok := r.BasicAuth()
		if !ok || !equal(u, o.Username) || !equal(pw, o.Password) {
			return http.StatusUnauthorized, "Invalid username or password"
		}
	default:
		return http.StatusUnauthorized, "Unauthorized"
	}
	if h := r.Header.Get("X-Grafana-Org-Id"); h != "" {
		n, err := strconv.ParseInt(h, 10, 64)
		if err != nil {
			return http.StatusBadRequest, "invalid X-Grafana-Org-Id"
		}
		if tokenAuth && n != o.OrgID {
			return http.StatusUnauthorized, "Service account token is bound to another organization"
		}
		org = n
	}
	if org != o.OrgID {
		return http.StatusUnauthorized, fmt.Sprintf("User is not a member of organization %d", org)
	}
	return 0, ""
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// grafanaAnswer rewrites Alertmanager's answers into Grafana's.
func grafanaAnswer(resp *http.Response) error {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	method := resp.Request.Method
	path := resp.Request.URL.Path
	isOne := strings.Contains(path, "/silence/")
	status := resp.StatusCode
	switch {
	case method == http.MethodPost && strings.HasSuffix(path, "/silences") && status == http.StatusOK:
		status = http.StatusAccepted
	case method == http.MethodDelete && isOne && status == http.StatusOK:
		body = mustJSON(map[string]string{"message": "silence deleted"})
	case status == http.StatusUnprocessableEntity && method == http.MethodPost:
		// Grafana runs the swagger validation itself and answers 400.
		status = http.StatusBadRequest
		body = mustJSON(map[string]string{"message": "silence failed validation: " + message(body), "messageId": "alerting.notifications.silences.badRequest"})
	case status == http.StatusUnprocessableEntity && isOne:
		// Grafana does not check the id format: an unknown id is a 404.
		status = http.StatusNotFound
		body = notFound(path)
	case status == http.StatusNotFound:
		body = notFound(path)
	case status >= 400:
		body = mustJSON(map[string]string{"message": message(body)})
	}
	resp.StatusCode = status
	resp.Status = fmt.Sprintf("%d %s", status, http.StatusText(status))
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	if len(body) > 0 {
		resp.Header.Set("Content-Type", "application/json")
	}
	return nil
}

func notFound(path string) []byte {
	id := path[strings.LastIndex(path, "/")+1:]
	return mustJSON(map[string]string{"message": "silence " + id + " not found", "messageId": "alerting.notifications.silences.notFound"})
}

func message(body []byte) string {
	var s string
	if json.Unmarshal(body, &s) == nil {
		return s
	}
	var o struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &o) == nil && o.Message != "" {
		return o.Message
	}
	return strings.TrimSpace(string(body))
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(mustJSON(v))
}
