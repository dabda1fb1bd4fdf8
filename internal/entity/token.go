package entity

import (
	"strings"
	"sync"
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
//
// The tokens' words are strings of their own, which a caller may keep.
func tokenize(s string) []token {
	var raw []rune
	return appendTokens(nil, s, &raw, "")
}

// scratch holds the buffers of one search for names, reused from line to
// line and from document to document: finding the names of a collection
// then costs a few allocations a line rather than a few a word.
type scratch struct {
	raw      []rune
	toks     []token
	stems    []string
	used     []bool
	all      []hit
	cands    []hit
	mentions []hit
	found    []Mention // Mentions's, between documents
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// tokenize is tokenize reusing the scratch's buffers: the tokens are good
// until the next call, and their words are cut from one lower-case copy of
// s (or s itself), so they must not outlive the search.
func (sc *scratch) tokenize(s string) []token {
	sc.toks = appendTokens(sc.toks[:0], s, &sc.raw, lowerLine(s))
	return sc.toks
}

// appendTokens appends the words of s to out. lower, when not empty, is s
// with its basic Latin and Cyrillic capitals in lower case (lowerLine), from
// which the words that need no other folding are cut without allocating.
func appendTokens(out []token, s string, rawBuf *[]rune, lower string) []token {
	raw := *rawBuf // the letters of a word broken by markup or a joiner
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && !('a' <= c|0x20 && c|0x20 <= 'z') && c != '<' {
			i++ // nearly every byte between words
			continue
		}
		r, size := decodeAt(s, i)
		if !isLetter(r) {
			if n := tagsLen(s[i:]); n > 0 {
				i += n // between words a tag separates
			} else {
				i += size
			}
			continue
		}
		start, end := i, i+size
		broken := false // the word's letters are not all of s[start:end]
		j := end
		for j < len(s) {
			// Basic Latin and Cyrillic letters first, without a call.
			if c := s[j]; 'a' <= c|0x20 && c|0x20 <= 'z' ||
				c == 0xD0 && j+1 < len(s) && 0x90 <= s[j+1] && s[j+1] <= 0xBF ||
				c == 0xD1 && j+1 < len(s) && 0x80 <= s[j+1] && s[j+1] <= 0x8F {
				size := 1
				if c >= utf8.RuneSelf {
					size = 2
				}
				if broken {
					r, _ := decodeAt(s, j)
					raw = append(raw, r)
				}
				j += size
				end = j
				continue
			} else if c < utf8.RuneSelf && c != '\'' && c != '<' {
				break
			}
			r, size := decodeAt(s, j)
			if isLetter(r) || isApostrophe(r) && letterAt(s, j+size) {
				if broken {
					raw = append(raw, r)
				}
				j += size
				if isLetter(r) {
					end = j
				}
				continue
			}
			n := size
			if r == '<' {
				n = tagsLen(s[j:])
			} else if r != '\u200c' {
				n = 0
			}
			// A tag inside a word is invisible, and so is the zero-width
			// non-joiner inside a Persian word (پیشه‌وری), which folding
			// drops.
			if n == 0 || !letterAt(s, j+n) {
				break
			}
			if !broken {
				broken = true
				raw = append(raw[:0], []rune(s[start:j])...)
			}
			j += n
		}
		out = append(out, token{start: start, end: end})
		t := &out[len(out)-1]
		switch {
		case broken:
			t.fill(string(raw), "")
		case lower != "":
			t.fill(s[start:end], lower[start:end])
		default:
			t.fill(strings.Clone(s[start:end]), "")
		}
		i = j
	}
	*rawBuf = raw
	return out
}

// decodeAt decodes the rune at s[i], sparing the decoder the ASCII bytes.
func decodeAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// tagsLen returns the length of the inline tags at the start of s, one
// after another, or 0.
func tagsLen(s string) int {
	n := 0
	for m := tagLen(s); m > 0; m = tagLen(s[n:]) {
		n += m
	}
	return n
}

// isLetter reports whether r belongs to a word: a letter or a combining
// mark. Basic Latin and Cyrillic letters, nearly every rune of the corpus,
// are told without the Unicode tables.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r|0x20 && r|0x20 <= 'z'
	}
	return r >= 'А' && r <= 'я' || isOtherLetter(r)
}

func isOtherLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

// lowerLine returns s with A-Z and А-Я in lower case, every other byte as it
// is, so that a word's offsets in s are its offsets in the copy; s itself
// when it has no such capital.
func lowerLine(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || c == 0xD0 && i+1 < len(s) && 0x90 <= s[i+1] && s[i+1] <= 0xAF {
			b := []byte(s)
			for ; i < len(b); i++ {
				switch c := b[i]; {
				case 'A' <= c && c <= 'Z':
					b[i] = c + 'a' - 'A'
				case c == 0xD0 && i+1 < len(b) && 0x90 <= b[i+1] && b[i+1] <= 0x9F: // А-П
					b[i+1] += 0x20
					i++
				case c == 0xD0 && i+1 < len(b) && 0xA0 <= b[i+1] && b[i+1] <= 0xAF: // Р-Я
					b[i], b[i+1] = 0xD1, b[i+1]-0x20
					i++
				}
			}
			return string(b)
		}
	}
	return s
}

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

// fill sets the fields of a token from its word, the letters of
// s[t.start:t.end]. lower, when not empty, is the word with its A-Z and А-Я
// in lower case.
func (t *token) fill(word, lower string) {
	if t.plain(word, lower) {
		return
	}
	t.upper, t.caps = true, true
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
		t.mixed()
	}
}

// plain fills the token of a word of basic Latin letters, А-я and straight
// apostrophes, the common case, in one pass and without the Unicode tables,
// as fill's general path would; it reports false, and leaves t as it was,
// for any other word.
func (t *token) plain(word, lower string) bool {
	upper, caps, letters := true, true, 0
	var latin, cyrillic bool
	for i := 0; i < len(word); i++ {
		c := word[i]
		var up bool
		switch {
		case c == '\'':
			continue
		case 'a' <= c && c <= 'z':
			latin = true
		case 'A' <= c && c <= 'Z':
			latin, up = true, true
		case c == 0xD0 && i+1 < len(word) && 0x90 <= word[i+1] && word[i+1] <= 0xBF: // А-Я, а-п
			cyrillic, up = true, word[i+1] <= 0xAF
			i++
		case c == 0xD1 && i+1 < len(word) && 0x80 <= word[i+1] && word[i+1] <= 0x8F: // р-я
			cyrillic = true
			i++
		default:
			return false
		}
		if letters == 0 && !up {
			upper = false
		}
		if !up {
			caps = false
		}
		letters++
	}
	if lower == "" {
		lower = strings.ToLower(word)
	}
	t.upper, t.caps, t.letters = upper, caps, letters
	t.norm, t.lower = lower, lower
	switch {
	case latin && cyrillic:
		t.mixed()
	case cyrillic:
		t.script = ScriptCyrillic
	default:
		t.script = ScriptLatin
	}
	return true
}

// mixed reads a word of Latin and Cyrillic letters as the Cyrillic word that
// OCR meant.
func (t *token) mixed() {
	t.norm = cyrillicLookalikes.Replace(t.norm)
	t.script = scriptOf(t.norm)
	t.lower = t.norm
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
		case r < utf8.RuneSelf:
			latin = latin || 'a' <= r|0x20 && r|0x20 <= 'z'
		case r >= 'А' && r <= 'я', unicode.Is(unicode.Cyrillic, r):
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
