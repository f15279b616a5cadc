package acctest

import (
	"reflect"
	"strings"
	"testing"
)

func TestMatrix(t *testing.T) {
	t.Parallel()
	report := strings.Join([]string{
		"terraform-1.5.7\tsilence\tpassed\t",
		"terraform-1.15.9\tsilence\tpassed\t",
		"terraform-1.5.7\tactions\tskipped\tTerraform 1.5.7 has no actions (needs 1.14)",
		"terraform-1.15.9\tactions\tpassed\tTestAction_x",
		"tofu-1.12.6\tactions\tskipped\tOpenTofu has no actions",
		"tofu-1.12.6\tlist\tskipped\tOpenTofu has no list resources",
		"terraform-1.5.7\tlist\tskipped\tTerraform 1.5.7 has no list resources (needs 1.14)",
		"tofu-1.12.6\tsilence\tfailed\t",
	}, "\n")
	m, err := ReadMatrix(strings.NewReader(report))
	if err != nil {
		t.Fatal(err)
	}
	md := m.Markdown()
	for _, want := range []string{
		"| suite | terraform-1.15.9 | terraform-1.5.7 | tofu-1.12.6 |",
		"| actions | passed | skipped: Terraform 1.5.7 has no actions (needs 1.14) | skipped: OpenTofu has no actions |",
		"| silence | passed | passed | FAILED (1) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("matrix lacks %q:\n%s", want, md)
		}
	}
	want := []string{"suite list ran on no binary", "suite silence failed on tofu-1.12.6"}
	if got := m.Problems(); !reflect.DeepEqual(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
}
