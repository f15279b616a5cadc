package maintenance

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/actionkit"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
)

// The o11y_maintenance_expire action (Terraform 1.14+) ends maintenance
// windows before their time: the ones named by `ids`, or the pending and
// active ones whose title and targets are exactly the configured ones
// (the same title, and the same set of targets, IPs compared as
// addresses). The maintenance API has no search: `get` needs ids. So the
// windows matched by title and targets are looked for among the ids given
// in `ids` and the windows the o11y_maintenance action opened through the
// same provider instance, which is the same `terraform apply`
// (openedWindows); a window opened by another run, or by hand, can be
// expired only by its id.

var _ actionkit.Action = (*maintenanceExpireAction)(nil)

// maintenanceExpireType is the name of the expire action.
const maintenanceExpireType = "o11y_maintenance_expire"

// NewMaintenanceExpireAction is the o11y_maintenance_expire action.
func NewMaintenanceExpireAction() action.Action {
	return &maintenanceExpireAction{actionClient{what: "The o11y_maintenance_expire action"}}
}

type maintenanceExpireAction struct {
	actionClient // Configure
}

// maintenanceExpireModel is the o11y_maintenance_expire action's
// configuration.
type maintenanceExpireModel struct {
	IDs     types.Set    `tfsdk:"ids"`
	Title   types.String `tfsdk:"title"`
	Targets types.Set    `tfsdk:"targets"`
}

func (a *maintenanceExpireAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = maintenanceExpireType
}

func (a *maintenanceExpireAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Expires maintenance windows before their end, so alert notifications for their targets resume: " +
			"the ones named by `ids`, or the pending and active ones whose `title` and `targets` are exactly those configured. " +
			"Triggered by `action_trigger` on `after_create` or `after_update`, it ends the window that the `o11y_maintenance` action " +
			"opened before the change as soon as the change is done. " +
			"The maintenance API has no search (it reads windows only by id), so `title` and `targets` are matched among the windows " +
			"that the `o11y_maintenance` action opened in the same `terraform apply` and the ids given in `ids`; a window opened by " +
			"another run, or in the O11y console, is expired only by its id. Finding nothing to expire is a success, and a progress " +
			"message says so. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"ids": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Maintenance ids (such as `silence-12345`). Without `title` these windows are expired; with `title` and `targets` " +
					"they are candidates, and only those whose title and targets match are expired. Ids the API does not know, and windows " +
					"that have ended, are reported and skipped.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"title": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Expire the windows with exactly this title and exactly `targets` (required with it), among the windows " +
					"the `o11y_maintenance` action opened in this run and the ids in `ids`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"targets": actionTargetsAttribute(false, "With `title`: the window's targets, all of them, as the `o11y_maintenance` action "+
				"was given them. A window with one more or one fewer target is not expired."),
		},
	}
}

func (a *maintenanceExpireAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	actionkit.Validate(ctx, req, resp, checkExpire)
}

// checkExpire is every check that needs no server: something to expire,
// title and targets together, and the resource's target rules.
func checkExpire(ctx context.Context, cfg maintenanceExpireModel) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case cfg.IDs.IsNull() && cfg.Title.IsNull() && cfg.Targets.IsNull():
		diags.AddAttributeError(path.Root("ids"), "Nothing to expire",
			"Say which windows to expire: `ids`, or `title` with `targets` (the windows the o11y_maintenance action opened in this run with exactly that title and those targets).")
	case cfg.Title.IsNull() != cfg.Targets.IsNull():
		missing := "targets"
		if cfg.Title.IsNull() {
			missing = "title"
		}
		diags.AddAttributeError(path.Root(missing), "Missing "+missing,
			"A window is matched by its title and all its targets together; set both `title` and `targets`, or neither and only `ids`.")
	case !cfg.Targets.IsNull():
		diags.Append(checkTargets(ctx, cfg.Targets)...)
	}
	return diags
}

func (a *maintenanceExpireAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.client(&resp.Diagnostics)
}

func (a *maintenanceExpireAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	cfg, ok := actionkit.Config[maintenanceExpireModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	client := a.client(&resp.Diagnostics)
	resp.Diagnostics.Append(checkExpire(ctx, cfg)...)
	var given []string
	if !cfg.IDs.IsNull() {
		resp.Diagnostics.Append(cfg.IDs.ElementsAs(ctx, &given, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	byMatch := !cfg.Title.IsNull()
	candidates := given
	if byMatch {
		candidates = union(given, opened.ids(a.data))
	}
	sort.Strings(candidates)
	where := client.HTTPClient().BaseURL()
	if len(candidates) == 0 {
		actionkit.Progress(resp, fmt.Sprintf("nothing to expire on %s: no window is known with title %q and these targets. "+
			"The maintenance API has no search, so only the windows the o11y_maintenance action opened in this run, and the ids in `ids`, are looked at.",
			where, cfg.Title.ValueString()))
		return
	}
	res, err := client.Get(ctx, candidates...)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read maintenance windows", errorDetail(err))
		return
	}
	var want window
	if byMatch {
		targets, _, d := knownTargets(ctx, cfg.Targets)
		resp.Diagnostics.Append(d...)
		want = window{Title: cfg.Title.ValueString(), Targets: expandTargets(targets)}
	}
	todo, skipped := pickExpire(res, candidates, byMatch, want)
	if len(todo) == 0 {
		actionkit.Progress(resp, fmt.Sprintf("nothing to expire on %s: %s.", where, strings.Join(skipped, "; ")))
		return
	}
	var done, failed []string
	for _, m := range todo {
		_, err := client.Expire(ctx, m.ID)
		switch {
		case err == nil:
			done = append(done, m.ID)
			tflog.Info(ctx, "expired maintenance by action", map[string]any{"id": m.ID})
			actionkit.Progress(resp, fmt.Sprintf("expired maintenance %s %q on %s; it was to end at %s.",
				m.ID, m.Title, where, m.End.In(client.Location()).Format(time.RFC3339)))
		case gone(err):
			actionkit.Progress(resp, fmt.Sprintf("maintenance %s %q had ended or gone already: nothing to expire.", m.ID, m.Title))
		default:
			failed = append(failed, apidiag.Item(err, errNoun, m.ID, errHints))
		}
	}
	actionkit.NotEnded(&resp.Diagnostics, "expire", "maintenance window", "end_date", done, failed)
}

// pickExpire chooses, among the windows get answered for the candidates,
// the pending and active ones to expire: all of them, or with byMatch only
// those whose title and targets are exactly want's. skipped says why the
// others are left.
func pickExpire(res *maintenanceapi.GetResult, candidates []string, byMatch bool, want window) (todo []maintenanceapi.Maintenance, skipped []string) {
	var ended, other []string
	for _, id := range candidates {
		m, ok := res.ByID(id)
		switch {
		case !ok:
			continue
		case byMatch && (m.Title != want.Title || len(targetDelta(m.Targets, want.Targets)) > 0):
			other = append(other, id)
		case m.Status == maintenanceapi.StatusExpired:
			ended = append(ended, id)
		default:
			todo = append(todo, m)
		}
	}
	if len(ended) > 0 {
		skipped = append(skipped, "ended already: "+strings.Join(ended, ", "))
	}
	if len(res.Missing) > 0 {
		missing := append([]string(nil), res.Missing...)
		sort.Strings(missing)
		skipped = append(skipped, "unknown to the API: "+strings.Join(missing, ", "))
	}
	if len(other) > 0 {
		skipped = append(skipped, fmt.Sprintf("another title or other targets than %q and the %s configured: %s",
			want.Title, actionkit.Plural(len(want.Targets), "target"), strings.Join(other, ", ")))
	}
	if len(skipped) == 0 {
		skipped = []string{"no window to expire"}
	}
	return todo, skipped
}

// union is a and b without duplicates.
func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
