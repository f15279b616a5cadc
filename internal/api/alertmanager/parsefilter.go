package alertmanager

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseFilter reads one matcher written in Alertmanager's filter syntax,
// such as `alertname="DiskFull"`, `severity=~"crit.*"` or `env!="dev"`: the
// inverse of FilterString. The parts are
//
//   - a label name: bare (no spaces, quotes, braces, commas or operator
//     characters), or double-quoted with Go's escapes, as FilterString
//     quotes names that are not classic label names;
//   - an operator: =, !=, =~ or !~;
//   - a value: double-quoted, where \\, \" and \n are escapes and any other
//     backslash stands for itself (Alertmanager's classic parser, so
//     `instance=~"web-\d+"` is the regex web-\d+), or bare (no spaces,
//     quotes, braces or commas; empty means the empty value).
//
// One string is one matcher; spaces around the parts are allowed. The error
// says what is wrong in words a configuration error can show.
func ParseFilter(s string) (Matcher, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return Matcher{}, fmt.Errorf("the matcher is empty")
	}
	var m Matcher
	if in[0] == '"' {
		q, err := strconv.QuotedPrefix(in)
		if err != nil {
			return Matcher{}, fmt.Errorf("the quoted label name is not closed, or has an escape Go strings do not know")
		}
		m.Name, _ = strconv.Unquote(q)
		in = in[len(q):]
	} else {
		i := strings.IndexAny(in, "=!~")
		if i < 0 {
			return Matcher{}, fmt.Errorf("there is no operator (=, !=, =~ or !~) after the label name")
		}
		m.Name = strings.TrimSpace(in[:i])
		if strings.ContainsAny(m.Name, " \t\r\n\"{},") {
			return Matcher{}, fmt.Errorf("the label name %q has a space, quote, brace or comma; quote such a name, as in %q=\"value\"", m.Name, m.Name)
		}
		in = in[i:]
	}
	if m.Name == "" {
		return Matcher{}, fmt.Errorf("the label name is missing before the operator")
	}
	in = strings.TrimLeft(in, " \t")
	var op string
	for _, o := range []string{"=~", "!~", "!=", "="} {
		if strings.HasPrefix(in, o) {
			op = o
			break
		}
	}
	switch op {
	case "":
		return Matcher{}, fmt.Errorf("the operator after the label name %q is not one of =, !=, =~ and !~", m.Name)
	case "=":
		m.IsEqual = true
	case "=~":
		m.IsEqual, m.IsRegex = true, true
	case "!~":
		m.IsRegex = true
	}
	in = strings.TrimSpace(in[len(op):])
	if strings.HasPrefix(in, `"`) {
		v, rest, ok := unquoteClassic(in)
		if !ok {
			return Matcher{}, fmt.Errorf("the value's closing double quote is missing")
		}
		if rest = strings.TrimSpace(rest); rest != "" {
			return Matcher{}, fmt.Errorf("%q follows the value; write one matcher per string", rest)
		}
		m.Value = v
		return m, nil
	}
	if strings.ContainsAny(in, " \t\r\n\"{},") {
		return Matcher{}, fmt.Errorf("the value %q has a space, quote, brace or comma: double-quote it (one matcher per string)", in)
	}
	m.Value = in
	return m, nil
}

// unquoteClassic reads a double-quoted value at the start of s with the
// classic parser's escapes: \\, \" and \n; any other backslash is literal.
// rest is what follows the closing quote; ok is false when there is none.
func unquoteClassic(s string) (value, rest string, ok bool) {
	var b strings.Builder
	escaped := false
	for i, r := range s[1:] {
		switch {
		case escaped:
			escaped = false
			switch r {
			case 'n':
				b.WriteByte('\n')
			case '"', '\\':
				b.WriteRune(r)
			default:
				b.WriteByte('\\')
				b.WriteRune(r)
			}
		case r == '\\':
			escaped = true
		case r == '"':
			return b.String(), s[1+i+1:], true
		default:
			b.WriteRune(r)
		}
	}
	return "", "", false
}
