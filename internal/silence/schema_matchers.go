package silence

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// matcherField is one attribute of a configured label matcher. The
// resource, the schedule, the ephemeral resource and the actions all take
// matchers with these fields; only the schema package differs.
type matcherField struct {
	flag       bool // a bool attribute; the strings are required
	desc       string
	validators []validator.String
	def        bool // a flag's default, in the resources' schema
}

// matcherFields are the attributes of a configured label matcher, by name.
var matcherFields = map[string]matcherField{
	"name": {
		desc:       "The label name, such as `alertname`, `severity` or Grafana's `__alert_rule_uid__`.",
		validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	},
	"value": {
		desc: "The label value, or an RE2 regular expression when `is_regex` is true (anchored at both ends, as Alertmanager does).",
	},
	"is_regex": {
		flag: true, def: false,
		desc: "Whether `value` is a regular expression (`=~` / `!~`). Defaults to `false`.",
	},
	"is_equal": {
		flag: true, def: true,
		desc: "Whether the matcher is positive (`=` / `=~`); `false` makes it negative (`!=` / `!~`). Defaults to `true`.",
	},
}

// buildMatcherAttributes builds matcherFields with one schema package's string
// and bool attributes.
func buildMatcherAttributes[A any](str, flag func(matcherField) A) map[string]A {
	out := make(map[string]A, len(matcherFields))
	for name, f := range matcherFields {
		if f.flag {
			out[name] = flag(f)
		} else {
			out[name] = str(f)
		}
	}
	return out
}

// configuredMatcherAttributes are the attributes of one label matcher of
// o11y_silence and o11y_silence_schedule: the flags have their defaults.
func configuredMatcherAttributes() map[string]resourceschema.Attribute {
	return buildMatcherAttributes(
		func(f matcherField) resourceschema.Attribute {
			return resourceschema.StringAttribute{Required: true, MarkdownDescription: f.desc, Validators: f.validators}
		},
		func(f matcherField) resourceschema.Attribute {
			return resourceschema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(f.def), MarkdownDescription: f.desc}
		})
}

// ephemeralMatchersAttribute is the required matchers of the ephemeral
// o11y_silence.
func ephemeralMatchersAttribute(desc string) ephemeralschema.ListNestedAttribute {
	return ephemeralschema.ListNestedAttribute{
		Required: true, MarkdownDescription: desc,
		Validators: []validator.List{listvalidator.SizeAtLeast(1)},
		NestedObject: ephemeralschema.NestedAttributeObject{Attributes: buildMatcherAttributes(
			func(f matcherField) ephemeralschema.Attribute {
				return ephemeralschema.StringAttribute{Required: true, MarkdownDescription: f.desc, Validators: f.validators}
			},
			func(f matcherField) ephemeralschema.Attribute {
				return ephemeralschema.BoolAttribute{Optional: true, MarkdownDescription: f.desc}
			})},
	}
}

// actionMatchersAttribute is the matchers of both silence actions.
func actionMatchersAttribute(desc string) actionschema.ListNestedAttribute {
	return actionschema.ListNestedAttribute{
		Optional: true, MarkdownDescription: desc,
		Validators: []validator.List{listvalidator.SizeAtLeast(1)},
		NestedObject: actionschema.NestedAttributeObject{Attributes: buildMatcherAttributes(
			func(f matcherField) actionschema.Attribute {
				return actionschema.StringAttribute{Required: true, MarkdownDescription: f.desc, Validators: f.validators}
			},
			func(f matcherField) actionschema.Attribute {
				return actionschema.BoolAttribute{Optional: true, MarkdownDescription: f.desc}
			})},
	}
}
