package faultmatrix_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// Expected outcomes of a cell.
const (
	outRetried   = "retried"   // repeated, then succeeded
	outVerified  = "verified"  // not repeated; the provider checked the outcome and succeeded
	outError     = "error"     // failed with a full diagnostic, state and server agree
	outAmbiguous = "ambiguous" // a create not sent again; the diagnostic says it may exist
	outNA        = "n/a"
)

func TestFaultMatrix_Maintenance(t *testing.T)     { runMatrix(t, maintenanceSpec) }
func TestFaultMatrix_Grafana(t *testing.T)         { runMatrix(t, grafanaSpec) }
func TestFaultMatrix_AlertSilence(t *testing.T)    { runMatrix(t, alertSilenceSpec) }
func TestFaultMatrix_ResourceWatcher(t *testing.T) { runMatrix(t, resourceWatcherSpec) }

// cell is one API x operation x fault.
type cell struct {
	op, fault string
	expect    string
	msg       string
	inj       faultinject.Fault
	mark      int
	before    map[string]string
	verifying bool
	done      bool
	problems  []string
	note      string
	// id is the object the diagnostic must name ("" = none).
	id func() string
}

func (c *cell) failf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

type matrixRun struct {
	t     *testing.T
	s     *spec
	mu    sync.Mutex
	cur   *cell
	cells []*cell
	ids   map[string]string // resource name -> id, from the last state seen
	seed  string
}

func shortFault(f string) string {
	return map[string]string{f429: "429", f500: "500", f503: "503", fReset: "reset", fSlow: "slow", fMalformed: "malformed", fSoft: "soft", fAuth: "auth"}[f]
}

func shortOp(op string) string {
	if op == opDataSource {
		return "ds"
	}
	return op
}

// expected is what must happen for op under fault.
func (s *spec) expected(op, fault string) string {
	if fault == fSoft && !s.soft {
		return outNA
	}
	if o, ok := s.overrides[[2]string{op, fault}]; ok {
		return o
	}
	create := op == opCreate || (op == opUpdate && s.updateReplaces)
	switch fault {
	case f429, f503:
		return outRetried
	case f500:
		if create {
			return outError
		}
		return outRetried
	case fReset, fSlow:
		if create {
			return outAmbiguous
		}
		return outRetried
	case fMalformed:
		if create {
			return outAmbiguous
		}
		return outError
	}
	return outError
}

func isWrite(op string) bool { return op == opCreate || op == opUpdate || op == opDelete }

// requestOp is the operation whose requests a cell faults.
func (s *spec) requestOp(op string) string {
	switch op {
	case opImport, opDataSource:
		return opRead
	case opUpdate:
		if s.updateReplaces {
			return opCreate
		}
	}
	return op
}

func (r *matrixRun) newCell(op, fault string) *cell {
	c := &cell{op: op, fault: fault, expect: r.s.expected(op, fault)}
	c.msg = fmt.Sprintf("fm-%s-%s-%s", r.s.short, shortOp(op), shortFault(fault))
	switch fault {
	case f429:
		c.inj = faultinject.Fault{Status: 429, RetryAfter: "1", Message: c.msg}
	case f500:
		c.inj = faultinject.Fault{Status: 500, Message: c.msg}
	case f503:
		c.inj = faultinject.Fault{Status: 503, Message: c.msg}
	case fReset:
		c.inj = faultinject.Fault{Reset: true}
	case fSlow:
		c.inj = faultinject.Fault{Delay: 5 * time.Second}
	case fMalformed:
		// A 2xx to a write means the server acted; only the body is mangled.
		c.inj = faultinject.Fault{Malformed: true, AfterApply: isWrite(op)}
	case fSoft:
		c.inj = faultinject.Fault{SoftFailure: true, Message: c.msg}
	case fAuth:
		c.inj = faultinject.Fault{Status: 401, Message: c.msg}
		if isWrite(op) {
			c.inj.Status = 403
		}
	}
	if n := r.s.attempts[op]; n > 1 && (c.expect == outError || c.expect == outAmbiguous) {
		c.inj.Times = n // the failure lasts: it meets the fallback request too
	}
	c.id = func() string { return "" }
	r.cells = append(r.cells, c)
	return c
}

func (r *matrixRun) matcher(c *cell) func(method, path string) bool {
	return r.s.match[r.s.requestOp(c.op)]
}

// begin arms the cell's fault before its step.
func (r *matrixRun) begin(c *cell) func() {
	return func() {
		r.mu.Lock()
		r.cur = c
		r.mu.Unlock()
		r.s.srv.clear()
		live, err := r.s.live()
		if err != nil {
			c.failf("reading the server before the run: %v", err)
		}
		c.before = live
		c.mark = r.s.srv.mark()
		m := r.matcher(c)
		r.s.srv.inject(func(req *http.Request) bool { return m(req.Method, req.URL.Path) }, c.inj)
	}
}

// verify starts the follow-up run of a failed cell: no fault, same
// configuration; it must show state and server agreeing, then converge.
func (r *matrixRun) verify(c *cell) func() {
	return func() {
		r.mu.Lock()
		r.cur = c
		r.mu.Unlock()
		r.s.srv.clear()
		c.verifying = true
	}
}

// evidence checks what the server saw: the fault fired, and the request
// was repeated (or not) as the outcome requires.
func (r *matrixRun) evidence(c *cell) {
	if n := r.s.srv.pending(); n != 0 {
		c.failf("the fault never fired (%d pending)", n)
		return
	}
	hits := r.s.srv.since(c.mark, r.matcher(c))
	if len(hits) == 0 || !hits[0].faulted {
		c.failf("no faulted request was logged")
		return
	}
	switch c.expect {
	case outRetried:
		if len(hits) < 2 {
			c.failf("the request was not repeated (%d request)", len(hits))
			return
		}
		if c.fault == f429 {
			if gap := hits[1].at.Sub(hits[0].at); gap < 900*time.Millisecond {
				c.failf("retried %s after a 429 with Retry-After: 1", gap)
			}
		}
	case outError, outAmbiguous:
		want := max(1, r.s.attempts[c.op])
		if len(hits) != want {
			c.failf("%d requests, want %d: a failure that is not safe or useful to repeat must not be sent again", len(hits), want)
		}
	}
}

var boxChars = strings.NewReplacer("│", " ", "╷", " ", "╵", " ")

func normalize(s string) string { return strings.Join(strings.Fields(boxChars.Replace(s)), " ") }

// onError is the TestCase's ErrorCheck: a failed run is what some cells
// expect; the diagnostic is checked here and the run goes on.
func (r *matrixRun) onError(err error) error {
	r.mu.Lock()
	c := r.cur
	r.mu.Unlock()
	if c == nil {
		return err
	}
	text := normalize(err.Error())
	if c.verifying || (c.expect != outError && c.expect != outAmbiguous) {
		c.failf("unexpected error: %s", text)
		r.t.Errorf("%s/%s/%s: unexpected error: %s", r.s.api, c.op, c.fault, text)
		return nil
	}
	r.evidence(c)
	want := []string{r.s.summary[r.s.requestOp(c.op)]}
	if c.op == opUpdate && r.s.updateReplaces {
		want = []string{r.s.summary[opCreate]}
	}
	if id := c.id(); id != "" {
		want = append(want, regexp.QuoteMeta(id))
	}
	switch c.fault {
	case f500, fAuth:
		want = append(want, fmt.Sprintf(`HTTP[^0-9]{0,16}%d`, c.inj.Status), regexp.QuoteMeta(c.msg))
	case fSoft:
		want = append(want, `HTTP[^0-9]{0,16}200`, regexp.QuoteMeta(c.msg))
	case fMalformed:
		want = append(want, `HTTP[^0-9]{0,16}200`, `(?i)malformed|not (a|the) |decode|cannot read|unexpected end|invalid character|carries no`)
	case fReset, fSlow:
		want = append(want, `(?i)answer was lost|not sent again`)
	}
	if c.expect == outAmbiguous {
		want = append(want, `(?i)may (have|exist|now exist)`)
	}
	for _, w := range want {
		if !regexp.MustCompile(w).MatchString(text) {
			c.failf("the diagnostic lacks %s: %s", w, text)
		}
	}
	if !isWrite(c.op) {
		// Nothing was written: the server must hold what it held.
		live, lerr := r.s.live()
		if lerr != nil {
			c.failf("reading the server: %v", lerr)
		} else if !sameKeys(live, c.before) {
			c.failf("the server changed during a failed %s: %v -> %v", c.op, keys(c.before), keys(live))
		}
		r.finish(c)
	}
	if len(c.problems) > 0 {
		r.t.Errorf("%s/%s/%s: %s", r.s.api, c.op, c.fault, strings.Join(c.problems, "; "))
	}
	return nil
}

func (r *matrixRun) finish(c *cell) { c.done = true }

// setup starts a run that belongs to no cell (it creates what the next
// cells need); any error in it fails the test.
func (r *matrixRun) setup() {
	r.mu.Lock()
	r.cur = nil
	r.mu.Unlock()
	r.s.srv.clear()
}

func sameKeys(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// agree compares the managed resources of the spec's type in a state with
// the server: every id in the state is in force on the server, every object
// in force is in the state once (the seeded one aside), and with strict the
// titles match. allowOrphan accepts (and removes) one untracked object: a
// create the server acted on whose answer was unreadable.
func (r *matrixRun) agree(c *cell, resources []*tfjson.StateResource, strict, allowOrphan bool) error {
	live, err := r.s.live()
	if err != nil {
		return err
	}
	delete(live, r.seed)
	seen := map[string]string{}
	var problems []string
	for _, res := range resources {
		if res.Mode != tfjson.ManagedResourceMode || res.Type != r.s.resType {
			continue
		}
		id, _ := res.AttributeValues["id"].(string)
		title, _ := res.AttributeValues[r.s.titleAttr].(string)
		if other, dup := seen[id]; dup {
			problems = append(problems, fmt.Sprintf("%s and %s hold the same id %s", other, res.Address, id))
		}
		seen[id] = res.Address
		got, ok := live[id]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s points at %q, which the server does not hold (a lost id)", res.Address, id))
		case strict && got != title:
			problems = append(problems, fmt.Sprintf("%s has %s %q, the server %q", res.Address, r.s.titleAttr, title, got))
		}
	}
	var orphans []string
	for id := range live {
		if _, ok := seen[id]; !ok {
			orphans = append(orphans, id)
		}
	}
	sort.Strings(orphans)
	if allowOrphan && len(orphans) == 1 {
		c.note = fmt.Sprintf("the server created %s; its answer was unreadable and the diagnostic said so", orphans[0])
		r.s.remove(orphans[0])
		orphans = nil
	}
	if len(orphans) > 0 {
		problems = append(problems, fmt.Sprintf("orphans on the server (not in the state): %v", orphans))
	}
	if len(problems) > 0 {
		return fmt.Errorf("state and server disagree: %s", strings.Join(problems, "; "))
	}
	return nil
}

func (r *matrixRun) capture(resources []*tfjson.StateResource) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, res := range resources {
		if res.Mode == tfjson.ManagedResourceMode && res.Type == r.s.resType {
			if id, ok := res.AttributeValues["id"].(string); ok {
				r.ids[res.Name] = id
			}
		}
	}
}

func (r *matrixRun) idOf(name string) func() string {
	return func() string {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.ids[name]
	}
}

type stateFn func(*tfjson.State) error

func (f stateFn) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req.State)
}

type planFn func(*tfjson.Plan) error

func (f planFn) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

func resourcesOf(s *tfjson.State) []*tfjson.StateResource {
	if s == nil || s.Values == nil || s.Values.RootModule == nil {
		return nil
	}
	return s.Values.RootModule.Resources
}

// ok is the state check of a cell's own run when it succeeded.
func (r *matrixRun) ok(c *cell, extra func([]*tfjson.StateResource) error) statecheck.StateCheck {
	return stateFn(func(s *tfjson.State) error {
		res := resourcesOf(s)
		r.capture(res)
		if c.verifying || c.done {
			return nil
		}
		if c.expect == outError || c.expect == outAmbiguous {
			c.failf("the run succeeded; expected it to fail")
		} else {
			r.evidence(c)
			if err := r.agree(c, res, true, false); err != nil {
				c.failf("%v", err)
			}
			if extra != nil {
				if err := extra(res); err != nil {
					c.failf("%v", err)
				}
			}
		}
		r.finish(c)
		if len(c.problems) > 0 {
			r.t.Errorf("%s/%s/%s: %s", r.s.api, c.op, c.fault, strings.Join(c.problems, "; "))
		}
		return nil
	})
}

// verifyStep is the run after a failed write: before it applies, the state
// (refreshed) and the server agree; after it, they agree exactly.
func (r *matrixRun) verifyStep(c *cell, config string) resource.TestStep {
	return resource.TestStep{
		PreConfig: r.verify(c),
		Config:    config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planFn(func(p *tfjson.Plan) error {
			if err := r.agree(c, resourcesOf(p.PriorState), false, c.expect == outAmbiguous && c.fault == fMalformed); err != nil {
				c.failf("after the failure: %v", err)
			}
			return nil
		})}},
		ConfigStateChecks: []statecheck.StateCheck{stateFn(func(s *tfjson.State) error {
			res := resourcesOf(s)
			r.capture(res)
			if err := r.agree(c, res, true, false); err != nil {
				c.failf("the next apply did not converge: %v", err)
			}
			r.finish(c)
			if len(c.problems) > 0 {
				r.t.Errorf("%s/%s/%s: %s", r.s.api, c.op, c.fault, strings.Join(c.problems, "; "))
			}
			return nil
		})},
	}
}

func hasResource(name string) func([]*tfjson.StateResource) error {
	return func(res []*tfjson.StateResource) error {
		for _, r := range res {
			if r.Mode == tfjson.ManagedResourceMode && r.Name == name {
				return nil
			}
		}
		return fmt.Errorf("%s is not in the state", name)
	}
}

func runMatrix(t *testing.T, mk func(*testing.T) *spec) {
	acctest.PreCheck(t)
	t.Parallel()
	s := mk(t)
	r := &matrixRun{t: t, s: s, ids: map[string]string{}}
	seedTitle := "fm seeded " + s.short
	var err error
	if r.seed, err = s.seed(seedTitle); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.remove(r.seed) })

	var steps []resource.TestStep
	add := func(c *cell, step resource.TestStep, verifyConfig string) {
		step.PreConfig = r.begin(c)
		steps = append(steps, step)
		if verifyConfig != "" && (c.expect == outError || c.expect == outAmbiguous) {
			steps = append(steps, r.verifyStep(c, verifyConfig))
		}
	}
	cellsFor := func(op string) []*cell {
		var out []*cell
		for _, f := range faultKeys {
			c := r.newCell(op, f)
			if c.expect != outNA {
				out = append(out, c)
			}
		}
		return out
	}

	// Data source reads of the seeded object, with nothing managed yet.
	for _, c := range cellsFor(opDataSource) {
		c.id = func() string { return r.seed }
		cfg := s.provider + s.data("seeded", r.seed)
		add(c, resource.TestStep{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{r.ok(c, nil), dataTitle(s, "seeded", seedTitle)}}, "")
	}
	// Import of the seeded object.
	for _, c := range cellsFor(opImport) {
		c.id = func() string { return r.seed }
		cc := c
		add(c, resource.TestStep{
			Config: s.provider + s.resource("imported", seedTitle), ResourceName: s.resType + ".imported",
			ImportState: true, ImportStateId: r.seed,
			ImportStateCheck: func(is []*terraform.InstanceState) error {
				if cc.done {
					return nil
				}
				if cc.expect == outError || cc.expect == outAmbiguous {
					cc.failf("the import succeeded; expected it to fail")
				} else {
					r.evidence(cc)
					if len(is) != 1 || is[0].ID != r.seed || is[0].Attributes[s.titleAttr] != seedTitle {
						cc.failf("imported %v, want %s with %s %q", is, r.seed, s.titleAttr, seedTitle)
					}
				}
				r.finish(cc)
				if len(cc.problems) > 0 {
					t.Errorf("%s/%s/%s: %s", s.api, cc.op, cc.fault, strings.Join(cc.problems, "; "))
				}
				return nil
			},
		}, "")
	}
	// Creates: each cell adds its own resource (the previous one goes).
	for _, c := range cellsFor(opCreate) {
		name := "create_" + shortFault(c.fault)
		cfg := s.provider + s.resource(name, "fm create "+shortFault(c.fault))
		add(c, resource.TestStep{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{r.ok(c, hasResource(name))}}, cfg)
	}
	// Reads of one resource.
	readCfg := s.provider + s.resource("main", "fm read")
	steps = append(steps, resource.TestStep{PreConfig: r.setup, Config: readCfg,
		ConfigStateChecks: []statecheck.StateCheck{stateFn(func(st *tfjson.State) error { r.capture(resourcesOf(st)); return nil })}})
	for _, c := range cellsFor(opRead) {
		c.id = r.idOf("main")
		add(c, resource.TestStep{Config: readCfg, ConfigStateChecks: []statecheck.StateCheck{r.ok(c, hasResource("main"))}}, "")
	}
	// Updates of the same resource.
	for _, c := range cellsFor(opUpdate) {
		if !s.updateReplaces {
			c.id = r.idOf("main")
		}
		cfg := s.provider + s.resource("main", "fm update "+shortFault(c.fault))
		add(c, resource.TestStep{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{r.ok(c, hasResource("main"))}}, cfg)
	}
	// Deletes: one resource per cell, removed one by one.
	dels := cellsFor(opDelete)
	delCfg := func(from int) string {
		cfg := s.provider + s.resource("main", "fm delete")
		for _, c := range dels[from:] {
			cfg += s.resource("delete_"+shortFault(c.fault), "fm delete "+shortFault(c.fault))
		}
		return cfg
	}
	steps = append(steps, resource.TestStep{PreConfig: r.setup, Config: delCfg(0),
		ConfigStateChecks: []statecheck.StateCheck{stateFn(func(st *tfjson.State) error { r.capture(resourcesOf(st)); return nil })}})
	for i, c := range dels {
		name := "delete_" + shortFault(c.fault)
		c.id = r.idOf(name)
		cfg := delCfg(i + 1)
		add(c, resource.TestStep{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{r.ok(c, func(res []*tfjson.StateResource) error {
			if hasResource(name)(res) == nil {
				return fmt.Errorf("%s is still in the state", name)
			}
			return nil
		})}}, cfg)
	}

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		ErrorCheck:               r.onError,
		CheckDestroy: func(*terraform.State) error {
			live, err := s.live()
			if err != nil {
				return err
			}
			delete(live, r.seed)
			if len(live) > 0 {
				return fmt.Errorf("objects in force after destroy: %v", keys(live))
			}
			return nil
		},
		Steps: steps,
	})
	for _, c := range r.cells {
		res := cellResult{status: "pass", how: c.expect}
		switch {
		case c.expect == outNA:
			res = cellResult{status: "n/a"}
		case !c.done:
			res = cellResult{status: "FAIL", detail: "did not finish"}
		case len(c.problems) > 0:
			res = cellResult{status: "FAIL", detail: strings.Join(c.problems, "; ")}
		}
		if !c.done && c.expect != outNA {
			t.Errorf("%s/%s/%s did not finish", s.api, c.op, c.fault)
		}
		matrix.set(s.api, c.op, c.fault, res)
	}
	t.Logf("%s: %d cells in %s", s.api, len(r.cells), time.Since(start).Round(time.Millisecond))
}

func dataTitle(s *spec, name, want string) statecheck.StateCheck {
	return stateFn(func(st *tfjson.State) error {
		for _, res := range resourcesOf(st) {
			if res.Mode == tfjson.DataResourceMode && res.Name == name {
				if got, _ := res.AttributeValues[s.titleAttr].(string); got != want {
					return fmt.Errorf("data.%s.%s = %q, want %q", name, s.titleAttr, got, want)
				}
				return nil
			}
		}
		return fmt.Errorf("data source %s is not in the state", name)
	})
}
