// Command terraform-provider-o11y is the o11y Terraform provider.
package main

import (
	"context"
	"flag"
	"log"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/openwindows"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
)

// version is set by the release build with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/nhn-o11y/o11y",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	// Terraform does not call Close on ephemeral windows when a run fails
	// after Open; expire whatever this process still has open before it
	// exits, so nothing keeps muting alerts until max_duration.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if cerr := openwindows.CloseAll(ctx); cerr != nil {
		log.Printf("closing open ephemeral windows: %v", cerr)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}
