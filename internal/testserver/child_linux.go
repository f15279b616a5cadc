package testserver

import (
	"os"
	"os/exec"
	"syscall"
)

func setChildAttrs(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// ExitWithParent makes this process receive SIGTERM when its parent dies
// (a shell or make that was killed), so that a command such as the sandbox
// runs its normal shutdown (stop the servers, remove temporary folders)
// instead of living on as an orphan. It is for the commands' main.
func ExitWithParent() {
	ppid := os.Getppid()
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0)
	// The parent may have died before prctl: then we are someone else's.
	if os.Getppid() != ppid {
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	}
}
