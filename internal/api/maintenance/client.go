// Package maintenance is the REST client of the O11y maintenance API.
package maintenance

import (
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Client talks to the O11y maintenance API.
type Client struct {
	http *httpx.Client
	loc  *time.Location
}

// New returns a client; loc is the zone of the API's "yyyy-MM-dd HH:mm" dates.
func New(h *httpx.Client, loc *time.Location) *Client {
	if loc == nil {
		loc = time.UTC
	}
	return &Client{http: h, loc: loc}
}

// Location is the zone the API's naive dates are interpreted in.
func (c *Client) Location() *time.Location { return c.loc }

// HTTPClient is the underlying HTTP client.
func (c *Client) HTTPClient() *httpx.Client { return c.http }
