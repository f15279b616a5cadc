package acctest

import "testing"

func TestAtLeastVersion(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"1.10.0": true, "1.11.4": true, "1.12.6": true, "2.0.0": true, "1.12.0-beta1": true,
		"1.9.8": false, "1.5.7": false, "0.15.0": false, "": false, "dev": false,
	} {
		if got := atLeastVersion(v, "1.10"); got != want {
			t.Errorf("atLeastVersion(%q, 1.10) = %v, want %v", v, got, want)
		}
	}
}

func TestHas(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		b   TFBinary
		f   Feature
		ok  bool
		why string
	}{
		{TFBinary{Name: "terraform", Version: "1.15.9"}, Actions, true, ""},
		{TFBinary{Name: "terraform", Version: "1.5.7"}, Actions, false, "Terraform 1.5.7 has no actions (needs 1.14)"},
		{TFBinary{Name: "tofu", Version: "1.12.6"}, Actions, false, "OpenTofu has no actions"},
		{TFBinary{Name: "tofu", Version: "1.12.6"}, Ephemeral, true, ""},
		{TFBinary{Name: "tofu", Version: "1.6.3"}, Ephemeral, false, "OpenTofu 1.6.3 has no ephemeral resources (needs 1.11)"},
		{TFBinary{Name: "tofu", Version: "1.12.6"}, WriteOnly, true, ""},
		{TFBinary{Name: "terraform", Version: "1.11.4"}, Identity, false, "Terraform 1.11.4 has no resource identity (needs 1.12)"},
	} {
		ok, why := c.b.Has(c.f)
		if ok != c.ok || why != c.why {
			t.Errorf("%s has %s: %v %q, want %v %q", c.b, c.f.Name, ok, why, c.ok, c.why)
		}
	}
}
