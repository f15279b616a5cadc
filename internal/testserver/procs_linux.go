package testserver

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Descendants lists the live processes below pid (children, their
// children, ...), for tests that check nothing outlives its parent.
func Descendants(pid int) []int {
	children := map[int][]int{}
	for _, p := range allProcs() {
		children[p.ppid] = append(children[p.ppid], p.pid)
	}
	var out []int
	var walk func(int)
	walk = func(p int) {
		for _, c := range children[p] {
			out = append(out, c)
			walk(c)
		}
	}
	walk(pid)
	return out
}

// Alive reports whether pid is a running process (not gone, not a zombie
// waiting to be reaped).
func Alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, state, _ := parseStat(string(b))
	return state != "Z" && state != "X"
}

// RunningFrom lists the live processes whose executable lies in dir, such
// as the repository's ./bin, with their command lines.
func RunningFrom(dir string) map[int]string {
	out := map[int]string{}
	for _, p := range allProcs() {
		exe, err := os.Readlink("/proc/" + strconv.Itoa(p.pid) + "/exe")
		if err != nil || !Alive(p.pid) {
			continue
		}
		exe = strings.TrimSuffix(exe, " (deleted)")
		if rel, err := filepath.Rel(dir, exe); err == nil && !strings.HasPrefix(rel, "..") {
			cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(p.pid) + "/cmdline")
			out[p.pid] = strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))
		}
	}
	return out
}

type proc struct{ pid, ppid int }

func allProcs() []proc {
	entries, _ := os.ReadDir("/proc")
	var out []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		ppid, state, ok := parseStat(string(b))
		if ok && state != "Z" && state != "X" {
			out = append(out, proc{pid: pid, ppid: ppid})
		}
	}
	return out
}

// parseStat reads the parent pid and state of /proc/<pid>/stat; the command
// name in parentheses may itself contain spaces and parentheses.
func parseStat(s string) (ppid int, state string, ok bool) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, "", false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, "", false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, f[0], err == nil
}
