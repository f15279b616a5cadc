// Package testserver holds what the local servers of the tests and the
// sandbox share: where the repository and its ./bin tools are, and free
// ports. Its sub-packages are the servers: in-memory fakes of the O11y
// maintenance, Alert Silence and Resource Watcher APIs, a proxy that serves
// a real Alertmanager under Grafana's paths and auth, fault injection, and
// the real Alertmanager process.
package testserver

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// RepoRoot is the repository's top folder (where go.mod is).
func RepoRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "."
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Bin returns the path of a tool installed by `make tools` into ./bin, or
// the one on PATH, or "" when neither exists.
func Bin(name string) string {
	p := filepath.Join(RepoRoot(), "bin", name)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return ""
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("unexpected listener address %v", l.Addr())
	}
	return addr.Port, nil
}
