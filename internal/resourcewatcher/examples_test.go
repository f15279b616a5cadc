package resourcewatcher_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// The examples are the documentation's configurations: apply them all
// against the fake, as users write them (one `o11y` provider).
func TestExamples_apply(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	root := acctest.RepoRoot()
	files := []string{filepath.Join(root, "examples", "resources", "resourcewatcher_event_alarm", "resource.tf")}
	for _, ds := range []string{"resourcewatcher_event_alarm", "resourcewatcher_event_alarms", "resourcewatcher_events", "resourcewatcher_alarm_history"} {
		files = append(files, filepath.Join(root, "examples", "data-sources", ds, "data-source.tf"))
	}
	var body, resourcesOnly strings.Builder
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "provider = o11y") {
			t.Fatalf("%s: every resourcewatcher_* block needs `provider = o11y`", f)
		}
		body.Write(b)
		body.WriteString("\n")
		if i == 0 {
			resourcesOnly.Write(b)
		}
	}
	vars := config.Variables{"webhook_secret": config.StringVariable("example-secret")}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{{
			// The resources first, so that the data sources read them next.
			Config:          cfgO11y(srv.URL, resourcesOnly.String()),
			ConfigVariables: vars,
		}, {
			Config:          cfgO11y(srv.URL, body.String()),
			ConfigVariables: vars,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("resourcewatcher_event_alarm.member", tfjsonpath.New("events"), knownvalue.SetSizeExact(2)),
				statecheck.ExpectKnownOutputValue("vpc_event_ids", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("iaas.vpc.create"), knownvalue.StringExact("iaas.vpc.delete")})),
				statecheck.ExpectKnownOutputValue("member_alarm_status", knownvalue.StringExact("STABLE")),
				statecheck.ExpectKnownOutputValue("instance_alarm_ids", knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownOutputValue("failed_deliveries", knownvalue.Int64Exact(0)),
			},
			Check: func(*terraform.State) error {
				if n := len(srv.AlarmIDs()); n != 4 {
					return fmt.Errorf("want 4 alarms, got %d", n)
				}
				for _, r := range srv.Requests() {
					if r.Method == http.MethodPost && strings.Contains(string(r.Body), `"webhookSecret":"example-secret"`) {
						return nil
					}
				}
				return fmt.Errorf("no create carried the webhook secret variable")
			},
		}},
	})
}
