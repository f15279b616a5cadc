// Command bench measures apply, plan and destroy of many objects against
// the floor of Terraform itself (`make bench`); see internal/bench. SIGINT
// and SIGTERM stop it cleanly: the terraform run in progress, the sandbox's
// servers and the temporary folders go with it.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/bench"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver"
)

func main() {
	testserver.ExitWithParent()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := bench.Main(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
