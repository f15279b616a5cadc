// Package resourcewatcher is the REST client of NHN Cloud Resource Watcher.
package resourcewatcher

import (
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// DefaultURL is NHN Cloud's public Resource Watcher endpoint.
const DefaultURL = "https://resource-watcher.api.nhncloudservice.com"

// Client talks to Resource Watcher for one Appkey.
type Client struct {
	http   *httpx.Client
	appKey string
}

// New returns a client for appKey.
func New(h *httpx.Client, appKey string) *Client { return &Client{http: h, appKey: appKey} }

// HTTPClient is the underlying HTTP client.
func (c *Client) HTTPClient() *httpx.Client { return c.http }
