// Package api holds what every REST client of the provider shares: the typed
// error that carries an API's answer, and the not-found sentinel. It imports
// nothing from Terraform.
package api

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrNotFound is wrapped by every client error that means "the object does
// not exist on the server" (HTTP 404, an id missing from a batch answer, or a
// not-found message inside an HTTP 200 failure envelope).
var ErrNotFound = errors.New("not found")

// Error is a failure answered by an API: an HTTP status outside the expected
// range, or an HTTP 200 whose body says it failed (the maintenance API's
// flag=false, Resource Watcher's header.isSuccessful=false).
type Error struct {
	// Op names the operation, such as "create silence".
	Op string
	// ID is the object the operation was about, when there is one.
	ID string
	// Status is the HTTP status code of the answer (200 for envelope failures).
	Status int
	// Code is the API's own result code, when it has one.
	Code string
	// Message is the server's own text.
	Message string
	// NotFound marks an error that means the object is gone.
	NotFound bool
	// Refused marks an answer that says in its body that the server did
	// not act (the maintenance API's flag=false, Resource Watcher's
	// isSuccessful=false), as opposed to a 2xx whose body cannot be read,
	// after which the server may well have acted.
	Refused bool
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
	}
	if e.ID != "" {
		fmt.Fprintf(&b, " %q", e.ID)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, ", code %s", e.Code)
	}
	msg := strings.TrimSpace(e.Message)
	if msg == "" {
		msg = "(empty answer)"
	}
	fmt.Fprintf(&b, ": %s", msg)
	return b.String()
}

// Is lets errors.Is(err, ErrNotFound) answer true for not-found API errors.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.NotFound
}

// IsNotFound reports whether err means the object does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// StatusOf returns the HTTP status carried by err, or 0.
func StatusOf(err error) int {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// TrimBody shortens a server answer for an error message.
func TrimBody(b []byte) string {
	// Diagnostics travel as protobuf strings, which must be valid UTF-8: a
	// binary answer or a cut through a multi-byte character (Korean server
	// messages) would turn the server's message into an RPC error.
	s := strings.ToValidUTF8(strings.TrimSpace(string(b)), "\uFFFD")
	limit := 512
	if len(s) > limit {
		for limit > 0 && !utf8.RuneStart(s[limit]) {
			limit--
		}
		s = s[:limit] + "…"
	}
	return s
}
