# Every active silence that has the exact matcher service="checkout-api".
data "o11y_silences" "checkout" {
  matchers = [
    { name = "service", value = "checkout-api" },
  ]
  state = "active"
}

output "checkout_silences" {
  value = [for s in data.o11y_silences.checkout.silences : "${s.id} until ${s.ends_at}: ${s.comment}"]
}
