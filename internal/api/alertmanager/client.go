// Package alertmanager is the REST client of the Alertmanager v2 silence API,
// served by Prometheus Alertmanager and by Grafana.
package alertmanager

import (
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Flavors of the silence API.
const (
	FlavorGrafana      = "grafana"
	FlavorPrometheus   = "prometheus"
	FlavorAlertSilence = "alert-silence"
)

// Flavors lists every accepted flavor.
var Flavors = []string{FlavorGrafana, FlavorPrometheus, FlavorAlertSilence}

// Options select the flavor and, for Grafana, the Alertmanager behind it.
type Options struct {
	Flavor        string
	DatasourceUID string
}

// Client talks to one Alertmanager.
type Client struct {
	http *httpx.Client
	opts Options
}

// New returns a client.
func New(h *httpx.Client, opts Options) *Client {
	if opts.Flavor == "" {
		opts.Flavor = FlavorGrafana
	}
	return &Client{http: h, opts: opts}
}

// Flavor is the flavor the client was built for.
func (c *Client) Flavor() string { return c.opts.Flavor }
