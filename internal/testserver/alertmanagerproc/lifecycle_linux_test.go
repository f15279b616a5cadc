package alertmanagerproc_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertmanagerproc"
)

// TestAlertmanager_diesWithGoTest: a test that started an Alertmanager
// leaves none running when `go test` ends it abnormally, where no cleanup
// runs: the test binary passing its -timeout (it panics and exits), or the
// go command being killed with SIGKILL (the test binary then gets SIGTERM
// from the parent death signal acctest.Main sets, and its Alertmanager
// SIGKILL from its own).
func TestAlertmanager_diesWithGoTest(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs with the acceptance tests (TF_ACC=1): it needs ./bin/alertmanager")
	}
	if alertmanagerproc.Bin() == "" {
		t.Fatal("alertmanager binary not found: run `make tools` (it installs alertmanager into ./bin)")
	}
	for _, how := range []string{"timeout", "SIGKILL"} {
		t.Run(how, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pids")
			timeout := "10m"
			if how == "timeout" {
				timeout = "4s"
			}
			cmd := exec.Command("go", "test", "-count=1", "-timeout", timeout, "./testdata/hold")
			cmd.Env = append(os.Environ(), "O11Y_HOLD_PIDFILE="+pidFile)
			child, err := testserver.StartChild(cmd)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			var amPid, testPid int
			testserver.WaitFor(t, "the held test to start its Alertmanager", 90*time.Second, func() bool {
				b, err := os.ReadFile(pidFile)
				return err == nil && len(b) > 0 && func() bool { _, err := fmt.Sscan(string(b), &amPid, &testPid); return err == nil }()
			})
			pids := []int{cmd.Process.Pid, testPid, amPid}
			t.Logf("before (%s):\n%s", how, testserver.ProcessList(pids))
			if how == "SIGKILL" {
				if err := syscall.Kill(cmd.Process.Pid, syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case <-child.Done:
			case <-time.After(60 * time.Second):
				t.Fatalf("go test did not end (%s)", how)
			}
			if child.Err == nil {
				t.Fatalf("go test exited 0; the held test must end by %s", how)
			}
			testserver.ExpectGone(t, "the test binary and its Alertmanager", []int{testPid, amPid}, 15*time.Second)
			t.Logf("after (%s):\n%s", how, testserver.ProcessList(pids))
		})
	}
}
