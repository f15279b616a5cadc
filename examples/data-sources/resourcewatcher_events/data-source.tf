# The catalogue entries of the VPC product, with English names.
data "resourcewatcher_events" "vpc" {
  provider = o11y

  product_name_contains = "VPC"
  lang                  = "en"
}

output "vpc_event_ids" {
  value = [for e in data.resourcewatcher_events.vpc.events : e.event_id]
}
