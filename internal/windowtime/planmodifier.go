package windowtime

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// SameDuration plans the prior state's duration when the configuration
// spells the same duration another way ("1h30m" for "90m"), so that the plan
// shows no diff. Terraform accepts a planned value equal to the prior one in
// place of an equivalent configured value.
func SameDuration() planmodifier.String { return sameDuration{} }

type sameDuration struct{}

func (sameDuration) Description(context.Context) string {
	return "keeps the prior duration when the configuration names the same duration"
}

func (m sameDuration) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameDuration) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	prior := timetypes.GoDuration{StringValue: req.StateValue}
	if eq, diags := prior.StringSemanticEquals(ctx, timetypes.GoDuration{StringValue: req.ConfigValue}); !diags.HasError() && eq {
		resp.PlanValue = req.StateValue
	}
}
