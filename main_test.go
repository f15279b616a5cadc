package main

import (
	"os"
	"testing"
)

func TestQuietUnlessAsked(t *testing.T) {
	vars := []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}
	unsetAll := func() {
		for _, k := range vars {
			t.Setenv(k, "")
			_ = os.Unsetenv(k)
		}
	}

	unsetAll()
	quietUnlessAsked()
	for _, k := range vars[1:] {
		if os.Getenv(k) != "OFF" {
			t.Errorf("no logs asked for: %s = %q, want OFF", k, os.Getenv(k))
		}
	}
	if os.Getenv("TF_LOG") != "" {
		t.Error("TF_LOG must stay unset")
	}

	for _, asked := range vars {
		unsetAll()
		t.Setenv(asked, "TRACE")
		quietUnlessAsked()
		for _, k := range vars {
			if k != asked && os.Getenv(k) != "" {
				t.Errorf("with %s set, %s = %q: logging must be left as the user asked", asked, k, os.Getenv(k))
			}
		}
	}
}
