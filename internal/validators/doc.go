// Package validators holds the attribute validators that more than one
// Terraform type uses: durations, URLs, IANA time zones and non-blank
// strings. Each one says in its error what to write instead.
package validators
