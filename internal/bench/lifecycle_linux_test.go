package bench_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
)

// TestBenchCommand_stopsOnSIGTERM: `make bench` stopped by SIGTERM (a time
// limit) stops its terraform run and its sandbox, and removes its
// temporary folders, instead of leaving an Alertmanager holding its port.
// The signal arrives while terraform runs.
func TestBenchCommand_stopsOnSIGTERM(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs with the acceptance tests (TF_ACC=1): it needs ./bin/alertmanager and ./bin/terraform")
	}
	bin := testserver.BuildCommand(t, "./cmd/bench")
	tmp := t.TempDir()
	cmd := exec.Command(bin, "-n", "3", "-runs", "1", "-kinds", "silence", "-latency", "0")
	cmd.Dir = testserver.RepoRoot()
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	child, err := testserver.StartChild(cmd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	testserver.WaitFor(t, "the bench to run terraform against its sandbox", 180*time.Second, func() bool {
		return len(testserver.DescendantsNamed(cmd.Process.Pid, "alertmanager")) > 0 &&
			len(testserver.DescendantsNamed(cmd.Process.Pid, "terraform")) > 0
	})
	before := append([]int{cmd.Process.Pid}, testserver.Descendants(cmd.Process.Pid)...)
	t.Logf("before SIGTERM:\n%s", testserver.ProcessList(before))
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-child.Done:
	case <-time.After(60 * time.Second):
		t.Fatal("the bench did not exit within 60s of SIGTERM")
	}
	testserver.ExpectGone(t, "everything the bench started", before, 15*time.Second)
	t.Logf("after SIGTERM:\n%s", testserver.ProcessList(before))
	left, _ := filepath.Glob(filepath.Join(tmp, "o11y-*"))
	if len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}
