data "o11y_silence" "this" {
  id = "2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d"
}

output "silence_status" {
  value = data.o11y_silence.this.status
}
