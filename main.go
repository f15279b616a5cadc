// Command terraform-provider-o11y is the o11y Terraform provider.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
)

// version is set by the release build with -ldflags "-X main.version=...".
var version = "dev"

// quietUnlessAsked turns the SDK's and the provider's own logging off when
// nobody asked Terraform for logs. Terraform discards a plugin's log lines
// unless TF_LOG (or a TF_LOG_* for providers) is set, but the framework
// still formats a JSON trace line for every step of every RPC: about a
// quarter of the provider's CPU when planning many resources (measured with
// make bench). With any of those variables set, nothing changes.
func quietUnlessAsked() {
	for _, k := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		if os.Getenv(k) != "" {
			return
		}
	}
	for _, k := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		_ = os.Setenv(k, "OFF")
	}
}

// cpuProfile starts a CPU profile of this plugin process when
// O11Y_CPU_PROFILE names a folder (make bench -profile sets it): Terraform
// starts one provider process per command phase, so each writes its own
// cpu-<pid>.pprof there. The returned function stops it.
func cpuProfile() func() {
	dir := os.Getenv("O11Y_CPU_PROFILE")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		log.Printf("O11Y_CPU_PROFILE: %v", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Printf("O11Y_CPU_PROFILE: %v", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// gcPercent is the garbage collector's target unless GOGC says otherwise.
// A plugin process lives for one Terraform command phase, but the framework
// allocates heavily per RPC (logging contexts, schema maps) and keeps tens
// of megabytes live while Terraform's operations run: with Go's default of
// 100 the collector took about a quarter of the CPU of a plan of many
// objects. 200 cuts the CPU of a plan of 1000 silences by about a fifth
// (terraform and provider together) for about 100 MB more peak memory in
// the provider (make bench -profile; 400 saves a little more for twice
// that memory).
const gcPercent = 200

func main() {
	quietUnlessAsked()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	stopProfile := cpuProfile()
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	factory := provider.NewFactory(version, provider.Options{})
	err := providerserver.Serve(context.Background(), factory.Provider, providerserver.ServeOpts{
		Address:         "registry.terraform.io/nhn-o11y/o11y",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	// Terraform does not call Close on ephemeral windows when a run fails
	// after Open; expire whatever this process still has open before it
	// exits, so nothing keeps muting alerts until max_duration.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if cerr := factory.Shutdown(ctx); cerr != nil {
		log.Printf("closing open ephemeral windows: %v", cerr)
	}
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}
