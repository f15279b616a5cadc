// Package windowtime is the arithmetic of a change window's times, shared
// by every window type (silences, maintenance windows, their ephemeral and
// action forms, schedules): a duration read once, the end of a window from
// the instant it counts from and back, and the rule that a configured time
// keeps its spelling in state while the server names the same instant.
//
// The rules themselves are in the repository's DESIGN.md ("Time").
package windowtime

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Millisecond is Alertmanager's timestamp precision: instants closer than
// this are the same silence time.
const Millisecond = time.Millisecond

// Duration reads a known duration; ok is false for null, unknown or a
// value that does not parse (the type's own validation reports that).
func Duration(v timetypes.GoDuration) (time.Duration, bool) {
	if v.IsNull() || v.IsUnknown() {
		return 0, false
	}
	d, diags := v.ValueGoDuration()
	if diags.HasError() {
		return 0, false
	}
	return d, true
}

// End is the end of a window that counts d from anchor.
func End(anchor time.Time, d time.Duration) time.Time { return anchor.Add(d) }

// Anchor is the instant a window of length d that ends at end counts from:
// the inverse of End.
func Anchor(end time.Time, d time.Duration) time.Time { return end.Add(-d) }

// Same reports whether a and b are the same instant at precision p (zero:
// exactly).
func Same(a, b time.Time, p time.Duration) bool {
	if p <= 0 {
		return a.Equal(b)
	}
	d := a.Sub(b)
	return d < p && d > -p
}

// Of parses a known RFC 3339 value; ok is false for null or unknown.
func Of(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v.ValueString())
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// Value renders an instant in its own location with its sub-second digits.
// It never panics: an instant RFC 3339 cannot write (a year past 9999)
// gives a value that does not parse, and plan-time checks (AfterYear9999)
// keep such instants out of plans.
func Value(t time.Time) timetypes.RFC3339 {
	return timetypes.RFC3339{StringValue: types.StringValue(t.Format(time.RFC3339Nano))}
}

// Keep is the value to store for the server's instant t: prior itself when
// it names the same instant at precision p, so that the spelling and offset
// the configuration used stay in state and plans show no diff; otherwise t
// rendered by Value.
func Keep(prior timetypes.RFC3339, t time.Time, p time.Duration) timetypes.RFC3339 {
	if pt, ok := Of(prior); ok && Same(pt, t, p) {
		return prior
	}
	return Value(t)
}

// AfterYear9999 reports whether t cannot be written in RFC 3339 (and so
// neither in Terraform's state nor to a server).
func AfterYear9999(t time.Time) bool { return t.Year() > 9999 || t.UTC().Year() > 9999 }
