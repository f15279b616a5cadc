package alertmanager

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
)

// AlertsTTL is how long one list of every alert serves AlertsMatching: long
// enough for every preview of one plan phase to share it, short enough that
// the preview still says what fires "now".
const AlertsTTL = 30 * time.Second

// The alerts snapshot and silence writes.
//
// A silence written through this client changes the silencedBy (and the
// state) of the alerts it matches, and a preview planned after the write
// (Terraform plans each resource once more while it applies the others)
// used to see that in its own query. Dropping the snapshot on every write
// would keep that, at the price of one alerts query per write: N creates
// interleaved with N plans would again cost N queries. Keeping the snapshot
// unchanged would be wrong after a write.
//
// So a write neither drops nor ignores the snapshot: every successful
// Create, Update and Expire is recorded, and AlertsMatching corrects the
// snapshot for the writes that completed after its request was sent, the
// way Alertmanager itself computes silencedBy at query time (an alert is
// muted by every active silence whose matchers match its labels, with the
// silence rules of Matcher.Matches). An expired silence, and the id an
// update replaced, mute nothing; a written silence is active from the write
// when it starts at or before the moment it was sent (the server moves a
// past start to its own "now"), else from its start, and until its end.
// Applying a write the answer already shows changes nothing, so a write that
// races the request is safe either way. A write that fails may or may not
// have reached the server: it drops the snapshot (the next call asks again).
//
// Writes by anyone else (another Terraform run, the UI) show when the
// snapshot is fetched again, within AlertsTTL, like any change of the
// alerts themselves. The record of writes lives as long as the client (one
// provider run) and costs a few hundred bytes a write.

// alertList is one answer of GET /alerts for everything the preview looks
// at (active, silenced and inhibited alerts).
type alertList struct {
	alerts []Alert
	date   time.Time // the server's Date header; zero if it had none
	local  time.Time // the local clock when the answer came
	// seq is how many writes had completed when the request was sent:
	// writes[seq:] may be missing from the answer.
	seq int
}

// now estimates the server's clock: its Date plus the time since.
func (l *alertList) now() time.Time {
	if l.date.IsZero() {
		return time.Now()
	}
	return l.date.Add(time.Since(l.local))
}

// silenceWrite is one successful write, as it bears on what is muted.
type silenceWrite struct {
	id    string
	ended bool        // expired, or replaced by the id an update returned
	set   *MatcherSet // nil when ended
	// startsNow: the silence started at or before it was sent, so the
	// server starts it at the write.
	startsNow        bool
	startsAt, endsAt time.Time
}

// mutesAt reports whether the written silence is active at now (server
// clock): Alertmanager's silence state, active while start <= now <= end.
func (w *silenceWrite) mutesAt(now time.Time) bool {
	if w.ended || (!w.startsNow && now.Before(w.startsAt)) {
		return false
	}
	return !now.After(w.endsAt)
}

// alertView is an alertList corrected for writes[list.seq:upto]. It is
// never modified once published: applying more writes makes a new view.
type alertView struct {
	list   *alertList
	upto   int
	alerts []viewAlert
}

type viewAlert struct {
	a Alert // silencedBy without the ids of the applied writes
	// touched: an applied write concerned this alert, so its silencedBy
	// and state are recomputed from writes.
	touched bool
	writes  []*silenceWrite // the applied writes whose silence matches the alert
}

func (c *Client) fetchAlerts(ctx context.Context) (*alertList, error) {
	c.amu.Lock()
	seq := len(c.writes)
	c.amu.Unlock()
	yes := true
	as, date, err := c.Alerts(ctx, AlertFilter{Active: &yes, Silenced: &yes, Inhibited: &yes})
	if err != nil {
		return nil, err
	}
	return &alertList{alerts: as, date: date, local: time.Now(), seq: seq}, nil
}

// wroteSilence records a successful Create or Update that left s active or
// pending under id; sent is when the request left.
func (c *Client) wroteSilence(id string, s Silence, sent time.Time) {
	set, err := CompileMatchers(s.Matchers)
	if err != nil {
		// the server took a regex RE2 refuses here: ask it again
		c.alerts.Invalidate()
		return
	}
	c.recordWrites(&silenceWrite{id: id, set: set, startsNow: !s.StartsAt.After(sent), startsAt: s.StartsAt, endsAt: s.EndsAt})
}

// endedSilence records that id mutes nothing any more.
func (c *Client) endedSilence(id string) {
	c.recordWrites(&silenceWrite{id: id, ended: true})
}

func (c *Client) recordWrites(ws ...*silenceWrite) {
	c.amu.Lock()
	defer c.amu.Unlock()
	c.writes = append(c.writes, ws...)
}

// viewOf is l corrected for every write recorded since its request left.
func (c *Client) viewOf(l *alertList) *alertView {
	c.amu.Lock()
	defer c.amu.Unlock()
	v := c.view
	if v == nil || v.list != l {
		v = &alertView{list: l, upto: l.seq, alerts: make([]viewAlert, len(l.alerts))}
		for i, a := range l.alerts {
			v.alerts[i].a = a
		}
	}
	if v.upto < len(c.writes) {
		v = v.apply(c.writes[v.upto:])
	}
	c.view = v
	return v
}

// apply returns a new view with ws applied; v is left as it was.
func (v *alertView) apply(ws []*silenceWrite) *alertView {
	nv := &alertView{list: v.list, upto: v.upto + len(ws), alerts: slices.Clone(v.alerts)}
	for _, w := range ws {
		for i := range nv.alerts {
			va := &nv.alerts[i]
			had := slices.Contains(va.a.SilencedBy, w.id) || slices.ContainsFunc(va.writes, func(x *silenceWrite) bool { return x.id == w.id })
			matches := !w.ended && w.set.Matches(va.a.Labels)
			if !had && !matches {
				continue
			}
			// new slices: the old ones belong to views others may be reading
			va.a.SilencedBy = slices.DeleteFunc(slices.Clone(va.a.SilencedBy), func(id string) bool { return id == w.id })
			ws := slices.DeleteFunc(slices.Clone(va.writes), func(x *silenceWrite) bool { return x.id == w.id })
			if matches {
				ws = append(ws, w)
			}
			va.writes, va.touched = ws, true
		}
	}
	return nv
}

// alert is va as the server would report it at now.
func (va *viewAlert) alert(now time.Time) Alert {
	a := va.a
	if !va.touched {
		return a
	}
	sb := slices.Clone(a.SilencedBy)
	for _, w := range va.writes {
		if w.mutesAt(now) {
			sb = append(sb, w.id)
		}
	}
	a.SilencedBy = sb
	if len(sb) == 0 && len(a.InhibitedBy) == 0 {
		a.State = AlertStateActive
	} else {
		a.State = AlertStateSuppressed
	}
	return a
}

// AlertsMatching answers what Alerts(ctx, f) would, from one list of every
// alert that all calls of this client share: concurrent calls wait for one
// GET {base}/alerts, and later calls reuse its answer for AlertsTTL (N
// previews in a plan phase make one request). The list is filtered here
// exactly as Alertmanager filters (v0.28.1, api/v2 getAlertsHandler):
//
//   - alerts whose end has passed are left out;
//   - Receiver (when set) is an anchored RE2 regex that one of the alert's
//     receivers must match;
//   - the Matchers all match, by the filter rules (see match.go);
//   - Active, Silenced and Inhibited (nil means true) drop, when false,
//     alerts in state active, with a silencedBy, with an inhibitedBy;
//   - Unprocessed is ignored, as Alertmanager ignores it.
//
// Silences written through this client since the list was fetched are
// reflected in silencedBy and state (see the comment at the top of this
// file). The alerts are returned in the server's order (by fingerprint)
// and share their maps and slices with the list: read them, do not modify
// them. The time returned is the server's clock, estimated from the list's
// Date header. An invalid regex fails the call, as the server refuses it;
// a list that cannot be fetched fails it with Alerts' error.
func (c *Client) AlertsMatching(ctx context.Context, f AlertFilter) ([]Alert, ServerTime, error) {
	const op = "list alerts"
	if c.opts.Flavor == FlavorAlertSilence {
		return nil, time.Time{}, &api.Error{Op: op, Message: "the alert-silence flavor has no alerts API"}
	}
	set, err := CompileMatchers(f.Matchers)
	if err != nil {
		return nil, time.Time{}, err
	}
	var recv *regexp.Regexp
	if f.Receiver != "" {
		if recv, err = regexp.Compile("^(?:" + f.Receiver + ")$"); err != nil {
			return nil, time.Time{}, fmt.Errorf("receiver %q: invalid regular expression: %w", f.Receiver, err)
		}
	}
	l, err := c.alerts.Get(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	v := c.viewOf(l)
	now := l.now()
	out := []Alert{}
	for i := range v.alerts {
		va := &v.alerts[i]
		if !va.a.EndsAt.IsZero() && va.a.EndsAt.Before(now) {
			continue
		}
		if recv != nil && !slices.ContainsFunc(va.a.Receivers, recv.MatchString) {
			continue
		}
		if !set.matchesFilter(va.a.Labels) {
			continue
		}
		a := va.alert(now)
		switch {
		case !orTrue(f.Active) && a.State == AlertStateActive,
			!orTrue(f.Silenced) && len(a.SilencedBy) != 0,
			!orTrue(f.Inhibited) && len(a.InhibitedBy) != 0:
			continue
		}
		out = append(out, a)
	}
	return out, now, nil
}

func orTrue(b *bool) bool { return b == nil || *b }
