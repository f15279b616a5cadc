//go:build !linux && !windows

package testserver

import (
	"os/exec"
	"syscall"
)

// Outside Linux there is no parent death signal: the child gets its own
// process group, and the caller's signal handlers and cleanups stop it.
func setChildAttrs(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// ExitWithParent does nothing outside Linux.
func ExitWithParent() {}
