package testserver

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The helpers below serve the tests that check that nothing the project
// starts outlives its parent.

// BuildCommand builds the command in the repository folder pkg (such as
// "./cmd/sandbox") into a temporary folder and returns the binary's path.
func BuildCommand(t testing.TB, pkg string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = RepoRoot()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// WaitFor polls cond every 50 ms until it holds, and fails the test after
// limit. It never sleeps longer than needed.
func WaitFor(t testing.TB, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ExpectGone waits (bounded) until none of pids runs any more.
func ExpectGone(t testing.TB, what string, pids []int, limit time.Duration) {
	t.Helper()
	WaitFor(t, what+" to be gone", limit, func() bool {
		for _, p := range pids {
			if Alive(p) {
				return false
			}
		}
		return true
	})
}

// ProcessList renders pids with their command lines, for logs and failure
// messages ("before / after" lists).
func ProcessList(pids []int) string {
	sort.Ints(pids)
	var b strings.Builder
	for _, p := range pids {
		cmd, _ := os.ReadFile("/proc/" + itoa(p) + "/cmdline")
		state := "gone"
		if Alive(p) {
			state = "running"
		}
		c := strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))
		if len(c) > 120 {
			c = c[:120] + "…"
		}
		b.WriteString("  " + itoa(p) + " " + state + " " + c + "\n")
	}
	return b.String()
}

// DescendantsNamed lists the live processes below pid whose executable is
// called name (such as "alertmanager").
func DescendantsNamed(pid int, name string) []int {
	var out []int
	for _, p := range Descendants(pid) {
		exe, err := os.Readlink("/proc/" + itoa(p) + "/exe")
		if err == nil && filepath.Base(strings.TrimSuffix(exe, " (deleted)")) == name {
			out = append(out, p)
		}
	}
	return out
}

// ArgValue returns the value of a --name=value argument of process pid.
func ArgValue(pid int, name string) string {
	b, _ := os.ReadFile("/proc/" + itoa(pid) + "/cmdline")
	for _, a := range strings.Split(string(b), "\x00") {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }
