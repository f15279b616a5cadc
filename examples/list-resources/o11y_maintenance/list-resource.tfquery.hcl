# The maintenance API has no search: name the windows by id.
list "o11y_maintenance" "from_console" {
  provider = o11y
  config {
    ids = ["silence-12345", "silence-12346"]
  }
}
