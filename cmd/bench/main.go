// Command bench measures apply, plan and destroy of many objects against
// the floor of Terraform itself (`make bench`); see internal/bench.
package main

import (
	"fmt"
	"os"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/bench"
)

func main() {
	if err := bench.Main(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
