package resourcewatcher_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

func TestEventsDataSource_paging(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	ev := func(pid, pname, eid string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"product_id": knownvalue.StringExact(pid), "product_name": knownvalue.StringExact(pname), "event_id": knownvalue.StringExact(eid),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfgO11y(srv.URL, `
data "resourcewatcher_events" "en" {
  provider    = o11y
  product_ids = ["compute", "network"]
  lang        = "en"
  page_size   = 2
}

data "resourcewatcher_events" "ko" {
  provider            = o11y
  event_name_contains = "삭제"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.resourcewatcher_events.en", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					ev("compute", "Instance", "iaas.instance.create"),
					ev("compute", "Instance", "iaas.instance.delete"),
					ev("compute", "Instance", "iaas.instance.stop"),
					ev("network", "VPC", "iaas.vpc.create"),
					ev("network", "VPC", "iaas.vpc.delete"),
				})),
				statecheck.ExpectKnownValue("data.resourcewatcher_events.ko", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					ev("network", "VPC", "iaas.vpc.delete"),
					ev("compute", "인스턴스", "iaas.instance.delete"),
				})),
			},
			Check: pagesAsked(srv, "/events", "2", "0", "1", "2"),
		}},
	})
}
