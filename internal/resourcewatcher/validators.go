package resourcewatcher

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
)

// alarmTargetValidator checks which attributes each target type takes.
type alarmTargetValidator struct{}

func (alarmTargetValidator) Description(context.Context) string {
	return "UUID, ROLE and ALARM_KEY targets need `target`; WEBHOOK targets need `webhook_url` and take no `target`; " +
		"`email` and `sms` are only for UUID and ROLE; `webhook_url` and `webhook_secret` only for WEBHOOK"
}

func (v alarmTargetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (alarmTargetValidator) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var t alarmTargetModel
	resp.Diagnostics.Append(req.ConfigValue.As(ctx, &t, objectAsOptions)...)
	if resp.Diagnostics.HasError() || t.Type.IsUnknown() || t.Type.IsNull() {
		return
	}
	typ := t.Type.ValueString()
	set := func(v interface {
		IsNull() bool
	}) bool {
		return !v.IsNull()
	}
	fail := func(attr, msg string) {
		resp.Diagnostics.AddAttributeError(req.Path.AtName(attr), "Invalid alarm target", msg)
	}
	switch typ {
	case resourcewatcherapi.TargetWebhook:
		if set(t.Target) {
			fail("target", "A WEBHOOK target takes no `target`: remove it and set `webhook_url` (and optionally `webhook_secret`).")
		}
		if !set(t.WebhookURL) {
			fail("webhook_url", "A WEBHOOK target needs `webhook_url`, an http:// or https:// URL. "+
				"Configuration that `terraform query -generate-config-out` wrote has `webhook_url = null # sensitive` here: Terraform never writes a sensitive value into generated configuration, "+
				"so set it to the alarm's webhook URL (from a variable, for example) before applying.")
		}
		if set(t.WebhookSecret) && set(t.WebhookSecretWO) {
			fail("webhook_secret_wo", "Set at most one of `webhook_secret` and `webhook_secret_wo`: `webhook_secret_wo` (Terraform 1.11 or later) keeps the secret out of the state, `webhook_secret` works on older Terraform.")
		}
		if set(t.WebhookSecretWOVersion) && !set(t.WebhookSecretWO) {
			fail("webhook_secret_wo_version", "`webhook_secret_wo_version` says when `webhook_secret_wo` changes; set `webhook_secret_wo` too, or remove the version.")
		}
	case resourcewatcherapi.TargetUUID, resourcewatcherapi.TargetRole, resourcewatcherapi.TargetAlarmKey:
		if !set(t.Target) {
			what := map[string]string{resourcewatcherapi.TargetUUID: "the member's UUID", resourcewatcherapi.TargetRole: "the role id, such as \"ADMIN\"", resourcewatcherapi.TargetAlarmKey: "the notification group id"}[typ]
			fail("target", fmt.Sprintf("A %s target needs `target`: set it to %s.", typ, what))
		}
		if set(t.WebhookURL) {
			fail("webhook_url", fmt.Sprintf("`webhook_url` is only for WEBHOOK targets; remove it from this %s target.", typ))
		}
		for _, a := range []struct {
			name string
			v    interface{ IsNull() bool }
		}{{"webhook_secret", t.WebhookSecret}, {"webhook_secret_wo", t.WebhookSecretWO}, {"webhook_secret_wo_version", t.WebhookSecretWOVersion}} {
			if set(a.v) {
				fail(a.name, fmt.Sprintf("`%s` is only for WEBHOOK targets; remove it from this %s target.", a.name, typ))
			}
		}
	default:
		return // the OneOf validator on `type` reports it
	}
	if typ == resourcewatcherapi.TargetWebhook || typ == resourcewatcherapi.TargetAlarmKey {
		if set(t.Email) {
			fail("email", fmt.Sprintf("`email` is not allowed for %s targets (the API takes email/SMS flags only for UUID and ROLE); remove it.", typ))
		}
		if set(t.SMS) {
			fail("sms", fmt.Sprintf("`sms` is not allowed for %s targets (the API takes email/SMS flags only for UUID and ROLE); remove it.", typ))
		}
	}
}

// scopeValidator refuses an alarm on every event of every resource, which
// the API refuses too.
type scopeValidator struct{}

var _ resource.ConfigValidator = scopeValidator{}

func (scopeValidator) Description(context.Context) string {
	return "at least one of events, resource_group_ids and resource_tag_ids must be set"
}

func (v scopeValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (scopeValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var events, groups, tags types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("events"), &events)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("resource_group_ids"), &groups)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("resource_tag_ids"), &tags)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, s := range []types.Set{events, groups, tags} {
		if s.IsUnknown() || (!s.IsNull() && len(s.Elements()) > 0) {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(path.Root("events"), "Alarm on every event of every resource",
		"Resource Watcher cannot alarm on all events and all resources at once. Set `events` (find ids with the "+
			"resourcewatcher_events data source), or narrow the resources with `resource_group_ids` or `resource_tag_ids`, or both.")
}
