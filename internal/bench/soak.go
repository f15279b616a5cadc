package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/sandbox"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// The fault soak (`make bench-soak`): N silences against a stock
// Alertmanager (its default --web.get-concurrency answers 503 past its
// limit) behind the sandbox's front, which answers fault-rate of the
// requests at random with a 503 (half of them) or by resetting the
// connection (the other half) before they reach Alertmanager. The provider
// runs with its default retries. Apply, plan and destroy must each
// converge within one re-run, and after each the audit counts, from
// Alertmanager itself and the state file: duplicate silences (two silences
// in force with the same matchers), orphans (in force on the server, not
// in state) and state entries pointing at nothing (in state, not in force
// on the server).

// soakStep is one command of the soak and what it left.
type soakStep struct {
	op        string
	attempts  int
	converged bool
	wall      time.Duration
	calls     int64
	conns     int64
	faults    int
	errors    []string // the first error line of each failed attempt
	audit     audit
}

type audit struct {
	server, state             int
	duplicates, orphans, gone int
}

func soak(ctx context.Context, tf, work string, env []string, o options) (string, error) {
	version, err := tfVersion(ctx, tf)
	if err != nil {
		return "", err
	}
	n := o.ns[0]
	half := o.faultRate / 2
	faults := map[string][]faultinject.Fault{}
	if half > 0 {
		faults[sandbox.APIPrometheus] = []faultinject.Fault{{Status: http.StatusServiceUnavailable, Probability: half}, {Reset: true, Probability: half}}
	}
	sb, err := sandbox.Start(sandbox.Options{Latency: o.latencies[0], Faults: faults})
	if err != nil {
		return "", err
	}
	defer sb.Close()
	dir := filepath.Join(work, "soak")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	w := newWindow(time.Now())
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(header+silences("s", "Soak", n, w)), 0o644); err != nil {
		return "", err
	}
	runEnv := append(append([]string(nil), env...), sandboxEnv(sb)...)
	began := time.Now()
	var steps []soakStep
	for _, op := range operations {
		st := soakStep{op: op}
		faultsBefore := sb.Faults()[sandbox.APIPrometheus]
		sb.ResetCalls()
		for st.attempts < 2 && !st.converged {
			st.attempts++
			m, out, err := timed(ctx, tf, dir, runEnv, tfArgs(op, o.parallelism))
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			st.wall += m.wall
			if err == nil {
				st.converged = true
				break
			}
			st.errors = append(st.errors, fmt.Sprintf("attempt %d (exit %d): %s", st.attempts, exitCode(err), firstError(out)))
		}
		for _, c := range sb.Calls() {
			st.calls += c
		}
		for _, c := range sb.Conns() {
			st.conns += c
		}
		st.faults = sb.Faults()[sandbox.APIPrometheus] - faultsBefore
		if st.audit, err = auditSilences(sb.Alertmanager.URL, filepath.Join(dir, "terraform.tfstate"), "Soak"); err != nil {
			return "", err
		}
		steps = append(steps, st)
		fmt.Fprintf(os.Stderr, "soak %-7s attempts %d converged %v faults %d audit %+v\n", op, st.attempts, st.converged, st.faults, st.audit)
	}
	report, ok := soakReport(steps, version, n, o, time.Since(began))
	if !ok {
		return report, fmt.Errorf("the soak failed: see the report")
	}
	return report, nil
}

// firstError is the first "Error:" line of terraform's output, with the
// count of them.
func firstError(out []byte) string {
	var first string
	count := 0
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "Error:") {
			if count == 0 {
				first = strings.TrimSpace(l)
			}
			count++
		}
	}
	if count == 0 {
		return tail(out)
	}
	return fmt.Sprintf("%s (%d errors)", first, count)
}

// auditSilences compares Alertmanager's silences whose alertname matcher is
// alert with the state file.
func auditSilences(amURL, statePath, alert string) (audit, error) {
	var a audit
	resp, err := http.Get(amURL + "/api/v2/silences")
	if err != nil {
		return a, err
	}
	defer resp.Body.Close()
	var list []struct {
		ID       string `json:"id"`
		Matchers []struct {
			Name, Value      string
			IsRegex, IsEqual bool
		} `json:"matchers"`
		Status struct {
			State string `json:"state"`
		} `json:"status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return a, fmt.Errorf("listing silences: %w", err)
	}
	inForce := map[string]bool{}
	byMatchers := map[string]int{}
	for _, s := range list {
		if s.Status.State == "expired" || len(s.Matchers) == 0 || s.Matchers[0].Value != alert {
			continue
		}
		inForce[s.ID] = true
		key, _ := json.Marshal(s.Matchers)
		byMatchers[string(key)]++
	}
	for _, c := range byMatchers {
		if c > 1 {
			a.duplicates += c - 1
		}
	}
	inState := map[string]bool{}
	b, err := os.ReadFile(statePath)
	if err != nil && !os.IsNotExist(err) {
		return a, err
	}
	if len(b) > 0 {
		var st struct {
			Resources []struct {
				Type      string `json:"type"`
				Instances []struct {
					Attributes struct {
						ID string `json:"id"`
					} `json:"attributes"`
				} `json:"instances"`
			} `json:"resources"`
		}
		if err := json.Unmarshal(b, &st); err != nil {
			return a, fmt.Errorf("reading the state: %w", err)
		}
		for _, r := range st.Resources {
			if r.Type != "o11y_silence" {
				continue
			}
			for _, in := range r.Instances {
				inState[in.Attributes.ID] = true
			}
		}
	}
	a.server, a.state = len(inForce), len(inState)
	for id := range inForce {
		if !inState[id] {
			a.orphans++
		}
	}
	for id := range inState {
		if !inForce[id] {
			a.gone++
		}
	}
	return a, nil
}

func soakReport(steps []soakStep, version string, n int, o options, took time.Duration) (string, bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "# make bench-soak\n\nterraform %s, %d o11y_silence (prometheus flavor, stock Alertmanager: default --web.get-concurrency), "+
		"latency %s, -parallelism=%d, the provider's default retries; %.1f%% of the requests to Alertmanager's front answered at random "+
		"with 503 (half) or a reset connection (half). Each command runs at most twice (one re-run). Audit after each command: "+
		"silences in force on Alertmanager, state entries, duplicates (same matchers in force twice), orphans (in force, not in state), "+
		"state entries pointing at nothing. Took %s.\n\n",
		version, n, o.latencies[0], o.parallelism, o.faultRate*100, took.Round(time.Second))
	b.WriteString("| command | runs | converged | wall | requests | conns | faults injected | in force | in state | duplicates | orphans | pointing at nothing |\n")
	b.WriteString("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	ok := true
	for _, s := range steps {
		conv := "yes"
		if !s.converged {
			conv, ok = "NO", false
		}
		if s.audit.duplicates+s.audit.orphans+s.audit.gone > 0 {
			ok = false
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %d | %d | %d | %d | %d | %d | %d | %d |\n", s.op, s.attempts, conv, s.wall.Round(10*time.Millisecond),
			s.calls, s.conns, s.faults, s.audit.server, s.audit.state, s.audit.duplicates, s.audit.orphans, s.audit.gone)
	}
	var errs []string
	for _, s := range steps {
		for _, e := range s.errors {
			errs = append(errs, s.op+" "+e)
		}
	}
	sort.Strings(errs)
	if len(errs) > 0 {
		b.WriteString("\nFailed attempts:\n")
		for _, e := range errs {
			b.WriteString("- " + e + "\n")
		}
	}
	if ok {
		b.WriteString("\nResult: every command converged within one re-run; no duplicate, orphan or dangling state entry.\n")
	} else {
		b.WriteString("\nResult: FAILED (see above).\n")
	}
	return b.String(), ok
}
