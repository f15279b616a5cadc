package provider

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
)

// Registry is the list of types the provider serves (registry.go).
type Registry struct {
	Resources          []func() resource.Resource
	DataSources        []func() datasource.DataSource
	EphemeralResources []func() ephemeral.EphemeralResource
	// Actions need Terraform 1.14 or later, list resources (terraform
	// query) too; older CLIs and OpenTofu never ask for them.
	Actions       []func() action.Action
	ListResources []func() list.ListResource
}

// Options are test hooks. The zero value is what users run.
type Options struct {
	// Now replaces the local clock handed to the types.
	Now func() time.Time
	// EphemeralRenewInterval, when positive, makes the ephemeral windows
	// ask to be renewed this often instead of when half of their time is
	// left, so that a test sees a renewal within seconds.
	EphemeralRenewInterval time.Duration
}

// Factory builds the provider instances of one plugin process and, when
// the process ends, expires the ephemeral windows they left open.
type Factory struct {
	version string
	opts    Options

	mu       sync.Mutex
	trackers []*ephemeralwindow.Tracker
}

// NewFactory returns the factory of one plugin process.
func NewFactory(version string, o Options) *Factory {
	return &Factory{version: version, opts: o}
}

// Provider returns a new provider instance (providerserver.Serve's factory).
func (f *Factory) Provider() provider.Provider {
	return &o11yProvider{version: f.version, reg: registry(), opts: f.opts, factory: f}
}

// tracker is the open-window tracker of one configured provider instance.
// A provider built without a factory (unit tests) gets an untracked one.
func (f *Factory) tracker() *ephemeralwindow.Tracker {
	if f == nil {
		return ephemeralwindow.NewTracker(0)
	}
	t := ephemeralwindow.NewTracker(f.opts.EphemeralRenewInterval)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.trackers = append(f.trackers, t)
	return t
}

// Shutdown expires every ephemeral window still open in this process.
// Terraform does not call Close on ephemeral windows when a run fails after
// Open, so nothing keeps muting alerts until max_duration.
func (f *Factory) Shutdown(ctx context.Context) error {
	f.mu.Lock()
	ts := f.trackers
	f.mu.Unlock()
	var errs []error
	for _, t := range ts {
		errs = append(errs, t.CloseAll(ctx))
	}
	return errors.Join(errs...)
}

// New returns the provider factory for a version string.
func New(version string) func() provider.Provider {
	return NewFactory(version, Options{}).Provider
}

// NewWithOptions returns a provider factory with test hooks.
func NewWithOptions(version string, o Options) func() provider.Provider {
	return NewFactory(version, o).Provider
}
