package archive

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the plain scans that stand before the parser's regular
// expressions: each says, without allocating, whether an expression can
// match at all, so that the lines of a document's text, which almost never
// match, are not run through it. The expression still decides when it can.

// collapsedLen returns the length in bytes of s with its white space
// collapsed, strings.Join(strings.Fields(s), " "), or a number above limit
// as soon as it exceeds limit.
func collapsedLen(s string, limit int) int {
	n := -1
	for f := range strings.FieldsSeq(s) {
		if n += 1 + len(f); n > limit {
			return n
		}
	}
	return max(n, 0)
}

// ContainsFoldASCII reports whether s holds sub, a lower-case ASCII word,
// in any mix of ASCII cases.
func ContainsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// isPerlSpace reports whether c is white space to a regular expression's
// \s: ASCII tab, line feed, form feed, carriage return or space.
func isPerlSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// hasPrefixFold reports whether s opens with prefix under Unicode simple
// case folding, as a regular expression's (?i) compares: "ſ" is an "s".
func hasPrefixFold(s, prefix string) bool {
	for _, want := range prefix {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || !foldEqual(r, want) {
			return false
		}
		s = s[size:]
	}
	return true
}

// foldEqual reports whether a and b are the same letter under simple case
// folding.
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}
