package testserver

import (
	"os/exec"
	"runtime"
)

// Child is a process started by StartChild.
type Child struct {
	Cmd *exec.Cmd
	// Done is closed when the process has exited and been waited for; Err
	// is then what Wait returned.
	Done chan struct{}
	Err  error
}

// StartChild starts cmd so that it dies with this process, however this
// process ends: a graceful stop is still the caller's normal path (signal
// the child and wait on Done), but if this process is killed, times out in
// `go test`, or panics, the kernel kills the child too (Linux: the parent
// death signal; elsewhere the best equivalent, see child_*.go). The child
// also gets its own process group, so a terminal's Ctrl-C reaches only this
// process, which stops its children in order.
//
// The parent death signal belongs to the thread that started the child, not
// to the process: the child is started and waited for on one locked OS
// thread, which therefore lives exactly as long as the child.
func StartChild(cmd *exec.Cmd) (*Child, error) {
	setChildAttrs(cmd)
	c := &Child{Cmd: cmd, Done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		c.Err = cmd.Wait()
		close(c.Done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return c, nil
}
