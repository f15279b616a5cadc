// Package identity is the resource identity every managed type of the
// provider shares (Terraform 1.12 and later): one `id` attribute, the
// server's id of the object. It gives `import { identity = { id = "…" } }`
// and the identities `terraform query` writes into generated import
// blocks. On older Terraform and on OpenTofu, identity is simply absent and
// `terraform import ADDR ID` and import blocks with `id` work as before.
package identity

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Model is the identity of a managed object.
type Model struct {
	ID types.String `tfsdk:"id"`
}

// Schema is the identity schema; what describes the id, such as "The
// silence id the server issued".
func Schema(what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       what + ".",
			},
		},
	}
}

// Set records the object's id as its identity. It does nothing when
// Terraform does not track identities (older Terraform, OpenTofu) or the id
// is not known yet.
func Set(ctx context.Context, id *tfsdk.ResourceIdentity, value types.String) diag.Diagnostics {
	if id == nil || value.IsNull() || value.IsUnknown() {
		return nil
	}
	return id.Set(ctx, Model{ID: value})
}

// Import adopts an object named by its import id (`terraform import ADDR
// ID`, an import block with `id`) or by its identity (an import block with
// `identity`, Terraform 1.12+). noun names the object in errors; check
// refuses an id that cannot be one of
// this type's ids, with a message that says what an id looks like; then
// nothing reaches the state. An id that names no object is left to the
// import's Read, which removes it from state (Terraform then says the
// object does not exist).
func Import(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, noun string, check func(id string) error) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var m Model
		resp.Diagnostics.Append(req.Identity.Get(ctx, &m)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = m.ID.ValueString()
		if id == "" {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Missing id in identity",
				"The import block's identity has no `id`; write it like `identity = { id = \"...\" }`.")
			return
		}
	}
	if check != nil {
		if err := check(id); err != nil {
			resp.Diagnostics.AddError("Invalid "+noun+" id", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(Set(ctx, resp.Identity, types.StringValue(id))...)
}
