package acctest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// OpenTofuEphemeralVersion is the OpenTofu that `make tools` builds into
// ./bin/tofu-<version> (.ci/build-tofu.sh). Ephemeral-resource tests always
// run with it.
const OpenTofuEphemeralVersion = "1.12.6"

// Provider hosts the CLIs assume for a source without a host.
const (
	TerraformProviderHost = "registry.terraform.io"
	OpenTofuProviderHost  = "registry.opentofu.org"
)

// EnvReport names a file that RunWithEphemeralBinaries appends one line to
// per run ("<test> <binary> <version> <path>"), so that `make test` can say
// which binaries ran the ephemeral suites (go test hides the logs of
// passing packages).
const EnvReport = "O11Y_ACC_REPORT"

// TFBinary is a Terraform-compatible CLI that runs ephemeral resources.
type TFBinary struct {
	// Name is "tofu" or "terraform".
	Name string
	// Path is the executable.
	Path string
	// Version is what `version -json` reports, such as "1.12.6".
	Version string
	// ProviderHost is the registry host the CLI assumes for "nhn-o11y/o11y"
	// (TF_ACC_PROVIDER_HOST for terraform-plugin-testing).
	ProviderHost string
}

// String is "tofu 1.12.6 (<path>)".
func (b TFBinary) String() string { return fmt.Sprintf("%s %s (%s)", b.Name, b.Version, b.Path) }

// Env is the environment that points terraform-plugin-testing at b.
func (b TFBinary) Env() map[string]string {
	return map[string]string{"TF_ACC_TERRAFORM_PATH": b.Path, "TF_ACC_PROVIDER_HOST": b.ProviderHost}
}

var (
	versionMu    sync.Mutex
	versionCache = map[string]string{}
)

// CLIVersion runs `<path> version -json` and returns the version it
// reports (cached per path).
func CLIVersion(path string) (string, error) {
	versionMu.Lock()
	defer versionMu.Unlock()
	if v, ok := versionCache[path]; ok {
		return v, nil
	}
	cmd := exec.Command(path, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version -json: %w", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return "", fmt.Errorf("%s version -json: unexpected answer %q", path, strings.TrimSpace(string(out)))
	}
	versionCache[path] = v.Version
	return v.Version, nil
}

// atLeast reports whether version (such as "1.11.4" or "1.12.0-beta1") is at
// least major.minor.
func atLeast(version string, major, minor int) bool {
	parts := strings.SplitN(strings.SplitN(version, "-", 2)[0], ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// EphemeralBinaries returns the CLIs that run the ephemeral-resource tests:
// ./bin/tofu-1.12.6 first (required: the test fails, telling to run
// `make tools`, when it is missing or reports another version), then every
// Terraform >= 1.10 found as ./bin/terraform or `terraform` on PATH.
func EphemeralBinaries(t testing.TB) []TFBinary {
	t.Helper()
	tofu := filepath.Join(RepoRoot(), "bin", "tofu-"+OpenTofuEphemeralVersion)
	if !fileExists(tofu) {
		t.Fatalf("%s is missing: run `make tools` (it builds OpenTofu %s from its module source with .ci/build-tofu.sh); "+
			"the ephemeral-resource tests need a CLI that knows ephemeral resources", tofu, OpenTofuEphemeralVersion)
	}
	v, err := CLIVersion(tofu)
	if err != nil {
		t.Fatalf("%v; run `make tools` to rebuild it", err)
	}
	if v != OpenTofuEphemeralVersion {
		t.Fatalf("%s reports version %s, not %s: delete it and run `make tools`", tofu, v, OpenTofuEphemeralVersion)
	}
	out := []TFBinary{{Name: "tofu", Path: tofu, Version: v, ProviderHost: OpenTofuProviderHost}}

	seen := map[string]bool{}
	var candidates []string
	candidates = append(candidates, filepath.Join(RepoRoot(), "bin", "terraform"))
	if p, err := exec.LookPath("terraform"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		resolved, err := filepath.EvalSymlinks(p)
		if err != nil || seen[resolved] || !fileExists(resolved) {
			continue
		}
		seen[resolved] = true
		v, err := CLIVersion(p)
		if err != nil {
			t.Logf("ignoring %s: %v", p, err)
			continue
		}
		if atLeast(v, 1, 10) {
			out = append(out, TFBinary{Name: "terraform", Path: p, Version: v, ProviderHost: TerraformProviderHost})
		}
	}
	return out
}

// RunWithEphemeralBinaries runs f once per binary of EphemeralBinaries, as
// a subtest named after the binary ("tofu-1.12.6", "terraform-1.11.4"),
// with TF_ACC_TERRAFORM_PATH and TF_ACC_PROVIDER_HOST pointing at it. The
// environment is process-wide, so the runs are sequential and t must not
// be parallel. Each run is logged, and appended to the file named by
// O11Y_ACC_REPORT when it is set.
//
// Like resource.Test, it runs nothing unless TF_ACC is set.
func RunWithEphemeralBinaries(t *testing.T, f func(t *testing.T, b TFBinary)) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
		return
	}
	for _, b := range EphemeralBinaries(t) {
		t.Run(b.Name+"-"+b.Version, func(t *testing.T) {
			for k, v := range b.Env() {
				t.Setenv(k, v)
			}
			t.Logf("running with %s", b)
			start := time.Now()
			defer func() { // also after t.Fatal
				status := "ok"
				if t.Failed() {
					status = "FAIL"
				}
				report(fmt.Sprintf("%-4s %s  %s %s  (%s, %.1fs)", status, t.Name(), b.Name, b.Version, b.Path, time.Since(start).Seconds()))
			}()
			f(t, b)
		})
	}
}

var reportMu sync.Mutex

func report(line string) {
	p := os.Getenv(EnvReport)
	if p == "" {
		return
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = fmt.Fprintln(f, line)
}
