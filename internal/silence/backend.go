package silence

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

// backend is one silence API. newBackend chooses it once, in Configure:
// Alertmanager v2 (flavors grafana and prometheus, backend_alertmanager.go)
// or the Alert Silence API (flavor alert-silence, backend_alertsilence.go).
// Every type of this package (the resource, the data sources, and the
// action, list and schedule types) reads and writes silences only through
// it, so none of them switches on the flavor.
type backend interface {
	// flavor names the API in messages: grafana, prometheus, alert-silence.
	flavor() string
	// where names the server in messages: the flavor and the API's URL.
	where() string
	// configured is false when the provider has no silence API; every call
	// below then fails with an error that says what to configure.
	configured() bool
	// checkAttributes refuses configuration this API does not take.
	checkAttributes(cfg silenceResourceModel) diag.Diagnostics
	// checkFilter refuses list filters this API cannot apply.
	checkFilter(f listFilter) diag.Diagnostics
	// now is the clock of plan-time decisions: the provider's clock, or its
	// estimate of the server's.
	now() time.Time
	// inPlace reports whether the API changes a silence in place
	// (Alertmanager); when false, every change that reaches the server
	// replaces the silence.
	inPlace() bool
	// create makes a silence and returns it as the server stores it
	// (Alertmanager derives it from the request and the answer without
	// reading it back: createdRecord). When the server accepted it but
	// reading it back failed, the record holds the id and err is a
	// *readBackError.
	create(ctx context.Context, s record) (record, error)
	// update changes the silence id to s, or, when expired, makes a new
	// one in its place; the record's id is the one to keep (the server may
	// issue a new one). Errors as for create.
	update(ctx context.Context, id string, s record, expired bool) (record, error)
	// lookup reads a silence for a refresh, through one list shared by all
	// the reads of a plan; a missing silence wraps api.ErrNotFound. now is
	// the server's clock.
	lookup(ctx context.Context, id string) (rec record, now time.Time, err error)
	// get reads one silence afresh.
	get(ctx context.Context, id string) (rec record, now time.Time, err error)
	// list returns the silences the filter selects, in the server's order.
	list(ctx context.Context, f listFilter) (recs []record, now time.Time, err error)
	// remove ends a silence for good: Alertmanager expires it (one that has
	// ended needs nothing), the Alert Silence API deletes it. removeVerb
	// says which, for messages.
	remove(ctx context.Context, id string, status string) error
	removeVerb() string
	// alerts is the preview's lister of firing alerts; false when the API
	// has none.
	alerts() (alertLister, bool)
	// notFound explains, for a data source, why a silence id is missing.
	notFound(id string) string
	// hints add advice to the API's error statuses.
	hints() apidiag.Hints
}

// record is a silence as the package sees it on either API. Matchers is nil
// on the Alert Silence API; SourceType and SourceIDPattern are empty on
// Alertmanager.
type record struct {
	ID              string
	Matchers        []alertmanager.Matcher
	SourceType      string
	SourceIDPattern string
	StartsAt        time.Time
	EndsAt          time.Time
	Comment         string
	CreatedBy       string
	// State (pending, active, expired) and UpdatedAt are the server's.
	State     string
	UpdatedAt time.Time
}

// listFilter selects silences in a list. Matchers are exact: the server
// keeps a silence only if it has a matcher with the same name, operator and
// value for each one.
type listFilter struct {
	Matchers        []alertmanager.Matcher
	SourceType      string
	SourceIDPattern string
	// States keeps only silences in these states; empty keeps all.
	States []string
	// Fresh asks the server now, skipping a list cached for the reads of
	// the run (the Alert Silence API's), for callers that act on what they
	// find.
	Fresh bool
}

func (f listFilter) keeps(r record) bool {
	if len(f.States) == 0 {
		return true
	}
	for _, s := range f.States {
		if s == r.State {
			return true
		}
	}
	return false
}

// readBackError means the server accepted a write but the silence could not
// be read back afterwards.
type readBackError struct {
	id  string
	err error
}

func (e *readBackError) Error() string {
	return fmt.Sprintf("the server accepted the silence as %q, but reading it back failed: %v", e.id, e.err)
}

func (e *readBackError) Unwrap() error { return e.err }

func isReadBack(err error) bool {
	var rb *readBackError
	return errors.As(err, &rb)
}

// newBackend chooses the silence API the provider is configured for.
func newBackend(d *providerdata.Data) backend {
	switch {
	case d != nil && d.AlertSilence != nil:
		return &alertSilenceBackend{c: d.AlertSilence, clock: d.Clock}
	case d != nil && d.Alertmanager != nil:
		return &alertmanagerBackend{c: d.Alertmanager, clock: d.Clock}
	}
	return missingBackend{d: d}
}

// missingBackend is the backend of a provider without a silence API.
type missingBackend struct{ d *providerdata.Data }

func (missingBackend) flavor() string                                        { return "" }
func (missingBackend) where() string                                         { return "" }
func (missingBackend) configured() bool                                      { return false }
func (missingBackend) checkAttributes(silenceResourceModel) diag.Diagnostics { return nil }
func (missingBackend) checkFilter(listFilter) diag.Diagnostics               { return nil }
func (b missingBackend) now() time.Time                                      { return b.d.Clock() }
func (missingBackend) inPlace() bool                                         { return true }
func (missingBackend) alerts() (alertLister, bool)                           { return nil, false }
func (missingBackend) notFound(string) string                                { return "" }
func (missingBackend) hints() apidiag.Hints                                  { return nil }
func (missingBackend) removeVerb() string                                    { return "expire" }

func (b missingBackend) err() error {
	_, diags := b.d.AlertmanagerClient(typeName)
	return errors.New(diags.Errors()[0].Detail())
}

func (b missingBackend) create(context.Context, record) (record, error) { return record{}, b.err() }
func (b missingBackend) update(context.Context, string, record, bool) (record, error) {
	return record{}, b.err()
}
func (b missingBackend) lookup(context.Context, string) (record, time.Time, error) {
	return record{}, time.Time{}, b.err()
}
func (b missingBackend) get(context.Context, string) (record, time.Time, error) {
	return record{}, time.Time{}, b.err()
}
func (b missingBackend) list(context.Context, listFilter) ([]record, time.Time, error) {
	return nil, time.Time{}, b.err()
}
func (b missingBackend) remove(context.Context, string, string) error { return b.err() }

// notConfigured is the diagnostic of a type used without a silence API.
func notConfigured(d *providerdata.Data, what string) diag.Diagnostics {
	_, diags := d.AlertmanagerClient(what)
	return diags
}
