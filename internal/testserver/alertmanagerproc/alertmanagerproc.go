// Package alertmanagerproc runs a real Prometheus Alertmanager process on
// 127.0.0.1 for the tests and the sandbox. The process dies with its
// parent, however the parent ends.
package alertmanagerproc

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
)

// Options tune an Alertmanager.
type Options struct {
	// Retention is --data.retention (default 120h). Short values with a short
	// MaintenanceInterval make expired silences disappear in seconds.
	Retention           time.Duration
	MaintenanceInterval time.Duration
}

// Alertmanager is a real Prometheus Alertmanager process on 127.0.0.1.
type Alertmanager struct {
	// URL is http://127.0.0.1:<port>.
	URL  string
	Port int

	bin     string
	dir     string
	opts    Options
	mu      sync.Mutex
	cmd     *exec.Cmd
	done    chan struct{}
	logFile *os.File
}

// Bin is the alertmanager binary: ALERTMANAGER_BIN, ./bin (installed by
// `make tools`) or PATH; "" when there is none.
func Bin() string {
	if b := os.Getenv("ALERTMANAGER_BIN"); b != "" {
		return b
	}
	return testserver.Bin("alertmanager")
}

// New starts Alertmanager (the tests and the sandbox use it).
// dir holds its configuration and data.
func New(bin, dir string, opts Options) (*Alertmanager, error) {
	config := "route:\n  receiver: 'null'\nreceivers:\n- name: 'null'\n"
	if err := os.WriteFile(filepath.Join(dir, "alertmanager.yml"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	am := &Alertmanager{bin: bin, dir: dir, opts: opts}
	var lastErr error
	for try := 0; try < 5; try++ {
		port, err := testserver.FreePort()
		if err != nil {
			return nil, err
		}
		am.Port = port
		am.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
		if lastErr = am.start(); lastErr == nil {
			return am, nil
		}
	}
	return nil, lastErr
}

func (am *Alertmanager) start() error {
	args := []string{
		"--config.file=" + filepath.Join(am.dir, "alertmanager.yml"),
		"--storage.path=" + filepath.Join(am.dir, "data"),
		fmt.Sprintf("--web.listen-address=127.0.0.1:%d", am.Port),
		"--cluster.listen-address=",
		"--log.level=warn",
	}
	if am.opts.Retention > 0 {
		args = append(args, "--data.retention="+am.opts.Retention.String())
	}
	if am.opts.MaintenanceInterval > 0 {
		args = append(args, "--data.maintenance-interval="+am.opts.MaintenanceInterval.String())
	}
	logFile, err := os.OpenFile(filepath.Join(am.dir, "alertmanager.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(am.bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// It dies with this process however this process ends (a killed
	// sandbox, a test binary past its -timeout): see testserver.StartChild.
	child, err := testserver.StartChild(cmd)
	if err != nil {
		logFile.Close()
		return fmt.Errorf("starting alertmanager: %w", err)
	}
	done := child.Done
	am.mu.Lock()
	am.cmd, am.done, am.logFile = cmd, done, logFile
	am.mu.Unlock()
	if err := am.waitReady(done); err != nil {
		am.kill(syscall.SIGKILL)
		return err
	}
	return nil
}

func (am *Alertmanager) waitReady(done chan struct{}) error {
	deadline := time.Now().Add(20 * time.Second)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("alertmanager exited during start-up: %s", am.Log())
		default:
		}
		resp, err := client.Get(am.URL + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		<-ctx.Done()
		cancel()
	}
	return fmt.Errorf("alertmanager not ready on %s within 20s: %s", am.URL, am.Log())
}

// Pid is the process id of the running Alertmanager (0 when stopped).
func (am *Alertmanager) Pid() int {
	am.mu.Lock()
	defer am.mu.Unlock()
	if am.cmd == nil || am.cmd.Process == nil {
		return 0
	}
	return am.cmd.Process.Pid
}

// Log is what the process printed so far.
func (am *Alertmanager) Log() string {
	b, _ := os.ReadFile(filepath.Join(am.dir, "alertmanager.log"))
	return strings.TrimSpace(string(b))
}

func (am *Alertmanager) kill(sig syscall.Signal) {
	am.mu.Lock()
	cmd, done, lf := am.cmd, am.done, am.logFile
	am.cmd = nil
	am.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, sig)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	if lf != nil {
		lf.Close()
	}
}

// Stop ends the process gracefully (it snapshots silences to disk).
func (am *Alertmanager) Stop() { am.kill(syscall.SIGTERM) }

// Crash kills the process without a snapshot: silences since the last
// maintenance run are lost, as after a real crash.
func (am *Alertmanager) Crash() { am.kill(syscall.SIGKILL) }

// Restart stops the process and starts it again on the same port with the
// same data, optionally with new options.
func (am *Alertmanager) Restart(opts *Options) error {
	am.Stop()
	if opts != nil {
		am.opts = *opts
	}
	return am.start()
}
