package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// ParseFaults reads the sandbox's fault flags: --fail API:STATUS[:TIMES[:RETRY_AFTER]],
// --fail-reset API[:TIMES] and --fail-slow API:DELAY[:TIMES]. TIMES is a count
// of calls (default 1), or a percentage such as 5% or 2.5%: that share of
// the API's calls, at random, for as long as the sandbox runs.
func ParseFaults(fail, reset, slow []string) (map[string][]faultinject.Fault, error) {
	out := map[string][]faultinject.Fault{}
	known := map[string]bool{}
	for _, a := range APIs {
		known[a] = true
	}
	add := func(spec string, minParts, maxParts int, mk func(parts []string) (faultinject.Fault, error)) error {
		parts := strings.Split(spec, ":")
		if len(parts) < minParts || len(parts) > maxParts || !known[parts[0]] {
			return fmt.Errorf("fault %q: start with one of %s", spec, strings.Join(APIs, ", "))
		}
		f, err := mk(parts)
		if err != nil {
			return fmt.Errorf("fault %q: %w", spec, err)
		}
		out[parts[0]] = append(out[parts[0]], f)
		return nil
	}
	// times sets f.Times or f.Probability from parts[i].
	times := func(f *faultinject.Fault, parts []string, i int) error {
		if len(parts) <= i {
			f.Times = 1
			return nil
		}
		if pct, ok := strings.CutSuffix(parts[i], "%"); ok {
			p, err := strconv.ParseFloat(pct, 64)
			if err != nil || p <= 0 || p > 100 {
				return fmt.Errorf("%q is not a percentage in (0, 100]", parts[i])
			}
			f.Probability = p / 100
			return nil
		}
		n, err := strconv.Atoi(parts[i])
		if err != nil || n < 1 {
			return fmt.Errorf("%q is neither a number of calls nor a percentage such as 5%%", parts[i])
		}
		f.Times = n
		return nil
	}
	for _, s := range fail {
		if err := add(s, 2, 4, func(p []string) (faultinject.Fault, error) {
			st, err := strconv.Atoi(p[1])
			if err != nil || st < 100 || st > 599 {
				return faultinject.Fault{}, fmt.Errorf("%q is not an HTTP status", p[1])
			}
			f := faultinject.Fault{Status: st}
			if len(p) == 4 {
				f.RetryAfter = p[3]
			}
			err = times(&f, p, 2)
			return f, err
		}); err != nil {
			return nil, err
		}
	}
	for _, s := range reset {
		if err := add(s, 1, 2, func(p []string) (faultinject.Fault, error) {
			f := faultinject.Fault{Reset: true}
			err := times(&f, p, 1)
			return f, err
		}); err != nil {
			return nil, err
		}
	}
	for _, s := range slow {
		if err := add(s, 2, 3, func(p []string) (faultinject.Fault, error) {
			d, err := time.ParseDuration(p[1])
			if err != nil {
				return faultinject.Fault{}, err
			}
			f := faultinject.Fault{Delay: d}
			err = times(&f, p, 2)
			return f, err
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
