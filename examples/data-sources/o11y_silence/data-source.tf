data "o11y_silence" "this" {
  id = o11y_silence.db_upgrade.id
}

output "silence_status" {
  value = data.o11y_silence.this.status
}
