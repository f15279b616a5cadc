// Command sandbox runs the local sandbox the demo and the benchmarks use: the
// O11y maintenance fake, the Alert Silence API fake, the Resource Watcher
// fake, and a real Prometheus Alertmanager behind a Grafana-path proxy with
// basic auth, all on 127.0.0.1. It prints ready-to-paste `export` lines and
// runs until Ctrl-C.
//
//	go run ./cmd/sandbox [--state-dir DIR] [--env-file FILE] [--latency 20ms]
//	    [--fail API:STATUS[:TIMES[:RETRY_AFTER]]] [--fail-reset API[:TIMES]] [--fail-slow API:DELAY[:TIMES]]
//
// TIMES is a number of calls (default 1) or a percentage of them at random,
// such as 5%, for as long as the sandbox runs.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/sandbox"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	testserver.ExitWithParent()
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
	fs.Var(&fail, "fail", "answer the next TIMES calls to API with STATUS: API:STATUS[:TIMES[:RETRY_AFTER]] (APIs: "+strings.Join(sandbox.APIs, ", ")+"); "+
		"TIMES may be a percentage (5%) of the calls at random; repeatable")
	fs.Var(&reset, "fail-reset", "close the connection of the next TIMES calls (or TIMES% of them) to API: API[:TIMES]; repeatable")
	fs.Var(&slow, "fail-slow", "delay the next TIMES calls (or TIMES% of them) to API: API:DELAY[:TIMES]; repeatable")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fl, err := sandbox.ParseFaults(fail, reset, slow)
	if err != nil {
		return err
	}
	// Signals are caught before anything starts, so that one arriving while
	// the servers start still stops them and removes the temporary folder.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	sb, err := sandbox.Start(sandbox.Options{StateDir: *stateDir, TimeZone: *tz, Latency: *latency, Faults: fl})
	if err != nil {
		return err
	}
	defer sb.Close()

	var b strings.Builder
	b.WriteString("# o11y sandbox — paste these lines into your shell:\n")
	for _, kv := range sb.Env() {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, "# Alert Silence API (flavor alert-silence): ALERTMANAGER_URL=%s O11Y_ALERTMANAGER_FLAVOR=alert-silence\n", sb.URLs[sandbox.APIAlertSilence])
	fmt.Fprintf(&b, "# Prometheus Alertmanager itself (flavor prometheus): ALERTMANAGER_URL=%s O11Y_ALERTMANAGER_FLAVOR=prometheus\n", sb.URLs[sandbox.APIPrometheus])
	fmt.Print(b.String())
	if *envFile != "" {
		if err := os.WriteFile(*envFile, []byte(b.String()), 0o600); err != nil {
			return err
		}
	}
	fmt.Println("# ready; Ctrl-C stops every server")

	<-sig
	fmt.Println("# stopping")
	return nil
}
