package openwindows

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// FailRun closes every window the owner's provider instance opened and
// Terraform has not closed, and says so in diags: the run fails with the
// error at hand, and Terraform does not call Close after a failed Open or
// Renew.
func FailRun(ctx context.Context, owner any, diags *diag.Diagnostics) {
	set := For(owner)
	keys := set.Keys()
	if err := set.Fail(ctx); err != nil {
		diags.AddError("Unable to close the windows of the failed run",
			fmt.Sprintf("The run fails, so the provider expired what this run had opened (%s), but some could not be expired; they end by themselves at their max_duration. %v", strings.Join(keys, ", "), err))
	} else if len(keys) > 0 {
		diags.AddWarning("Closed the windows of the failed run",
			fmt.Sprintf("The run fails, and Terraform does not close ephemeral resources after a failure, so the provider expired what this run had opened: %s.", strings.Join(keys, ", ")))
	}
}
