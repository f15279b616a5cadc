// Package actionkit is what the provider's Terraform actions (o11y_silence,
// o11y_silence_expire, o11y_maintenance, o11y_maintenance_expire) do the
// same way: read their configuration, check it before any plan, say what
// they did in progress messages, and report the windows an expire action
// could not end.
package actionkit

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

// Action is what every action of the provider implements: it is
// configured with the provider's data, checks its configuration before
// any plan, and checks it again with the provider configured when
// Terraform plans it.
type Action interface {
	action.Action
	action.ActionWithConfigure
	action.ActionWithValidateConfig
	action.ActionWithModifyPlan
}

// Configure is an action's Configure: the provider's data (nil before the
// provider is configured).
func Configure(req action.ConfigureRequest, resp *action.ConfigureResponse) *providerdata.Data {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	return d
}

// Config reads an action's configuration into a T; ok is false when it
// could not be read (diags say why).
func Config[T any](ctx context.Context, c tfsdk.Config, diags *diag.Diagnostics) (cfg T, ok bool) {
	d := c.Get(ctx, &cfg)
	diags.Append(d...)
	return cfg, !d.HasError()
}

// Validate is an action's ValidateConfig: it reads the configuration and
// applies check, the checks that need no server.
func Validate[T any](ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse,
	check func(context.Context, T) diag.Diagnostics,
) {
	if cfg, ok := Config[T](ctx, req.Config, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(check(ctx, cfg)...)
	}
}

// Progress sends one progress message of an action (Terraform prints it
// after the action's address).
func Progress(resp *action.InvokeResponse, msg string) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
}

// Plural is n whats: "1 silence", "2 silences".
func Plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// NotEnded is the error of an expire action that could not end some of the
// windows it found: which ones it ended (done, by id), which not (failed,
// one line each), and that the others end by themselves at their endField.
// verb is what the action does to a window ("expire", "delete"), noun what
// a window is ("silence", "maintenance window").
func NotEnded(diags *diag.Diagnostics, verb, noun, endField string, done, failed []string) {
	if len(failed) == 0 {
		return
	}
	ended := "none"
	if len(done) > 0 {
		ended = strings.Join(done, ", ")
	}
	diags.AddError(fmt.Sprintf("Unable to %s %s", verb, Plural(len(failed), noun)),
		fmt.Sprintf("%sd: %s.\nNot %sd (they end by themselves at their %s; run the action again to retry):\n%s",
			apidiag.Capitalize(verb), ended, verb, endField, strings.Join(failed, "\n")))
}
