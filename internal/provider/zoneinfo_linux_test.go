//go:build linux

package provider

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
)

// The helper runs in a child process whose mount namespace hides every
// time zone database the operating system and the Go installation have.
const (
	zoneinfoHiddenEnv    = "O11Y_TEST_ZONEINFO_HIDDEN"
	zoneinfoHiddenMarker = "checked without a system time zone database"
)

// zoneSources are where Go looks for zoneinfo on Linux before its embedded
// copy, plus the Go installation's zip it tries after it.
func zoneSources() []string {
	dirs := []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"}
	// The time package looks where runtime.GOROOT says, deprecated or not.
	if root := runtime.GOROOT(); root != "" { //nolint:staticcheck // see above
		dirs = append(dirs, filepath.Join(root, "lib", "time"))
	}
	return dirs
}

// TestTimeZone_withoutSystemZoneinfo: `time_zone = "Asia/Seoul"` works where
// the machine has no zoneinfo (Windows, distroless images), because the
// provider carries the IANA database. The test re-runs itself under
// unshare(1) with a tmpfs over every zoneinfo directory; it needs root or
// unprivileged user namespaces, as on the CI machines.
func TestTimeZone_withoutSystemZoneinfo(t *testing.T) {
	if os.Getenv(zoneinfoHiddenEnv) != "" {
		return // this is the child: TestHelperZoneinfoHidden does the work
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Fatalf("this test hides the system time zone database in a private mount namespace and needs unshare(1) from util-linux on PATH: %v", err)
	}
	var hide []string
	for _, d := range zoneSources() {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			hide = append(hide, d)
		}
	}
	flags := []string{"--mount"}
	if os.Geteuid() != 0 {
		flags = []string{"--map-root-user", "--mount"}
	}
	args := append([]string(nil), flags...)
	// Mounting a tmpfs over each directory hides it from this process tree only.
	script := `set -e; for d in "$@"; do case "$d" in --) shift; break;; esac; mount -t tmpfs none "$d"; shift; done; exec "$@"`
	args = append(args, "sh", "-c", script, "sh")
	args = append(args, hide...)
	args = append(args, "--", os.Args[0], "-test.run=^TestHelperZoneinfoHidden$", "-test.v", "-test.count=1")
	cmd := exec.Command(unshare, args...)
	cmd.Env = append(os.Environ(), zoneinfoHiddenEnv+"=1", "ZONEINFO=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the check without system zoneinfo failed (%v):\n%s\n(it runs under `%s %s`, which needs root or unprivileged user namespaces to mount a tmpfs)",
			err, out, unshare, strings.Join(flags, " "))
	}
	if !strings.Contains(string(out), zoneinfoHiddenMarker) || !strings.Contains(string(out), "--- PASS: TestHelperZoneinfoHidden") {
		t.Fatalf("the child did not run the check:\n%s", out)
	}
	t.Logf("hid %v; %s", hide, zoneinfoHiddenMarker)
}

// TestHelperZoneinfoHidden is the child of TestTimeZone_withoutSystemZoneinfo;
// run on its own it does nothing.
func TestHelperZoneinfoHidden(t *testing.T) {
	if os.Getenv(zoneinfoHiddenEnv) == "" {
		return
	}
	// The test proves nothing unless the system's databases are really gone.
	for _, d := range zoneSources() {
		for _, f := range []string{"Asia/Seoul", "zoneinfo.zip"} {
			if _, err := os.Stat(filepath.Join(d, f)); err == nil {
				t.Fatalf("%s is still visible: the zoneinfo was not hidden", filepath.Join(d, f))
			}
		}
	}

	seoul, err := validators.LoadZone("Asia/Seoul")
	if err != nil {
		t.Fatalf("LoadZone(Asia/Seoul) without system zoneinfo: %v", err)
	}
	if _, off := time.Date(2026, 2, 15, 10, 0, 0, 0, seoul).Zone(); off != 9*3600 {
		t.Fatalf("Asia/Seoul offset %d", off)
	}
	if _, err := validators.LoadZone("Mars/Olympus"); err == nil {
		t.Fatal("Mars/Olympus accepted")
	}

	// The provider's zone loading.
	withEnv(t, nil)
	build := func(zone string) (string, []string) {
		data, diags := (&o11yProvider{version: "test"}).build(providerModel{Maintenance: &maintenanceModel{
			URL: types.StringValue("http://m:1"), TimeZone: types.StringValue(zone),
		}}, "")
		var errs []string
		for _, d := range diags.Errors() {
			errs = append(errs, d.Summary()+": "+d.Detail())
		}
		if data == nil || data.Maintenance == nil {
			return "", errs
		}
		return data.Maintenance.Location().String(), errs
	}
	if loc, errs := build("Asia/Seoul"); loc != "Asia/Seoul" || len(errs) > 0 {
		t.Fatalf("time_zone = Asia/Seoul: location %q, errors %v", loc, errs)
	}
	if _, errs := build("Mars/Olympus"); len(errs) != 1 || !strings.Contains(errs[0], "is not an IANA time zone") {
		t.Fatalf("time_zone = Mars/Olympus: errors %v", errs)
	}

	// The schema's validator.
	var resp fwprovider.SchemaResponse
	(&o11yProvider{version: "test"}).Schema(context.Background(), fwprovider.SchemaRequest{}, &resp)
	tz, ok := resp.Schema.Blocks["maintenance"].GetNestedObject().GetAttributes()["time_zone"].(schema.StringAttribute)
	if !ok || len(tz.Validators) == 0 {
		t.Fatal("time_zone has no validator")
	}
	validate := func(zone string) []string {
		var errs []string
		for _, v := range tz.Validators {
			var vr validator.StringResponse
			v.ValidateString(context.Background(), validator.StringRequest{ConfigValue: types.StringValue(zone)}, &vr)
			for _, d := range vr.Diagnostics.Errors() {
				errs = append(errs, d.Summary())
			}
		}
		return errs
	}
	if errs := validate("Asia/Seoul"); len(errs) > 0 {
		t.Fatalf("the schema refuses Asia/Seoul: %v", errs)
	}
	if errs := validate("Mars/Olympus"); len(errs) != 1 || errs[0] != "Invalid time zone" {
		t.Fatalf("the schema on Mars/Olympus: %v", errs)
	}
	t.Log(zoneinfoHiddenMarker)
}
