package faultmatrix_test

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// TestFaultAmbiguousCreate: a create reaches the server, which stores the
// object, but the answer is lost (connection reset after the write). The
// provider does not send it again: the run fails with a diagnostic that
// says the object may exist and how to adopt it, the server holds exactly
// one object, and `terraform import` of that id adopts it (the destroy
// then removes it: it is managed, not orphaned).
func TestFaultAmbiguousCreate(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	for name, mk := range map[string]func(*testing.T) *spec{
		"maintenance": maintenanceSpec, "grafana": grafanaSpec, "alert-silence": alertSilenceSpec, "resource-watcher": resourceWatcherSpec,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := mk(t)
			config := s.provider + s.resource("test", "ambiguous create")
			var orphan string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					live, err := s.live()
					if err != nil {
						return err
					}
					if len(live) != 0 {
						return fmt.Errorf("objects in force after destroy: %v", keys(live))
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						PreConfig: func() {
							m := s.match[opCreate]
							s.srv.inject(func(r *http.Request) bool { return m(r.Method, r.URL.Path) }, faultinject.Fault{Reset: true, AfterApply: true})
						},
						Config:      config,
						ExpectError: regexp.MustCompile(`(?s)` + s.summary[opCreate] + `.*may\s+have\s+(reached|been\s+created)`),
					},
					{
						PreConfig: func() {
							live, err := s.live()
							if err != nil {
								t.Fatal(err)
							}
							creates := s.srv.since(0, s.match[opCreate])
							if len(live) != 1 || len(creates) != 1 {
								t.Fatalf("after a lost answer the server holds %v after %d create request(s); want one object from one request", keys(live), len(creates))
							}
							for id := range live {
								orphan = id
							}
						},
						Config:             config,
						ResourceName:       s.resType + ".test",
						ImportState:        true,
						ImportStatePersist: true,
						ImportStateIdFunc:  func(*terraform.State) (string, error) { return orphan, nil },
						ImportStateCheck: func(is []*terraform.InstanceState) error {
							if len(is) != 1 || is[0].ID != orphan {
								return fmt.Errorf("imported %v, want %s", is, orphan)
							}
							live, err := s.live()
							if err != nil {
								return err
							}
							if ids := keys(live); len(ids) != 1 || ids[0] != orphan {
								sort.Strings(ids)
								return fmt.Errorf("the server holds %v after the import; want only %s", ids, orphan)
							}
							return nil
						},
					},
				},
			})
		})
	}
}
