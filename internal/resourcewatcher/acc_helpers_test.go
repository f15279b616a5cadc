package resourcewatcher_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

func TestMain(m *testing.M) { acctest.Main(m) }

func providerBlock(name, url string) string {
	return fmt.Sprintf(`
provider %q {
  max_retries     = 1
  request_timeout = "5s"
  resource_watcher {
    url                = %q
    app_key            = %q
    user_access_key_id = %q
    secret_access_key  = %q
  }
}
`, name, url, resourcewatcherfake.DefaultAppKey, resourcewatcherfake.DefaultAccessKeyID, resourcewatcherfake.DefaultSecretAccessKey)
}

// cfgO11y is a configuration as users write it: one `o11y` provider and
// `provider = o11y` in every block (use with acctest.ProtoV6ProviderFactories).
func cfgO11y(url, body string) string { return providerBlock("o11y", url) + body }

// cfgAlias configures both local names of acctest.ProtoV6ProviderFactoriesWithAlias,
// so blocks may leave out `provider = o11y`.
func cfgAlias(url, body string) string {
	return providerBlock("o11y", url) + providerBlock("resourcewatcher", url) + body
}

// captureID stores the id of addr into *dst.
func captureID(addr string, dst *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*dst = rs.Primary.ID
		return nil
	}
}

// lastBody checks that the last request with this method and path suffix
// carried exactly want (compared as JSON).
func lastBody(srv *resourcewatcherfake.TestServer, method string, suffix func() string, want string) func(*terraform.State) error {
	return func(*terraform.State) error {
		req, ok := srv.LastRequest(method, suffix())
		if !ok {
			return fmt.Errorf("no %s request to ...%s", method, suffix())
		}
		var got, exp any
		if err := json.Unmarshal(req.Body, &got); err != nil {
			return fmt.Errorf("body %s: %v", req.Body, err)
		}
		if err := json.Unmarshal([]byte(want), &exp); err != nil {
			return fmt.Errorf("bad expectation: %v", err)
		}
		if !reflect.DeepEqual(got, exp) {
			return fmt.Errorf("%s body\n got %s\nwant %s", method, req.Body, strings.Join(strings.Fields(want), ""))
		}
		return nil
	}
}

// allClosed is a CheckDestroy: every alarm the fake knows is CLOSED.
func allClosed(srv *resourcewatcherfake.TestServer) func(*terraform.State) error {
	return func(*terraform.State) error {
		for _, id := range srv.AlarmIDs() {
			if st := srv.Status(id); st != "CLOSED" {
				return fmt.Errorf("alarm %s is %s after destroy", id, st)
			}
		}
		return nil
	}
}

func seedAlarm(t *testing.T, srv *resourcewatcherfake.TestServer, name string, extra map[string]any) string {
	t.Helper()
	body := map[string]any{
		"alarm":        map[string]any{"alarmName": name, "description": "seeded " + name},
		"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "ROLE", "alarmTarget": resourcewatcherfake.SeedRoleID, "emailAlarm": "Y", "smsAlarm": "N"}},
		"target":       map[string]any{"resourceGroupIds": []string{resourcewatcherfake.SeedGroupWeb}},
	}
	for k, v := range extra {
		body[k] = v
	}
	id, err := srv.Create(body)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// pagesAsked checks that the search/list requests with this size asked for
// exactly these pages (every page was walked).
func pagesAsked(srv *resourcewatcherfake.TestServer, part, size string, want ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		seen := map[string]bool{}
		for _, r := range srv.Requests() {
			if strings.Contains(r.Path, part) && r.Query.Get("size") == size {
				seen[r.Query.Get("page")] = true
			}
		}
		var got []string
		for p := range seen {
			got = append(got, p)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("pages asked for %s size %s: %v, want %v", part, size, got, want)
		}
		return nil
	}
}
