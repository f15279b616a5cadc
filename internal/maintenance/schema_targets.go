package maintenance

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
)

// targetsDescription is shared by the resource and the data sources.
const targetsDescription = "The targets whose alerts are muted during the window. " +
	"Infra targets are matched by `target_ip`; service and platform targets by `target_name` and `region`."

// targetsRequiredDescription is targetsDescription with the rules of a
// configured targets set.
const targetsRequiredDescription = targetsDescription + " At least one target is needed and no two may share a matching key."

// targetField is one attribute of a configured target. The resource,
// the schedule, the ephemeral resource and the actions all take targets
// with these fields; only the schema package differs.
type targetField struct {
	required   bool
	desc       string
	validators []validator.String
}

// targetFields are the attributes of a configured target, by name.
var targetFields = map[string]targetField{
	"type": {
		required:   true,
		desc:       "The kind of target: `infra` (a host, by IP), `service` or `platform` (by name and region).",
		validators: []validator.String{stringvalidator.OneOf(maintenanceapi.TargetTypes...)},
	},
	"target_ip": {
		desc: "The IPv4 or IPv6 address of an `infra` target. Required for `infra`, not allowed for the other types.",
	},
	"target_name": {
		desc: "The name of a `service` or `platform` target, such as `next-iam-service`. Required for those types, not allowed for `infra`.",
	},
	"region": {
		required: true,
		desc:     "The region of the target, such as `DX-G-GB`.",
	},
}

// targetAttributes builds targetFields with one schema package's string
// attribute.
func targetAttributes[A any](str func(targetField) A) map[string]A {
	out := make(map[string]A, len(targetFields))
	for name, f := range targetFields {
		out[name] = str(f)
	}
	return out
}

// resourceTargetsAttribute is the required targets of o11y_maintenance and
// o11y_maintenance_schedule.
func resourceTargetsAttribute(desc string) resourceschema.SetNestedAttribute {
	return resourceschema.SetNestedAttribute{
		Required: true, MarkdownDescription: desc,
		NestedObject: resourceschema.NestedAttributeObject{Attributes: targetAttributes(func(f targetField) resourceschema.Attribute {
			return resourceschema.StringAttribute{Required: f.required, Optional: !f.required, MarkdownDescription: f.desc, Validators: f.validators}
		})},
	}
}

// ephemeralTargetsAttribute is the required targets of the ephemeral
// o11y_maintenance.
func ephemeralTargetsAttribute(desc string) ephemeralschema.SetNestedAttribute {
	return ephemeralschema.SetNestedAttribute{
		Required: true, MarkdownDescription: desc,
		NestedObject: ephemeralschema.NestedAttributeObject{Attributes: targetAttributes(func(f targetField) ephemeralschema.Attribute {
			return ephemeralschema.StringAttribute{Required: f.required, Optional: !f.required, MarkdownDescription: f.desc, Validators: f.validators}
		})},
	}
}

// actionTargetsAttribute is the targets of both maintenance actions.
func actionTargetsAttribute(required bool, desc string) actionschema.SetNestedAttribute {
	return actionschema.SetNestedAttribute{
		Required: required, Optional: !required, MarkdownDescription: desc,
		NestedObject: actionschema.NestedAttributeObject{Attributes: targetAttributes(func(f targetField) actionschema.Attribute {
			return actionschema.StringAttribute{Required: f.required, Optional: !f.required, MarkdownDescription: f.desc, Validators: f.validators}
		})},
	}
}

// checkTargets is every check of a configured targets set that needs no
// server: what the API requires of each known target (validateTargets).
func checkTargets(ctx context.Context, s types.Set) diag.Diagnostics {
	targets, known, diags := knownTargets(ctx, s)
	diags.Append(validateTargets(targets, known)...)
	return diags
}

// knownTargets reads the targets that are known at validation time; known
// is false when the set itself is unknown or null. An unknown element counts
// towards "at least one" but is otherwise skipped.
func knownTargets(ctx context.Context, s types.Set) ([]maintenanceTargetModel, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	if s.IsNull() || s.IsUnknown() {
		return nil, false, diags
	}
	var out []maintenanceTargetModel
	unknown := 0
	for _, e := range s.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsUnknown() || obj.IsNull() {
			unknown++
			continue
		}
		var t maintenanceTargetModel
		diags.Append(obj.As(ctx, &t, basetypes.ObjectAsOptions{})...)
		out = append(out, t)
	}
	if unknown > 0 && len(out) == 0 {
		return nil, false, diags
	}
	return out, true, diags
}
