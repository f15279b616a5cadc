package resourcewatcher

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// describedAttribute is what every attribute of every schema kind has.
type describedAttribute interface {
	GetMarkdownDescription() string
}

// checkDescriptions fails for every attribute without a description,
// nested ones included (they become the docs).
func checkDescriptions[A describedAttribute](t *testing.T, where string, attrs map[string]A) {
	t.Helper()
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("%s: attribute %s has no description", where, name)
		}
		switch n := any(a).(type) {
		case rsschema.SingleNestedAttribute:
			checkDescriptions(t, where+"."+name, n.Attributes)
		case rsschema.ListNestedAttribute:
			checkDescriptions(t, where+"."+name, n.NestedObject.Attributes)
		case rsschema.SetNestedAttribute:
			checkDescriptions(t, where+"."+name, n.NestedObject.Attributes)
		case dsschema.SingleNestedAttribute:
			checkDescriptions(t, where+"."+name, n.Attributes)
		case dsschema.ListNestedAttribute:
			checkDescriptions(t, where+"."+name, n.NestedObject.Attributes)
		case dsschema.SetNestedAttribute:
			checkDescriptions(t, where+"."+name, n.NestedObject.Attributes)
		}
	}
}

// TestSchemas: every schema of the room passes the framework's own
// implementation checks (as the provider server runs them), documents
// every attribute, and its Metadata names the type by its constant,
// whatever the provider's type name.
func TestSchemas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	resources := map[string]func() resource.Resource{eventAlarmType: NewEventAlarmResource}
	for want, mk := range resources {
		r := mk()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "not-o11y"}, &md)
		if md.TypeName != want {
			t.Errorf("resource type name %q, want %q", md.TypeName, want)
		}
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			t.Fatalf("%s: %v", want, sr.Diagnostics)
		}
		if d := sr.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Errorf("%s: ValidateImplementation: %v", want, d)
		}
		if sr.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no description", want)
		}
		checkDescriptions(t, want, sr.Schema.Attributes)
	}
	dataSources := map[string]func() datasource.DataSource{
		eventAlarmType:   NewEventAlarmDataSource,
		eventAlarmsType:  NewEventAlarmsDataSource,
		eventsType:       NewEventsDataSource,
		alarmHistoryType: NewAlarmHistoryDataSource,
	}
	for want, mk := range dataSources {
		d := mk()
		var md datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "not-o11y"}, &md)
		if md.TypeName != want {
			t.Errorf("data source type name %q, want %q", md.TypeName, want)
		}
		var sr datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			t.Fatalf("data source %s: %v", want, sr.Diagnostics)
		}
		if diags := sr.Schema.ValidateImplementation(ctx); diags.HasError() {
			t.Errorf("data source %s: ValidateImplementation: %v", want, diags)
		}
		if sr.Schema.MarkdownDescription == "" {
			t.Errorf("data source %s has no description", want)
		}
		checkDescriptions(t, "data source "+want, sr.Schema.Attributes)
	}
}

// TestSchemas_webhooksSensitive: a chat tool's webhook URL carries its
// token, so it is as sensitive as the webhook secret, in the resource and
// in the data source that returns it.
func TestSchemas_webhooksSensitive(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var rs resource.SchemaResponse
	NewEventAlarmResource().Schema(ctx, resource.SchemaRequest{}, &rs)
	var ds datasource.SchemaResponse
	NewEventAlarmDataSource().Schema(ctx, datasource.SchemaRequest{}, &ds)
	rt, ok1 := rs.Schema.Attributes["alarm_targets"].(rsschema.ListNestedAttribute)
	dt, ok2 := ds.Schema.Attributes["alarm_targets"].(dsschema.ListNestedAttribute)
	if !ok1 || !ok2 {
		t.Fatal("alarm_targets is not a list of objects")
	}
	for _, name := range []string{"webhook_url", "webhook_secret"} {
		if !rt.NestedObject.Attributes[name].IsSensitive() {
			t.Errorf("resource: alarm_targets.%s must be Sensitive", name)
		}
		if !dt.NestedObject.Attributes[name].IsSensitive() {
			t.Errorf("data source: alarm_targets.%s must be Sensitive", name)
		}
	}
}
