// Package bench measures the provider against the floor of Terraform itself
// (`make bench`): for N objects (mixed types, and each type alone) against
// the sandbox servers with injected latency, the wall time and peak memory
// of apply, plan (refresh) and destroy, and the API calls each operation
// made, next to the same number of terraform_data resources. Every point
// runs several times and the median is reported as a markdown table.
//
//	go run ./cmd/bench [-n 10,100,1000] [-latency 0,20ms] [-runs 3] [-kinds mixed,silence,maintenance,alarm] [-out FILE]
package bench

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/sandbox"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
)

type options struct {
	ns        []int
	latencies []time.Duration
	runs      int
	kinds     []string
	out       string
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	ns := fs.String("n", "10,100,1000", "object counts")
	lat := fs.String("latency", "0,20ms", "latencies injected into every API answer")
	fs.IntVar(&o.runs, "runs", 3, "runs per point (the median is reported)")
	kinds := fs.String("kinds", "mixed,silence,maintenance,alarm", "configurations to measure (the floor is always measured)")
	fs.StringVar(&o.out, "out", "", "also write the markdown report to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: %q is not a positive number", s)
		}
		o.ns = append(o.ns, n)
	}
	for _, s := range strings.Split(*lat, ",") {
		s = strings.TrimSpace(s)
		if s == "0" {
			o.latencies = append(o.latencies, 0)
			continue
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return o, fmt.Errorf("-latency: %v", err)
		}
		o.latencies = append(o.latencies, d)
	}
	for _, k := range strings.Split(*kinds, ",") {
		k = strings.TrimSpace(k)
		if _, ok := generators[k]; !ok {
			return o, fmt.Errorf("-kinds: unknown %q", k)
		}
		o.kinds = append(o.kinds, k)
	}
	if o.runs < 1 {
		return o, fmt.Errorf("-runs must be at least 1")
	}
	return o, nil
}

// measurement is one Terraform command.
type measurement struct {
	wall  time.Duration
	rssKB int64
	calls int64
}

// point is the median of several runs of apply, plan and destroy.
type point struct {
	kind    string
	n       int
	latency time.Duration
	ops     map[string]measurement
}

var operations = []string{"apply", "plan", "destroy"}

// Main runs the benchmarks with command-line arguments args. When ctx ends
// (the command's SIGINT or SIGTERM), the terraform run in progress is
// stopped, the sandbox's servers are stopped and the temporary folders are
// removed before Main returns.
func Main(ctx context.Context, args []string) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	tf := testserver.Bin("terraform")
	if tf == "" {
		return fmt.Errorf("terraform not found: run `make tools`")
	}
	work, err := os.MkdirTemp("", "o11y-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	env, err := installProvider(ctx, work)
	if err != nil {
		return err
	}

	var points []point
	for _, lat := range o.latencies {
		ps, err := measureLatency(ctx, tf, work, env, o, lat)
		points = append(points, ps...)
		if err != nil {
			return err
		}
	}
	report := markdown(points, o.runs)
	fmt.Print(report)
	if o.out != "" {
		return os.WriteFile(o.out, []byte(report), 0o644)
	}
	return nil
}

// measureLatency measures every point of one latency against its own
// sandbox, which it stops before returning.
func measureLatency(ctx context.Context, tf, work string, env []string, o options, lat time.Duration) ([]point, error) {
	sb, err := sandbox.Start(sandbox.Options{Latency: lat})
	if err != nil {
		return nil, err
	}
	defer sb.Close()
	runEnv := append(append([]string(nil), env...), sandboxEnv(sb)...)
	var points []point
	for _, n := range o.ns {
		for _, kind := range append([]string{"floor", "noop"}, o.kinds...) {
			p, err := measurePoint(ctx, tf, work, runEnv, sb, kind, n, lat, o.runs)
			if err != nil {
				return points, err
			}
			points = append(points, p)
			fmt.Fprintf(os.Stderr, "measured %-11s N=%-5d latency=%-5s apply %-8s plan %-8s destroy %s\n", kind, n, lat,
				p.ops["apply"].wall.Round(time.Millisecond), p.ops["plan"].wall.Round(time.Millisecond), p.ops["destroy"].wall.Round(time.Millisecond))
		}
	}
	return points, nil
}

func sandboxEnv(sb *sandbox.Sandbox) []string {
	var out []string
	for _, kv := range sb.Env() {
		out = append(out, kv[0]+"="+kv[1])
	}
	// a failed point must not hide behind retries
	return append(out, "O11Y_MAX_RETRIES=0")
}

// installProvider builds the provider and writes a CLI config that serves
// it through dev_overrides; it returns the environment for terraform.
func installProvider(ctx context.Context, work string) ([]string, error) {
	plugins := filepath.Join(work, "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		return nil, err
	}
	noop := filepath.Join(work, "noop")
	if err := os.MkdirAll(noop, 0o755); err != nil {
		return nil, err
	}
	for _, b := range []struct{ out, pkg string }{
		{filepath.Join(plugins, "terraform-provider-o11y"), "."},
		{filepath.Join(noop, "terraform-provider-noop"), "./cmd/noopprovider"},
	} {
		build := exec.CommandContext(ctx, "go", "build", "-o", b.out, b.pkg)
		build.Dir = testserver.RepoRoot()
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("building %s: %w", b.pkg, err)
		}
	}
	rc := filepath.Join(work, "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		"nhn-o11y/o11y", plugins, "bench/noop", noop)
	if err := os.WriteFile(rc, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PATH" || k == "HOME" || k == "TMPDIR" {
			env = append(env, kv)
		}
	}
	return env, nil
}

func measurePoint(ctx context.Context, tf, work string, env []string, sb *sandbox.Sandbox, kind string, n int, lat time.Duration, runs int) (point, error) {
	dir := filepath.Join(work, fmt.Sprintf("%s-%d-%s", kind, n, lat))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return point{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(generators[kind](n)), 0o644); err != nil {
		return point{}, err
	}
	samples := map[string][]measurement{}
	for r := 0; r < runs; r++ {
		for _, op := range operations {
			args := map[string][]string{
				"apply":   {"apply", "-auto-approve", "-input=false", "-no-color"},
				"plan":    {"plan", "-input=false", "-no-color", "-detailed-exitcode"},
				"destroy": {"destroy", "-auto-approve", "-input=false", "-no-color"},
			}[op]
			sb.ResetCalls()
			m, out, err := timed(ctx, tf, dir, env, args)
			if err != nil && (op != "plan" || exitCode(err) != 0) {
				return point{}, fmt.Errorf("%s of %d %s objects: %v\n%s", op, n, kind, err, tail(out))
			}
			for _, c := range sb.Calls() {
				m.calls += c
			}
			samples[op] = append(samples[op], m)
		}
	}
	p := point{kind: kind, n: n, latency: lat, ops: map[string]measurement{}}
	for op, ms := range samples {
		p.ops[op] = median(ms)
	}
	return p, nil
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err == nil {
		return 0
	}
	return -1
}

// timed runs one terraform command and returns its wall time and the peak
// resident memory of the largest process in its tree (terraform or the
// provider it starts). terraform dies with the bench (testserver.StartChild);
// when ctx ends it is interrupted, then killed after a grace period.
func timed(ctx context.Context, tf, dir string, env, args []string) (measurement, []byte, error) {
	cmd := exec.Command(tf, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	child, err := testserver.StartChild(cmd)
	if err != nil {
		return measurement{}, nil, err
	}
	select {
	case <-child.Done:
	case <-ctx.Done():
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		select {
		case <-child.Done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-child.Done
		}
		return measurement{}, out.Bytes(), fmt.Errorf("terraform %s stopped: %w", args[0], ctx.Err())
	}
	m := measurement{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rssKB = ru.Maxrss
	}
	return m, out.Bytes(), child.Err
}

func median(ms []measurement) measurement {
	pick := func(get func(measurement) int64) int64 {
		v := make([]int64, len(ms))
		for i, m := range ms {
			v[i] = get(m)
		}
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
		return v[len(v)/2]
	}
	return measurement{
		wall:  time.Duration(pick(func(m measurement) int64 { return int64(m.wall) })),
		rssKB: pick(func(m measurement) int64 { return m.rssKB }),
		calls: pick(func(m measurement) int64 { return m.calls }),
	}
}

func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}

func markdown(points []point, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# make bench\n\nMedian of %d runs per point. Two floors with the same N and latency: `floor` is `terraform_data`\n", runs)
	b.WriteString("(Terraform itself, no plugin, no API) and `noop` is a no-op plugin resource (Terraform plus the plugin protocol, no API).\n")
	b.WriteString("Calls = HTTP requests the sandbox received during the operation.\n\n")
	floors := map[string]point{}
	for _, p := range points {
		if p.kind == "floor" || p.kind == "noop" {
			floors[fmt.Sprint(p.kind, p.n, p.latency)] = p
		}
	}
	ratio := func(p point, floor, op string) string {
		f := floors[fmt.Sprint(floor, p.n, p.latency)]
		if f.ops[op].wall == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f×", float64(p.ops[op].wall)/float64(f.ops[op].wall))
	}
	b.WriteString("| N | latency | config | apply | plan (refresh) | destroy | plan / floor | plan / noop | apply / noop | peak RSS (MB) | calls apply / plan / destroy |\n")
	b.WriteString("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, p := range points {
		rss := max(p.ops["apply"].rssKB, p.ops["plan"].rssKB, p.ops["destroy"].rssKB)
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %d / %d / %d |\n",
			p.n, p.latency, p.kind,
			p.ops["apply"].wall.Round(10*time.Millisecond), p.ops["plan"].wall.Round(10*time.Millisecond), p.ops["destroy"].wall.Round(10*time.Millisecond),
			ratio(p, "floor", "plan"), ratio(p, "noop", "plan"), ratio(p, "noop", "apply"), float64(rss)/1024,
			p.ops["apply"].calls, p.ops["plan"].calls, p.ops["destroy"].calls)
	}
	return b.String()
}
