package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is one word of a text, with where it stands and the folded form that
// matching compares.
type token struct {
	start, end int // byte offsets into the string, inline markup included
	// norm is the word folded for comparison: lower case, ё as е, every
	// apostrophe as ', accents of Latin letters removed, Latin look-alikes
	// inside a Cyrillic word read as Cyrillic.
	norm string
	// lower is the word in lower case with its accents (š, ə, ā), for
	// phonetic keys, which read them; the same as norm for most words.
	lower   string
	script  string // ScriptLatin, ScriptCyrillic, scriptMixed, or "" for other scripts
	letters int    // letters in the word
	upper   bool   // the first letter is a capital
	caps    bool   // every letter is a capital
}

// tokenize splits s into words. A word is a run of letters; an apostrophe
// between letters belongs to the word (Sha'in, Qavam’s), and so does inline
// markup inside a word (С<sup>ъ</sup>ездом), because the sources keep their
// typography. Digits, hyphens and punctuation separate words, so that a name
// glued to a number by OCR ("9.112Молотову") is still a word of its own.
func tokenize(s string) []token {
	var out []token
	var raw []rune // the letters of the current word, markup left out
	start, end := -1, -1
	flush := func() {
		if start >= 0 {
			out = append(out, makeToken(raw, start, end))
		}
		raw, start, end = raw[:0], -1, -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isLetter(r):
			if start < 0 {
				start = i
			}
			raw = append(raw, r)
			end = i + size
		case start >= 0 && isApostrophe(r) && letterAt(s, i+size):
			raw = append(raw, r)
		case start >= 0 && r == '\u200c' && letterAt(s, i+size):
			// The zero-width non-joiner inside a Persian word (پیشه‌وری)
			// keeps it one word; folding drops it.
		case r == '<' && tagLen(s[i:]) > 0:
			n := 0
			for m := tagLen(s[i+n:]); m > 0; m = tagLen(s[i+n:]) {
				n += m
			}
			// A tag inside a word is invisible; between words it separates.
			if start >= 0 && !letterAt(s, i+n) {
				flush()
			}
			i += n
			continue
		default:
			flush()
		}
		i += size
	}
	flush()
	return out
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' }

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isLetter(r)
}

// tagLen returns the length of the inline HTML tag (<sup>, </sup>) at the
// start of s, or 0.
func tagLen(s string) int {
	if s == "" || s[0] != '<' {
		return 0
	}
	i := 1
	if i < len(s) && s[i] == '/' {
		i++
	}
	j := i
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		j++
	}
	if j == i || j >= len(s) || s[j] != '>' {
		return 0
	}
	return j + 1
}

func makeToken(raw []rune, start, end int) token {
	t := token{start: start, end: end, upper: true, caps: true}
	word := string(raw)
	if !plainWord(word) {
		word = norm.NFC.String(word)
	}
	first := true
	for _, r := range word {
		if !unicode.IsLetter(r) {
			continue
		}
		t.letters++
		if first && !unicode.IsUpper(r) {
			t.upper = false
		}
		if !unicode.IsUpper(r) {
			t.caps = false
		}
		first = false
	}
	t.norm = fold(word)
	t.lower = t.norm
	if !plainWord(word) {
		t.lower = strings.ToLower(word)
	}
	t.script = scriptOf(t.norm)
	if t.script == ScriptArabic {
		t.norm = persianKey(t.norm)
	}
	if t.script == scriptMixed {
		t.norm = cyrillicLookalikes.Replace(t.norm)
		t.script = scriptOf(t.norm)
		t.lower = t.norm
	}
	return t
}

// scriptMixed is what scriptOf reports for a word that mixes Latin and
// Cyrillic letters; it is never the script of a variant.
const scriptMixed = "mixed"

// fold returns the form of a word that matching compares.
func fold(word string) string {
	if plainWord(word) {
		return strings.ToLower(word) // nearly every word: nothing to decompose
	}
	var b strings.Builder
	var base rune
	for _, r := range norm.NFD.String(word) {
		switch {
		case isApostrophe(r):
			b.WriteByte('\'')
		case unicode.Is(unicode.Mn, r):
			// Accents go (Qavām = Qavam), but the breve of й belongs to
			// the Cyrillic letter.
			if unicode.Is(unicode.Cyrillic, base) {
				b.WriteRune(r)
			}
		default:
			base = r
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.ReplaceAll(norm.NFC.String(b.String()), "ё", "е")
}

func scriptOf(s string) string {
	var latin, cyrillic, arabic bool
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic = true
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.Is(unicode.Arabic, r):
			arabic = true
		}
	}
	switch {
	case latin && cyrillic:
		return scriptMixed
	case arabic:
		if latin || cyrillic {
			return ""
		}
		return ScriptArabic
	case cyrillic:
		return ScriptCyrillic
	case latin:
		return ScriptLatin
	}
	return ""
}

// cyrillicLookalikes reads the Latin letters that OCR puts into Cyrillic words
// (a Latin "o" in "Тавриз") as the Cyrillic letters they look like.
var cyrillicLookalikes = strings.NewReplacer(
	"a", "а", "b", "в", "c", "с", "e", "е", "h", "н", "k", "к", "m", "м",
	"o", "о", "p", "р", "t", "т", "x", "х", "y", "у",
)

// key returns the folded words of a phrase, joined by single spaces: the form
// in which two variants are compared.
func key(phrase string) string {
	toks := tokenize(phrase)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.norm
	}
	return strings.Join(parts, " ")
}

// plainWord reports whether a word has nothing that normalisation or
// folding would change but its case: basic Latin and Cyrillic letters
// without accents, combining marks, ё or typographic apostrophes. It spares
// the Unicode normaliser nearly every word of the corpus.
func plainWord(word string) bool {
	for _, r := range word {
		switch {
		case r < 0xC0:
		case r >= 0x400 && r <= 0x4FF && r != 'ё' && r != 'Ё':
		default:
			return false
		}
	}
	return true
}
