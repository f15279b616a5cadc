package alertmanager

import "github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"

// HTTPClient is the underlying HTTP client (the provider's tests read its
// base URL).
func (c *Client) HTTPClient() *httpx.Client { return c.http }
