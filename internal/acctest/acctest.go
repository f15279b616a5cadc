// Package acctest holds what every acceptance test shares: provider
// factories, the terraform binary lookup, and a real Prometheus Alertmanager
// started for a test.
package acctest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertmanagerproc"
)

// ProviderName is the provider's local name.
const ProviderName = "o11y"

// ProviderNamespace is the namespace of the provider's source address
// ("nhn-o11y/o11y"), for tests of configurations that declare it.
const ProviderNamespace = "nhn-o11y"

// ProtoV6ProviderFactories serves the provider under its one local name,
// as users run it: `resourcewatcher_*` blocks then need `provider = o11y`.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	ProviderName: providerserver.NewProtocol6WithError(provider.New("test")()),
}

// ProtoV6ProviderFactoriesWithAlias also serves it as `resourcewatcher`, so
// `resourcewatcher_*` blocks resolve without the meta-argument (tests only:
// users must not declare two local names for one source).
var ProtoV6ProviderFactoriesWithAlias = map[string]func() (tfprotov6.ProviderServer, error){
	ProviderName:      providerserver.NewProtocol6WithError(provider.New("test")()),
	"resourcewatcher": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// FactoriesWithOptions serves a provider with test hooks (such as a clock)
// under the `o11y` local name.
func FactoriesWithOptions(o provider.Options) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		ProviderName: providerserver.NewProtocol6WithError(provider.NewWithOptions("test", o)()),
	}
}

// RepoRoot is the repository's top folder (where go.mod is).
func RepoRoot() string { return testserver.RepoRoot() }

// Bin returns the path of a tool installed by `make tools` into ./bin, or
// the one on PATH, or "" when neither exists.
func Bin(name string) string { return testserver.Bin(name) }

// Alertmanager is a real Prometheus Alertmanager process for a test.
type Alertmanager = alertmanagerproc.Alertmanager

// AlertmanagerOptions tune a test Alertmanager.
type AlertmanagerOptions = alertmanagerproc.Options

// StartAlertmanager starts a real Alertmanager for t on a free port and
// stops it when the test ends.
func StartAlertmanager(t testing.TB, opts AlertmanagerOptions) *Alertmanager {
	t.Helper()
	bin := alertmanagerproc.Bin()
	if bin == "" {
		t.Fatal("alertmanager binary not found: run `make tools` (it installs alertmanager v0.28.1 into ./bin) or set ALERTMANAGER_BIN")
	}
	am, err := alertmanagerproc.New(bin, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(am.Stop)
	return am
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1.
func FreePort() (int, error) { return testserver.FreePort() }

// Setup prepares the environment of a test binary that runs terraform:
// the pinned terraform from ./bin unless TF_ACC_TERRAFORM_PATH is set, a CLI
// config that exists, and no checkpoint calls. Call it from TestMain.
//
// The test binary also ends when its `go test` is killed, so the servers
// it started (which die with it) never outlive the run.
func Setup() {
	testserver.ExitWithParent()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if p := filepath.Join(RepoRoot(), "bin", "terraform"); fileExists(p) {
			_ = os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f == "" || !fileExists(f) {
		_ = os.Setenv("TF_CLI_CONFIG_FILE", os.DevNull)
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
}

// Main is a TestMain for packages with acceptance tests.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run sets the test binary up (Setup), runs its tests and reports the
// package's result to the test matrix (EnvReport).
func Run(m *testing.M) int {
	Setup()
	code := m.Run()
	if os.Getenv("TF_ACC") != "" {
		status := "passed"
		if code != 0 {
			status = "failed"
		}
		if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
			if b, err := Binary(p); err == nil {
				report(b.String(), suiteOfBinary(), status, "")
			}
		}
	}
	return code
}

// PreCheck fails the test when acceptance tests cannot run with a pinned
// binary. It never skips: a skipped acceptance test in CI is a defect.
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return // resource.Test skips by itself and says why
	}
	p := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if p == "" || !fileExists(p) {
		t.Fatalf("TF_ACC_TERRAFORM_PATH=%q does not point at a terraform binary; run `make tools` (it installs terraform into ./bin)", p)
	}
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}
