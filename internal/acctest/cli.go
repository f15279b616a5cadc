package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
)

// ServeInProcess serves the provider from this test binary (with test
// hooks o) and returns the TF_REATTACH_PROVIDERS value that makes a CLI use
// it for the source address addr (such as
// "registry.terraform.io/nhn-o11y/o11y"). It is for tests that drive the
// CLI themselves, for what terraform-plugin-testing cannot do (query,
// -invoke, killing the CLI).
func ServeInProcess(t *testing.T, addr string, o provider.Options) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve(addr, providerserver.NewProtocol6(provider.NewWithOptions("test", o)()),
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t),
			tf6server.WithoutLogStderrOverride())
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattach:
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the in-process provider server did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
		}
	})
	b, err := json.Marshal(map[string]any{addr: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cliTimeout bounds one CLI command, so that a hung command fails its test
// with its output instead of running into the go test timeout.
const cliTimeout = 5 * time.Minute

// CLI runs a Terraform-compatible CLI in its own folder against the
// provider served in process.
type CLI struct {
	t   testing.TB
	Bin TFBinary
	Dir string
	Env []string
}

// NewCLI prepares the current binary (Current) in a new folder, with the
// provider served in process under its source address, and extra
// environment variables (KEY=VALUE).
func NewCLI(t *testing.T, o provider.Options, env ...string) *CLI {
	t.Helper()
	b := Current(t)
	c := &CLI{t: t, Bin: b, Dir: t.TempDir()}
	c.Env = append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+ServeInProcess(t, b.ProviderHost+"/"+ProviderNamespace+"/"+ProviderName, o),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	c.Env = append(c.Env, env...)
	return c
}

// Write puts a file into the CLI's folder.
func (c *CLI) Write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Run runs the CLI with args and returns its combined output and exit code
// (-1 when it could not run, or was killed after cliTimeout).
func (c *CLI) Run(args ...string) (string, int) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Bin.Path, args...)
	cmd.Dir, cmd.Env = c.Dir, c.Env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	}
	if err != nil {
		return out.String() + err.Error(), -1
	}
	return out.String(), 0
}

// Must runs the CLI and fails the test unless it exits with one of codes
// (0 when none is given).
func (c *CLI) Must(codes []int, args ...string) string {
	c.t.Helper()
	out, code := c.Run(args...)
	if len(codes) == 0 {
		codes = []int{0}
	}
	for _, want := range codes {
		if code == want {
			return out
		}
	}
	c.t.Fatalf("%s %v: exit %d, want %v\n%s", c.Bin, args, code, codes, out)
	return out
}
