package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlugTitle bounds the title part of a slug: long enough for the whole
// title of nearly every document, short enough to paste into a footnote. A
// longer title is cut and ends with a short hash of the whole title, so two
// titles that differ only after the cut still get different IDs.
const maxSlugTitle = 120

var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
}

// Slug builds a document's ID from its date and title:
// "1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats".
// It depends on nothing but the date and the title, so it is stable across
// restarts and file renames.
func Slug(d Date, title string) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		switch {
		case r < unicode.MaxASCII && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			// most of a title, read before the tables below
			w.WriteByte(byte(r))
		case unicode.Is(unicode.Mn, r):
			// a combining accent: keep the base letter only
		case r == '\'' || r == '’':
			// "Sha'in" reads as one word
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			w.WriteRune(r)
		case cyrillicLatin[r] != "" || r == 'ъ' || r == 'ь':
			w.WriteString(cyrillicLatin[r])
		default:
			flush()
		}
	}
	flush()
	full := strings.Join(words, "-")
	var b strings.Builder
	if len(full) <= maxSlugTitle {
		b.WriteString(full)
	} else {
		for _, word := range words {
			if b.Len()+1+len(word) > maxSlugTitle-7 {
				break
			}
			if b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteString(word)
		}
		sum := sha256.Sum256([]byte(full))
		b.WriteString("-" + hex.EncodeToString(sum[:3]))
	}
	if iso := d.ISO(); iso != "" {
		if b.Len() == 0 {
			return iso
		}
		return iso + "-" + b.String()
	}
	return b.String()
}
