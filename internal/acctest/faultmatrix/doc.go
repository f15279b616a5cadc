// Package faultmatrix holds the fault matrix of the provider: for every API
// (maintenance, Grafana/Alertmanager, Alert Silence, Resource Watcher), every
// operation (create, read, update, delete, import, data source read) and
// every failure (429 with Retry-After, 500, 503, connection reset, an answer
// slower than the request timeout, malformed JSON, an HTTP 200 failure body,
// 401/403), the tests assert that the provider retried when that was safe and
// then succeeded, or failed with a diagnostic naming the operation, the
// object id, the HTTP status and the server's message — and that the
// server's objects and Terraform's state agree afterwards.
//
// It also holds the crash-mid-apply, ambiguous-create, TRACE-log secrets and
// bad-input tests. Everything is in the external test package; the table of
// results is printed after the run and, with O11Y_WRITE_FAULT_MATRIX=1,
// written to templates/guides/fault-matrix.md.tmpl, which make generate
// renders into docs/guides/fault-matrix.md.
package faultmatrix
