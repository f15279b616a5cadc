// Package httpxtest gives client tests and fuzz targets an httpx.Client that
// answers every request with one canned response, without a network.
package httpxtest

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Canned is the answer to every request: a status, an optional Date header
// and a JSON body.
type Canned struct {
	Status int
	Date   string
	Body   []byte
}

// RoundTrip reads r's body, as a server that acted on the request would,
// and answers with c. (A create whose body was never read is one the
// server cannot have acted on, so httpx would judge it safe to repeat.)
func (c Canned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	h := http.Header{"Content-Type": []string{"application/json"}}
	if c.Date != "" {
		h.Set("Date", c.Date)
	}
	return &http.Response{StatusCode: c.Status, Header: h, Body: io.NopCloser(bytes.NewReader(c.Body)), Request: r}, nil
}

// Client is an httpx.Client for api that gets c for every request and never
// retries, so each call sees exactly the canned answer.
func Client(t testing.TB, api string, c Canned) *httpx.Client {
	t.Helper()
	h, err := httpx.New(httpx.Config{API: api, BaseURL: "http://" + api + ".test", MaxRetries: -1, Transport: c})
	if err != nil {
		t.Fatal(err)
	}
	return h
}
