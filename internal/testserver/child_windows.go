package testserver

import "os/exec"

// On Windows the caller's cleanups stop the child.
func setChildAttrs(*exec.Cmd) {}

// ExitWithParent does nothing on Windows.
func ExitWithParent() {}
