package silence

import (
	"fmt"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// This file holds the expiry rules of DESIGN.md ("Expiry and drift") as
// pure functions: what Read does with the server's answer, and what a plan
// may do with a silence that has ended. They take "now" as an argument (the
// server's Date header on Read, the provider clock at plan time) so they are
// table-tested with a fake clock.

// readDecision is what Read does with the server's answer.
type readDecision int

const (
	// readStore: the silence is live (or was edited out of band): store the
	// server's view; the next plan updates drift back.
	readStore readDecision = iota
	// readKeepExpired: the silence ended at the end Terraform asked for (or
	// that end has passed and the server garbage-collected it). Keep the
	// state as it is with status = "expired": no diff, no error.
	readKeepExpired
	// readRemove: the silence ended early (expired by a person, or lost
	// while it should still run). Remove it from state so the next plan
	// creates it again.
	readRemove
)

func (d readDecision) String() string {
	switch d {
	case readStore:
		return "store"
	case readKeepExpired:
		return "keep-expired"
	default:
		return "remove"
	}
}

// observation is what a read of one silence returned.
type observation struct {
	// Found is false when the server answered 404.
	Found bool
	// State and EndsAt are the server's, when Found.
	State  string
	EndsAt time.Time
}

// decideRead applies the expiry table. end is the end in state (E); the zero
// time means "no end known" (an import), where only the server's answer
// counts. now is the server's clock.
func decideRead(end time.Time, obs observation, now time.Time) (readDecision, string) {
	if end.IsZero() {
		if obs.Found {
			return readStore, "imported"
		}
		return readRemove, "the silence does not exist"
	}
	if obs.Found && obs.State != alertmanager.StateExpired {
		return readStore, "live"
	}
	if obs.Found && sameInstant(obs.EndsAt, end) {
		return readKeepExpired, "ended naturally"
	}
	if !now.Before(end) {
		if obs.Found {
			return readKeepExpired, "ended after its planned end"
		}
		return readKeepExpired, "ended and was garbage-collected by the server"
	}
	if obs.Found {
		return readRemove, fmt.Sprintf("was expired early at %s, before its end %s", obs.EndsAt.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339))
	}
	return readRemove, fmt.Sprintf("is gone from the server before its end %s (Alertmanager restarted without a snapshot, another organization, or deleted)", end.UTC().Format(time.RFC3339))
}

// changeDecision is what a plan does when the configuration changes what
// the server holds (comment, created_by, times).
type changeDecision int

const (
	// changeInPlace: the server updates the silence under the same id.
	changeInPlace changeDecision = iota
	// changeNewID: the server will answer with a new id (the silence has
	// expired, or a pending silence's start moves): plan an update with id
	// unknown.
	changeNewID
	// changeReplace: the start of a running silence moves: plan a replacement.
	changeReplace
	// changeRefused: the change cannot be applied; the plan fails with the
	// returned message.
	changeRefused
)

// planChange is the input of decideChange.
type planChange struct {
	// State is the status in state: pending, active or expired.
	State string
	// End is the planned end; EndKnown is false when it is only known at
	// apply time.
	End      time.Time
	EndKnown bool
	// StartMoves is true when the configured start really changes (not a
	// past start replaced by another past one).
	StartMoves bool
	// Start is the new configured start, when StartMoves.
	Start time.Time
}

// decideChange applies the plan-side rules for a silence whose
// server-side fields change. now is the provider's clock.
func decideChange(c planChange, now time.Time) (changeDecision, string) {
	if c.EndKnown && !c.End.After(now) {
		if c.State == alertmanager.StateExpired {
			return changeRefused, fmt.Sprintf("This silence has expired and its end (%s) is in the past, so the server cannot change it. "+
				"To silence again, set `ends_at` to a future time (or change `duration` so that the silence ends in the future) and a new silence is created; "+
				"to start a fresh window of the same `duration`, run `terraform apply -replace=<address>`; or remove the block (or `terraform state rm` it) to forget it.",
				c.End.UTC().Format(time.RFC3339))
		}
		return changeRefused, fmt.Sprintf("The new end %s is not in the future; Alertmanager refuses a silence that ends in the past. "+
			"To end the silence now, remove the resource (destroying it expires the silence); otherwise choose a later `ends_at` or a longer `duration`.",
			c.End.UTC().Format(time.RFC3339))
	}
	if c.State == alertmanager.StateExpired {
		return changeNewID, "the silence has expired: the server creates a new one"
	}
	if c.StartMoves {
		if c.State == alertmanager.StatePending && c.Start.After(now) {
			return changeNewID, "the start of a pending silence moves; the server may issue a new id if it starts meanwhile"
		}
		return changeReplace, "the start of a running silence cannot change in place"
	}
	return changeInPlace, "in place"
}
