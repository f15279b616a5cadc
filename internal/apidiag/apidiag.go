// Package apidiag turns the errors of the API clients into diagnostics, the
// same way for every Terraform type: which object, the HTTP status, the
// API's own code and the server's message, never a credential (the clients
// keep credentials out of errors); and, for a create whose answer was lost,
// that the object may exist and how to adopt it.
package apidiag

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Hints add advice to the detail of an API error by HTTP status, such as
// what a 403 means for the credentials of one API.
type Hints map[int]string

// Detail is the diagnostic detail of a client error. noun names the object
// ("silence", "maintenance", "event alarm").
func Detail(err error, noun string, hints Hints) string {
	var ae *api.Error
	if !errors.As(err, &ae) {
		msg := strings.TrimSpace(err.Error())
		if !strings.HasSuffix(msg, ".") {
			msg += "."
		}
		return msg
	}
	var b strings.Builder
	if ae.ID != "" {
		fmt.Fprintf(&b, "%s id: %s\n", Capitalize(noun), ae.ID)
	}
	fmt.Fprintf(&b, "HTTP status: %d\n", ae.Status)
	if ae.Code != "" {
		fmt.Fprintf(&b, "API code: %s\n", ae.Code)
	}
	msg := strings.TrimSpace(ae.Message)
	if msg == "" {
		msg = "(empty answer)"
	}
	fmt.Fprintf(&b, "Server message: %s", msg)
	if h := hints[ae.Status]; h != "" {
		b.WriteString("\n\n" + h)
	}
	return b.String()
}

// MayExist reports whether a create that failed with err may have created
// the object anyway: the request may have reached the server but its
// answer was lost (httpx sends such a create only once), or the server
// answered 2xx with a body the client could not read. A 2xx whose body
// says the server refused (api.Error.Refused) created nothing.
func MayExist(err error) bool {
	var amb *httpx.AmbiguousError
	if errors.As(err, &amb) {
		return true
	}
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Refused {
		return false
	}
	return ae.Status >= 200 && ae.Status < 300
}

// CreateFailed adds the "Unable to create <noun>" error for err. When the
// object may exist, the detail says so, and find tells how to look for it
// and adopt it instead of applying again (which would create a second one).
func CreateFailed(diags *diag.Diagnostics, noun string, err error, hints Hints, find string) {
	detail := Detail(err, noun, hints)
	if MayExist(err) {
		detail += fmt.Sprintf("\n\nThe %s may have been created anyway: the provider did not send the request again, so nothing was created twice. %s", noun, find)
	}
	diags.AddError("Unable to create "+noun, detail)
}

// Capitalize is s with its first letter upper-case ("expire" → "Expire"),
// for a noun or verb that starts a sentence.
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Item is the Detail of err as one item of a list of objects that failed
// ("- <id>: ..."), naming the object once.
func Item(err error, noun, id string, hints Hints) string {
	d := Detail(err, noun, hints)
	d = strings.TrimPrefix(d, fmt.Sprintf("%s id: %s\n", Capitalize(noun), id))
	return "- " + id + ": " + strings.ReplaceAll(d, "\n", "\n  ")
}
