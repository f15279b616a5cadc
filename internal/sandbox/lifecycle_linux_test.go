package sandbox_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
)

// TestSandboxCommand_stops: the sandbox command, whatever stops it, leaves
// no server running. SIGINT (Ctrl-C) and SIGTERM stop it gracefully: it
// exits 0, its Alertmanager is gone and its temporary folder is removed.
// SIGKILL gives it no chance to clean up, yet the kernel kills its
// Alertmanager with it (the parent death signal); only the temporary folder
// stays (the README says so).
func TestSandboxCommand_stops(t *testing.T) {
	acctest.PreCheck(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs with the acceptance tests (TF_ACC=1): it needs ./bin/alertmanager")
	}
	bin := testserver.BuildCommand(t, "./cmd/sandbox")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			env := filepath.Join(t.TempDir(), "sandbox.env")
			cmd := exec.Command(bin, "--env-file", env)
			child, err := testserver.StartChild(cmd)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			testserver.WaitFor(t, "the sandbox to be ready", 60*time.Second, func() bool {
				b, _ := os.ReadFile(env)
				return strings.Contains(string(b), "export GRAFANA_URL=")
			})
			ams := testserver.DescendantsNamed(cmd.Process.Pid, "alertmanager")
			if len(ams) != 1 {
				t.Fatalf("sandbox %d runs %d alertmanagers, want 1:\n%s", cmd.Process.Pid, len(ams), testserver.ProcessList(testserver.Descendants(cmd.Process.Pid)))
			}
			tmp := filepath.Dir(testserver.ArgValue(ams[0], "storage.path")) // <tmp>/alertmanager/data
			tmp = filepath.Dir(tmp)
			if !strings.HasPrefix(filepath.Base(tmp), "o11y-sandbox-") {
				t.Fatalf("the sandbox's folder is %s, want an o11y-sandbox-* temporary folder", tmp)
			}
			before := append([]int{cmd.Process.Pid}, testserver.Descendants(cmd.Process.Pid)...)
			t.Logf("before %s:\n%s", sig, testserver.ProcessList(before))

			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-child.Done:
			case <-time.After(30 * time.Second):
				t.Fatalf("the sandbox did not exit within 30s of %s", sig)
			}
			testserver.ExpectGone(t, "the sandbox's Alertmanager", ams, 10*time.Second)
			t.Logf("after %s:\n%s", sig, testserver.ProcessList(before))

			_, statErr := os.Stat(tmp)
			switch sig {
			case syscall.SIGKILL:
				if statErr != nil {
					t.Errorf("after SIGKILL the folder %s is gone; the README says it stays", tmp)
				}
				_ = os.RemoveAll(tmp)
			default:
				if child.Err != nil {
					t.Errorf("after %s the sandbox exited with %v, want 0", sig, child.Err)
				}
				if !os.IsNotExist(statErr) {
					t.Errorf("after %s the temporary folder %s is still there (%v)", sig, tmp, statErr)
				}
			}
		})
	}
}
