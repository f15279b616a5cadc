// Command testmatrix prints which binary ran which acceptance suite in a
// `make test` (the file named by O11Y_ACC_REPORT) and exits 1 when a suite
// failed or ran on no binary.
package main

import (
	"fmt"
	"os"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: testmatrix REPORT")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "testmatrix:", err)
		os.Exit(1)
	}
	defer f.Close()
	m, err := acctest.ReadMatrix(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testmatrix:", err)
		os.Exit(1)
	}
	fmt.Print(m.Markdown())
	if ps := m.Problems(); len(ps) > 0 {
		for _, p := range ps {
			fmt.Fprintln(os.Stderr, "testmatrix:", p)
		}
		os.Exit(1)
	}
}
