package api

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTrimBody_staysValidUTF8(t *testing.T) {
	t.Parallel()
	korean := strings.Repeat("점검", 200) // 3-byte characters: byte 512 falls inside one
	for name, in := range map[string][]byte{
		"cut through a character": []byte(korean),
		"binary":                  {0xff, 0xfe, 'o', 'k', 0xc3},
		"short":                   []byte("  not found  "),
	} {
		got := TrimBody(in)
		if !utf8.ValidString(got) {
			t.Errorf("%s: %q is not valid UTF-8", name, got)
		}
		if len(got) > 512+len("…") {
			t.Errorf("%s: %d bytes, want at most 512 plus the ellipsis", name, len(got))
		}
	}
	if got := TrimBody([]byte("  not found  ")); got != "not found" {
		t.Errorf("short body = %q", got)
	}
}
