package resourcewatcher

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
)

// unchangedSince reports whether the search summary shows the alarm as it
// was when state was written: same modification time (Resource Watcher moves
// modDatetime on every change, targets and events included) and a state
// that holds the full alarm (not a bare import).
func unchangedSince(sum resourcewatcherapi.Alarm, state eventAlarmModel) bool {
	if state.UpdatedAt.IsNull() || state.UpdatedAt.IsUnknown() || state.AlarmTargets.IsNull() {
		return false
	}
	mod := apiTime(sum.ModDatetime)
	return !mod.IsNull() && mod.ValueString() == state.UpdatedAt.ValueString()
}

// applySummary refreshes the fields a summary carries and keeps targets,
// events and scope from state (they cannot have changed: see unchangedSince).
func applySummary(state eventAlarmModel, sum resourcewatcherapi.Alarm) (eventAlarmModel, diag.Diagnostics) {
	next := state
	next.AlarmName = types.StringValue(sum.AlarmName)
	next.Description = types.StringValue(sum.Description)
	next.Status = types.StringValue(sum.AlarmStatusCode)
	if sum.RegDatetime != "" {
		next.CreatedAt = apiTime(sum.RegDatetime)
	}
	var diags diag.Diagnostics
	if sum.AlarmRule != nil {
		next.AlarmRule, diags = flattenRule(sum.AlarmRule)
	}
	return next, diags
}
