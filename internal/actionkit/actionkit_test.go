package actionkit

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestNotEnded(t *testing.T) {
	var diags diag.Diagnostics
	NotEnded(&diags, "delete", "silence", "end", nil, []string{"a: gone wrong"})
	if len(diags) != 1 {
		t.Fatalf("diags = %v", diags)
	}
	d := diags[0]
	if d.Summary() != "Unable to delete 1 silence" {
		t.Errorf("summary = %q", d.Summary())
	}
	if want := "Deleted: none.\nNot deleted (they end by themselves at their end; run the action again to retry):\na: gone wrong"; d.Detail() != want {
		t.Errorf("detail = %q, want %q", d.Detail(), want)
	}

	diags = nil
	NotEnded(&diags, "expire", "maintenance window", "end_date", []string{"x", "y"}, []string{"z: no", "w: no"})
	if d := diags[0]; d.Summary() != "Unable to expire 2 maintenance windows" ||
		d.Detail() != "Expired: x, y.\nNot expired (they end by themselves at their end_date; run the action again to retry):\nz: no\nw: no" {
		t.Errorf("got %q / %q", d.Summary(), d.Detail())
	}

	diags = nil
	NotEnded(&diags, "expire", "silence", "end", []string{"x"}, nil)
	if len(diags) != 0 {
		t.Errorf("nothing failed, yet %v", diags)
	}
}

func TestProgress(t *testing.T) {
	Progress(&action.InvokeResponse{}, "no listener") // must not panic
	var got []string
	Progress(&action.InvokeResponse{SendProgress: func(e action.InvokeProgressEvent) { got = append(got, e.Message) }}, "hello")
	if len(got) != 1 || got[0] != "hello" {
		t.Errorf("got %q", got)
	}
}
