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
)

// Provider hosts the CLIs assume for a source without a host.
const (
	TerraformProviderHost = "registry.terraform.io"
	OpenTofuProviderHost  = "registry.opentofu.org"
)

// EnvReport names a file that the acceptance suites append their results
// to, one line per package run and per feature-gated test
// ("<binary>\t<suite>\t<status>\t<detail>"), so that `make test` can print
// which binary ran which suite (go test hides the logs of passing packages)
// and fail when a suite ran on no binary (cmd/testmatrix).
const EnvReport = "O11Y_ACC_REPORT"

// TFBinary is the Terraform-compatible CLI the acceptance tests run
// (TF_ACC_TERRAFORM_PATH).
type TFBinary struct {
	// Name is "terraform" or "tofu".
	Name string
	// Path is the executable.
	Path string
	// Version is what `version -json` reports, such as "1.15.9".
	Version string
	// ProviderHost is the registry host the CLI assumes for "nhn-o11y/o11y"
	// (TF_ACC_PROVIDER_HOST for terraform-plugin-testing).
	ProviderHost string
}

// String is "terraform-1.15.9".
func (b TFBinary) String() string { return b.Name + "-" + b.Version }

// Env is the environment that points terraform-plugin-testing at b.
func (b TFBinary) Env() map[string]string {
	return map[string]string{"TF_ACC_TERRAFORM_PATH": b.Path, "TF_ACC_PROVIDER_HOST": b.ProviderHost}
}

// Feature is a platform feature of Terraform or OpenTofu that a suite of
// acceptance tests needs.
type Feature struct {
	// Suite names the suite in the test matrix ("actions").
	Suite string
	// Name is said in skip reasons ("actions").
	Name string
	// Terraform and OpenTofu are the first versions with the feature, as
	// major.minor; an empty OpenTofu means OpenTofu has none yet.
	Terraform, OpenTofu string
}

// The features the suites need, as measured by the test matrix.
var (
	Ephemeral     = Feature{Suite: "ephemeral", Name: "ephemeral resources", Terraform: "1.10", OpenTofu: "1.11"}
	Identity      = Feature{Suite: "identity", Name: "resource identity", Terraform: "1.12"}
	WriteOnly     = Feature{Suite: "write-only", Name: "write-only attributes", Terraform: "1.11", OpenTofu: "1.11"}
	Actions       = Feature{Suite: "actions", Name: "actions", Terraform: "1.14"}
	ListResources = Feature{Suite: "list", Name: "list resources", Terraform: "1.14"}
	// ImportBlockOtherName is an import block whose `to` is a type without
	// the provider's prefix (resourcewatcher_*), with `provider = o11y`.
	ImportBlockOtherName = Feature{Suite: "import-block-resourcewatcher", Name: "import blocks for resourcewatcher_* types", Terraform: "1.11", OpenTofu: "1.7"}
)

// Has reports whether b has f, and why not.
func (b TFBinary) Has(f Feature) (bool, string) {
	need := f.Terraform
	product := "Terraform"
	if b.Name == "tofu" {
		need, product = f.OpenTofu, "OpenTofu"
	}
	switch {
	case need == "":
		return false, fmt.Sprintf("%s has no %s", product, f.Name)
	case !atLeastVersion(b.Version, need):
		return false, fmt.Sprintf("%s %s has no %s (needs %s)", product, b.Version, f.Name, need)
	}
	return true, ""
}

var (
	binMu    sync.Mutex
	binCache = map[string]TFBinary{}
)

// Binary describes the CLI at path: its name and version from `version
// -json` (OpenTofu reports the same key as Terraform, and says OpenTofu in
// `version`).
func Binary(path string) (TFBinary, error) {
	binMu.Lock()
	defer binMu.Unlock()
	if b, ok := binCache[path]; ok {
		return b, nil
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
	cmd := exec.Command(path, "version", "-json")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return TFBinary{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return TFBinary{}, fmt.Errorf("%s version -json: unexpected answer %q", path, strings.TrimSpace(string(out)))
	}
	cmd = exec.Command(path, "version")
	cmd.Env = env
	text, _ := cmd.Output()
	b := TFBinary{Name: "terraform", Path: path, Version: v.Version, ProviderHost: TerraformProviderHost}
	if strings.HasPrefix(strings.TrimSpace(string(text)), "OpenTofu") {
		b.Name, b.ProviderHost = "tofu", OpenTofuProviderHost
	}
	binCache[path] = b
	return b, nil
}

// Current is the CLI this test binary runs (TF_ACC_TERRAFORM_PATH); the
// test fails, saying what to run, when there is none.
func Current(t testing.TB) TFBinary {
	t.Helper()
	p := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if p == "" || !fileExists(p) {
		t.Fatalf("TF_ACC_TERRAFORM_PATH=%q does not point at a terraform binary; run `make tools` (it installs terraform into ./bin)", p)
	}
	b, err := Binary(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Needs runs the rest of the test only on a CLI that has f. On one that
// has not, the test is skipped with the reason (say "OpenTofu has no
// actions"), and the matrix records it; `make test` runs every suite on a
// binary that has its feature, and fails when one ran on none. Like
// resource.Test, it runs nothing unless TF_ACC is set.
func Needs(t *testing.T, f Feature) TFBinary {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	b := Current(t)
	if ok, why := b.Has(f); !ok {
		report(b.String(), f.Suite, "skipped", why)
		t.Skip(why)
	}
	t.Cleanup(func() {
		status := "passed"
		if t.Failed() {
			status = "failed"
		}
		report(b.String(), f.Suite, status, t.Name())
	})
	return b
}

// Lacks runs the rest of the test only on a CLI that does not have f: for
// the messages users of older CLIs get. It is its own suite in the matrix
// ("write-only, refused"), which the old binaries must pass.
func Lacks(t *testing.T, f Feature) TFBinary {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	b := Current(t)
	suite := f.Suite + ", refused"
	if ok, _ := b.Has(f); ok {
		why := fmt.Sprintf("%s %s has %s", b.Name, b.Version, f.Name)
		report(b.String(), suite, "skipped", why)
		t.Skip(why)
	}
	t.Cleanup(func() {
		status := "passed"
		if t.Failed() {
			status = "failed"
		}
		report(b.String(), suite, status, t.Name())
	})
	return b
}

// atLeastVersion reports whether version (such as "1.11.4" or
// "1.12.0-beta1") is at least need ("1.12").
func atLeastVersion(version, need string) bool {
	parse := func(s string) (int, int, bool) {
		parts := strings.SplitN(strings.SplitN(s, "-", 2)[0], ".", 3)
		if len(parts) < 2 {
			return 0, 0, false
		}
		ma, err1 := strconv.Atoi(parts[0])
		mi, err2 := strconv.Atoi(parts[1])
		return ma, mi, err1 == nil && err2 == nil
	}
	ma, mi, ok := parse(version)
	wa, wi, ok2 := parse(need)
	return ok && ok2 && (ma > wa || (ma == wa && mi >= wi))
}

var reportMu sync.Mutex

// report appends one result line to the file named by O11Y_ACC_REPORT.
func report(binary, suite, status, detail string) {
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
	_, _ = fmt.Fprintf(f, "%s\t%s\t%s\t%s\n", binary, suite, status, strings.ReplaceAll(detail, "\t", " "))
}

// suiteOfBinary is the package suite a test binary runs ("silence" for
// silence.test).
func suiteOfBinary() string {
	return strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
}
