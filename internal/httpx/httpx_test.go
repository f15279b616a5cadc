package httpx

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// recordSleep replaces the backoff wait and records what was asked.
type recordSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recordSleep) sleep(_ context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, d)
	return nil
}

func newClient(t *testing.T, url string, mut func(*Config)) (*Client, *recordSleep) {
	t.Helper()
	rs := &recordSleep{}
	cfg := Config{API: "test", BaseURL: url, UserAgent: "terraform-provider-o11y/test", MaxRetries: 3, Sleep: rs.sleep, Timeout: 2 * time.Second}
	if mut != nil {
		mut(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, rs
}

// scripted answers with the given statuses in turn, then 200.
func scripted(t *testing.T, statuses []int, header http.Header) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // the server has the request, body included
		i := int(n.Add(1)) - 1
		if i < len(statuses) {
			for k, v := range header {
				w.Header()[k] = v
			}
			w.WriteHeader(statuses[i])
			_, _ = io.WriteString(w, `{"message":"busy"}`)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestDo_retryAfterHonoured(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, []int{429}, http.Header{"Retry-After": {"7"}})
	c, rs := newClient(t, srv.URL, nil)
	resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x", Idempotent: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || n.Load() != 2 || resp.Attempts != 2 {
		t.Fatalf("status %d after %d calls (attempts %d), want 200 after 2", resp.StatusCode, n.Load(), resp.Attempts)
	}
	if len(rs.waits) != 1 || rs.waits[0] != 7*time.Second {
		t.Fatalf("waits = %v, want [7s] from Retry-After", rs.waits)
	}
}

func TestDo_retryAfterHTTPDate(t *testing.T) {
	t.Parallel()
	d, ok := retryAfter(time.Date(2026, 1, 1, 0, 0, 30, 0, time.UTC).Format(http.TimeFormat), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if !ok || d != 30*time.Second {
		t.Fatalf("retryAfter(date) = %v, %v; want 30s", d, ok)
	}
	if _, ok := retryAfter("soon", time.Now()); ok {
		t.Fatal("garbage Retry-After accepted")
	}
}

func TestDo_createRetriedOn429(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, []int{429, 503}, nil)
	c, _ := newClient(t, srv.URL, nil)
	resp, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: map[string]string{"a": "b"}})
	if err != nil || resp.StatusCode != 200 || n.Load() != 3 {
		t.Fatalf("create: %v, status %v, calls %d; want 200 after 3 (429 and 503 mean not acted on)", err, resp, n.Load())
	}
}

func TestDo_500RetriedThenSurfaced(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, []int{500, 500, 500, 500, 500}, nil)
	c, rs := newClient(t, srv.URL, nil)
	resp, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x", Idempotent: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 500 || n.Load() != 4 {
		t.Fatalf("status %d after %d calls; want the 500 surfaced after 1+3 retries", resp.StatusCode, n.Load())
	}
	if !strings.Contains(string(resp.Body), "busy") {
		t.Fatalf("body %q: the server's message must reach the caller", resp.Body)
	}
	// exponential backoff with jitter: each wait within [d/2, d], d doubling
	base := DefaultMinBackoff
	for i, w := range rs.waits {
		d := base << i
		if w < d/2 || w > d {
			t.Fatalf("wait %d = %v, want within [%v, %v]", i, w, d/2, d)
		}
	}
}

func TestDo_createNotResentAfterAmbiguousFailure(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 504} {
		srv, n := scripted(t, []int{status}, nil)
		c, _ := newClient(t, srv.URL, nil)
		resp, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: []byte(`{}`)})
		if n.Load() != 1 {
			t.Fatalf("HTTP %d: create sent %d times, want exactly once", status, n.Load())
		}
		if status == 500 {
			if err != nil || resp.StatusCode != 500 {
				t.Fatalf("HTTP 500: got %v / %v, want the 500 answer", resp, err)
			}
			continue
		}
		var amb *AmbiguousError
		if !errors.As(err, &amb) || amb.StatusCode != status {
			t.Fatalf("HTTP %d: err = %v, want *AmbiguousError", status, err)
		}
	}
}

func TestDo_createNotResentAfterTimeout(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body) // the server has the create
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	c, _ := newClient(t, srv.URL, func(c *Config) { c.Timeout = 100 * time.Millisecond })
	_, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: []byte(`{}`)})
	var amb *AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("err = %v, want *AmbiguousError", err)
	}
	if !strings.Contains(err.Error(), "request timeout") || n.Load() != 1 {
		t.Fatalf("err = %v after %d sends; want one send and a timeout message", err, n.Load())
	}
	// the same timeout on a read is retried
	n.Store(0)
	_, err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x", Idempotent: true})
	var te *TransportError
	if !errors.As(err, &te) || n.Load() != 4 {
		t.Fatalf("read: err = %v after %d sends; want *TransportError after 4", err, n.Load())
	}
}

func TestDo_connectionRefusedRetriedEvenForCreate(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens: connection refused
	c, rs := newClient(t, "http://"+addr, nil)
	_, err = c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: []byte(`{}`)})
	var te *TransportError
	if !errors.As(err, &te) || te.Attempts != 4 || len(rs.waits) != 3 {
		t.Fatalf("err = %v, waits %v; want a TransportError after 4 attempts", err, rs.waits)
	}
}

func TestDo_connectionResetOnCreateIsAmbiguous(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body) // the server has the create, then the answer is lost
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	c, _ := newClient(t, srv.URL, nil)
	_, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: []byte(`{}`)})
	var amb *AmbiguousError
	if !errors.As(err, &amb) || n.Load() != 1 {
		t.Fatalf("err = %v after %d sends; want *AmbiguousError after 1", err, n.Load())
	}
}

func TestDo_authHeadersAndUserAgent(t *testing.T) {
	t.Parallel()
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() }))
	t.Cleanup(srv.Close)
	c, _ := newClient(t, srv.URL+"/base", func(c *Config) {
		c.Auth = Auth{APIKey: "k1", APIKeyHeader: "X-Custom-Key", Token: "t1", Username: "u", Password: "p",
			SecretHeaders: map[string]string{"X-TC-AUTHENTICATION-SECRET": "s1"}}
		c.Headers = http.Header{"X-Grafana-Org-Id": {"3"}}
	})
	if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "x", Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	checks := map[string]string{
		"X-Custom-Key": "k1", "Authorization": "Basic dTpw", "X-Tc-Authentication-Secret": "s1",
		"X-Grafana-Org-Id": "3", "User-Agent": "terraform-provider-o11y/test",
	}
	for k, v := range checks {
		if got.Get(k) != v {
			t.Errorf("header %s = %q, want %q", k, got.Get(k), v)
		}
	}
	// basic auth is set last; a token alone is sent as Bearer
	c2, _ := newClient(t, srv.URL, func(c *Config) { c.Auth = Auth{Token: "t1"} })
	if _, err := c2.Do(context.Background(), Request{Method: http.MethodGet, Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	if got.Get("Authorization") != "Bearer t1" {
		t.Errorf("Authorization = %q, want Bearer t1", got.Get("Authorization"))
	}
}

func TestURL(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t, "http://h:1/api/", nil)
	if got := c.URL("/silences", nil); got != "http://h:1/api/silences" {
		t.Fatalf("URL = %s", got)
	}
	if _, err := New(Config{BaseURL: "ftp://x"}); err == nil {
		t.Fatal("ftp URL accepted")
	}
	if _, err := New(Config{BaseURL: "http://x", CACertPEM: "not pem"}); err == nil {
		t.Fatal("bad CA accepted")
	}
}

// TestDo_logsMaskEveryCredential runs requests with each kind of credential
// under a TRACE logger and checks that none of them appears in the log.
func TestDo_logsMaskEveryCredential(t *testing.T) {
	t.Parallel()
	const (
		apiKey   = "apikey-SECRET-1111"
		token    = "glsa_token-SECRET-2222"
		password = "password-SECRET-3333"
		nhn      = "nhn-secret-SECRET-4444"
		webhook  = "webhook-SECRET-5555"
		appKey   = "appkey-SECRET-6666"
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		// a server that echoes what it got, credentials included
		w.Header().Set("X-Echo-Auth", r.Header.Get("Authorization"))
		_, _ = w.Write(append([]byte(`{"echo":`), append(body, '}')...))
	}))
	t.Cleanup(srv.Close)

	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	auths := []Auth{
		{APIKey: apiKey},
		{Token: token},
		{Username: "admin", Password: password},
		{SecretHeaders: map[string]string{"X-TC-AUTHENTICATION-ID": "id", "X-TC-AUTHENTICATION-SECRET": nhn}},
	}
	for _, a := range auths {
		c, _ := newClient(t, srv.URL+"/appkeys/"+appKey, func(c *Config) { c.Auth = a })
		c.AddSecret(appKey)
		_, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/alarms",
			Body: map[string]string{"webhookSecret": webhook}, Secrets: []string{webhook}})
		if err != nil {
			t.Fatal(err)
		}
	}
	log := buf.String()
	if !strings.Contains(log, "API request body") || !strings.Contains(log, "API response") {
		t.Fatalf("expected request and response entries in the TRACE log, got:\n%s", log)
	}
	for _, s := range []string{apiKey, token, password, nhn, webhook, appKey, "YWRtaW46cGFzc3dvcmQtU0VDUkVULTMzMzM="} {
		if strings.Contains(log, s) {
			t.Errorf("log contains secret %q", s)
		}
	}
}

// TestDo_answerSecretsMaskedInTheAnswersLog: strings only the answer
// holds (a webhook URL the server echoes on a read) are masked in the
// answer's log, while the caller still gets the body as sent.
func TestDo_answerSecretsMaskedInTheAnswersLog(t *testing.T) {
	t.Parallel()
	const hook = "https://hooks.example.com/T0KEN-7777"
	body := `{"alarmTargets":[{"webhookUrl":"` + hook + `"}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c, _ := newClient(t, srv.URL, nil)
	var seen []byte
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/alarm", Idempotent: true,
		AnswerSecrets: func(b []byte) []string { seen = b; return []string{"", hook} }})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != body || string(seen) != body {
		t.Fatalf("body %q, AnswerSecrets saw %q", resp.Body, seen)
	}
	log := buf.String()
	if !strings.Contains(log, "API response body") || !strings.Contains(log, "webhookUrl") {
		t.Fatalf("no response body in the TRACE log:\n%s", log)
	}
	if strings.Contains(log, "T0KEN-7777") {
		t.Fatalf("the log holds the answer's secret:\n%s", log)
	}
}

// TestDo_concurrentRequestsReuseConnections: n requests at once, wave after
// wave (Terraform's -parallelism operations), open at most n connections
// in all: the pool keeps every one of them alive between waves.
func TestDo_concurrentRequestsReuseConnections(t *testing.T) {
	t.Parallel()
	for _, n := range []int{10, IdleConnsPerHost} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			var conns atomic.Int32
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(5 * time.Millisecond) // keep the wave's requests in flight together
				_, _ = io.WriteString(w, `{"ok":true}`)
			}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			srv.Start()
			t.Cleanup(srv.Close)
			c, _ := newClient(t, srv.URL, nil)
			const waves = 8
			for w := 0; w < waves; w++ {
				var wg sync.WaitGroup
				for i := 0; i < n; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x", Idempotent: true}); err != nil {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
			}
			if got := conns.Load(); got > int32(n) {
				t.Fatalf("%d waves of %d concurrent requests opened %d connections, want at most %d", waves, n, got, n)
			}
		})
	}
}

// reset closes the connection of the request without an answer.
func reset(w http.ResponseWriter) {
	hj, _ := w.(http.Hijacker)
	conn, _, _ := hj.Hijack()
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}

// TestDo_createWithheldBodyIsRetried: a create goes with "Expect:
// 100-continue", and when the attempt fails before the server read its
// body (a reset, a timeout, an error answer), the server cannot have acted
// on it: it is sent again, and the object is made once. Reads carry no
// Expect header.
func TestDo_createWithheldBodyIsRetried(t *testing.T) {
	t.Parallel()
	for _, fault := range []string{"reset", "timeout", "500", "502"} {
		t.Run(fault, func(t *testing.T) {
			t.Parallel()
			var n, made atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					if r.Header.Get("Expect") != "" {
						t.Errorf("a read sent Expect: %q", r.Header.Get("Expect"))
					}
					return
				}
				if r.Header.Get("Expect") != "100-continue" {
					t.Errorf("a create without Expect: 100-continue (%q)", r.Header.Get("Expect"))
				}
				if n.Add(1) == 1 { // refuse the first attempt without reading its body
					switch fault {
					case "reset":
						reset(w)
					case "timeout":
						// (the server cannot see the client go before it reads the body)
						time.Sleep(500 * time.Millisecond)
					default:
						w.WriteHeader(map[string]int{"500": 500, "502": 502}[fault])
					}
					return
				}
				b, _ := io.ReadAll(r.Body)
				if string(b) != `{"name":"x"}` {
					t.Errorf("body %q", b)
				}
				made.Add(1)
				_, _ = io.WriteString(w, `{"id":"1"}`)
			}))
			t.Cleanup(srv.Close)
			c, _ := newClient(t, srv.URL, func(c *Config) { c.Timeout = 300 * time.Millisecond })
			resp, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: []byte(`{"name":"x"}`)})
			if err != nil || resp.StatusCode != 200 || n.Load() != 2 || made.Load() != 1 {
				t.Fatalf("got %v, %v after %d attempts (%d made); want 200 after 2 attempts and one object", resp, err, n.Load(), made.Load())
			}
			if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x", Idempotent: true}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestDo_createWithoutContinueSupport: a server that reads the body without
// sending 100 Continue gets it after the transport's wait, once; the
// client's later creates go without Expect.
func TestDo_createWithoutContinueSupport(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var expects []string
	var mu sync.Mutex
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br) // reads the body as it comes; never sends 100
					if err != nil {
						return
					}
					mu.Lock()
					expects = append(expects, req.Header.Get("Expect"))
					mu.Unlock()
					_, _ = io.Copy(io.Discard, req.Body)
					_, _ = io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}")
				}
			}()
		}
	}()
	c, _ := newClient(t, "http://"+l.Addr().String(), nil)
	for i := 0; i < 3; i++ {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(expects) != 3 || expects[0] != "100-continue" || expects[1] != "" || expects[2] != "" {
		t.Fatalf("Expect headers %q, want it on the first create only", expects)
	}
}
