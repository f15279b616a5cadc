package schedule

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/recurrence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// SchemaOptions tell the schedule attributes which resource they belong to.
type SchemaOptions struct {
	// Noun is the server object of one occurrence: "silence",
	// "maintenance".
	Noun string
	// WholeMinutes says the API keeps whole minutes (maintenance).
	WholeMinutes bool
}

// Attributes are the schedule attributes both resources have: time_zone,
// first_start, rrule, duration, except_dates, horizon and occurrences.
func Attributes(o SchemaOptions) map[string]schema.Attribute {
	minutes := ""
	if o.WholeMinutes {
		minutes = fmt.Sprintf(" The %s API keeps whole minutes, so it must give occurrences that start on a whole minute: no seconds, no `BYSECOND`, no `FREQ=SECONDLY`.", o.Noun)
	}
	durMinutes := ""
	if o.WholeMinutes {
		durMinutes = " A whole number of minutes, since the " + o.Noun + " API keeps minutes."
	}
	return map[string]schema.Attribute{
		"time_zone": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "The IANA time zone the schedule is read in, such as `Europe/Berlin` or `Asia/Seoul`: `first_start`, " +
				"`BYDAY`, `BYHOUR` and the rest mean what a clock on the wall there shows, on every day of the year. " +
				"A wall clock that does not exist (the spring-forward gap) starts at the end of the gap; one that exists twice (fall back) starts the first time.",
		},
		"first_start": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "The local wall-clock time of the first occurrence in `time_zone`, without an offset: `2027-01-03T02:00` " +
				"(seconds are allowed: `2027-01-03T02:00:00`). It is the rule's DTSTART. When it does not match the rule, it only bounds it: " +
				"the first occurrence is the first one after it, and the plan warns." + minutes,
		},
		"rrule": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "An RFC 5545 recurrence rule without DTSTART, such as `FREQ=WEEKLY;BYDAY=SU` or " +
				"`FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2` (the second Tuesday). Parts: `FREQ`, `INTERVAL`, `COUNT`, `UNTIL`, `WKST`, `BYSETPOS`, " +
				"`BYMONTH`, `BYWEEKNO`, `BYYEARDAY`, `BYMONTHDAY`, `BYDAY`, `BYHOUR`, `BYMINUTE`, `BYSECOND`. " +
				"`UNTIL` is an instant (`20271231T235959Z`), a local wall clock (`20271231T235959`) or a local date (`20271231`). " +
				"Skip dates with `except_dates`, not `EXDATE`." + minutes,
		},
		"duration": schema.StringAttribute{
			CustomType: timetypes.GoDurationType{},
			Required:   true,
			MarkdownDescription: "How long each occurrence lasts, as a Go duration such as `2h` or `90m`: elapsed time from its start, " +
				"so a window across a clock change lasts as long as any other. It must be shorter than the shortest gap between two occurrences." +
				durMinutes + " Spellings of the same duration (`90m`, `1h30m`) are the same value.",
			PlanModifiers: []planmodifier.String{windowtime.SameDuration()},
		},
		"except_dates": schema.SetAttribute{
			ElementType: types.StringType,
			Optional:    true,
			MarkdownDescription: "Local dates in `time_zone`, such as `2027-12-26`, whose occurrences are skipped: an occurrence belongs to " +
				"the date of its local start as the rule gives it. Adding the date of a pending or running occurrence expires it at the next apply. " +
				"A date that matches no occurrence is a warning.",
		},
		"horizon": schema.StringAttribute{
			Optional: true, Computed: true,
			Default: stringdefault.StaticString(validators.Short(recurrence.DefaultHorizon)),
			MarkdownDescription: fmt.Sprintf("How far ahead of now occurrences exist on the server, as a Go duration. Defaults to `%s` (14 days); "+
				"at most `%s` (90 days), and at most %d occurrences may fall inside it. Each apply creates the occurrences that have come inside it "+
				"since the last one: run `terraform apply` on a timer, such as nightly, to keep it filled.",
				validators.Short(recurrence.DefaultHorizon), validators.Short(recurrence.MaxHorizon), recurrence.MaxOccurrences),
			PlanModifiers: []planmodifier.String{windowtime.SameDuration()},
		},
		"occurrences": schema.ListNestedAttribute{
			Computed: true,
			MarkdownDescription: "The occurrences this resource keeps on the server, one " + o.Noun + " each, in order of start: every one whose window " +
				"overlaps the horizon as of the last apply, plus those that have ended since (they stay, with `status = \"expired\"`, until an apply " +
				"changes something else). Time alone changes nothing here, except that a new occurrence coming inside the horizon plans an in-place update that creates it.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				attrKey: schema.StringAttribute{
					Computed: true,
					MarkdownDescription: "The occurrence's identity: its local start in `time_zone` as the rule gives it, such as `2027-03-28T02:30`. " +
						"It stays the same when daylight saving moves `starts_at` (on a spring-forward night it names a wall clock that does not exist).",
				},
				attrStartsAt: schema.StringAttribute{
					Computed: true, CustomType: timetypes.RFC3339Type{},
					MarkdownDescription: "When the occurrence starts, in RFC 3339 with `time_zone`'s offset on that day.",
				},
				attrEndsAt: schema.StringAttribute{
					Computed: true, CustomType: timetypes.RFC3339Type{},
					MarkdownDescription: "When the occurrence ends: `starts_at` plus `duration`, in RFC 3339 with `time_zone`'s offset on that day.",
				},
				attrID: schema.StringAttribute{
					Computed:            true,
					MarkdownDescription: "The id of the occurrence's " + o.Noun + " on the server. Null for an occurrence that ended before an apply could create it.",
				},
				attrStatus: schema.StringAttribute{
					Computed: true,
					MarkdownDescription: "The " + o.Noun + "'s state as last read: `pending`, `active` or `expired`. " +
						"A change of state is read on refresh and never shows as a diff.",
				},
			}},
		},
	}
}
