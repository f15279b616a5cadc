package apidiag_test

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

func TestDetail(t *testing.T) {
	t.Parallel()
	hints := apidiag.Hints{403: "Check the token."}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{
			"envelope failure with a code",
			&api.Error{Op: "create event alarm", Status: 200, Code: "40000", Message: `role "X" does not exist`, Refused: true},
			"HTTP status: 200\nAPI code: 40000\nServer message: role \"X\" does not exist",
		},
		{
			"id, trimmed message",
			&api.Error{Op: "read event alarm", ID: "a-1", Status: 500, Message: "  boom \n"},
			"Event alarm id: a-1\nHTTP status: 500\nServer message: boom",
		},
		{
			"empty answer",
			&api.Error{Status: 502},
			"HTTP status: 502\nServer message: (empty answer)",
		},
		{
			"hint by status",
			&api.Error{ID: "a-1", Status: 403, Message: "forbidden"},
			"Event alarm id: a-1\nHTTP status: 403\nServer message: forbidden\n\nCheck the token.",
		},
		{
			"wrapped: the API error is found",
			fmt.Errorf("read event alarm %q: %w", "a-1", &api.Error{ID: "a-1", Status: 404, Message: "no", NotFound: true}),
			"Event alarm id: a-1\nHTTP status: 404\nServer message: no",
		},
		{
			"not an API error: its text, as a sentence",
			errors.New("read event alarm \"a-1\": GET https://x failed after 3 attempt(s): connection refused"),
			"read event alarm \"a-1\": GET https://x failed after 3 attempt(s): connection refused.",
		},
		{
			"already a sentence",
			errors.New("  nothing to do. "),
			"nothing to do.",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := apidiag.Detail(tc.err, "event alarm", hints); got != tc.want {
				t.Fatalf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestMayExist(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"answer lost", &httpx.AmbiguousError{Method: "POST", URL: "https://x", Err: syscall.ECONNRESET}, true},
		{"answer lost, wrapped", fmt.Errorf("create silence: %w", &httpx.AmbiguousError{Method: "POST", URL: "https://x", StatusCode: 504}), true},
		{"2xx with an unreadable body", &api.Error{Status: 200, Message: "the answer carries no alarm.alarmId"}, true},
		{"201 with an unreadable body", &api.Error{Status: 201, Message: "malformed answer"}, true},
		{"2xx whose body refuses", &api.Error{Status: 200, Code: "40000", Message: "bad role", Refused: true}, false},
		{"4xx", &api.Error{Status: 400, Message: "bad request"}, false},
		{"5xx (the server says it failed)", &api.Error{Status: 500}, false},
		{"no answer at all, not sent", &httpx.TransportError{Method: "POST", URL: "https://x", Attempts: 1, Err: syscall.ECONNREFUSED}, false},
		{"plain error", errors.New("encoding request body"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := apidiag.MayExist(tc.err); got != tc.want {
				t.Fatalf("MayExist(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func TestCreateFailed(t *testing.T) {
	t.Parallel()
	const find = "Look for it with the o11y_maintenances data source."
	t.Run("may exist", func(t *testing.T) {
		t.Parallel()
		var diags diag.Diagnostics
		apidiag.CreateFailed(&diags, "maintenance", &httpx.AmbiguousError{Method: "POST", URL: "https://x/create"}, nil, find)
		if len(diags) != 1 || diags[0].Severity() != diag.SeverityError || diags[0].Summary() != "Unable to create maintenance" {
			t.Fatalf("%v", diags)
		}
		d := diags[0].Detail()
		for _, want := range []string{"answer was lost", "The maintenance may have been created anyway", "nothing was created twice", find} {
			if !strings.Contains(d, want) {
				t.Errorf("detail lacks %q:\n%s", want, d)
			}
		}
	})
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		var diags diag.Diagnostics
		apidiag.CreateFailed(&diags, "event alarm", &api.Error{Status: 200, Code: "40000", Message: "bad role", Refused: true},
			apidiag.Hints{200: "Fix the target."}, find)
		d := diags[0].Detail()
		if diags[0].Summary() != "Unable to create event alarm" || d != "HTTP status: 200\nAPI code: 40000\nServer message: bad role\n\nFix the target." {
			t.Fatalf("%q: %q", diags[0].Summary(), d)
		}
		if strings.Contains(d, "may have been created") || strings.Contains(d, find) {
			t.Fatalf("a refused create created nothing: %s", d)
		}
	})
}

func TestItem(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err  error
		want string
	}{
		{&api.Error{ID: "s-1", Status: 500, Message: "down"}, "- s-1: HTTP status: 500\n  Server message: down"},
		{errors.New("connection refused"), "- s-1: connection refused."},
	} {
		if got := apidiag.Item(c.err, "silence", "s-1", nil); got != c.want {
			t.Errorf("Item(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
