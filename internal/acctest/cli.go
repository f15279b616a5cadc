package acctest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
)

// ServeInProcess serves the provider (built with opts) from this test
// process, as terraform-plugin-testing does, under the source address addr
// ("registry.terraform.io/nhn-o11y/o11y"), and returns the
// TF_REATTACH_PROVIDERS value that points a CLI at it. It stops when the
// test ends.
func ServeInProcess(t *testing.T, addr string, opts provider.Options) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve(addr, providerserver.NewProtocol6(provider.NewWithOptions("test", opts)()),
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

// CLI is a working folder where a test runs the CLI of the matrix
// (TF_ACC_TERRAFORM_PATH) itself, against the provider served by this
// process: for what terraform-plugin-testing does not drive, such as
// `terraform apply -invoke=...` or an apply that is meant to fail halfway.
type CLI struct {
	Bin TFBinary
	// Dir holds main.tf and the state.
	Dir    string
	t      *testing.T
	env    []string
	inited bool
}

// requiredProviders names the provider by its source address, which
// ServeInProcess serves.
const requiredProviders = `terraform {
  required_providers {
    o11y = { source = "nhn-o11y/o11y" }
  }
}
`

// NewCLI prepares a folder for b and serves the provider (built with opts)
// to it; env adds environment variables (KEY=VALUE) to the CLI's.
func NewCLI(t *testing.T, b TFBinary, opts provider.Options, env ...string) *CLI {
	t.Helper()
	e := append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+ServeInProcess(t, b.ProviderHost+"/"+ProviderNamespace+"/"+ProviderName, opts),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	return &CLI{Bin: b, Dir: t.TempDir(), t: t, env: append(e, env...)}
}

// Write makes config (without a terraform block: the provider's source is
// added) the folder's main.tf.
func (c *CLI) Write(config string) {
	c.t.Helper()
	c.WriteFile("main.tf", requiredProviders+config)
}

// WriteFile puts a file, as it is, into the folder.
func (c *CLI) WriteFile(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Run runs the CLI with args (and -no-color; `init` first the first time)
// and returns what it printed; err is its failure (ExitCode tells its exit
// code).
func (c *CLI) Run(args ...string) (string, error) {
	c.t.Helper()
	if len(args) > 0 && args[0] == "init" {
		c.inited = true
	}
	if !c.inited {
		if out, err := c.run("init", "-input=false"); err != nil {
			c.t.Fatalf("%s init: %v\n%s", c.Bin.Name, err, out)
		}
		c.inited = true
	}
	return c.run(args...)
}

// MustRun is Run that fails the test when the CLI fails.
func (c *CLI) MustRun(args ...string) string {
	c.t.Helper()
	return c.MustExit([]int{0}, args...)
}

// MustExit is Run that fails the test unless the CLI exits with one of
// codes (as `plan -detailed-exitcode` may exit 0 or 2).
func (c *CLI) MustExit(codes []int, args ...string) string {
	c.t.Helper()
	out, err := c.Run(args...)
	for _, want := range codes {
		if ExitCode(err) == want {
			return out
		}
	}
	c.t.Fatalf("%s %s: %v, want exit %v\n%s", c.Bin.Name, strings.Join(args, " "), err, codes, out)
	return out
}

// ExitCode is the exit code of a CLI run that returned err: 0 for nil, -1
// when the CLI did not run or was killed (after cliTimeout).
func ExitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	return -1
}

// cliTimeout bounds one CLI command, so that a hung command fails its test
// with its output instead of running into the go test timeout.
const cliTimeout = 5 * time.Minute

func (c *CLI) run(args ...string) (string, error) {
	// -no-color goes right after the command: flags after an address are
	// not read.
	at := 1
	if len(args) > 1 && args[0] == "state" {
		at = 2
	}
	if at > len(args) {
		at = len(args)
	}
	args = append(append(append([]string(nil), args[:at]...), "-no-color"), args[at:]...)
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Bin.Path, args...)
	cmd.Dir, cmd.Env = c.Dir, c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Probe is an HTTP endpoint of the test process that a local-exec
// provisioner calls in the middle of an apply (Command), so that the test
// looks at its servers at that very moment: the provisioner waits for the
// answer, which comes after look has run. It needs bash (for /dev/tcp), no
// HTTP client on the machine.
type Probe struct {
	port int
	mu   sync.Mutex
	seen map[string][]string
}

// NewProbe serves a probe whose calls record what look returns, under the
// label of the call. It stops when the test ends.
func NewProbe(t *testing.T, look func() string) *Probe {
	t.Helper()
	p := &Probe{seen: map[string][]string{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		label := strings.TrimPrefix(r.URL.Path, "/")
		got := look()
		p.mu.Lock()
		p.seen[label] = append(p.seen[label], got)
		p.mu.Unlock()
		_, _ = io.WriteString(w, got)
	}))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if p.port, err = strconv.Atoi(u.Port()); err != nil {
		t.Fatal(err)
	}
	return p
}

// Command is a bash command (a local-exec provisioner with
// `interpreter = ["bash", "-c"]`) that calls the probe with label, which
// may be an HCL interpolation, and waits for its answer.
func (p *Probe) Command(label string) string {
	return fmt.Sprintf(`exec 3<>/dev/tcp/127.0.0.1/%d && printf 'GET /%s HTTP/1.0\r\n\r\n' >&3 && cat <&3 >/dev/null`, p.port, label)
}

// Seen lists what look returned at each call with label, in order.
func (p *Probe) Seen(label string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen[label]...)
}

// Phrases matches the given phrases in order, whatever way the CLI wraps
// their words (for ExpectError and CLI output).
func Phrases(ps ...string) *regexp.Regexp {
	parts := make([]string, 0, len(ps))
	for _, p := range ps {
		words := strings.Fields(p)
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		parts = append(parts, strings.Join(words, `\s+`))
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}
