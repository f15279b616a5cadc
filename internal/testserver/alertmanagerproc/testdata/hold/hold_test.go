// Package hold is run only by alertmanagerproc's lifecycle test: one test
// that starts a real Alertmanager and then waits forever, so that the
// lifecycle test can kill `go test` or let it time out and check that the
// Alertmanager dies with it. It lives under testdata so that `go test ./...`
// never runs it.
package hold

import (
	"fmt"
	"os"
	"testing"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertmanagerproc"
)

func TestMain(m *testing.M) {
	// As acctest.Main does: a test binary whose `go test` is killed ends too.
	testserver.ExitWithParent()
	os.Exit(m.Run())
}

func TestHold(t *testing.T) {
	pidFile := os.Getenv("O11Y_HOLD_PIDFILE")
	if pidFile == "" {
		t.Fatal("run only by alertmanagerproc's lifecycle test (O11Y_HOLD_PIDFILE)")
	}
	am, err := alertmanagerproc.New(alertmanagerproc.Bin(), t.TempDir(), alertmanagerproc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pidFile, []byte(fmt.Sprintf("%d %d\n", am.Pid(), os.Getpid())), 0o600); err != nil {
		t.Fatal(err)
	}
	select {} // until go test times out or is killed
}
