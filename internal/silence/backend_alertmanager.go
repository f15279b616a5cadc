package silence

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
)

// alertmanagerBackend is the Alertmanager v2 silence API, served by
// Prometheus Alertmanager (flavor prometheus) and by Grafana (flavor
// grafana). A POST with an id updates a silence but may answer with a new id
// (DESIGN.md, "Server facts the code relies on"); DELETE expires.
type alertmanagerBackend struct {
	c     *alertmanager.Client
	clock func() time.Time
}

func (b *alertmanagerBackend) flavor() string   { return b.c.Flavor() }
func (b *alertmanagerBackend) configured() bool { return true }
func (b *alertmanagerBackend) inPlace() bool    { return true }
func (b *alertmanagerBackend) now() time.Time   { return b.clock() }

func (b *alertmanagerBackend) removeVerb() string { return "expire" }

func (b *alertmanagerBackend) where() string {
	return fmt.Sprintf("%s (flavor %s)", b.c.HTTPClient().URL(b.c.BasePath(), nil), b.flavor())
}

func (b *alertmanagerBackend) alerts() (alertLister, bool) { return b.c, true }

func (b *alertmanagerBackend) hints() apidiag.Hints { return alertmanagerHints }

// alertmanagerHints explain the error statuses of Grafana and Alertmanager.
var alertmanagerHints = apidiag.Hints{
	401: "Check the provider's alertmanager credentials (token, or username and password).",
	403: "The credentials lack a silence permission (Grafana: alert.silences:create/write or alert.instances:create/write; rule silences also need access to the rule's folder).",
	409: "Grafana's Alertmanager for this organization is not ready yet; try again in a moment.",
}

func (b *alertmanagerBackend) notFound(id string) string {
	return fmt.Sprintf("No silence %q exists on the server (it may never have existed, or was garbage-collected after its end).", id)
}

// checkAttributes refuses the Alert Silence API's attributes.
func (b *alertmanagerBackend) checkAttributes(cfg silenceResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range []struct {
		name string
		set  bool
	}{{"source_type", !cfg.SourceType.IsNull()}, {"source_id_pattern", !cfg.SourceIDPattern.IsNull()}} {
		if name := a.name; a.set {
			diags.AddAttributeError(path.Root(name), name+" needs the alert-silence flavor",
				fmt.Sprintf("The provider's `alertmanager.flavor` is %q, an Alertmanager, which selects alerts by label %s. "+
					"Replace %s with `matchers`, such as `matchers = [{ name = \"alertname\", value = \"HighLatency\" }]`. "+
					"%s are for the flavors \"grafana\" and \"prometheus\"; %s are for \"alert-silence\" (the Alert Silence API).",
					b.flavor(), attrsAlertmanager, name, attrsAlertmanager, attrsAlertSilence))
		}
	}
	return diags
}

func (b *alertmanagerBackend) checkFilter(f listFilter) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range []struct{ name, v string }{{"source_type", f.SourceType}, {"source_id_pattern", f.SourceIDPattern}} {
		if name := a.name; a.v != "" {
			diags.AddAttributeError(path.Root(name), name+" needs the alert-silence flavor",
				fmt.Sprintf("The provider's `alertmanager.flavor` is %q, an Alertmanager: filter its silences by `matchers` instead. "+
					"`matchers` are for the flavors \"grafana\" and \"prometheus\"; `source_type` and `source_id_pattern` are for \"alert-silence\".", b.flavor()))
		}
	}
	return diags
}

func amSilence(r record) alertmanager.Silence {
	return alertmanager.Silence{ID: r.ID, Matchers: r.Matchers, StartsAt: r.StartsAt, EndsAt: r.EndsAt, CreatedBy: r.CreatedBy, Comment: r.Comment}
}

func amRecord(s alertmanager.Silence) record {
	return record{
		ID: s.ID, Matchers: s.Matchers, StartsAt: s.StartsAt, EndsAt: s.EndsAt,
		Comment: s.Comment, CreatedBy: s.CreatedBy, State: s.State, UpdatedAt: s.UpdatedAt,
	}
}

func (b *alertmanagerBackend) create(ctx context.Context, s record) (record, error) {
	id, date, err := b.c.Create(ctx, amSilence(s))
	if err != nil {
		return record{}, err
	}
	return createdRecord(id, s, b.clock(), date), nil
}

// createdRecord is the silence the server stores for a create of sent that
// it answered with id; answered is the provider's clock when the answer
// came, date the answer's Date header (zero when it had none). It replaces
// a GET /silence/{id} after every POST (DESIGN.md, "Server facts the code
// relies on"): Alertmanager, and Grafana's Alertmanager, which runs the
// same silence code, store a new silence as sent, so everything the state
// holds follows from the request and its answer:
//
//   - the id is the answer's;
//   - matchers (order included), comment and createdBy are stored as sent;
//   - the end is stored as sent, and answered at millisecond precision;
//   - the start is stored as sent when it is in the server's future
//     (pending), else clamped to the server's "now" when it stored the
//     silence. The provider sends either a future start or its own "now"
//     (sendTimes), so the clamped start is at or after the sent one, never
//     before it; flatten keeps a prior start that is before the server's
//     for a silence that is not pending, so the sent start put into state
//     here is what every later refresh keeps: it is exact in the only sense
//     the state uses, a fixed point of Read. When the server's clock is
//     behind the provider's, the sent "now" is in its future: it keeps it
//     (pending for the difference) and the sent start is its start exactly.
//   - the state (pending or active) is the start against the server's clock
//     when it answered: the Date header gives that clock to the second; the
//     provider's clock, held within that second, gives the rest. Only a
//     start less than a second from the server's "now" on a server whose
//     clock is off by less than a second can be misjudged, and the next
//     refresh, which stores the server's answer, puts it right; no plan
//     depends on it before that refresh.
//   - updatedAt is the server's clock when it stored the silence, estimated
//     the same way; it is computed, never configured, so the refresh that
//     replaces it with the server's value changes no plan.
//
// Reading the silence back also waited out an HA Grafana whose replica
// serving the GET had not received the silence yet; with no read there is
// nothing to wait for.
func createdRecord(id string, sent record, answered, date time.Time) record {
	now := answered
	if !date.IsZero() {
		// the Date header is the server's clock cut to the second
		switch hi := date.Add(time.Second - time.Millisecond); {
		case now.Before(date):
			now = date
		case now.After(hi):
			now = hi
		}
	}
	now = now.UTC().Truncate(time.Millisecond)
	start := sent.StartsAt.UTC().Truncate(time.Millisecond)
	state := alertmanager.StateActive
	if start.After(now) {
		state = alertmanager.StatePending
	}
	return record{
		ID: id, Matchers: sent.Matchers, StartsAt: start, EndsAt: sent.EndsAt.UTC().Truncate(time.Millisecond),
		Comment: sent.Comment, CreatedBy: sent.CreatedBy, State: state, UpdatedAt: now,
	}
}

func (b *alertmanagerBackend) update(ctx context.Context, id string, s record, expired bool) (record, error) {
	if expired {
		// The server gives an expired silence a new id anyway.
		return b.create(ctx, s)
	}
	s.ID = id
	newID, _, err := b.c.Update(ctx, amSilence(s))
	if err != nil {
		return record{}, err
	}
	return b.readBack(ctx, newID)
}

// readBack reads a silence just written, waiting out an HA Grafana whose
// other replica has not seen it yet.
func (b *alertmanagerBackend) readBack(ctx context.Context, id string) (record, error) {
	s, _, err := b.c.GetAfterCreate(ctx, id)
	if err != nil {
		return record{ID: id}, &readBackError{id: id, err: err}
	}
	return amRecord(s), nil
}

func (b *alertmanagerBackend) lookup(ctx context.Context, id string) (record, time.Time, error) {
	s, now, err := b.c.Lookup(ctx, id)
	return amRecord(s), b.orNow(now), err
}

func (b *alertmanagerBackend) get(ctx context.Context, id string) (record, time.Time, error) {
	s, now, err := b.c.Get(ctx, id)
	return amRecord(s), b.orNow(now), err
}

func (b *alertmanagerBackend) list(ctx context.Context, f listFilter) ([]record, time.Time, error) {
	ss, now, err := b.c.List(ctx, f.Matchers)
	if err != nil {
		return nil, time.Time{}, err
	}
	out := make([]record, 0, len(ss))
	for _, s := range ss {
		if r := amRecord(s); f.keeps(r) {
			out = append(out, r)
		}
	}
	return out, b.orNow(now), nil
}

func (b *alertmanagerBackend) remove(ctx context.Context, id, status string) error {
	if status == alertmanager.StateExpired {
		return nil // ended already; nothing to expire
	}
	_, err := b.c.Expire(ctx, id)
	return err
}

// orNow is the server's clock when an answer carried it, else the
// provider's.
func (b *alertmanagerBackend) orNow(server time.Time) time.Time {
	if server.IsZero() {
		return b.clock()
	}
	return server
}
