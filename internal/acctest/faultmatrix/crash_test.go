package faultmatrix_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
)

// TestFaultCrashMidApply: Alertmanager is killed (SIGKILL, no snapshot)
// while an apply of 50 silences runs, and started again. The next apply
// converges: exactly 50 silences in force on the server, each in the state
// once — no duplicate, no orphan, no id pointing at nothing.
func TestFaultCrashMidApply(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	const n = 50
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	config := fmt.Sprintf(`
provider "o11y" {
  request_timeout = "2s"
  max_retries     = 1
  alertmanager {
    url            = %q
    flavor         = "prometheus"
    preview_alerts = false
  }
}

resource "o11y_silence" "many" {
  count    = %d
  matchers = [{ name = "alertname", value = "CrashTest" }, { name = "n", value = "${count.index}" }]
  duration = "2h"
  comment  = "crash test ${count.index}"
}
`, am.URL, n)

	// live lists the silences in force, by id.
	live := func() (map[string]string, error) {
		resp, err := http.Get(am.URL + "/api/v2/silences")
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var list []struct {
			ID      string                 `json:"id"`
			Comment string                 `json:"comment"`
			Status  struct{ State string } `json:"status"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			return nil, err
		}
		out := map[string]string{}
		for _, s := range list {
			if s.Status.State != "expired" {
				out[s.ID] = s.Comment
			}
		}
		return out, nil
	}

	var crashedAt atomic.Int64
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	watch := func() {
		go func() {
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				if l, err := live(); err == nil && len(l) >= 15 {
					crashedAt.Store(int64(len(l)))
					am.Crash()
					return
				}
			}
		}()
	}
	var created, leftover int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   watch,
				Config:      config,
				ExpectError: regexp.MustCompile(`Unable to create silence`),
			},
			{
				PreConfig: func() {
					if crashedAt.Load() == 0 {
						t.Fatal("Alertmanager was never killed: the test proves nothing")
					}
					if err := am.Restart(nil); err != nil {
						t.Fatal(err)
					}
					l, _ := live()
					leftover = len(l)
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{stateFn(func(s *tfjson.State) error {
					l, err := live()
					if err != nil {
						return err
					}
					seen := map[string]bool{}
					for _, r := range resourcesOf(s) {
						if r.Type != "o11y_silence" {
							continue
						}
						id, _ := r.AttributeValues["id"].(string)
						if seen[id] {
							return fmt.Errorf("duplicate id %s in the state", id)
						}
						seen[id] = true
						if _, ok := l[id]; !ok {
							return fmt.Errorf("%s points at %s, which is not in force on the server", r.Address, id)
						}
					}
					created = len(l)
					if len(seen) != n || len(l) != n {
						return fmt.Errorf("%d silences in the state, %d in force on the server; want %d and %d", len(seen), len(l), n, n)
					}
					return nil
				})},
			},
		},
	})
	t.Logf("killed Alertmanager with %d silences created; %d survived the restart; the next apply converged to %d", crashedAt.Load(), leftover, created)
}
