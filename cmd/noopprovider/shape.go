package main

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// shape is shape_silence: a resource with o11y_silence's attributes (the
// same names, types, custom time types and defaults; none of its
// validators or plan modifiers) that does no I/O, in a process set up as
// the provider's (asTheProvider). make bench measures it beside the floor
// to tell what the silence schema's shape costs Terraform and the
// framework (bigger objects in every RPC, every plan and every state
// snapshot) from what the provider's own code and I/O cost.
type shape struct{}

func (*shape) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "shape_silence"
}

// asTheProvider sets this process up as main.go sets up the provider's:
// the SDK's logging off unless Terraform was asked for logs, and the
// collector's target at 200 unless GOGC is set.
func asTheProvider() {
	for _, k := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		if os.Getenv(k) != "" {
			return
		}
	}
	for _, k := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		_ = os.Setenv(k, "OFF")
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}

func (*shape) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	opt := func() schema.StringAttribute { return schema.StringAttribute{Optional: true} }
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true},
		"matchers": schema.ListNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name":     schema.StringAttribute{Required: true},
			"value":    schema.StringAttribute{Required: true},
			"is_regex": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
			"is_equal": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
		}}},
		"source_type":        opt(),
		"source_id_pattern":  opt(),
		"starts_at":          schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Optional: true, Computed: true},
		"ends_at":            schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Optional: true, Computed: true},
		"duration":           schema.StringAttribute{CustomType: timetypes.GoDurationType{}, Optional: true},
		"comment":            schema.StringAttribute{Required: true},
		"created_by":         schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("terraform")},
		"allow_broad":        schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
		"max_matched_alerts": schema.Int64Attribute{Optional: true},
		"status":             schema.StringAttribute{Computed: true},
		"updated_at":         schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true},
	}}
}

// known fills what the plan left unknown the way a create would: an id,
// a status and times of the same length as the server's.
func known(v tftypes.Value) tftypes.Value {
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return v
	}
	fill := map[string]string{"id": "2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d", "status": "active",
		"starts_at": "2030-01-01T00:00:00.000Z", "ends_at": "2030-01-02T00:00:00.000Z", "updated_at": "2030-01-01T00:00:00.000Z"}
	for k, x := range attrs {
		if !x.IsKnown() {
			attrs[k] = tftypes.NewValue(tftypes.String, fill[k])
		}
	}
	return tftypes.NewValue(v.Type(), attrs)
}

func (*shape) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State = tfsdk.State{Schema: req.Plan.Schema, Raw: known(req.Plan.Raw)}
}

func (*shape) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (*shape) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State = tfsdk.State{Schema: req.Plan.Schema, Raw: known(req.Plan.Raw)}
}

func (*shape) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
