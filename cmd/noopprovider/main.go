// Command noopprovider is the no-op provider the benchmarks use as their floor:
// one resource, built on the same plugin framework as the provider, whose
// objects store the five strings a benchmark silence is configured with
// (two matcher values, start, end, comment) and talk to nothing, so its cost
// is Terraform's plus the plugin protocol's and the framework's, with no
// API behind it. Built with -ldflags "-X main.mode=shape" it is the
// provider bench/shape instead, whose shape_silence (shape.go) has
// o11y_silence's attributes and runs with the provider's process settings.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// mode is "floor" (bench/noop) or "shape" (bench/shape), set at build time.
var mode = "floor"

func main() {
	name := "noop"
	if mode == "shape" {
		name = "shape"
		asTheProvider()
	}
	// O11Y_CPU_PROFILE: a CPU profile per process, as the provider writes
	// one (make bench -profile), to compare the two.
	if dir := os.Getenv("O11Y_CPU_PROFILE"); dir != "" {
		if f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-cpu-%d.pprof", mode, os.Getpid()))); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &noopProvider{name: name} },
		providerserver.ServeOpts{Address: "registry.terraform.io/bench/" + name, ProtocolVersion: 6})
	if err != nil {
		log.Print(err)
	}
}

type noopProvider struct{ name string }

func (p *noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = p.name
}
func (*noopProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (*noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (p *noopProvider) Resources(context.Context) []func() resource.Resource {
	if p.name == "shape" {
		return []func() resource.Resource{func() resource.Resource { return &shape{} }}
	}
	return []func() resource.Resource{func() resource.Resource { return &object{} }}
}
func (*noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type object struct{}

type objectModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Instance types.String `tfsdk:"instance"`
	StartsAt types.String `tfsdk:"starts_at"`
	EndsAt   types.String `tfsdk:"ends_at"`
	Comment  types.String `tfsdk:"comment"`
}

func (*object) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "noop_object"
}

func (*object) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":        schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"name":      schema.StringAttribute{Required: true},
		"instance":  schema.StringAttribute{Required: true},
		"starts_at": schema.StringAttribute{Required: true},
		"ends_at":   schema.StringAttribute{Required: true},
		"comment":   schema.StringAttribute{Required: true},
	}}
}

func (*object) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m objectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(m.Name.ValueString() + "/" + m.Instance.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*object) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m objectModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*object) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m objectModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*object) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
