// Package resourcewatcher holds the NHN Cloud Resource Watcher types of the
// provider: the resourcewatcher_event_alarm resource and the
// resourcewatcher_* data sources. Their type names carry no `o11y_` prefix,
// so every block needs `provider = o11y`.
package resourcewatcher

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// eventAlarmModel is the resource's model; the resourcewatcher_event_alarm
// data source has the same attributes.
type eventAlarmModel struct {
	ID               types.String      `tfsdk:"id"`
	AlarmName        types.String      `tfsdk:"alarm_name"`
	Description      types.String      `tfsdk:"description"`
	AlarmTargets     types.List        `tfsdk:"alarm_targets"`
	Events           types.Set         `tfsdk:"events"`
	ResourceGroupIDs types.Set         `tfsdk:"resource_group_ids"`
	ResourceTagIDs   types.Set         `tfsdk:"resource_tag_ids"`
	Status           types.String      `tfsdk:"status"`
	AlarmRule        types.Object      `tfsdk:"alarm_rule"`
	CreatedAt        timetypes.RFC3339 `tfsdk:"created_at"`
	UpdatedAt        timetypes.RFC3339 `tfsdk:"updated_at"`
}

// alarmTargetModel is one alarm target of the resource. The data source's
// targets have no write-only attributes (dataTargetAttrTypes).
type alarmTargetModel struct {
	Type          types.String `tfsdk:"type"`
	Target        types.String `tfsdk:"target"`
	Email         types.Bool   `tfsdk:"email"`
	SMS           types.Bool   `tfsdk:"sms"`
	WebhookURL    types.String `tfsdk:"webhook_url"`
	WebhookSecret types.String `tfsdk:"webhook_secret"`
	// WebhookSecretWO is write-only (Terraform 1.11+): only the
	// configuration holds it, never the plan or the state.
	WebhookSecretWO        types.String `tfsdk:"webhook_secret_wo"`
	WebhookSecretWOVersion types.Int64  `tfsdk:"webhook_secret_wo_version"`
}

type eventModel struct {
	ProductID types.String `tfsdk:"product_id"`
	EventID   types.String `tfsdk:"event_id"`
}

var (
	dataTargetAttrTypes = map[string]attr.Type{
		"type": types.StringType, "target": types.StringType, "email": types.BoolType, "sms": types.BoolType,
		"webhook_url": types.StringType, "webhook_secret": types.StringType,
	}
	dataTargetType       = types.ObjectType{AttrTypes: dataTargetAttrTypes}
	alarmTargetAttrTypes = withWriteOnly(dataTargetAttrTypes)
	alarmTargetType      = types.ObjectType{AttrTypes: alarmTargetAttrTypes}
	eventAttrTypes       = map[string]attr.Type{"product_id": types.StringType, "event_id": types.StringType}
	eventType            = types.ObjectType{AttrTypes: eventAttrTypes}
	alarmRuleAttrTypes   = map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "description": types.StringType,
		"resource_types": types.ListType{ElemType: types.StringType},
	}
)

func withWriteOnly(m map[string]attr.Type) map[string]attr.Type {
	out := map[string]attr.Type{"webhook_secret_wo": types.StringType, "webhook_secret_wo_version": types.Int64Type}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// hasFlags reports whether a target type takes the email/sms flags.
func hasFlags(targetType string) bool {
	return targetType == resourcewatcherapi.TargetUUID || targetType == resourcewatcherapi.TargetRole
}

func yn(b types.Bool) string {
	if b.ValueBool() {
		return "Y"
	}
	return "N"
}

// expand turns a planned model into the API's full create/update body.
// config is the configuration the plan was made from: the write-only
// webhook_secret_wo of each target lives only there, and as an update is a
// full replacement, every create and update sends it.
func expand(ctx context.Context, m eventAlarmModel, config *eventAlarmModel) (resourcewatcherapi.EventAlarmRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := resourcewatcherapi.EventAlarmRequest{
		Alarm:        resourcewatcherapi.AlarmInput{AlarmName: m.AlarmName.ValueString(), Description: m.Description.ValueString()},
		AlarmTargets: []resourcewatcherapi.AlarmTarget{},
	}
	var targets, configured []alarmTargetModel
	diags.Append(m.AlarmTargets.ElementsAs(ctx, &targets, false)...)
	if config != nil && !config.AlarmTargets.IsNull() && !config.AlarmTargets.IsUnknown() {
		diags.Append(config.AlarmTargets.ElementsAs(ctx, &configured, false)...)
	}
	for i, t := range targets {
		out := resourcewatcherapi.AlarmTarget{AlarmTargetTypeCode: t.Type.ValueString()}
		switch out.AlarmTargetTypeCode {
		case resourcewatcherapi.TargetWebhook:
			out.WebhookURL, out.WebhookSecret = t.WebhookURL.ValueString(), t.WebhookSecret.ValueString()
			if i < len(configured) && !configured[i].WebhookSecretWO.IsNull() {
				out.WebhookSecret = configured[i].WebhookSecretWO.ValueString()
			}
		case resourcewatcherapi.TargetAlarmKey:
			out.AlarmTarget = t.Target.ValueString()
		default:
			out.AlarmTarget = t.Target.ValueString()
			out.EmailAlarm, out.SMSAlarm = yn(t.Email), yn(t.SMS)
		}
		req.AlarmTargets = append(req.AlarmTargets, out)
	}

	if !m.Events.IsNull() && !m.Events.IsUnknown() {
		var events []eventModel
		diags.Append(m.Events.ElementsAs(ctx, &events, false)...)
		for _, e := range events {
			req.Events = append(req.Events, resourcewatcherapi.Event{ProductID: e.ProductID.ValueString(), EventID: e.EventID.ValueString()})
		}
		sort.Slice(req.Events, func(i, j int) bool {
			return req.Events[i].ProductID+"\x00"+req.Events[i].EventID < req.Events[j].ProductID+"\x00"+req.Events[j].EventID
		})
	}
	var groups []string
	var tags []int64
	if !m.ResourceGroupIDs.IsNull() && !m.ResourceGroupIDs.IsUnknown() {
		diags.Append(m.ResourceGroupIDs.ElementsAs(ctx, &groups, false)...)
		sort.Strings(groups)
	}
	if !m.ResourceTagIDs.IsNull() && !m.ResourceTagIDs.IsUnknown() {
		diags.Append(m.ResourceTagIDs.ElementsAs(ctx, &tags, false)...)
		sort.Slice(tags, func(i, j int) bool { return tags[i] < tags[j] })
	}
	if len(groups) > 0 || len(tags) > 0 {
		req.Target = &resourcewatcherapi.TargetInput{ResourceGroupIDs: groups, ResourceTagIDs: tags}
	}
	return req, diags
}

func targetKey(t resourcewatcherapi.AlarmTarget) string {
	return t.AlarmTargetTypeCode + "\x00" + t.AlarmTarget + "\x00" + t.WebhookURL
}

func optString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// apiTime turns an API date (UTC without an offset) into RFC 3339, to the
// second as the API keeps it; an empty or unparsable one is null.
func apiTime(s string) timetypes.RFC3339 {
	if s == "" {
		return timetypes.NewRFC3339Null()
	}
	t, err := resourcewatcherapi.ParseDate(s)
	if err != nil {
		return timetypes.NewRFC3339Null()
	}
	return timetypes.NewRFC3339TimeValue(t)
}

// computedTime is a computed RFC 3339 attribute of a data source.
func computedTime(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: desc}
}

// timeFilter is an optional RFC 3339 filter of a data source.
func timeFilter(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: desc}
}

// priorTargets lists the targets of prior plan/state with their keys.
func priorTargets(ctx context.Context, prior *eventAlarmModel) ([]alarmTargetModel, []string, diag.Diagnostics) {
	if prior == nil || prior.AlarmTargets.IsNull() || prior.AlarmTargets.IsUnknown() {
		return nil, nil, nil
	}
	var targets []alarmTargetModel
	diags := prior.AlarmTargets.ElementsAs(ctx, &targets, false)
	keys := make([]string, len(targets))
	for i, t := range targets {
		keys[i] = targetKey(resourcewatcherapi.AlarmTarget{AlarmTargetTypeCode: t.Type.ValueString(), AlarmTarget: t.Target.ValueString(), WebhookURL: t.WebhookURL.ValueString()})
	}
	return targets, keys, diags
}

// orderLikePrior returns the API's targets in the order of the prior ones
// (matched by targetKey), then those the prior does not have, and for each
// its prior target (hasPrior false when none).
func orderLikePrior(api []resourcewatcherapi.AlarmTarget, prior []alarmTargetModel, keys []string) ([]resourcewatcherapi.AlarmTarget, []alarmTargetModel, []bool) {
	used := make([]bool, len(api))
	var out []resourcewatcherapi.AlarmTarget
	var priors []alarmTargetModel
	var has []bool
	for i, k := range keys {
		for j, t := range api {
			if !used[j] && targetKey(t) == k {
				used[j] = true
				out, priors, has = append(out, t), append(priors, prior[i]), append(has, true)
				break
			}
		}
	}
	for j, t := range api {
		if !used[j] {
			out, priors, has = append(out, t), append(priors, alarmTargetModel{}), append(has, false)
		}
	}
	return out, priors, has
}

// flag turns a Y/N flag into a bool. "N" stays null when the prior value
// is null (the flag was left out of the configuration) or unknown (import).
func flag(v string, prior types.Bool, hasPrior bool) types.Bool {
	switch {
	case v == "Y":
		return types.BoolValue(true)
	case !hasPrior || prior.IsNull() || prior.IsUnknown():
		return types.BoolNull()
	default:
		return types.BoolValue(false)
	}
}

// flatten turns the API's view of an alarm into the resource's model.
// prior (plan or state) supplies what the API does not echo: webhook
// secrets, and the version of a write-only one (the secret itself is never
// stored).
func flatten(ctx context.Context, a *resourcewatcherapi.EventAlarm, prior *eventAlarmModel) (eventAlarmModel, diag.Diagnostics) {
	return flattenAlarm(ctx, a, prior, true)
}

// flattenData is the data source's view, whose targets have no write-only
// attributes.
func flattenData(ctx context.Context, a *resourcewatcherapi.EventAlarm) (eventAlarmModel, diag.Diagnostics) {
	return flattenAlarm(ctx, a, nil, false)
}

func flattenAlarm(ctx context.Context, a *resourcewatcherapi.EventAlarm, prior *eventAlarmModel, resource bool) (eventAlarmModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	priorList, priorKeys, d := priorTargets(ctx, prior)
	diags.Append(d...)
	apiTargets, priors, hasPriors := orderLikePrior(a.AlarmTargets, priorList, priorKeys)

	m := eventAlarmModel{
		ID:          types.StringValue(a.Alarm.AlarmID),
		AlarmName:   types.StringValue(a.Alarm.AlarmName),
		Description: types.StringValue(a.Alarm.Description),
		Status:      types.StringValue(a.Alarm.AlarmStatusCode),
		CreatedAt:   apiTime(a.Alarm.RegDatetime),
		UpdatedAt:   apiTime(a.Alarm.ModDatetime),
	}

	targets := make([]attr.Value, 0, len(apiTargets))
	for i, t := range apiTargets {
		p, hasPrior := priors[i], hasPriors[i]
		email, sms, secret := types.BoolNull(), types.BoolNull(), types.StringNull()
		if hasFlags(t.AlarmTargetTypeCode) {
			email, sms = flag(t.EmailAlarm, p.Email, hasPrior), flag(t.SMSAlarm, p.SMS, hasPrior)
		}
		if t.AlarmTargetTypeCode == resourcewatcherapi.TargetWebhook {
			secret = optString(t.WebhookSecret)
			if secret.IsNull() && hasPrior && !p.WebhookSecret.IsUnknown() {
				// Not echoed by the API: keep the configured secret.
				secret = p.WebhookSecret
			}
		}
		values := map[string]attr.Value{
			"type":           types.StringValue(t.AlarmTargetTypeCode),
			"target":         optString(t.AlarmTarget),
			"email":          email,
			"sms":            sms,
			"webhook_url":    optString(t.WebhookURL),
			"webhook_secret": secret,
		}
		attrTypes := dataTargetAttrTypes
		if resource {
			attrTypes = alarmTargetAttrTypes
			values["webhook_secret_wo"] = types.StringNull()
			values["webhook_secret_wo_version"] = types.Int64Null()
			if hasPrior && t.AlarmTargetTypeCode == resourcewatcherapi.TargetWebhook && !p.WebhookSecretWOVersion.IsUnknown() {
				values["webhook_secret_wo_version"] = p.WebhookSecretWOVersion
			}
		}
		obj, d := types.ObjectValue(attrTypes, values)
		diags.Append(d...)
		targets = append(targets, obj)
	}
	elem := dataTargetType
	if resource {
		elem = alarmTargetType
	}
	m.AlarmTargets, d = types.ListValue(elem, targets)
	diags.Append(d...)

	m.Events = types.SetNull(eventType)
	if len(a.Events) > 0 {
		events := make([]attr.Value, 0, len(a.Events))
		for _, e := range a.Events {
			obj, d := types.ObjectValue(eventAttrTypes, map[string]attr.Value{
				"product_id": types.StringValue(e.ProductID), "event_id": types.StringValue(e.EventID),
			})
			diags.Append(d...)
			events = append(events, obj)
		}
		m.Events, d = types.SetValue(eventType, events)
		diags.Append(d...)
	}

	m.ResourceGroupIDs = types.SetNull(types.StringType)
	m.ResourceTagIDs = types.SetNull(types.Int64Type)
	if a.Target != nil {
		if len(a.Target.ResourceGroups) > 0 {
			ids := make([]attr.Value, 0, len(a.Target.ResourceGroups))
			for _, g := range a.Target.ResourceGroups {
				ids = append(ids, types.StringValue(g.ResourceGroupID))
			}
			m.ResourceGroupIDs, d = types.SetValue(types.StringType, ids)
			diags.Append(d...)
		}
		if len(a.Target.ResourceTags) > 0 {
			ids := make([]attr.Value, 0, len(a.Target.ResourceTags))
			for _, t := range a.Target.ResourceTags {
				ids = append(ids, types.Int64Value(t.TagID))
			}
			m.ResourceTagIDs, d = types.SetValue(types.Int64Type, ids)
			diags.Append(d...)
		}
	}

	m.AlarmRule, d = flattenRule(a.Alarm.AlarmRule)
	diags.Append(d...)
	return m, diags
}

func flattenRule(r *resourcewatcherapi.AlarmRule) (types.Object, diag.Diagnostics) {
	if r == nil {
		return types.ObjectNull(alarmRuleAttrTypes), nil
	}
	var diags diag.Diagnostics
	rts := make([]attr.Value, 0, len(r.ResourceTypes))
	for _, t := range r.ResourceTypes {
		rts = append(rts, types.StringValue(t))
	}
	list, d := types.ListValue(types.StringType, rts)
	diags.Append(d...)
	obj, d := types.ObjectValue(alarmRuleAttrTypes, map[string]attr.Value{
		"id": types.StringValue(r.AlarmRuleID), "name": types.StringValue(r.AlarmRuleName),
		"description": types.StringValue(r.AlarmRuleDescription), "resource_types": list,
	})
	diags.Append(d...)
	return obj, diags
}

var objectAsOptions = basetypes.ObjectAsOptions{}

// ---- errors ----

// errNoun names the object of the diagnostics.
const errNoun = "event alarm"

// errHints say what an HTTP status means for Resource Watcher. Its refusals
// come inside HTTP 200 with their own code; these statuses come from
// what stands in front of it.
var errHints = apidiag.Hints{
	401: "Resource Watcher did not accept the credentials: check `resource_watcher.user_access_key_id` and " +
		"`secret_access_key` (NHN_USER_ACCESS_KEY_ID, NHN_SECRET_ACCESS_KEY).",
	403: "The User Access Key may lack the permission for this Appkey: check its project role in the console, and " +
		"`resource_watcher.app_key` (NHN_APPKEY).",
	404: "Resource Watcher never answers 404 for a missing alarm, so the URL is wrong: check `resource_watcher.url` " +
		"(NHN_RESOURCE_WATCHER_URL), or leave it out for NHN Cloud's public endpoint.",
}

// errDetail is the diagnostic detail of a client error: the alarm id, the
// HTTP status, Resource Watcher's result code and message (the client
// keeps credentials, the Appkey included, out of errors).
func errDetail(err error) string { return apidiag.Detail(err, errNoun, errHints) }

// ---- shared by the data sources ----

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

func alarmRuleDataSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The rule Resource Watcher keeps behind the alarm.",
		Attributes: map[string]schema.Attribute{
			"id":             computedString("The rule id."),
			"name":           computedString("The rule name."),
			"description":    computedString("The rule description."),
			"resource_types": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Resource type codes the rule applies to; empty means every type."},
		},
	}
}

func pageSizeAttr() schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("How many items to ask for per request, 1 to 1000. Every page is read whatever the size; "+
			"this only trades request count against answer size. Defaults to %d.", resourcewatcherapi.DefaultPageSize),
		Validators: []validator.Int64{int64validator.Between(1, 1000)},
	}
}

func stringSetFilter(desc string) schema.SetAttribute {
	return schema.SetAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc,
		Validators: []validator.Set{setvalidator.SizeAtLeast(1)}}
}

func setStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

// apiDate is a filter's time in the API's format (UTC, no offset); ""
// leaves the filter out.
func apiDate(v timetypes.RFC3339) string {
	t, ok := windowtime.Of(v)
	if !ok {
		return ""
	}
	return resourcewatcherapi.FormatDate(t)
}

// setFilter is a set attribute of a data source and the filter field it fills.
type setFilter struct {
	set types.Set
	dst *[]string
}

// fillSets copies each set's strings into its filter field.
func fillSets(ctx context.Context, diags *diag.Diagnostics, fs ...setFilter) {
	for _, f := range fs {
		v, ds := setStrings(ctx, f.set)
		diags.Append(ds...)
		*f.dst = v
	}
}

// readDataConfig decodes a data source's configuration into m and returns
// the Resource Watcher client; ok is false once diags has an error.
func readDataConfig(ctx context.Context, config tfsdk.Config, data *providerdata.Data, typeName string, m any, diags *diag.Diagnostics) (*resourcewatcherapi.Client, bool) {
	diags.Append(config.Get(ctx, m)...)
	if diags.HasError() {
		return nil, false
	}
	c, ds := data.ResourceWatcherClient("data source " + typeName)
	diags.Append(ds...)
	return c, !diags.HasError()
}

func configureData(raw any, diags *diag.Diagnostics) *providerdata.Data {
	d, ds := providerdata.From(raw)
	diags.Append(ds...)
	return d
}
