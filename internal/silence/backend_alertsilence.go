package silence

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
)

// alertSilenceBackend is the Alert Silence API (flavor alert-silence):
// source_type and source_id_pattern instead of matchers, the comment sent as
// the reason. The API has no update and no get-by-id, so every change that
// reaches the server replaces the silence (planned in ModifyPlan), reads
// find the silence in the full list (one cached list for all the reads of a
// plan), and remove deletes. Expired silences stay in that list, so the
// expiry rules apply as they are: a silence that ran out is kept as expired
// with no diff, forever.
type alertSilenceBackend struct {
	c     *alertsilence.Client
	clock func() time.Time
}

func (b *alertSilenceBackend) flavor() string   { return alertmanager.FlavorAlertSilence }
func (b *alertSilenceBackend) configured() bool { return true }
func (b *alertSilenceBackend) inPlace() bool    { return false }

func (b *alertSilenceBackend) where() string {
	return fmt.Sprintf("%s (flavor %s)", b.c.HTTPClient().URL(alertsilence.BasePath, nil), b.flavor())
}

// now is the local clock corrected by the skew seen in the last answer's
// Date header.
func (b *alertSilenceBackend) now() time.Time { return b.c.ServerTime(b.clock()) }

func (b *alertSilenceBackend) alerts() (alertLister, bool) { return nil, false }
func (b *alertSilenceBackend) hints() apidiag.Hints        { return nil }
func (b *alertSilenceBackend) removeVerb() string          { return "delete" }

func (b *alertSilenceBackend) notFound(id string) string {
	return fmt.Sprintf("No silence %q is listed by the Alert Silence API (it may never have existed, or was deleted).", id)
}

// checkAttributes refuses matchers, and what the Alert Silence API would
// refuse or rewrite.
func (b *alertSilenceBackend) checkAttributes(cfg silenceResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if !cfg.Matchers.IsNull() {
		diags.AddAttributeError(path.Root("matchers"), "matchers need the grafana or prometheus flavor",
			"The provider's `alertmanager.flavor` is \"alert-silence\": the Alert Silence API selects alerts by "+attrsAlertSilence+", not by label matchers. "+
				"Replace `matchers` with, for example, `source_type = \"Equipment\"` and `source_id_pattern = \"Equipment-01\"`. "+
				attrsAlertmanager+" are for the flavors \"grafana\" and \"prometheus\"; "+attrsAlertSilence+" are for \"alert-silence\".")
	}
	if !cfg.Comment.IsUnknown() && strings.TrimSpace(cfg.Comment.ValueString()) == "" {
		diags.AddAttributeError(path.Root("comment"), "Empty comment",
			"The Alert Silence API requires a reason, which is `comment`. Say why the alerts are silenced, such as \"Motor replacement, CHG-1234\".")
	}
	if !cfg.CreatedBy.IsNull() && !cfg.CreatedBy.IsUnknown() && strings.TrimSpace(cfg.CreatedBy.ValueString()) == "" {
		diags.AddAttributeError(path.Root("created_by"), "Empty created_by",
			"The Alert Silence API replaces an empty creator with \"Admin\", which would show as a change on every plan. "+
				"Set `created_by` to a name, or leave it out (it defaults to \"terraform\").")
	}
	return diags
}

func (b *alertSilenceBackend) checkFilter(f listFilter) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(f.Matchers) > 0 {
		diags.AddAttributeError(path.Root("matchers"), "matchers need the grafana or prometheus flavor",
			"The provider's `alertmanager.flavor` is \"alert-silence\": filter its silences by `source_type` and `source_id_pattern` instead. "+
				"`matchers` are for the flavors \"grafana\" and \"prometheus\"; `source_type` and `source_id_pattern` are for \"alert-silence\".")
	}
	return diags
}

// asRecord is the silence at the server's clock now, which gives its state
// (the API has none).
func asRecord(s alertsilence.Silence, now time.Time) record {
	return record{
		ID: s.ID, SourceType: s.SourceType, SourceIDPattern: s.SourceIDPattern,
		StartsAt: s.StartsAt, EndsAt: s.EndsAt, Comment: s.Reason, CreatedBy: s.CreatedBy,
		State: s.State(now), UpdatedAt: s.CreatedAt,
	}
}

// create answers with the stored silence: no read-back needed. Its
// createdAt is the server's clock at creation.
func (b *alertSilenceBackend) create(ctx context.Context, s record) (record, error) {
	out, err := b.c.Create(ctx, alertsilence.CreateRequest{
		SourceType: s.SourceType, SourceIDPattern: s.SourceIDPattern, Reason: s.Comment, CreatedBy: s.CreatedBy,
		StartsAt: s.StartsAt, EndsAt: s.EndsAt,
	})
	if err != nil {
		return record{}, err
	}
	now := out.CreatedAt
	if now.IsZero() {
		now = b.now()
	}
	return asRecord(out, now), nil
}

// update is never planned: ModifyPlan replaces instead (inPlace is false).
func (b *alertSilenceBackend) update(_ context.Context, id string, _ record, _ bool) (record, error) {
	return record{}, fmt.Errorf("silence %q: the Alert Silence API cannot change a silence, so this change should have been planned as a replacement. "+
		"This is a bug in the provider; please report it. `terraform apply -replace=<address>` creates the silence anew", id)
}

func (b *alertSilenceBackend) lookup(ctx context.Context, id string) (record, time.Time, error) {
	s, now, err := b.c.Get(ctx, id)
	if now.IsZero() {
		now = b.now()
	}
	return asRecord(s, now), now, err
}

func (b *alertSilenceBackend) get(ctx context.Context, id string) (record, time.Time, error) {
	return b.lookup(ctx, id)
}

// list uses the server's active list when only active silences are asked
// for (its own verdict on what is active), else the full list shared with
// the reads of the same run (a new one when f.Fresh); sources filter
// exactly.
func (b *alertSilenceBackend) list(ctx context.Context, f listFilter) ([]record, time.Time, error) {
	activeOnly := len(f.States) == 1 && f.States[0] == alertmanager.StateActive
	var l alertsilence.List
	var err error
	switch {
	case activeOnly:
		l, err = b.c.ListActive(ctx)
	case f.Fresh:
		l, err = b.c.ListAll(ctx)
	default:
		l, err = b.c.ListAllCached(ctx)
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	now := l.Now
	if now.IsZero() {
		now = b.now()
	}
	out := make([]record, 0, len(l.Silences))
	for _, s := range l.Silences {
		if f.SourceType != "" && s.SourceType != f.SourceType || f.SourceIDPattern != "" && s.SourceIDPattern != f.SourceIDPattern {
			continue
		}
		r := asRecord(s, now)
		if activeOnly {
			r.State = alertmanager.StateActive
		}
		if f.keeps(r) {
			out = append(out, r)
		}
	}
	return out, now, nil
}

// remove deletes the silence, expired or not (the API keeps expired
// silences listed forever otherwise). Already gone is success.
func (b *alertSilenceBackend) remove(ctx context.Context, id, _ string) error {
	return b.c.Delete(ctx, id)
}

// The attributes of each flavor, for the "wrong flavor" errors.
const (
	attrsAlertmanager = "`matchers`"
	attrsAlertSilence = "`source_type` and `source_id_pattern`"
)

// isBroadPattern reports whether a source id pattern matches every source:
// nothing but `*` wildcards.
func isBroadPattern(p string) bool {
	return p != "" && strings.Trim(p, "*") == ""
}
