package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// ParseFaults reads the sandbox's fault flags: --fail API:STATUS[:TIMES[:RETRY_AFTER]],
// --fail-reset API[:TIMES] and --fail-slow API:DELAY[:TIMES].
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
	times := func(parts []string, i int) (int, error) {
		if len(parts) <= i {
			return 1, nil
		}
		return strconv.Atoi(parts[i])
	}
	for _, s := range fail {
		if err := add(s, 2, 4, func(p []string) (faultinject.Fault, error) {
			st, err := strconv.Atoi(p[1])
			if err != nil || st < 100 || st > 599 {
				return faultinject.Fault{}, fmt.Errorf("%q is not an HTTP status", p[1])
			}
			n, err := times(p, 2)
			f := faultinject.Fault{Status: st, Times: n}
			if len(p) == 4 {
				f.RetryAfter = p[3]
			}
			return f, err
		}); err != nil {
			return nil, err
		}
	}
	for _, s := range reset {
		if err := add(s, 1, 2, func(p []string) (faultinject.Fault, error) {
			n, err := times(p, 1)
			return faultinject.Fault{Reset: true, Times: n}, err
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
			n, err := times(p, 2)
			return faultinject.Fault{Delay: d, Times: n}, err
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
