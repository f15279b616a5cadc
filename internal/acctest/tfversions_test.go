package acctest

import "testing"

func TestAtLeast(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"1.10.0": true, "1.11.4": true, "1.12.6": true, "2.0.0": true, "1.12.0-beta1": true,
		"1.9.8": false, "1.5.7": false, "0.15.0": false, "": false, "dev": false,
	} {
		if got := atLeast(v, 1, 10); got != want {
			t.Errorf("atLeast(%q, 1, 10) = %v, want %v", v, got, want)
		}
	}
}
