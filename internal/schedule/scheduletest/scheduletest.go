// Package scheduletest holds the fixtures the tests of both schedule
// resources share.
package scheduletest

import (
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/schedule"
)

// SpringForward is the tests' occurrence of a two-hour window at 02:30 in
// Berlin on the night clocks spring forward: its key names a wall clock
// that does not exist, and it starts at 01:00 UTC. id is its server id.
func SpringForward(id string) schedule.Occurrence {
	start := time.Date(2027, 3, 28, 1, 0, 0, 0, time.UTC)
	return schedule.Occurrence{Key: "2027-03-28T02:30", Start: start, End: start.Add(2 * time.Hour), ID: id}
}
