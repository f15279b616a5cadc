package sandbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/sandbox"
)

// importExamples are the documented import blocks of each resource: the
// resource example they adopt into, and the address they name.
var importExamples = []struct {
	resource, address string
}{
	{"resources/o11y_silence/resource.tf", "o11y_silence.db_upgrade"},
	{"resources/o11y_maintenance/resource.tf", "o11y_maintenance.db_patch"},
	{"resources/resourcewatcher_event_alarm/resource.tf", "resourcewatcher_event_alarm.member"},
}

// placeholderID is the id an import example names; the test replaces it
// with the id of a real object.
var placeholderID = regexp.MustCompile(`"(2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d|silence-12345|2f7c9a4e-3b1d-4e5f-8a6b-7c8d9e0f1a2b)"`)

// TestExamples_importBlocks runs the documented import blocks
// (import-by-string-id.tf and import-by-identity.tf of every resource)
// against the sandbox: the resource example is applied, its object is
// forgotten by the state, and each import block, with the object's real id,
// adopts it again.
func TestExamples_importBlocks(t *testing.T) {
	b := acctest.Needs(t, acctest.Identity)
	// The provider runs in this process: it reads the sandbox's settings
	// from this process's environment.
	useSandbox(t, start(t, sandbox.Options{}))
	root := filepath.Join(acctest.RepoRoot(), "examples")
	for _, ex := range importExamples {
		t.Run(ex.address, func(t *testing.T) {
			// The Resource Watcher example declares a webhook_secret variable.
			cli := acctest.NewCLI(t, b, provider.Options{}, "TF_VAR_webhook_secret=s3cret")
			body, err := os.ReadFile(filepath.Join(root, ex.resource))
			if err != nil {
				t.Fatal(err)
			}
			cli.Write("\n" + string(body))
			cli.MustRun("apply", "-auto-approve", "-input=false")
			t.Cleanup(func() {
				if out, err := cli.Run("destroy", "-auto-approve", "-input=false"); err != nil {
					t.Errorf("destroy: %v\n%s", err, out)
				}
			})
			id := stateID(t, cli, ex.address)
			for _, kind := range []string{"import-by-string-id.tf", "import-by-identity.tf"} {
				block, err := os.ReadFile(filepath.Join(root, filepath.Dir(ex.resource), kind))
				if err != nil {
					t.Fatal(err)
				}
				if !placeholderID.Match(block) || !strings.Contains(string(block), "to") {
					t.Fatalf("%s names no known placeholder id", kind)
				}
				cli.MustRun("state", "rm", ex.address)
				cli.WriteFile("import.tf", placeholderID.ReplaceAllString(string(block), `"`+id+`"`))
				out := cli.MustExit([]int{0, 2}, "plan", "-input=false", "-detailed-exitcode", "-out=import.plan")
				if !strings.Contains(out, ex.address+" will be imported") && !strings.Contains(out, ex.address+": Preparing import") {
					t.Fatalf("%s does not import %s:\n%s", kind, ex.address, out)
				}
				cli.MustRun("apply", "-input=false", "import.plan")
				if got := stateID(t, cli, ex.address); got != id {
					t.Fatalf("%s adopted %q, want %q", kind, got, id)
				}
				_ = os.Remove(filepath.Join(cli.Dir, "import.tf"))
			}
		})
	}
}

// stateID is the id of address in the CLI's state.
func stateID(t *testing.T, cli *acctest.CLI, address string) string {
	t.Helper()
	out := cli.MustRun("show", "-json")
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	for _, r := range st.Values.RootModule.Resources {
		if r.Address == address {
			id, _ := r.Values["id"].(string)
			return id
		}
	}
	t.Fatalf("%s is not in the state", address)
	return ""
}
