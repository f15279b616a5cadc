// Package httpx is the one HTTP stack every API client of the provider shares:
// a go-cleanhttp pooled transport whose keep-alive pool is sized to
// Terraform's parallelism (IdleConnsPerHost), retries with exponential
// backoff and jitter that honour Retry-After, a per-attempt timeout,
// authentication, the provider's User-Agent, and request/response logging
// through tflog with every credential masked.
package httpx

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Defaults used when a Config leaves a field at zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRetries   = 4
	DefaultMinBackoff   = 500 * time.Millisecond
	DefaultMaxBackoff   = 30 * time.Second
	DefaultAPIKeyHeader = "X-API-Key"
	// MaxRetryAfter bounds how long a server's Retry-After can hold a request.
	MaxRetryAfter = 2 * time.Minute
	// IdleConnsPerHost is how many keep-alive connections the pool keeps
	// per host. Terraform runs -parallelism operations at once (10 unless
	// told otherwise) and each has at most one request in flight, plus one
	// shared list or alerts fetch: a pool smaller than that (go-cleanhttp
	// keeps GOMAXPROCS+1) closes a connection after nearly every answer and
	// opens a new one for the next request, a TCP (and TLS) handshake per
	// call. 32 keeps every connection of a run alive up to -parallelism=30;
	// an idle connection costs one socket, closed after the transport's idle
	// timeout (90 s).
	IdleConnsPerHost = 32
)

// Auth is how a client proves who it is. Every non-empty field is sent.
type Auth struct {
	// APIKey is sent in the APIKeyHeader header (default X-API-Key).
	APIKey       string
	APIKeyHeader string
	// Token is sent as "Authorization: Bearer <token>".
	Token string
	// Username and Password are sent as HTTP basic auth.
	Username string
	Password string
	// SecretHeaders are credential headers sent as given, such as
	// X-TC-AUTHENTICATION-ID / X-TC-AUTHENTICATION-SECRET. Their values are
	// masked in logs.
	SecretHeaders map[string]string
}

// Config describes one client. One Config per API.
type Config struct {
	// API names the API in logs ("maintenance", "alertmanager", ...).
	API string
	// BaseURL is the scheme, host and optional path prefix of the API.
	BaseURL string
	Auth    Auth
	// Headers are extra, non-secret headers sent on every request.
	Headers http.Header
	// Timeout bounds one attempt (connect, send, and read the whole answer).
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt may be repeated. A
	// negative value means no retries; zero means DefaultMaxRetries.
	MaxRetries         int
	InsecureSkipVerify bool
	// CACertPEM is added to the system roots.
	CACertPEM string
	// UserAgent is sent on every request.
	UserAgent string
	// MinBackoff and MaxBackoff bound the exponential backoff.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// Transport replaces the pooled transport (tests only).
	Transport http.RoundTripper
	// Sleep replaces the backoff wait (tests only).
	Sleep func(ctx context.Context, d time.Duration) error
}

// Request is one API call.
type Request struct {
	Method string
	// Path is appended to the base URL's path.
	Path  string
	Query url.Values
	// Header adds or overrides headers for this request.
	Header http.Header
	// Body is sent as JSON, or as given when it is a []byte.
	Body any
	// Idempotent requests (reads, deletes, updates by id) are retried on every
	// retryable failure. A non-idempotent request (a create) is retried only
	// when it certainly did not take effect: the connection was refused, the
	// server answered 429 or 503, or the attempt failed before the server
	// asked for the body (see bodyWithheld). A create whose answer was lost
	// is never sent again; the caller gets an *AmbiguousError.
	Idempotent bool
	// Secrets are extra strings masked in the logs of this request, such as
	// a webhook secret inside the body.
	Secrets []string
	// AnswerSecrets, when set, returns strings of the answer's body to mask
	// in its log too, such as webhook URLs the server echoes, which the
	// caller cannot know before the answer arrives.
	AnswerSecrets func(body []byte) []string
}

// Response is the answer to a Request, whatever its status code.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Attempts is how many times the request was sent.
	Attempts int
}

// Date is the server's Date header, the clock expiry decisions use.
func (r *Response) Date() (time.Time, bool) {
	if r == nil {
		return time.Time{}, false
	}
	d, err := http.ParseTime(r.Header.Get("Date"))
	if err != nil {
		return time.Time{}, false
	}
	return d, true
}

// TransportError means no usable answer came back: the connection failed or
// timed out on every attempt.
type TransportError struct {
	Method   string
	URL      string
	Attempts int
	Err      error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s failed after %d attempt(s): %v", e.Method, e.URL, e.Attempts, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// AmbiguousError means a non-idempotent request may have reached the server
// but its answer was lost (timeout, connection reset, 5xx from a gateway). It
// is not sent again: the object may exist on the server.
type AmbiguousError struct {
	Method string
	URL    string
	// StatusCode is the gateway's answer, or 0 when the connection failed.
	StatusCode int
	Err        error
}

func (e *AmbiguousError) Error() string {
	cause := "the answer was lost"
	if e.Err != nil {
		cause = e.Err.Error()
	} else if e.StatusCode != 0 {
		cause = fmt.Sprintf("HTTP %d", e.StatusCode)
	}
	return fmt.Sprintf("%s %s may have reached the server but its answer was lost (%s); it was not sent again so nothing is created twice", e.Method, e.URL, cause)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// Client sends requests for one API.
type Client struct {
	cfg     Config
	base    *url.URL
	http    *http.Client
	secrets []string
	// noContinue is set once the server sent a create's body-less headers
	// no "100 Continue" in time (the transport then sends the body anyway):
	// later creates go without Expect.
	noContinue atomic.Bool
}

// New builds a client. It fails on a malformed base URL or CA certificate.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if base.Scheme != "http" && base.Scheme != "https" {
		return nil, fmt.Errorf("%q: the scheme must be http or https", cfg.BaseURL)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	} else if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = DefaultMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.Auth.APIKeyHeader == "" {
		cfg.Auth.APIKeyHeader = DefaultAPIKeyHeader
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	rt := cfg.Transport
	if rt == nil {
		t := cleanhttp.DefaultPooledTransport()
		t.MaxIdleConnsPerHost = IdleConnsPerHost
		t.MaxIdleConns = max(t.MaxIdleConns, 4*IdleConnsPerHost)
		if cfg.InsecureSkipVerify || cfg.CACertPEM != "" {
			tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify} //nolint:gosec // the user asked for it
			if cfg.CACertPEM != "" {
				pool, perr := x509.SystemCertPool()
				if perr != nil || pool == nil {
					pool = x509.NewCertPool()
				}
				if !pool.AppendCertsFromPEM([]byte(cfg.CACertPEM)) {
					return nil, errors.New("ca_cert_pem holds no PEM certificate")
				}
				tlsCfg.RootCAs = pool
			}
			t.TLSClientConfig = tlsCfg
		}
		rt = t
	}
	c := &Client{cfg: cfg, base: base, http: &http.Client{Transport: rt}}
	c.secrets = credentialStrings(cfg.Auth)
	return c, nil
}

// AddSecret masks more strings in this client's logs, such as an Appkey that
// travels in the URL path.
func (c *Client) AddSecret(s ...string) { c.secrets = append(c.secrets, nonEmpty(s)...) }

// BaseURL is the client's base URL.
func (c *Client) BaseURL() string { return c.base.String() }

func credentialStrings(a Auth) []string {
	var s []string
	add := func(v string) {
		if v != "" {
			s = append(s, v)
		}
	}
	add(a.APIKey)
	add(a.Token)
	add(a.Password)
	if a.Username != "" || a.Password != "" {
		add(base64.StdEncoding.EncodeToString([]byte(a.Username + ":" + a.Password)))
	}
	for _, v := range a.SecretHeaders {
		add(v)
	}
	return s
}

// URL resolves a path and query against the base URL.
func (c *Client) URL(path string, q url.Values) string {
	u := *c.base
	u.Path = strings.TrimRight(c.base.Path, "/") + "/" + strings.TrimLeft(path, "/")
	u.RawPath = ""
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Do sends req, retrying as the policy allows, and returns the final answer
// whatever its status code. It returns an error only when no usable answer
// came back (*TransportError, *AmbiguousError) or ctx ended.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	var body []byte
	switch b := req.Body.(type) {
	case nil:
	case []byte:
		body = b
	default:
		var err error
		body, err = json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("encoding %s request body: %w", c.cfg.API, err)
		}
	}
	target := c.URL(req.Path, req.Query)
	secrets := append(append([]string(nil), c.secrets...), nonEmpty(req.Secrets)...)
	if len(secrets) > 0 {
		ctx = tflog.MaskMessageStrings(ctx, secrets...)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
		ctx = tflog.MaskLogStrings(ctx, secrets...)
	}

	for attempt := 1; ; attempt++ {
		resp, withheld, err := c.once(ctx, req, target, body, attempt, secrets)
		judged := req
		if withheld && !req.Idempotent {
			// The server never had the body: it cannot have acted on this
			// attempt of the create, which is then as safe to repeat as a
			// read. The next attempt is a create again.
			tflog.Debug(ctx, "the create's body never left; it may be sent again", map[string]any{"api": c.cfg.API, "url": target, "attempt": attempt})
			judged.Idempotent = true
		}
		retry, wait, final := c.decide(ctx, judged, resp, err, attempt)
		if !retry {
			if final != nil {
				return nil, final
			}
			return resp, nil
		}
		tflog.Debug(ctx, "retrying API request", map[string]any{
			"api": c.cfg.API, "method": req.Method, "url": target, "attempt": attempt,
			"wait": wait.String(), "reason": reason(resp, err),
		})
		if serr := c.cfg.Sleep(ctx, wait); serr != nil {
			if err != nil {
				return nil, &TransportError{Method: req.Method, URL: target, Attempts: attempt, Err: err}
			}
			return resp, nil
		}
	}
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func reason(resp *Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("HTTP %d", resp.StatusCode)
}

// bodyWithheld: a create (a request that is not idempotent) with a body is
// sent with "Expect: 100-continue": the transport sends the headers, and
// the body only once the server asks for it (HTTP/1.1's 100 Continue, which
// Go servers such as Alertmanager and Grafana send when the handler starts
// reading the body). The body carries the object to create, so when an
// attempt fails before anything read the body — a connection reset or
// closed by a server or proxy that refused the request unseen, or an error
// answer given without reading it — the server certainly did not act on it
// and the create may be sent again. Once the body has been read, a lost
// answer stays ambiguous as before. The price is one round trip per create
// (the 100 Continue); a server that does not answer Expect costs the
// transport's ExpectContinueTimeout (1 s) once, after which this client
// sends its creates without it.
type trackedBody struct {
	r    *bytes.Reader
	read *atomic.Bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	b.read.Store(true)
	return b.r.Read(p)
}

func (b *trackedBody) Close() error { return nil }

// once sends a single attempt under its own timeout and reads the whole
// body. withheld reports that the request's body was never sent (only for
// a create sent with Expect: see trackedBody).
func (c *Client) once(ctx context.Context, req Request, target string, body []byte, attempt int, secrets []string) (_ *Response, withheld bool, _ error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var rdr io.Reader
	if body != nil {
		rdr = bytes.NewReader(body)
	}
	hreq, err := http.NewRequestWithContext(actx, req.Method, target, rdr)
	if err != nil {
		return nil, false, err
	}
	c.setHeaders(hreq, req, body != nil)
	expect := !req.Idempotent && body != nil && !c.noContinue.Load()
	var bodyRead, got100 atomic.Bool
	if expect {
		hreq.Header.Set("Expect", "100-continue")
		hreq.Body = &trackedBody{r: bytes.NewReader(body), read: &bodyRead}
		hreq.GetBody = func() (io.ReadCloser, error) { return &trackedBody{r: bytes.NewReader(body), read: &bodyRead}, nil }
		hreq = hreq.WithContext(httptrace.WithClientTrace(actx, &httptrace.ClientTrace{Got100Continue: func() { got100.Store(true) }}))
	}
	sent := func() bool { return !expect || bodyRead.Load() }
	defer func() {
		if expect && bodyRead.Load() && !got100.Load() && actx.Err() == nil {
			c.noContinue.Store(true) // the body went after the transport's wait
		}
	}()
	tflog.Debug(ctx, "API request", map[string]any{
		"api": c.cfg.API, "method": req.Method, "url": target, "attempt": attempt,
		"headers": redactHeaders(hreq.Header, secrets),
	})
	if body != nil {
		tflog.Trace(ctx, "API request body", map[string]any{"api": c.cfg.API, "body": mask(string(body), secrets)})
	}
	start := time.Now()
	hresp, err := c.http.Do(hreq)
	if err != nil {
		if actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			err = fmt.Errorf("no answer within the request timeout of %s: %w", c.cfg.Timeout, err)
		}
		tflog.Debug(ctx, "API request failed", map[string]any{"api": c.cfg.API, "method": req.Method, "url": target, "error": err.Error()})
		return nil, !sent(), err
	}
	defer hresp.Body.Close()
	data, err := io.ReadAll(hresp.Body)
	if err != nil {
		if actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			err = fmt.Errorf("answer not read within the request timeout of %s: %w", c.cfg.Timeout, err)
		}
		return nil, !sent(), err
	}
	resp := &Response{StatusCode: hresp.StatusCode, Header: hresp.Header, Body: data, Attempts: attempt}
	if req.AnswerSecrets != nil {
		secrets = append(append([]string(nil), secrets...), nonEmpty(req.AnswerSecrets(data))...)
	}
	tflog.Debug(ctx, "API response", map[string]any{
		"api": c.cfg.API, "method": req.Method, "url": target, "status": hresp.StatusCode,
		"duration_ms": time.Since(start).Milliseconds(), "headers": redactHeaders(hresp.Header, secrets),
	})
	tflog.Trace(ctx, "API response body", map[string]any{"api": c.cfg.API, "body": mask(string(data), secrets)})
	return resp, !sent(), nil
}

func (c *Client) setHeaders(hreq *http.Request, req Request, hasBody bool) {
	h := hreq.Header
	h.Set("User-Agent", c.cfg.UserAgent)
	h.Set("Accept", "application/json")
	if hasBody {
		h.Set("Content-Type", "application/json")
	}
	for k, vs := range c.cfg.Headers {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	a := c.cfg.Auth
	if a.APIKey != "" {
		h.Set(a.APIKeyHeader, a.APIKey)
	}
	if a.Token != "" {
		h.Set("Authorization", "Bearer "+a.Token)
	}
	if a.Username != "" || a.Password != "" {
		hreq.SetBasicAuth(a.Username, a.Password)
	}
	for k, v := range a.SecretHeaders {
		h.Set(k, v)
	}
	for k, vs := range req.Header {
		h.Del(k)
		for _, v := range vs {
			h.Add(k, v)
		}
	}
}

// sensitiveHeaders are never logged, whatever their value.
var sensitiveHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"x-api-key": true, "x-tc-authentication-secret": true, "x-tc-authentication-id": true,
	"x-auth-token": true,
}

// mask replaces every secret inside s. tflog masks field values too; this
// also reaches values nested in maps, which tflog's masking does not.
func mask(s string, secrets []string) string {
	for _, sec := range secrets {
		s = strings.ReplaceAll(s, sec, "***")
	}
	return s
}

func redactHeaders(h http.Header, secrets []string) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		lk := strings.ToLower(k)
		if sensitiveHeaders[lk] || strings.Contains(lk, "key") || strings.Contains(lk, "secret") || strings.Contains(lk, "token") || strings.Contains(lk, "password") {
			out[k] = "***"
			continue
		}
		out[k] = mask(strings.Join(vs, ", "), secrets)
	}
	return out
}

// retryable statuses for idempotent requests; a create is repeated only on
// the answers that say the server did not act on it.
var (
	retryIdempotent = map[int]bool{429: true, 500: true, 502: true, 503: true, 504: true}
	retryCreate     = map[int]bool{429: true, 503: true}
)

// decide says whether to retry and how long to wait first, or what final
// error to return.
func (c *Client) decide(ctx context.Context, req Request, resp *Response, err error, attempt int) (bool, time.Duration, error) {
	target := c.URL(req.Path, req.Query)
	if ctx.Err() != nil {
		if err == nil {
			err = ctx.Err()
		}
		return false, 0, &TransportError{Method: req.Method, URL: target, Attempts: attempt, Err: err}
	}
	canRetry := attempt <= c.cfg.MaxRetries
	if err != nil {
		refused := errors.Is(err, syscall.ECONNREFUSED)
		if !req.Idempotent && !refused {
			return false, 0, &AmbiguousError{Method: req.Method, URL: target, Err: err}
		}
		if !canRetry {
			return false, 0, &TransportError{Method: req.Method, URL: target, Attempts: attempt, Err: err}
		}
		return true, c.backoff(attempt), nil
	}
	statuses := retryCreate
	if req.Idempotent {
		statuses = retryIdempotent
	}
	if !statuses[resp.StatusCode] {
		if !req.Idempotent && (resp.StatusCode == 502 || resp.StatusCode == 504) {
			return false, 0, &AmbiguousError{Method: req.Method, URL: target, StatusCode: resp.StatusCode}
		}
		return false, 0, nil
	}
	if !canRetry {
		return false, 0, nil
	}
	wait := c.backoff(attempt)
	if ra, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		wait = min(ra, MaxRetryAfter)
	}
	return true, wait, nil
}

// backoff is exponential with full jitter in [d/2, d].
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.MinBackoff << (attempt - 1)
	if d <= 0 || d > c.cfg.MaxBackoff {
		d = c.cfg.MaxBackoff
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// maxRetryAfterSeconds is the largest Retry-After that fits a Duration.
const maxRetryAfterSeconds = int(math.MaxInt64 / int64(time.Second))

// retryAfter parses a Retry-After header: delta-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	s, err := strconv.Atoi(v)
	if errors.Is(err, strconv.ErrRange) && strings.Trim(v, "0123456789") == "" {
		s, err = maxRetryAfterSeconds, nil // too many digits: wait as long as allowed
	}
	if err == nil {
		if s < 0 {
			return 0, false
		}
		// A huge value saturates instead of overflowing into a negative wait.
		return time.Duration(min(s, maxRetryAfterSeconds)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
