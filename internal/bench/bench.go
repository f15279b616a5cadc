// Package bench measures the provider against its floor (`make bench`): for
// N objects of each kind (o11y_silence on the prometheus flavor,
// o11y_maintenance, resourcewatcher_event_alarm) against the sandbox's
// servers with latency added to every answer, the wall time and peak memory
// of apply, plan (refresh) and destroy, the requests the sandbox received
// and the TCP connections it accepted, next to the same number of objects
// of a plugin-framework provider that stores the same five strings and does
// no I/O (cmd/noopprovider, the floor), on each Terraform binary. Every
// point runs several times, each run against a fresh sandbox, and the
// median is reported as one markdown table. -soak runs the fault soak
// instead (soak.go).
//
//	go run ./cmd/bench [-n 1000] [-latency 20ms] [-runs 3] [-kinds silence,maintenance,alarm]
//	    [-terraform terraform,terraform-1.15.9] [-parallelism 10] [-out FILE] [-profile DIR]
//	go run ./cmd/bench -soak [-n 1000] [-fault-rate 5%] [-terraform terraform]
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
	ns          []int
	latencies   []time.Duration
	runs        int
	kinds       []string
	terraforms  []string
	parallelism int
	out         string
	profile     string
	tflog       string
	soak        bool
	faultRate   float64
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	ns := fs.String("n", "1000", "object counts")
	lat := fs.String("latency", "20ms", "latencies injected into every API answer")
	fs.IntVar(&o.runs, "runs", 3, "runs per point (the median is reported)")
	kinds := fs.String("kinds", "silence,maintenance,alarm", "kinds to measure (mixed: a third of each); the floor is always measured")
	tfs := fs.String("terraform", "terraform,terraform-1.15.9", "Terraform binaries: names in ./bin or paths")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&o.out, "out", "", "also write the markdown report to this file")
	fs.StringVar(&o.profile, "profile", "", "write CPU profiles of the provider and of the floor (one per plugin process, named by command) into this folder")
	fs.StringVar(&o.tflog, "tflog", "", "write terraform's TF_LOG_CORE=trace log of every command into this folder")
	fs.BoolVar(&o.soak, "soak", false, "run the fault soak instead: N silences, fault-rate of the requests answered 503 or reset")
	rate := fs.String("fault-rate", "5%", "soak: share of requests that fail, half 503 and half a reset connection")
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
		if _, ok := generators[k]; !ok || k == "floor" {
			return o, fmt.Errorf("-kinds: unknown %q (silence, maintenance, alarm, mixed)", k)
		}
		o.kinds = append(o.kinds, k)
	}
	for _, t := range strings.Split(*tfs, ",") {
		t = strings.TrimSpace(t)
		p := t
		if !strings.ContainsRune(t, os.PathSeparator) {
			p = testserver.Bin(t)
		}
		if p == "" {
			return o, fmt.Errorf("-terraform: %q not found in ./bin or PATH (make tools installs them)", t)
		}
		o.terraforms = append(o.terraforms, p)
	}
	pct, ok := strings.CutSuffix(strings.TrimSpace(*rate), "%")
	r, err := strconv.ParseFloat(pct, 64)
	if !ok || err != nil || r < 0 || r > 100 {
		return o, fmt.Errorf("-fault-rate: %q is not a percentage such as 5%%", *rate)
	}
	o.faultRate = r / 100
	if o.runs < 1 {
		return o, fmt.Errorf("-runs must be at least 1")
	}
	if o.parallelism < 1 {
		return o, fmt.Errorf("-parallelism must be at least 1")
	}
	return o, nil
}

// measurement is one Terraform command.
type measurement struct {
	wall time.Duration
	// cpu is the user and system time of terraform and the plugins it ran
	// (less noisy than wall time on a shared machine)
	cpu   time.Duration
	rssKB int64
	calls int64 // requests the sandbox received
	conns int64 // TCP connections the sandbox accepted
}

// point is the median of several runs of apply, plan and destroy.
type point struct {
	tf      string // terraform version
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
	work, err := os.MkdirTemp("", "o11y-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	env, err := installProvider(ctx, work)
	if err != nil {
		return err
	}
	for _, d := range []*string{&o.profile, &o.tflog} {
		if *d == "" {
			continue
		}
		if err := os.MkdirAll(*d, 0o755); err != nil {
			return err
		}
		*d, _ = filepath.Abs(*d)
	}
	if o.soak {
		report, err := soak(ctx, o.terraforms[0], work, env, o)
		fmt.Print(report)
		if report != "" && o.out != "" {
			if werr := os.WriteFile(o.out, []byte(report), 0o644); werr != nil && err == nil {
				err = werr
			}
		}
		return err
	}
	began := time.Now()
	w := newWindow(began)
	var points []point
	for _, tf := range o.terraforms {
		version, err := tfVersion(ctx, tf)
		if err != nil {
			return err
		}
		for _, n := range o.ns {
			for _, lat := range o.latencies {
				for _, kind := range append(refs(o.kinds), o.kinds...) {
					if isRef(kind) && lat != o.latencies[0] {
						points = append(points, withLatency(points, kind, version, n, o.latencies[0], lat))
						continue // the floors talk to nothing: measured once
					}
					p, err := measurePoint(ctx, tf, version, work, env, kind, n, lat, w, o)
					if err != nil {
						return err
					}
					points = append(points, p)
					fmt.Fprintf(os.Stderr, "measured terraform %-7s %-11s N=%-5d latency=%-5s apply %-8s plan %-8s destroy %s\n", version, kind, n, lat,
						p.ops["apply"].wall.Round(time.Millisecond), p.ops["plan"].wall.Round(time.Millisecond), p.ops["destroy"].wall.Round(time.Millisecond))
				}
			}
		}
	}
	report := markdown(points, o, time.Since(began))
	fmt.Print(report)
	if o.out != "" {
		return os.WriteFile(o.out, []byte(report), 0o644)
	}
	return nil
}

// refs are the no-I/O references measured before the kinds: the floor,
// and with silences the shape (o11y_silence's attributes, no I/O).
func refs(kinds []string) []string {
	out := []string{"floor"}
	for _, k := range kinds {
		if k == "silence" {
			out = append(out, "shape")
		}
	}
	return out
}

func isRef(kind string) bool { return kind == "floor" || kind == "shape" }

// withLatency is a reference point measured at another latency, relabelled.
func withLatency(points []point, kind, tf string, n int, measured, lat time.Duration) point {
	for _, p := range points {
		if p.kind == kind && p.tf == tf && p.n == n && p.latency == measured {
			p.latency = lat
			return p
		}
	}
	return point{}
}

func tfVersion(ctx context.Context, tf string) (string, error) {
	out, err := exec.CommandContext(ctx, tf, "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", tf, err)
	}
	_, rest, ok := bytes.Cut(out, []byte(`"terraform_version": "`))
	v, _, ok2 := bytes.Cut(rest, []byte(`"`))
	if !ok || !ok2 {
		return "", fmt.Errorf("%s version: unexpected answer %s", tf, out)
	}
	return string(v), nil
}

// sandboxEnv points the provider at sb: silences at Alertmanager itself
// (flavor prometheus) through the sandbox's counting front.
func sandboxEnv(sb *sandbox.Sandbox) []string {
	var out []string
	for _, kv := range sb.Env() {
		if strings.HasPrefix(kv[0], "GRAFANA_") || kv[0] == "O11Y_ALERTMANAGER_FLAVOR" {
			continue
		}
		out = append(out, kv[0]+"="+kv[1])
	}
	return append(out, "ALERTMANAGER_URL="+sb.URLs[sandbox.APIPrometheus], "O11Y_ALERTMANAGER_FLAVOR=prometheus")
}

// installProvider builds the provider and writes a CLI config that serves
// it through dev_overrides; it returns the environment for terraform.
func installProvider(ctx context.Context, work string) ([]string, error) {
	plugins := filepath.Join(work, "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		return nil, err
	}
	noop, shape := filepath.Join(work, "noop"), filepath.Join(work, "shape")
	for _, d := range []string{noop, shape} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	for _, b := range []struct{ out, pkg, ldflags string }{
		{filepath.Join(plugins, "terraform-provider-o11y"), ".", ""},
		{filepath.Join(noop, "terraform-provider-noop"), "./cmd/noopprovider", ""},
		{filepath.Join(shape, "terraform-provider-shape"), "./cmd/noopprovider", "-X main.mode=shape"},
	} {
		build := exec.CommandContext(ctx, "go", "build", "-ldflags", b.ldflags, "-o", b.out, b.pkg)
		build.Dir = testserver.RepoRoot()
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("building %s: %w", b.pkg, err)
		}
	}
	rc := filepath.Join(work, "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		"nhn-o11y/o11y", plugins, "bench/noop", noop, "bench/shape", shape)
	if err := os.WriteFile(rc, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PATH" || k == "HOME" || k == "TMPDIR" || k == "ALERTMANAGER_BIN" {
			env = append(env, kv)
		}
	}
	return env, nil
}

func tfArgs(op string, parallelism int) []string {
	p := fmt.Sprintf("-parallelism=%d", parallelism)
	return map[string][]string{
		"apply":   {"apply", "-auto-approve", "-input=false", "-no-color", p},
		"plan":    {"plan", "-input=false", "-no-color", "-detailed-exitcode", p},
		"destroy": {"destroy", "-auto-approve", "-input=false", "-no-color", p},
	}[op]
}

// measurePoint runs apply, plan and destroy of n objects of kind o.runs
// times, each run against a fresh sandbox (so no run sees the expired
// silences or closed alarms of the one before), and keeps the medians.
func measurePoint(ctx context.Context, tf, version, work string, env []string, kind string, n int, lat time.Duration, w window, o options) (point, error) {
	dir := filepath.Join(work, fmt.Sprintf("tf%s-%s-%d-%s", version, kind, n, lat))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return point{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(generators[kind](n, w)), 0o644); err != nil {
		return point{}, err
	}
	samples := map[string][]measurement{}
	for r := 0; r < o.runs; r++ {
		runEnv := append([]string(nil), env...)
		var sb *sandbox.Sandbox
		if !isRef(kind) {
			var err error
			if sb, err = sandbox.Start(sandbox.Options{Latency: lat}); err != nil {
				return point{}, err
			}
			// a failed point must not hide behind retries
			runEnv = append(append(runEnv, sandboxEnv(sb)...), "O11Y_MAX_RETRIES=0")
		}
		for _, op := range operations {
			if sb != nil {
				sb.ResetCalls()
			}
			opEnv := runEnv
			name := fmt.Sprintf("tf%s-%s-%d-%s-run%d-%s", version, kind, n, lat, r, op)
			if o.profile != "" {
				d := filepath.Join(o.profile, name)
				if err := os.MkdirAll(d, 0o755); err != nil {
					return point{}, err
				}
				opEnv = append(append([]string(nil), opEnv...), "O11Y_CPU_PROFILE="+d)
			}
			if o.tflog != "" {
				opEnv = append(append([]string(nil), opEnv...), "TF_LOG_CORE=trace", "TF_LOG_PATH="+filepath.Join(o.tflog, name+".log"))
			}
			m, out, err := timed(ctx, tf, dir, opEnv, tfArgs(op, o.parallelism))
			if err != nil {
				if sb != nil {
					sb.Close()
				}
				return point{}, fmt.Errorf("terraform %s: %s of %d %s objects: %v\n%s", version, op, n, kind, err, tail(out))
			}
			if sb != nil {
				for _, c := range sb.Calls() {
					m.calls += c
				}
				for _, c := range sb.Conns() {
					m.conns += c
				}
			}
			samples[op] = append(samples[op], m)
		}
		if sb != nil {
			sb.Close()
		}
	}
	p := point{tf: version, kind: kind, n: n, latency: lat, ops: map[string]measurement{}}
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
	m.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
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
		cpu:   time.Duration(pick(func(m measurement) int64 { return int64(m.cpu) })),
		rssKB: pick(func(m measurement) int64 { return m.rssKB }),
		calls: pick(func(m measurement) int64 { return m.calls }),
		conns: pick(func(m measurement) int64 { return m.conns }),
	}
}

func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}

// Goals of the report: wall time within ratioGoal of the floor,
// requests per object, and connections within parallelism + 2.
const ratioGoal = 1.3

func markdown(points []point, o options, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# make bench\n\nMedian of %d runs per point, -parallelism=%d, each run against a fresh sandbox. "+
		"floor = cmd/noopprovider: a plugin-framework resource storing the five strings a benchmark silence is configured with, no I/O. "+
		"shape = cmd/noopprovider built as bench/shape: shape_silence, o11y_silence's attributes with the benchmark silences' configuration, the provider's process settings, no I/O (what the schema alone costs; "+
		"÷ shape is the provider's wall time over it). "+
		"Silences use the prometheus flavor (a real Alertmanager behind the sandbox's front). "+
		"Requests = HTTP requests the sandbox received during the command (per object in brackets); "+
		"conns = TCP connections its fronts accepted. Took %s.\n\n", o.runs, o.parallelism, took.Round(time.Second))
	floors, shapes := map[string]point{}, map[string]point{}
	for _, p := range points {
		switch p.kind {
		case "floor":
			floors[fmt.Sprint(p.tf, p.n, p.latency)] = p
		case "shape":
			shapes[fmt.Sprint(p.tf, p.n, p.latency)] = p
		}
	}
	b.WriteString("| terraform | kind | N | latency | apply floor → provider | ratio | plan floor → provider | ratio | destroy floor → provider | ratio | ÷ shape apply / plan / destroy | requests apply / plan / destroy | conns apply / plan / destroy | CPU s floor → provider, apply / plan / destroy | peak RSS MB | goals |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|---|\n")
	for _, p := range points {
		if p.kind == "floor" {
			continue
		}
		f := floors[fmt.Sprint(p.tf, p.n, p.latency)]
		byShape := "–"
		if sh, ok := shapes[fmt.Sprint(p.tf, p.n, p.latency)]; ok && p.kind == "silence" {
			var rs []string
			for _, op := range operations {
				rs = append(rs, fmt.Sprintf("%.2f×", float64(p.ops[op].wall)/float64(sh.ops[op].wall)))
			}
			byShape = strings.Join(rs, " / ")
		}
		var cells []string
		var misses []string
		for _, op := range operations {
			fw, pw := f.ops[op].wall, p.ops[op].wall
			r := "–"
			if fw > 0 {
				ratio := float64(pw) / float64(fw)
				r = fmt.Sprintf("%.2f×", ratio)
				if ratio > ratioGoal {
					misses = append(misses, fmt.Sprintf("%s %.2f×", op, ratio))
				}
			}
			cells = append(cells, fmt.Sprintf("%s → %s", fw.Round(10*time.Millisecond), pw.Round(10*time.Millisecond)), r)
		}
		per := func(op string) string {
			return fmt.Sprintf("%d (%.2f)", p.ops[op].calls, float64(p.ops[op].calls)/float64(p.n))
		}
		for _, op := range operations {
			if c := p.ops[op].conns; c > int64(o.parallelism+2) {
				misses = append(misses, fmt.Sprintf("%s %d conns", op, c))
			}
		}
		if p.kind == "shape" {
			misses = nil // a reference, not a goal
		}
		if p.kind == "silence" {
			if c := float64(p.ops["apply"].calls) / float64(p.n); c > 1.1 {
				misses = append(misses, fmt.Sprintf("apply %.2f req/object", c))
			}
			if c := p.ops["plan"].calls; c > 1 {
				misses = append(misses, fmt.Sprintf("plan %d requests", c))
			}
			if c := p.ops["destroy"].calls; c > int64(p.n)+1 {
				misses = append(misses, fmt.Sprintf("destroy %d requests", c))
			}
		}
		goals := "✓"
		if p.kind == "shape" {
			goals = "(reference)"
		}
		if len(misses) > 0 {
			goals = "✗ " + strings.Join(misses, ", ")
		}
		rss := max(p.ops["apply"].rssKB, p.ops["plan"].rssKB, p.ops["destroy"].rssKB)
		var cpu []string
		for _, op := range operations {
			cpu = append(cpu, fmt.Sprintf("%.1f → %.1f", f.ops[op].cpu.Seconds(), p.ops[op].cpu.Seconds()))
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %d / %d / %d | %s | %.0f | %s |\n",
			p.tf, p.kind, p.n, p.latency, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], byShape,
			per("apply"), per("plan"), per("destroy"),
			p.ops["apply"].conns, p.ops["plan"].conns, p.ops["destroy"].conns, strings.Join(cpu, " / "), float64(rss)/1024, goals)
	}
	fmt.Fprintf(&b, "\nGoals (✓ when met): every ratio ≤ %.1f×; connections ≤ parallelism + 2 = %d; silences: ≤ 1.1 requests per object on apply, 1 list per plan, ≤ N + 1 requests on destroy.\n",
		ratioGoal, o.parallelism+2)
	return b.String()
}
