package acctest

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Matrix is what the acceptance runs of one `make test` reported
// (EnvReport): for each suite and binary, passed, failed or skipped with
// the reason.
type Matrix struct {
	binaries []string
	suites   []string
	cells    map[string]*cell // suite + "\x00" + binary
}

type cell struct {
	passed, failed int
	reasons        map[string]bool
}

// ReadMatrix parses report lines.
func ReadMatrix(r io.Reader) (*Matrix, error) {
	m := &Matrix{cells: map[string]*cell{}}
	seenB, seenS := map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), "\t", 4)
		if len(f) < 3 {
			continue
		}
		binary, suite, status := f[0], f[1], f[2]
		detail := ""
		if len(f) == 4 {
			detail = f[3]
		}
		if !seenB[binary] {
			seenB[binary] = true
			m.binaries = append(m.binaries, binary)
		}
		if !seenS[suite] {
			seenS[suite] = true
			m.suites = append(m.suites, suite)
		}
		k := suite + "\x00" + binary
		c := m.cells[k]
		if c == nil {
			c = &cell{reasons: map[string]bool{}}
			m.cells[k] = c
		}
		switch status {
		case "passed":
			c.passed++
		case "failed":
			c.failed++
		default:
			c.reasons[detail] = true
		}
	}
	sort.Strings(m.binaries)
	sort.Strings(m.suites)
	return m, sc.Err()
}

func (c *cell) String() string {
	switch {
	case c == nil:
		return "not run"
	case c.failed > 0:
		return fmt.Sprintf("FAILED (%d)", c.failed)
	case c.passed > 0:
		return "passed"
	}
	rs := make([]string, 0, len(c.reasons))
	for r := range c.reasons {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	return "skipped: " + strings.Join(rs, "; ")
}

// Markdown renders the matrix: a row per suite, a column per binary.
func (m *Matrix) Markdown() string {
	var b strings.Builder
	b.WriteString("| suite | " + strings.Join(m.binaries, " | ") + " |\n|---|")
	b.WriteString(strings.Repeat("---|", len(m.binaries)) + "\n")
	for _, s := range m.suites {
		b.WriteString("| " + s + " |")
		for _, bin := range m.binaries {
			b.WriteString(" " + m.cells[s+"\x00"+bin].String() + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Problems lists what fails the run: a failed cell, and a suite that
// passed on no binary (every run skipped it).
func (m *Matrix) Problems() []string {
	var out []string
	for _, s := range m.suites {
		ran := false
		for _, bin := range m.binaries {
			c := m.cells[s+"\x00"+bin]
			if c != nil && c.failed > 0 {
				out = append(out, fmt.Sprintf("suite %s failed on %s", s, bin))
			}
			if c != nil && c.passed > 0 {
				ran = true
			}
		}
		if !ran {
			out = append(out, fmt.Sprintf("suite %s ran on no binary", s))
		}
	}
	return out
}
