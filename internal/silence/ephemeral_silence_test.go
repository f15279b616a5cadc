package silence

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

// In-process tests of the ephemeral o11y_silence's Open, Renew and Close
// logic against ephAM, a small in-memory Alertmanager v2 silence API that
// follows the measured rules in DESIGN.md ("Server facts the code relies
// on": a past start is clamped to the server's now; an update of an active
// silence that keeps its start keeps its id; DELETE expires), on a clock
// the test moves.

type ephSilence struct {
	ID        string                 `json:"id"`
	Matchers  []alertmanager.Matcher `json:"matchers"`
	StartsAt  time.Time              `json:"startsAt"`
	EndsAt    time.Time              `json:"endsAt"`
	CreatedBy string                 `json:"createdBy"`
	Comment   string                 `json:"comment"`
}

type ephAM struct {
	mu       sync.Mutex
	now      time.Time
	seq      int
	silences map[string]*ephSilence
	posts    []ephSilence
	// failPosts answers the next POSTs with this status.
	failPosts  int
	failStatus int
}

func (a *ephAM) state(s *ephSilence) string {
	switch {
	case !a.now.Before(s.EndsAt):
		return alertmanager.StateExpired
	case a.now.Before(s.StartsAt):
		return alertmanager.StatePending
	}
	return alertmanager.StateActive
}

func (a *ephAM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	w.Header().Set("Date", a.now.UTC().Format(http.TimeFormat))
	w.Header().Set("Content-Type", "application/json")
	id := strings.TrimPrefix(r.URL.Path, "/api/v2/silence/")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/v2/silences":
		if a.failPosts > 0 {
			a.failPosts--
			w.WriteHeader(a.failStatus)
			_, _ = fmt.Fprint(w, `"silence store is unavailable"`)
			return
		}
		var in ephSilence
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		a.posts = append(a.posts, in)
		if in.StartsAt.Before(a.now) {
			in.StartsAt = a.now
		}
		if old, ok := a.silences[in.ID]; ok && a.state(old) == alertmanager.StateActive && in.StartsAt.Equal(a.now) {
			in.StartsAt = old.StartsAt // same start: in place
			*old = in
		} else {
			a.seq++
			in.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", a.seq)
			cp := in
			a.silences[in.ID] = &cp
		}
		_, _ = fmt.Fprintf(w, `{"silenceID":%q}`, in.ID)
	case r.Method == http.MethodGet && id != r.URL.Path:
		s, ok := a.silences[id]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": s.ID, "matchers": s.Matchers, "startsAt": s.StartsAt, "endsAt": s.EndsAt,
			"createdBy": s.CreatedBy, "comment": s.Comment, "updatedAt": a.now, "status": map[string]string{"state": a.state(s)},
		})
	case r.Method == http.MethodDelete && id != r.URL.Path:
		s, ok := a.silences[id]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if a.state(s) != alertmanager.StateExpired {
			s.EndsAt = a.now
		}
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (a *ephAM) advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = a.now.Add(d)
}

func (a *ephAM) clock() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

func (a *ephAM) get(id string) (ephSilence, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.silences[id]
	if !ok {
		return ephSilence{}, ""
	}
	return *s, a.state(s)
}

// counts is how many POSTs the server accepted and how many silences it holds.
func (a *ephAM) counts() (posts, silences int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.posts), len(a.silences)
}

func (a *ephAM) firstPost() ephSilence {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.posts[0]
}

var ephT0 = time.Date(2026, 3, 1, 10, 0, 30, 0, time.UTC)

func ephSilenceUnderTest(t *testing.T) (*silenceEphemeral, *ephAM) {
	t.Helper()
	am := &ephAM{now: ephT0, silences: map[string]*ephSilence{}}
	srv := httptest.NewServer(am)
	t.Cleanup(srv.Close)
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: srv.URL, MaxRetries: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := alertmanager.New(h, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus, ReadAfterCreateTimeout: -1})
	r := &silenceEphemeral{}
	r.Configure(context.Background(), ephemeral.ConfigureRequest{ProviderData: &providerdata.Data{Alertmanager: c, Now: am.clock, Windows: ephemeralwindow.NewTracker(0)}},
		&ephemeral.ConfigureResponse{})
	return r, am
}

func ephSilenceConfig(t *testing.T, enabled types.Bool, maxDur string, ms ...silenceMatcherModel) silenceEphemeralModel {
	t.Helper()
	if len(ms) == 0 {
		ms = []silenceMatcherModel{{Name: types.StringValue("service"), Value: types.StringValue("api"), IsRegex: types.BoolNull(), IsEqual: types.BoolNull()}}
	}
	l, diags := types.ListValueFrom(context.Background(), matcherObjectType, ms)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return silenceEphemeralModel{
		Model:    ephemeralwindow.Model{Enabled: enabled, MaxDuration: timetypes.GoDuration{StringValue: types.StringValue(maxDur)}},
		Matchers: l,
		Comment:  types.StringValue("deploy"), CreatedBy: types.StringNull(), AllowBroad: types.BoolNull(),
	}
}

func ephNoError(t *testing.T, diags diag.Diagnostics) {
	t.Helper()
	if diags.HasError() {
		t.Fatalf("unexpected error: %v", diags)
	}
}

func TestSilenceEphemeral_disabledCreatesNothing(t *testing.T) {
	t.Parallel()
	r, am := ephSilenceUnderTest(t)
	out, w, diags := r.open(context.Background(), ephSilenceConfig(t, types.BoolValue(false), "30m"))
	ephNoError(t, diags)
	if w != nil || !out.ID.IsNull() || !out.StartsAt.IsNull() || !out.EndsAt.IsNull() || out.Enabled.ValueBool() {
		t.Fatalf("disabled Open returned window %+v and result %+v; want nothing", w, out)
	}
	if posts, n := am.counts(); posts != 0 || n != 0 {
		t.Errorf("disabled Open created %d silences", n)
	}
}

func TestSilenceEphemeral_openRenewClose(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, am := ephSilenceUnderTest(t)

	out, w, diags := r.open(ctx, ephSilenceConfig(t, types.BoolNull(), "30m"))
	ephNoError(t, diags)
	if w == nil || w.ID == "" || out.ID.ValueString() != w.ID {
		t.Fatalf("Open: window %+v, id %s", w, out.ID)
	}
	s, st := am.get(w.ID)
	if st != alertmanager.StateActive || !s.StartsAt.Equal(ephT0) || !s.EndsAt.Equal(ephT0.Add(30*time.Minute)) {
		t.Fatalf("server silence %+v (%s); want active from now for 30m", s, st)
	}
	if s.CreatedBy != "terraform" || s.Comment != "deploy" || len(s.Matchers) != 1 || !s.Matchers[0].IsEqual || s.Matchers[0].IsRegex {
		t.Errorf("server silence fields %+v", s)
	}
	if p := am.firstPost(); !p.StartsAt.Before(ephT0) {
		t.Errorf("the start sent (%s) is not in the past: a provider clock ahead of the server's would make a pending silence", p.StartsAt)
	}
	if out.StartsAt.ValueString() != "2026-03-01T10:00:30Z" || out.EndsAt.ValueString() != "2026-03-01T10:30:30Z" ||
		out.CreatedBy.ValueString() != "terraform" || out.AllowBroad.ValueBool() || !out.Enabled.ValueBool() {
		t.Errorf("result %+v", out)
	}

	am.advance(15 * time.Minute)
	w2, now, stop, diags := r.Extend(ctx, *w)
	ephNoError(t, diags)
	wait := r.data.Windows.RenewAfter(now, w2.EndsAt)
	wantEnd := ephT0.Add(45 * time.Minute)
	if w2.ID != w.ID || !w2.EndsAt.Equal(wantEnd) {
		t.Fatalf("renewed window %+v; want the same id ending %s", w2, wantEnd)
	}
	if s, st := am.get(w.ID); st != alertmanager.StateActive || !s.EndsAt.Equal(wantEnd) || !s.StartsAt.Equal(ephT0) {
		t.Fatalf("server silence after renew %+v (%s)", s, st)
	}
	if _, n := am.counts(); n != 1 {
		t.Errorf("renew created a new silence: %d on the server", n)
	}
	if stop || wait != 15*time.Minute {
		t.Errorf("next renewal after %s (stop %v), want 15m (halfway to the end)", wait, stop)
	}

	if err := r.Expire(ctx, w2.ID); err != nil {
		t.Fatal(err)
	}
	if _, st := am.get(w.ID); st != alertmanager.StateExpired {
		t.Fatalf("after Close the silence is %s", st)
	}
	// Closing again is not an error (DELETE of an expired silence).
	if err := r.Expire(ctx, w2.ID); err != nil {
		t.Fatal(err)
	}
}

func TestSilenceEphemeral_renewAfterOutOfBandExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, am := ephSilenceUnderTest(t)
	_, w, diags := r.open(ctx, ephSilenceConfig(t, types.BoolValue(true), "10m"))
	ephNoError(t, diags)
	am.advance(time.Minute)
	am.mu.Lock()
	am.silences[w.ID].EndsAt = am.now // a person expired it
	am.mu.Unlock()
	_, _, stop, diags := r.Extend(ctx, *w)
	if diags.HasError() || diags.WarningsCount() != 1 || !stop {
		t.Fatalf("diags %v, stop %v; want one warning and no further renewal", diags, stop)
	}
	if posts, _ := am.counts(); posts != 1 {
		t.Errorf("renew re-created or updated an expired silence (%d posts)", posts)
	}
}

func TestSilenceEphemeral_openFailureLeavesNothing(t *testing.T) {
	t.Parallel()
	r, am := ephSilenceUnderTest(t)
	am.mu.Lock()
	am.failPosts, am.failStatus = 1, http.StatusInternalServerError
	am.mu.Unlock()
	out, w, diags := r.open(context.Background(), ephSilenceConfig(t, types.BoolValue(true), "30m"))
	if !diags.HasError() || w != nil || !out.ID.IsNull() {
		t.Fatalf("diags %v, window %+v", diags, w)
	}
	if d := diags.Errors()[0]; d.Summary() != "Unable to create silence" || !strings.Contains(d.Detail(), "500") || !strings.Contains(d.Detail(), "silence store is unavailable") {
		t.Errorf("diagnostic %q / %q lacks the status or server message", d.Summary(), d.Detail())
	}
	if _, n := am.counts(); n != 0 {
		t.Errorf("%d silences left behind", n)
	}
}

func TestSilenceEphemeral_badMatchersRefusedBeforeCreate(t *testing.T) {
	t.Parallel()
	r, am := ephSilenceUnderTest(t)
	broad := silenceMatcherModel{Name: types.StringValue("service"), Value: types.StringValue(".+"), IsRegex: types.BoolValue(true), IsEqual: types.BoolNull()}
	_, w, diags := r.open(context.Background(), ephSilenceConfig(t, types.BoolValue(true), "30m", broad))
	if !diags.HasError() || w != nil || !strings.Contains(diags.Errors()[0].Summary(), "almost every alert") {
		t.Fatalf("diags %v", diags)
	}
	if posts, _ := am.counts(); posts != 0 {
		t.Error("a refused silence reached the server")
	}
	// The same rules run at validation (plan) time.
	cfg := ephSilenceConfig(t, types.BoolValue(false), "30m", broad)
	if d := checkMatcherList(context.Background(), cfg.Matchers, cfg.AllowBroad); !d.HasError() {
		t.Error("checkMatcherList accepted a match-everything silence")
	}
}

func TestSilenceEphemeral_flavorAndConfiguration(t *testing.T) {
	t.Parallel()
	for name, d := range map[string]*providerdata.Data{
		"alert-silence":  {AlertSilence: &alertsilence.Client{}},
		"not configured": {},
	} {
		r := &silenceEphemeral{}
		r.Configure(context.Background(), ephemeral.ConfigureRequest{ProviderData: d}, &ephemeral.ConfigureResponse{})
		// Even a disabled Open (a plan) reports it.
		_, _, diags := r.open(context.Background(), ephSilenceConfig(t, types.BoolValue(false), "30m"))
		if !diags.HasError() {
			t.Errorf("%s: no error", name)
			continue
		}
		want := "ALERTMANAGER_URL"
		if name == "alert-silence" {
			want = `flavor = "grafana"`
		}
		if !strings.Contains(diags.Errors()[0].Detail(), want) {
			t.Errorf("%s: %q does not say %q", name, diags.Errors()[0].Detail(), want)
		}
	}
}
