// Command sandbox runs the local sandbox the demo and the benchmarks use: the
// O11y maintenance fake, the Alert Silence API fake, the Resource Watcher
// fake, and a real Prometheus Alertmanager behind a Grafana-path proxy with
// basic auth, all on 127.0.0.1. It prints ready-to-paste `export` lines and
// runs until Ctrl-C.
//
//	go run ./internal/sandbox [--state-dir DIR] [--env-file FILE] [--latency 20ms]
//	    [--fail API:STATUS[:TIMES[:RETRY_AFTER]]] [--fail-reset API[:TIMES]] [--fail-slow API:DELAY[:TIMES]]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/faults"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/sandbox/servers"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	stateDir := fs.String("state-dir", "", "keep data (Alertmanager silences, fake objects, credentials) in this folder between runs")
	envFile := fs.String("env-file", "", "also write the export lines to this file")
	tz := fs.String("time-zone", "Asia/Seoul", "zone of the maintenance API's dates")
	latency := fs.Duration("latency", 0, "delay added to every answer of every API")
	var fail, reset, slow multi
	fs.Var(&fail, "fail", "answer the next TIMES calls to API with STATUS: API:STATUS[:TIMES[:RETRY_AFTER]] (APIs: "+strings.Join(servers.APIs, ", ")+"); repeatable")
	fs.Var(&reset, "fail-reset", "close the connection of the next TIMES calls to API: API[:TIMES]; repeatable")
	fs.Var(&slow, "fail-slow", "delay the next TIMES calls to API: API:DELAY[:TIMES]; repeatable")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fl, err := parseFaults(fail, reset, slow)
	if err != nil {
		return err
	}
	sb, err := servers.Start(servers.Options{StateDir: *stateDir, TimeZone: *tz, Latency: *latency, Faults: fl})
	if err != nil {
		return err
	}
	defer sb.Close()

	var b strings.Builder
	b.WriteString("# o11y sandbox — paste these lines into your shell:\n")
	for _, kv := range sb.Env() {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, "# Alert Silence API (flavor alert-silence): ALERTMANAGER_URL=%s O11Y_ALERTMANAGER_FLAVOR=alert-silence\n", sb.URLs[servers.APIAlertSilence])
	fmt.Fprintf(&b, "# Prometheus Alertmanager itself (flavor prometheus): %s\n", sb.Alertmanager.URL)
	fmt.Print(b.String())
	if *envFile != "" {
		if err := os.WriteFile(*envFile, []byte(b.String()), 0o600); err != nil {
			return err
		}
	}
	fmt.Println("# ready; Ctrl-C stops every server")

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	fmt.Println("# stopping")
	return nil
}

func parseFaults(fail, reset, slow []string) (map[string][]faults.Fault, error) {
	out := map[string][]faults.Fault{}
	known := map[string]bool{}
	for _, a := range servers.APIs {
		known[a] = true
	}
	add := func(spec string, minParts, maxParts int, mk func(parts []string) (faults.Fault, error)) error {
		parts := strings.Split(spec, ":")
		if len(parts) < minParts || len(parts) > maxParts || !known[parts[0]] {
			return fmt.Errorf("fault %q: start with one of %s", spec, strings.Join(servers.APIs, ", "))
		}
		f, err := mk(parts)
		if err != nil {
			return fmt.Errorf("fault %q: %w", spec, err)
		}
		out[parts[0]] = append(out[parts[0]], f)
		return nil
	}
	times := func(parts []string, i int) (int, error) {
		if len(parts) <= i {
			return 1, nil
		}
		return strconv.Atoi(parts[i])
	}
	for _, s := range fail {
		if err := add(s, 2, 4, func(p []string) (faults.Fault, error) {
			st, err := strconv.Atoi(p[1])
			if err != nil || st < 100 || st > 599 {
				return faults.Fault{}, fmt.Errorf("%q is not an HTTP status", p[1])
			}
			n, err := times(p, 2)
			f := faults.Fault{Status: st, Times: n}
			if len(p) == 4 {
				f.RetryAfter = p[3]
			}
			return f, err
		}); err != nil {
			return nil, err
		}
	}
	for _, s := range reset {
		if err := add(s, 1, 2, func(p []string) (faults.Fault, error) {
			n, err := times(p, 1)
			return faults.Fault{Reset: true, Times: n}, err
		}); err != nil {
			return nil, err
		}
	}
	for _, s := range slow {
		if err := add(s, 2, 3, func(p []string) (faults.Fault, error) {
			d, err := time.ParseDuration(p[1])
			if err != nil {
				return faults.Fault{}, err
			}
			n, err := times(p, 2)
			return faults.Fault{Delay: d, Times: n}, err
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
