package maintenance

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/identity"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ resource.Resource                   = (*maintenanceResource)(nil)
	_ resource.ResourceWithConfigure      = (*maintenanceResource)(nil)
	_ resource.ResourceWithImportState    = (*maintenanceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*maintenanceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*maintenanceResource)(nil)
	_ resource.ResourceWithIdentity       = (*maintenanceResource)(nil)
)

// typeName is the name of the o11y_maintenance resource, data source and
// ephemeral resource.
const typeName = "o11y_maintenance"

// NewMaintenanceResource returns the o11y_maintenance resource.
func NewMaintenanceResource() resource.Resource { return &maintenanceResource{} }

type maintenanceResource struct {
	data *providerdata.Data
}

func (r *maintenanceResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = typeName
}

func (r *maintenanceResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identity.Schema("The maintenance id the API assigned (`maintenance_id`, such as `silence-12345`)")
}

func (r *maintenanceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A maintenance window on the O11y platform: while it is active, alert notifications for its targets are stopped. " +
			"Times are RFC 3339 in configuration and are sent to the API in the provider's `maintenance.time_zone`. " +
			"A window that ends by time stays in state with `status = \"expired\"` and no diff. " +
			"Destroying the resource expires a pending or active window at once, so alert notifications for its targets resume; " +
			"for a window that has already ended, or that the server no longer knows, it changes nothing on the server.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The maintenance id the API assigned (`maintenance_id`, such as `silence-12345`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"title": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The name of the maintenance window. It can be changed in place.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"start_date": schema.StringAttribute{
				Required:   true,
				CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the window starts, as an RFC 3339 time with whole minutes, such as `2026-02-15T10:00:00+09:00`. " +
					"The API keeps minutes, so seconds other than `:00` are refused at plan time. Any offset may be used: " +
					"the time is converted to the provider's `maintenance.time_zone` for the API, and the configured spelling is kept in state. " +
					"It can be changed in place.",
			},
			"end_date": schema.StringAttribute{
				Required:   true,
				CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the window ends, as an RFC 3339 time with whole minutes; it must be after `start_date`, and in the future when the window is created. " +
					"It can be changed in place while the window has not ended. After the window has ended, moving it into the future creates a new window.",
			},
			"targets": resourceTargetsAttribute(targetsRequiredDescription + " Changes are sent as additions and removals; a changed target is removed and added again."),
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The window's state on the server: `pending` before `start_date`, `active` during the window, `expired` after it ended " +
					"(by time or because it was expired).",
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the API created the window (RFC 3339). The API does not report it on read, so it is empty after an import.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *maintenanceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = d
}

func (r *maintenanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan maintenanceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := r.data.MaintenanceClient(typeName)
	resp.Diagnostics.Append(diags...)
	w, diags := expandWindow(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := client.Create(ctx, maintenanceapi.CreateInput{Title: w.Title, Start: w.Start, End: w.End, Targets: w.Targets})
	if err != nil {
		apidiag.CreateFailed(&resp.Diagnostics, errNoun, err, errHints, fmt.Sprintf(
			"The API has no search, so look for %q in the O11y console: if it exists, import it with `terraform import` (its id) "+
				"instead of applying again, or expire it there.", w.Title))
		return
	}
	tflog.Info(ctx, "created maintenance", map[string]any{"id": created.ID})
	// Write the id into state before anything else can fail, so a later
	// failure leaves a tainted resource, never an orphaned window.
	plan.ID = types.StringValue(created.ID)
	plan.Status = types.StringNull()
	plan.CreatedAt = timetypes.NewRFC3339Null()
	if !created.CreatedAt.IsZero() {
		plan.CreatedAt = timetypes.NewRFC3339TimeValue(created.CreatedAt)
	}
	storeAndReadBack(ctx, client, plan, &resp.State, resp.Identity, &resp.Diagnostics,
		"creating", "\n\nThe window was created; Terraform marks it tainted and replaces it on the next apply.")
}

// storeAndReadBack writes plan, which the server has accepted, into state
// with its identity, then reads the window back and stores what the
// server holds. doing and more word a failed read.
func storeAndReadBack(ctx context.Context, client *maintenanceapi.Client, plan maintenanceResourceModel, state *tfsdk.State,
	id *tfsdk.ResourceIdentity, diags *diag.Diagnostics, doing, more string,
) {
	diags.Append(state.Set(ctx, &plan)...)
	diags.Append(identity.Set(ctx, id, plan.ID)...)
	if diags.HasError() {
		return
	}
	m, _, err := client.GetOne(ctx, plan.ID.ValueString())
	if err != nil {
		diags.AddError("Unable to read maintenance after "+doing+" it", errorDetail(err)+more)
		return
	}
	next, d := flatten(ctx, m, plan, client.Location())
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &next)...)
}

func (r *maintenanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state maintenanceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := r.data.MaintenanceClient(typeName)
	resp.Diagnostics.Append(diags...)
	// The identity is the id, also when Read removes the window.
	resp.Diagnostics.Append(identity.Set(ctx, resp.Identity, state.ID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	m, serverNow, err := client.GetOne(ctx, id)
	found := err == nil
	if err != nil && !api.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to read maintenance", errorDetail(err))
		return
	}
	now := serverNow
	if now.IsZero() {
		now = r.data.Clock()
	}
	stateEnd, _ := parseRFC3339(state.EndDate)
	switch decideRead(readInput{Found: found, Status: m.Status, StateEnd: stateEnd, ServerNow: now}) {
	case readStore:
		next, diags := flatten(ctx, m, state, client.Location())
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	case readKeepExpired:
		tflog.Debug(ctx, "maintenance ended by time; keeping it as expired", map[string]any{"id": id, "found": found})
		state.Status = types.StringValue(maintenanceapi.StatusExpired)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	case readRemove:
		tflog.Warn(ctx, "maintenance ended early or is gone while its end is still ahead; removing it from state so the next apply creates it again",
			map[string]any{"id": id, "found": found, "status": m.Status, "end_date": state.EndDate.ValueString(), "server_time": now.Format(time.RFC3339)})
		resp.State.RemoveResource(ctx)
	}
}

func (r *maintenanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state maintenanceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := r.data.MaintenanceClient(typeName)
	resp.Diagnostics.Append(diags...)
	want, diags := expandWindow(ctx, plan)
	resp.Diagnostics.Append(diags...)
	have, diags := expandWindow(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if in, changed := updateInput(id, have, want); changed {
		if _, err := client.Update(ctx, in); err != nil {
			detail := errorDetail(err)
			if maintenanceapi.IsAlreadyExpired(err) {
				detail += "\n\nThe window has ended on the server. Move end_date into the future to create a new window, or refresh to see its state."
			}
			resp.Diagnostics.AddError("Unable to update maintenance", detail)
			return
		}
		tflog.Info(ctx, "updated maintenance", map[string]any{"id": id, "target_changes": len(in.Targets)})
	}
	// The update went through: record it before the follow-up read.
	plan.ID = state.ID
	plan.Status = state.Status
	plan.CreatedAt = state.CreatedAt
	storeAndReadBack(ctx, client, plan, &resp.State, resp.Identity, &resp.Diagnostics, "updating", "")
}

func (r *maintenanceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state maintenanceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := r.data.MaintenanceClient(typeName)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	_, err := client.Expire(ctx, id)
	switch {
	case err == nil:
		tflog.Info(ctx, "expired maintenance", map[string]any{"id": id})
	case api.IsNotFound(err), maintenanceapi.IsAlreadyExpired(err):
		tflog.Debug(ctx, "maintenance already ended or gone; nothing to expire", map[string]any{"id": id, "answer": err.Error()})
	default:
		resp.Diagnostics.AddError("Unable to expire maintenance", errorDetail(err))
	}
}

func (r *maintenanceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	identity.Import(ctx, req, resp, "maintenance", nil)
}

func (r *maintenanceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg maintenanceResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkTargets(ctx, cfg.Targets)...)
}

func (r *maintenanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan maintenanceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.data.Clock()
	start, _ := parseRFC3339(plan.StartDate)
	end, endKnown := parseRFC3339(plan.EndDate)

	// The times are checked (whole minutes, order) where they are sent: on
	// create, and when one of them changes. A window imported as it is
	// (one `terraform query` found, expired early with seconds in its end,
	// or expired before its start, which sets both to the same instant)
	// sends nothing, and its configuration stays valid.
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(validateTimes(start, end)...)
		if endKnown {
			resp.Diagnostics.Append(checkEndAhead(end, now)...)
		}
		return
	}

	var state maintenanceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !sameTime(state.StartDate, start) || !sameTime(state.EndDate, end) {
		resp.Diagnostics.Append(validateTimes(start, end)...)
	}
	if state.Status.ValueString() != maintenanceapi.StatusExpired {
		return
	}
	changed := true
	if endKnown && !plan.Targets.IsUnknown() && !plan.StartDate.IsUnknown() && !plan.Title.IsUnknown() {
		want, d1 := expandWindow(ctx, plan)
		have, d2 := expandWindow(ctx, state)
		if !d1.HasError() && !d2.HasError() {
			_, changed = updateInput(state.ID.ValueString(), have, want)
		}
	}
	if !endKnown {
		end = now.Add(time.Hour) // unknown: assume a new window
	}
	switch decideExpiredChange(state.Status.ValueString(), changed, end, now) {
	case expiredReplace:
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("end_date"))
	case expiredRefuse:
		resp.Diagnostics.AddAttributeError(path.Root("end_date"), "Maintenance has already ended",
			fmt.Sprintf("Maintenance %s ended at %s (status \"expired\"), and the API cannot change a window that has ended. "+
				"To open a new window with this configuration, move end_date into the future: Terraform then creates a new maintenance. "+
				"Otherwise revert the change to keep the record of the past window, or remove the resource block (destroying an expired window changes nothing on the server).",
				state.ID.ValueString(), state.EndDate.ValueString()))
	}
}

// sameTime reports whether a time in state is the instant t.
func sameTime(state timetypes.RFC3339, t time.Time) bool {
	s, ok := parseRFC3339(state)
	return ok && s.Equal(t)
}

// errNoun names the object of the diagnostics.
const errNoun = "maintenance"

// errHints say what an HTTP status means for the maintenance API.
var errHints = apidiag.Hints{
	401: "The maintenance API did not accept the credentials: check `maintenance.api_key` (O11Y_MAINTENANCE_API_KEY), " +
		"`token` (O11Y_MAINTENANCE_TOKEN) or `username`/`password` (O11Y_MAINTENANCE_USERNAME / O11Y_MAINTENANCE_PASSWORD), " +
		"and `api_key_header` when the server expects another header than X-API-Key.",
	403: "The credentials are valid but may not manage maintenance windows: check their permissions on the O11y platform.",
}

// errorDetail is the diagnostic detail of a client error: the maintenance
// id, the HTTP status and the server's message (never a credential: the
// client does not put any into errors).
func errorDetail(err error) string { return apidiag.Detail(err, errNoun, errHints) }
