// Package alertsilence is the REST client of the Alert Silence API.
package alertsilence

import (
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Client talks to the Alert Silence API.
type Client struct {
	http *httpx.Client
}

// New returns a client.
func New(h *httpx.Client) *Client { return &Client{http: h} }

// HTTPClient is the underlying HTTP client.
func (c *Client) HTTPClient() *httpx.Client { return c.http }
