package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// TestRegistry_everySchemaIsValid runs the framework's ValidateImplementation
// on the schema of every type the provider serves (the same check the
// framework runs when Terraform asks for the schemas, which would otherwise
// fail only then), and checks that no two types of a kind share a name.
func TestRegistry_everySchemaIsValid(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry()
	seen := map[string]bool{}
	name := func(kind, n string) {
		t.Helper()
		if n == "" || seen[kind+" "+n] {
			t.Errorf("%s %q: empty or served twice", kind, n)
		}
		seen[kind+" "+n] = true
	}
	for _, f := range reg.Resources {
		r := f()
		var m resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "o11y"}, &m)
		name("resource", m.TypeName)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		if diags := append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...); diags.HasError() {
			t.Errorf("resource %s: %v", m.TypeName, diags)
		}
	}
	for _, f := range reg.DataSources {
		d := f()
		var m datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "o11y"}, &m)
		name("data source", m.TypeName)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		if diags := append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...); diags.HasError() {
			t.Errorf("data source %s: %v", m.TypeName, diags)
		}
	}
	for _, f := range reg.EphemeralResources {
		e := f()
		var m ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "o11y"}, &m)
		name("ephemeral resource", m.TypeName)
		var s ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &s)
		if diags := append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...); diags.HasError() {
			t.Errorf("ephemeral resource %s: %v", m.TypeName, diags)
		}
	}
	for _, f := range reg.Actions {
		a := f()
		var m action.MetadataResponse
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "o11y"}, &m)
		name("action", m.TypeName)
		var s action.SchemaResponse
		a.Schema(ctx, action.SchemaRequest{}, &s)
		if diags := append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...); diags.HasError() {
			t.Errorf("action %s: %v", m.TypeName, diags)
		}
	}
	resources := map[string]bool{}
	for _, f := range reg.Resources {
		var m resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "o11y"}, &m)
		resources[m.TypeName] = true
	}
	for _, f := range reg.ListResources {
		l := f()
		var m resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "o11y"}, &m)
		name("list resource", m.TypeName)
		if !resources[m.TypeName] {
			t.Errorf("list resource %s lists no managed resource of that name", m.TypeName)
		}
		var s list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &s)
		if diags := append(s.Diagnostics, s.Schema.ValidateImplementation(ctx)...); diags.HasError() {
			t.Errorf("list resource %s: %v", m.TypeName, diags)
		}
	}
	all := len(reg.Resources) + len(reg.DataSources) + len(reg.EphemeralResources) + len(reg.Actions) + len(reg.ListResources)
	if len(seen) != all {
		t.Errorf("%d names for %d types", len(seen), all)
	}
}
