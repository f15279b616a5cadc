package alertsilence_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

func setup(t *testing.T) (*alertsilence.Client, *alertsilencefake.Server) {
	t.Helper()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	h, err := httpx.New(httpx.Config{API: "alert-silence", BaseURL: srv.URL, MaxRetries: 2,
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return alertsilence.New(h, nil), srv
}

func req(pattern string, from, to time.Duration) alertsilence.CreateRequest {
	now := time.Now()
	return alertsilence.CreateRequest{SourceType: "Equipment", SourceIDPattern: pattern, Reason: "maintenance",
		StartsAt: now.Add(from), EndsAt: now.Add(to)}
}

func TestClient_createListGetDelete(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	ctx := context.Background()
	s, err := c.Create(ctx, req("Equipment-*", 0, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.ID) != 36 || s.CreatedBy != "Admin" || s.CreatedAt.IsZero() || s.SourceIDPattern != "Equipment-*" {
		t.Fatalf("created %+v: want a GUID, createdBy Admin, server createdAt, pattern as given", s)
	}
	got, now, err := c.Get(ctx, s.ID)
	if err != nil || got.ID != s.ID || now.IsZero() {
		t.Fatalf("Get = %+v, %v, %v", got, now, err)
	}
	if got.State(now) != "active" {
		t.Fatalf("state %s, want active", got.State(now))
	}
	active, err := c.ListActive(ctx)
	if err != nil || len(active.Silences) != 1 {
		t.Fatalf("active = %+v, %v", active, err)
	}
	if err := c.Delete(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, s.ID); err != nil {
		t.Fatalf("second delete (404) must be success: %v", err)
	}
	if _, _, err := c.Get(ctx, s.ID); !api.IsNotFound(err) {
		t.Fatalf("Get after delete: %v, want not found", err)
	}
	if srv.Count(http.MethodDelete, alertsilencefake.BasePath) != 2 {
		t.Fatalf("deletes = %d", srv.Count(http.MethodDelete, alertsilencefake.BasePath))
	}
}

func TestClient_expiredStaysInFullList(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	ctx := context.Background()
	s, err := c.Create(ctx, req("Sensor-1", 0, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	srv.Advance(2 * time.Minute)
	all, err := c.ListAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := all.Find(s.ID)
	if !ok || got.State(all.Now) != "expired" {
		t.Fatalf("expired silence must stay in the full list as expired: %+v (now %v)", got, all.Now)
	}
	active, _ := c.ListActive(ctx)
	if len(active.Silences) != 0 {
		t.Fatalf("active list holds %d, want 0", len(active.Silences))
	}
}

func TestClient_validationErrorsCarryServerText(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	cases := map[string]alertsilence.CreateRequest{
		"startsAt must be before endsAt": req("x", time.Hour, 0),
		"The Reason field is required":   {SourceType: "Equipment", SourceIDPattern: "x", StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour)},
	}
	for want, r := range cases {
		_, err := c.Create(context.Background(), r)
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(ae.Message, want) {
			t.Errorf("err = %v, want HTTP 400 with %q", err, want)
		}
	}
}

func TestClient_faults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("500 on list is retried", func(t *testing.T) {
		c, srv := setup(t)
		srv.FailNext(2, 500)
		if _, err := c.ListAll(ctx); err != nil {
			t.Fatalf("list after two 500s: %v", err)
		}
	})
	t.Run("500 on list surfaces after retries", func(t *testing.T) {
		c, srv := setup(t)
		srv.FailNext(5, 500)
		_, err := c.ListAll(ctx)
		if api.StatusOf(err) != 500 || !strings.Contains(err.Error(), "list silences") {
			t.Fatalf("err = %v, want HTTP 500 naming the operation", err)
		}
	})
	t.Run("500 on create is not retried", func(t *testing.T) {
		c, srv := setup(t)
		srv.FailNext(1, 500)
		_, err := c.Create(ctx, req("x", 0, time.Hour))
		if api.StatusOf(err) != 500 || srv.Count(http.MethodPost, alertsilencefake.BasePath) != 1 || len(srv.Silences()) != 0 {
			t.Fatalf("err = %v, posts %d, stored %d", err, srv.Count(http.MethodPost, alertsilencefake.BasePath), len(srv.Silences()))
		}
	})
	t.Run("lost create answer is ambiguous, not re-sent", func(t *testing.T) {
		c, srv := setup(t)
		srv.Inject(faultinject.Fault{Reset: true, AfterApply: true})
		_, err := c.Create(ctx, req("x", 0, time.Hour))
		var amb *httpx.AmbiguousError
		if !errors.As(err, &amb) || srv.Count(http.MethodPost, alertsilencefake.BasePath) != 1 || len(srv.Silences()) != 1 {
			t.Fatalf("err = %v, posts %d, stored %d", err, srv.Count(http.MethodPost, alertsilencefake.BasePath), len(srv.Silences()))
		}
	})
	t.Run("malformed list", func(t *testing.T) {
		c, srv := setup(t)
		srv.Inject(faultinject.Fault{Malformed: true})
		if _, err := c.ListAll(ctx); err == nil || !strings.Contains(err.Error(), "malformed answer") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("500 on delete surfaces", func(t *testing.T) {
		c, srv := setup(t)
		srv.FailNext(5, 500)
		err := c.Delete(ctx, "abc")
		if api.StatusOf(err) != 500 || !strings.Contains(err.Error(), `"abc"`) {
			t.Fatalf("err = %v, want HTTP 500 naming the id", err)
		}
	})
	t.Run("429 with Retry-After on create is retried", func(t *testing.T) {
		c, srv := setup(t)
		srv.Inject(faultinject.Fault{Status: 429, RetryAfter: "0"})
		if _, err := c.Create(ctx, req("x", 0, time.Hour)); err != nil || len(srv.Silences()) != 1 {
			t.Fatalf("err = %v, stored %d", err, len(srv.Silences()))
		}
	})
}
