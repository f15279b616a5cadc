package maintenance

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
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
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// The o11y_maintenance action (Terraform 1.14+): each invocation opens one
// maintenance window, for `duration` or until `end_date`, with the
// resource's rules and messages, and says what it opened in progress
// messages. It writes nothing to state: the window ends by itself, or
// earlier through o11y_maintenance_expire. The API has no search, so the
// ids it opened are remembered by the provider instance (openedWindows),
// for o11y_maintenance_expire to find by title and targets later in the
// same run.

var (
	_ actionkit.Action                  = (*maintenanceAction)(nil)
	_ action.ActionWithConfigValidators = (*maintenanceAction)(nil)
)

// NewMaintenanceAction is the o11y_maintenance action.
func NewMaintenanceAction() action.Action {
	return &maintenanceAction{actionClient{what: "The o11y_maintenance action"}}
}

type maintenanceAction struct {
	actionClient // Configure
}

// actionClient is what both maintenance actions hold: the provider's data,
// with the maintenance client it configured.
type actionClient struct {
	what string // the action, as diagnostics name it
	data *providerdata.Data
}

func (a *actionClient) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = actionkit.Configure(req, resp)
}

// client is the maintenance client, nil (and diags say what to configure)
// when the provider has none.
func (a *actionClient) client(diags *diag.Diagnostics) *maintenanceapi.Client {
	c, d := a.data.MaintenanceClient(a.what)
	diags.Append(d...)
	return c
}

// maintenanceActionModel is the o11y_maintenance action's configuration.
type maintenanceActionModel struct {
	Title     types.String         `tfsdk:"title"`
	Targets   types.Set            `tfsdk:"targets"`
	StartDate timetypes.RFC3339    `tfsdk:"start_date"`
	EndDate   timetypes.RFC3339    `tfsdk:"end_date"`
	Duration  timetypes.GoDuration `tfsdk:"duration"`
}

// maxActionWindow bounds a window an action opens: nothing in state
// remembers it, so it must end by itself soon.
const maxActionWindow = validators.MaxMaxDuration

// actionDurationRule is the action's duration: whole minutes (the API
// keeps minutes), at most maxActionWindow.
var actionDurationRule = validators.DurationRule{
	Attr: "duration", Lower: validators.MinMaxDuration, Upper: maxActionWindow, WholeMinutes: true, Noun: errNoun,
	Why: "Nothing in Terraform's state remembers a window the action opened, so it must end by itself; " +
		"use resource \"o11y_maintenance\" for a longer window",
}

func (a *maintenanceAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = typeName
}

func (a *maintenanceAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Opens a maintenance window on the O11y platform each time the action runs, for `duration` or until `end_date` " +
			"(at most 24 hours). Triggered by `action_trigger` on `before_create` or `before_update` of the resource that deploys, it stops " +
			"alert notifications for the targets only when that resource really changes; `terraform apply -invoke=action.o11y_maintenance.<name>` " +
			"runs it alone. It writes nothing to state: the window ends by itself, or earlier with the `o11y_maintenance_expire` action. " +
			"Its progress messages name the window's id, the server, its start and its end. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"title": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The name of the maintenance window. `o11y_maintenance_expire` can find the window by this title and its targets later in the same run.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"targets": actionTargetsAttribute(true, targetsRequiredDescription),
			"start_date": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Optional:   true,
				MarkdownDescription: "When the window starts, as an RFC 3339 time with whole minutes. Omitted means the start of the minute " +
					"in which the action runs.",
			},
			"end_date": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Optional:   true,
				MarkdownDescription: "When the window ends, as an RFC 3339 time with whole minutes, in the future and at most 24 hours after the start. " +
					"Exactly one of `end_date` and `duration` is required.",
			},
			"duration": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long the window lasts from its start, as a whole number of minutes between `1m` and `24h`, such as `30m` " +
					"(the maintenance API keeps minutes). Nothing in state remembers the window, so it always ends by itself: choose the longest the change may take.",
				Validators: []validator.String{actionDurationRule.Validator()},
			},
		},
	}
}

func (a *maintenanceAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{
		actionvalidator.ExactlyOneOf(path.MatchRoot("end_date"), path.MatchRoot("duration")),
	}
}

// ValidateConfig applies the resource's time and target rules.
func (a *maintenanceAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	actionkit.Validate(ctx, req, resp, checkMaintenanceAction)
}

// checkMaintenanceAction is every check that needs no clock or server.
func checkMaintenanceAction(ctx context.Context, cfg maintenanceActionModel) diag.Diagnostics {
	start, _ := parseRFC3339(cfg.StartDate)
	end, _ := parseRFC3339(cfg.EndDate)
	diags := validateTimes(start, end)
	diags.Append(checkTargets(ctx, cfg.Targets)...)
	if !start.IsZero() && !end.IsZero() && end.After(start) {
		diags.Append(checkActionLength(start, end)...)
	}
	return diags
}

// checkActionLength refuses a window longer than an action may open.
func checkActionLength(start, end time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if end.Sub(start) > maxActionWindow {
		diags.AddAttributeError(path.Root("end_date"), "Maintenance window too long for an action",
			fmt.Sprintf("The window would last %s (%s to %s), more than the %s an action may open: nothing in Terraform's state remembers it, "+
				"so it must end by itself soon. Move end_date earlier, or use resource \"o11y_maintenance\" for a longer window.",
				validators.Short(end.Sub(start)), start.Format(time.RFC3339), end.Format(time.RFC3339), validators.Short(maxActionWindow)))
	}
	return diags
}

// times is the window to open at now: the configured start or the start of
// the current minute, and end_date or start plus duration.
func (m maintenanceActionModel) times(now time.Time) (start, end time.Time, diags diag.Diagnostics) {
	start, ok := parseRFC3339(m.StartDate)
	if !ok {
		start = now.Truncate(time.Minute)
	}
	if end, ok = parseRFC3339(m.EndDate); ok {
		diags.Append(checkEndAhead(end, now)...)
		if end.After(start) {
			diags.Append(checkActionLength(start, end)...)
		}
		return start, end, diags
	}
	d, err := actionDurationRule.Parse(m.Duration.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("duration"), "Invalid duration", err.Error()+".")
		return start, end, diags
	}
	end = windowtime.End(start, d)
	if !end.After(now) {
		diags.AddAttributeError(path.Root("duration"), "Maintenance ends in the past",
			fmt.Sprintf("start_date (%s) plus duration (%s) ends at %s, which is not in the future (now is %s), so the window would never be active. "+
				"Move start_date later, or leave it out to start when the action runs.",
				m.StartDate.ValueString(), m.Duration.ValueString(), end.Format(time.RFC3339), now.In(end.Location()).Format(time.RFC3339)))
	}
	return start, end, diags
}

// ModifyPlan checks, when Terraform plans the action, that the provider
// has the maintenance API and that the window would end in the future.
func (a *maintenanceAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	cfg, ok := actionkit.Config[maintenanceActionModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || cfg.StartDate.IsUnknown() || cfg.EndDate.IsUnknown() || cfg.Duration.IsUnknown() {
		return
	}
	_, _, diags := cfg.times(a.data.Clock())
	resp.Diagnostics.Append(diags...)
}

func (a *maintenanceAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	cfg, ok := actionkit.Config[maintenanceActionModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	client := a.client(&resp.Diagnostics)
	// Values that were unknown at validation are known now: check again.
	resp.Diagnostics.Append(checkMaintenanceAction(ctx, cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	start, end, diags := cfg.times(a.data.Clock())
	resp.Diagnostics.Append(diags...)
	targets, _, diags := knownTargets(ctx, cfg.Targets)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	title := cfg.Title.ValueString()
	created, err := client.Create(ctx, maintenanceapi.CreateInput{Title: title, Start: start, End: end, Targets: expandTargets(targets)})
	if err != nil {
		apidiag.CreateFailed(&resp.Diagnostics, errNoun, err, errHints, fmt.Sprintf(
			"If so, it ends by itself at %s. The API has no search, so look for %q in the O11y console before running the action again "+
				"(running it again opens a second window), or expire it there.", end.Format(time.RFC3339), title))
		return
	}
	opened.add(a.data, created.ID)
	tflog.Info(ctx, "opened maintenance by action", map[string]any{"id": created.ID, "end_date": end.Format(time.RFC3339)})
	loc := client.Location()
	actionkit.Progress(resp, fmt.Sprintf("opened maintenance %s %q on %s for %s, from %s until %s; it ends by itself then.",
		created.ID, title, client.HTTPClient().BaseURL(), actionkit.Plural(len(targets), "target"),
		start.In(loc).Format(time.RFC3339), end.In(loc).Format(time.RFC3339)))
}

// openedWindows remembers, per configured provider instance (Terraform
// starts one for each run), the ids of the windows the o11y_maintenance
// action opened. The maintenance API has no search, so this is how
// o11y_maintenance_expire finds a window by title and targets without
// being told its id; a window opened by another run is not known here.
type openedWindows struct {
	mu         sync.Mutex
	byProvider map[*providerdata.Data][]string
}

var opened = &openedWindows{byProvider: map[*providerdata.Data][]string{}}

func (o *openedWindows) add(d *providerdata.Data, id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.byProvider[d] = append(o.byProvider[d], id)
}

// ids lists the windows opened through d, sorted.
func (o *openedWindows) ids(d *providerdata.Data) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := append([]string(nil), o.byProvider[d]...)
	sort.Strings(out)
	return out
}
