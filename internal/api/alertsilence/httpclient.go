package alertsilence

import "github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"

// HTTPClient is the underlying HTTP client (messages name its base URL).
func (c *Client) HTTPClient() *httpx.Client { return c.http }
