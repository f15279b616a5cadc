package maintenance

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

// In-process tests of the ephemeral o11y_maintenance's Open, Renew and
// Close logic against the maintenance fake, on the fake's frozen clock.

var ephT0 = time.Date(2026, 3, 1, 10, 0, 30, 0, time.UTC)

func ephemeralUnderTest(t *testing.T) (*maintenanceEphemeral, *maintenancefake.Server) {
	t.Helper()
	srv := maintenancefake.Start(t, maintenancefake.Options{Now: ephT0})
	h, err := httpx.New(httpx.Config{API: "maintenance", BaseURL: srv.URL, MaxRetries: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return configured(&providerdata.Data{Maintenance: maintenanceapi.New(h, time.UTC), Now: srv.Now, Windows: ephemeralwindow.NewTracker(0)}), srv
}

// configured is the ephemeral maintenance after the provider's Configure.
func configured(d *providerdata.Data) *maintenanceEphemeral {
	r := &maintenanceEphemeral{}
	r.Configure(context.Background(), ephemeral.ConfigureRequest{ProviderData: d}, &ephemeral.ConfigureResponse{})
	return r
}

func ephemeralConfig(t *testing.T, enabled types.Bool, maxDur string) maintenanceEphemeralModel {
	t.Helper()
	targets, diags := types.SetValueFrom(context.Background(), targetObjectType, []maintenanceTargetModel{{
		Type: types.StringValue("infra"), TargetIP: types.StringValue("10.0.0.1"),
		TargetName: types.StringNull(), Region: types.StringValue("DX-G-GB"),
	}})
	if diags.HasError() {
		t.Fatal(diags)
	}
	return maintenanceEphemeralModel{
		Model: ephemeralwindow.Model{Enabled: enabled, MaxDuration: timetypes.GoDuration{StringValue: types.StringValue(maxDur)}},
		Title: types.StringValue("deploy"), Targets: targets,
	}
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func mustNoError(t *testing.T, diags diag.Diagnostics) {
	t.Helper()
	if diags.HasError() {
		t.Fatalf("unexpected error: %v", diags)
	}
}

func TestMaintenanceEphemeral_disabledCreatesNothing(t *testing.T) {
	t.Parallel()
	r, srv := ephemeralUnderTest(t)
	out, w, diags := r.open(context.Background(), ephemeralConfig(t, types.BoolValue(false), "30m"))
	mustNoError(t, diags)
	if w != nil || !out.ID.IsNull() || !out.StartsAt.IsNull() || !out.EndsAt.IsNull() {
		t.Fatalf("disabled Open returned window %+v, id %s, starts_at %s, ends_at %s; want nothing", w, out.ID, out.StartsAt, out.EndsAt)
	}
	if out.Enabled.ValueBool() {
		t.Errorf("enabled = %s, want false", out.Enabled)
	}
	if n := len(srv.Requests("")); n != 0 {
		t.Errorf("disabled Open sent %d requests, want none", n)
	}
}

func TestMaintenanceEphemeral_openRenewClose(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, srv := ephemeralUnderTest(t)

	// enabled omitted means true.
	out, w, diags := r.open(ctx, ephemeralConfig(t, types.BoolNull(), "30m"))
	mustNoError(t, diags)
	if w == nil {
		t.Fatal("Open created nothing")
	}
	if out.ID.ValueString() != w.ID || w.ID == "" {
		t.Fatalf("result id %s, window id %q", out.ID, w.ID)
	}
	// The API keeps minutes: the window starts at the start of the minute
	// and ends exactly max_duration later.
	wantStart, wantEnd := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)
	m, ok := srv.Get(w.ID)
	if !ok || !m.Start.Equal(wantStart) || !m.End.Equal(wantEnd) {
		t.Fatalf("server window %+v, want %s .. %s", m, wantStart, wantEnd)
	}
	if out.StartsAt.ValueString() != "2026-03-01T10:00:00Z" || out.EndsAt.ValueString() != "2026-03-01T10:30:00Z" {
		t.Errorf("starts_at %s ends_at %s", out.StartsAt, out.EndsAt)
	}
	if got := r.data.Windows.RenewAfter(srv.Now(), w.EndsAt); got != wantEnd.Sub(ephT0)/2 {
		t.Errorf("first renewal after %s, want halfway to the end", got)
	}

	// Renew 15 minutes later: the end moves to 30m after the current minute,
	// in place.
	srv.Advance(15 * time.Minute)
	w2, now, stop, diags := r.Extend(ctx, *w)
	mustNoError(t, diags)
	wait := r.data.Windows.RenewAfter(now, w2.EndsAt)
	if w2.ID != w.ID || !w2.EndsAt.Equal(wantEnd.Add(15*time.Minute)) {
		t.Fatalf("renewed window %+v, want id %s ending %s", w2, w.ID, wantEnd.Add(15*time.Minute))
	}
	if want := w2.EndsAt.Sub(srv.Now()) / 2; stop || wait != want {
		t.Errorf("next renewal after %s, want %s (halfway to the end)", wait, want)
	}
	ups := srv.Updates()
	if len(ups) != 1 || ups[0].MaintenanceID != w.ID || ups[0].EndDate == nil || *ups[0].EndDate != "2026-03-01 10:45" || ups[0].StartDate != nil {
		t.Fatalf("updates %+v, want one end_date change to 2026-03-01 10:45", ups)
	}
	if m, _ := srv.Get(w.ID); !m.End.Equal(w2.EndsAt) || srv.Status(w.ID) != maintenanceapi.StatusActive {
		t.Fatalf("server window after renew %+v (%s)", m, srv.Status(w.ID))
	}

	// A renewal within the same minute has nothing to move.
	srv.Advance(10 * time.Second)
	w3, _, _, diags := r.Extend(ctx, w2)
	mustNoError(t, diags)
	if len(srv.Updates()) != 1 || !w3.EndsAt.Equal(w2.EndsAt) {
		t.Errorf("same-minute renewal sent an update or moved the end: %+v", w3)
	}

	mustNoErr(t, r.Expire(ctx, w3.ID))
	if st := srv.Status(w.ID); st != maintenanceapi.StatusExpired {
		t.Fatalf("after Close the window is %q, want expired", st)
	}
	// Closing again (already expired) is not an error.
	mustNoErr(t, r.Expire(ctx, w3.ID))
}

func TestMaintenanceEphemeral_renewAfterOutOfBandExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, srv := ephemeralUnderTest(t)
	_, w, diags := r.open(ctx, ephemeralConfig(t, types.BoolValue(true), "10m"))
	mustNoError(t, diags)
	srv.Advance(5 * time.Minute)
	srv.Expire(w.ID)
	_, _, stop, diags := r.Extend(ctx, *w)
	if diags.HasError() || diags.WarningsCount() != 1 || !stop {
		t.Fatalf("renew of an expired window: diags %v, stop %v; want one warning and no further renewal", diags, stop)
	}
	if !strings.Contains(diags.Warnings()[0].Detail(), w.ID) {
		t.Errorf("warning does not name the window: %s", diags.Warnings()[0].Detail())
	}
	mustNoErr(t, r.Expire(ctx, w.ID))
}

func TestMaintenanceEphemeral_openFailureLeavesNothing(t *testing.T) {
	t.Parallel()
	r, srv := ephemeralUnderTest(t)
	srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, Status: http.StatusInternalServerError, Message: "database is down"})
	out, w, diags := r.open(context.Background(), ephemeralConfig(t, types.BoolValue(true), "30m"))
	if !diags.HasError() || w != nil || !out.ID.IsNull() {
		t.Fatalf("Open with a failing server: diags %v, window %+v", diags, w)
	}
	if d := diags.Errors()[0]; d.Summary() != "Unable to create maintenance" || !strings.Contains(d.Detail(), "database is down") || !strings.Contains(d.Detail(), "500") {
		t.Errorf("diagnostic %q / %q lacks the status or server message", d.Summary(), d.Detail())
	}
	for _, req := range srv.Requests(maintenancefake.PathCreate) {
		var body map[string]any
		_ = json.Unmarshal(req.Body, &body)
		if body["end_date"] != "2026-03-01 10:30" {
			t.Errorf("create sent end_date %v", body["end_date"])
		}
	}
}

func TestMaintenanceEphemeral_readBackFailureStillOpens(t *testing.T) {
	t.Parallel()
	r, srv := ephemeralUnderTest(t)
	srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Status: http.StatusBadRequest, Message: "get is broken"})
	out, w, diags := r.open(context.Background(), ephemeralConfig(t, types.BoolValue(true), "30m"))
	if diags.HasError() || diags.WarningsCount() != 1 || w == nil {
		t.Fatalf("diags %v, window %+v; want the window with one warning", diags, w)
	}
	if out.EndsAt.ValueString() != "2026-03-01T10:30:00Z" {
		t.Errorf("ends_at %s, want the value sent", out.EndsAt)
	}
}

func TestMaintenanceEphemeral_notConfigured(t *testing.T) {
	t.Parallel()
	r := configured(&providerdata.Data{})
	// Even a disabled Open (a plan) reports the missing configuration.
	_, w, diags := r.open(context.Background(), ephemeralConfig(t, types.BoolValue(false), "30m"))
	if !diags.HasError() || w != nil || !strings.Contains(diags.Errors()[0].Detail(), "O11Y_MAINTENANCE_URL") {
		t.Fatalf("diags %v", diags)
	}
}

func TestMaintenanceEphemeral_windowEnd(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		now        time.Time
		start, end string
	}{
		{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), "10:00", "10:30"},
		{time.Date(2026, 3, 1, 10, 0, 59, 999, time.UTC), "10:00", "10:30"},
		{time.Date(2026, 3, 1, 23, 45, 1, 0, time.UTC), "23:45", "00:15"},
		// An offset that is not whole hours keeps minute boundaries.
		{time.Date(2026, 3, 1, 10, 7, 30, 0, time.FixedZone("NPT", 5*3600+45*60)), "10:07", "10:37"},
	} {
		s, e := windowEnd(c.now, 30*time.Minute)
		if s.Format("15:04") != c.start || e.Format("15:04") != c.end || e.Sub(s) != 30*time.Minute {
			t.Errorf("windowEnd(%s) = %s .. %s; want %s .. %s", c.now, s, e, c.start, c.end)
		}
	}
}
