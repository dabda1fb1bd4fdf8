package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Phonetic keys let a name typed under one romanization find a record that
// lists it under another, or in another script: Pishavari, Pīšavarī,
// Pişəvəri and Пишевари all have the key "pišavari". A key writes a word
// as classes of sounds, the classes being what the common romanizations of
// Russian (BGN/PCGN, Library of Congress, ISO 9, German and Polish usage),
// of Azerbaijani Latin and of Persian write differently for one sound:
//
//	a  a e ə ä æ, Cyrillic а е э ә    (Tabriz, Tebriz, Təbriz)
//	i  i y ı ī, и ы й і                (Bagirov, Bağırov; Lavrentiy, Lavrenti)
//	u  o u ö ü ō ū, о у ө ү            (Osku, Usku)
//	k  k q g gh ğ, к г ғ ҝ              (Qavam, Ghavam, Кавам; Bagirov, Baghirov)
//	h  h kh x (Azerbaijani), х һ        (Khamseh, Xəmsə)
//	s  s z ts tz c (ISO, Polish), с з ц (Aserbaidschan)
//	š  sh š ş ś sz sch zh ž ż ź, ш щ ж  (Pishevari, Pišavari, Piszewari)
//	c  ch č ç cz tsch ć, ч              (Sadchikov, Sadčikov)
//	j  j dzh dž dż dsch dj, c (Azerbaijani), дж ҹ (Zanjan, Zendzhan, Zəncan)
//	v  v w, в; f, ff at the end of a word (Bagirow, Molotoff)
//
// Runs of one class are one symbol (Pishevvari, Maslenikov), a y before the
// first vowel is dropped (Yemelyanov, Emel'ianov), and so is a final h after
// a vowel (Maragheh, Марага). Letters that several systems read differently
// give the word several keys: a Latin j is the English dzh or the German and
// Polish y, a c the English k, the Polish ts or the Azerbaijani dzh, a
// Cyrillic г a g or (in Persian and Azerbaijani names) an h.
//
// Persian script is not keyed so: it leaves short vowels out, so it is
// compared only with the Persian forms the records give (persianKey).

// maxKeys bounds the keys of one word: each ambiguous letter doubles them.
const maxKeys = 16

// phoneticKeys returns the keys of one word of Latin or Cyrillic letters, the
// most likely reading first; nil for a word of other letters.
func phoneticKeys(word string) []string {
	rs := []rune(strings.ToLower(norm.NFC.String(word)))
	az := false
	for _, r := range rs {
		if strings.ContainsRune("əığ", r) {
			az = true // an Azerbaijani (or Turkish) spelling: c is dzh, x is kh
		}
	}
	// Each position of the word gives one or more readings, as class
	// symbols; the keys are their combinations.
	var units [][]string
	add := func(opts ...string) { units = append(units, opts) }
	next := func(i int) rune {
		if i < len(rs) {
			return rs[i]
		}
		return 0
	}
	has := func(i int, s string) bool {
		for _, r := range s {
			if next(i) != r {
				return false
			}
			i++
		}
		return true
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case has(i, "tsch"):
			add("c")
			i += 4
		case has(i, "dsch"):
			add("j")
			i += 4
		case has(i, "shch"), has(i, "sch"):
			add("š")
			i += 3 + b2i(has(i, "shch"))
		case has(i, "dzh"), has(i, "dž"), has(i, "dż"):
			add("j")
			i += 2 + b2i(has(i, "dzh"))
		case has(i, "дж"):
			add("j")
			i += 2
		case has(i, "sh"), has(i, "sz"), has(i, "zh"):
			add("š")
			i += 2
		case has(i, "ch"):
			add("c", "h") // English ch, German ch
			i += 2
		case has(i, "cz"), has(i, "tch"):
			add("c")
			i += 2 + b2i(has(i, "tch"))
		case has(i, "kh"), has(i, "gh"):
			if r == 'k' {
				add("h")
			} else {
				add("k")
			}
			i += 2
		case has(i, "ts"), has(i, "tz"):
			add("s")
			i += 2
		case has(i, "dj"):
			add("j")
			i += 2
		case has(i, "ph"):
			add("f")
			i += 2
		case has(i, "ck"):
			add("k")
			i += 2
		case has(i, "rz"):
			add("rs", "š") // Polish rz is ž
			i += 2
		case has(i, "ee"):
			add("i")
			i += 2
		case has(i, "oo"), has(i, "ou"):
			add("u")
			i += 2
		case has(i, "ff") && i+2 == len(rs):
			add("v") // Molotoff
			i += 2
		case has(i, "ю"):
			add("iu", "u") // Yu after a vowel, u after a softened consonant
			i++
		case has(i, "я"):
			add("ia", "a")
			i++
		default:
			if s, ok := letterClass(r, az); ok {
				add(s...)
			} else if r == utf8.RuneError || !isLetter(r) && !isApostrophe(r) && r != 'ʿ' && r != 'ʾ' {
				return nil
			}
			i++
		}
	}
	return combine(units)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// letterClass returns the readings of one letter; a letter with no sound of
// its own (ь, ъ, an apostrophe) has the empty reading, and ok is false for a
// letter of another script.
func letterClass(r rune, az bool) ([]string, bool) {
	switch r {
	case 'a', 'e', 'ə', 'ä', 'æ', 'á', 'à', 'â', 'ā', 'é', 'è', 'ê', 'ē', 'ë', 'а', 'е', 'э', 'ә', 'є':
		return []string{"a"}, true
	case 'i', 'y', 'ı', 'í', 'ì', 'î', 'ī', 'ï', 'ý', 'и', 'ы', 'й', 'і', 'ї', 'ј':
		return []string{"i"}, true
	case 'o', 'u', 'ö', 'ü', 'ó', 'ò', 'ô', 'ō', 'ú', 'ù', 'û', 'ū', 'ő', 'ű', 'о', 'у', 'ө', 'ү', 'ў':
		return []string{"u"}, true
	case 'k', 'q', 'g', 'ğ', 'ǧ', 'ġ', 'к', 'ғ', 'ҝ', 'ҡ', 'қ':
		return []string{"k"}, true
	case 'г':
		return []string{"k", "h"}, true // Гасанов is Hasanov
	case 'h', 'ḥ', 'ḫ', 'ẖ', 'х', 'һ', 'ҳ':
		return []string{"h"}, true
	case 'x':
		if az {
			return []string{"h"}, true
		}
		return []string{"ks", "h"}, true
	case 's', 'z', 'ṣ', 'ẓ', 'ß', 'с', 'з', 'ц', 'ẕ', 'ṯ', 'ṡ':
		return []string{"s"}, true
	case 'š', 'ş', 'ś', 'ž', 'ż', 'ź', 'ш', 'щ', 'ж', 'ŝ', 'ẑ':
		return []string{"š"}, true
	case 'č', 'ç', 'ć', 'ч', 'ĉ':
		return []string{"c"}, true
	case 'c':
		if az {
			return []string{"j"}, true
		}
		return []string{"k", "s", "j"}, true
	case 'j':
		if az {
			return []string{"j"}, true
		}
		return []string{"j", "i"}, true
	case 'ǰ', 'ҹ', 'џ', 'ĵ':
		return []string{"j"}, true
	case 'v', 'w', 'в':
		return []string{"v"}, true
	case 'b', 'б':
		return []string{"b"}, true
	case 'p', 'п':
		return []string{"p"}, true
	case 'f', 'ф':
		return []string{"f"}, true
	case 'd', 'ḍ', 'д', 'đ':
		return []string{"d"}, true
	case 't', 'ṭ', 'т':
		return []string{"t"}, true
	case 'l', 'ł', 'л', 'ľ', 'ĺ':
		return []string{"l"}, true
	case 'm', 'м':
		return []string{"m"}, true
	case 'n', 'ñ', 'ń', 'ň', 'н':
		return []string{"n"}, true
	case 'r', 'ř', 'р':
		return []string{"r"}, true
	case 'ь', 'ъ', '\'', '’', 'ʼ', '‘', 'ʿ', 'ʾ', '`':
		return []string{""}, true
	}
	if unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Cyrillic, r) {
		// Another accented letter: its base letter.
		d := norm.NFD.String(string(r))
		base, _ := utf8.DecodeRuneInString(d)
		if base != r {
			return letterClass(base, az)
		}
		return []string{""}, true
	}
	return nil, false
}

// combine returns the keys of a word from the readings of its positions,
// at most maxKeys; past the bound an ambiguous position takes its first
// reading.
func combine(units [][]string) []string {
	keys := []string{""}
	for _, opts := range units {
		if len(keys)*len(opts) > maxKeys {
			opts = opts[:1]
		}
		next := make([]string, 0, len(keys)*len(opts))
		for _, k := range keys {
			for _, o := range opts {
				next = append(next, k+o)
			}
		}
		keys = next
	}
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		k = tidyKey(k)
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// tidyKey joins runs of one symbol, drops a y (i) before the first vowel
// and a final h after a vowel.
func tidyKey(k string) string {
	rs := []rune(k)
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1] == r {
			continue
		}
		out = append(out, r)
	}
	if len(out) > 1 && out[0] == 'i' && isKeyVowel(out[1]) {
		out = out[1:]
	}
	if n := len(out); n > 2 && out[n-1] == 'h' && isKeyVowel(out[n-2]) {
		out = out[:n-1]
	}
	return string(out)
}

func isKeyVowel(r rune) bool { return r == 'a' || r == 'i' || r == 'u' }

// persianKey folds a word of Persian (Arabic-script) letters: the Arabic
// forms of yeh and kaf as the Persian ones, the forms of alef as one, and
// without short-vowel marks, tatweel and zero-width joiners, which writers
// use or leave out at will.
func persianKey(word string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(word) {
		switch {
		case unicode.Is(unicode.Mn, r), r == 'ـ', r == '\u200c', r == '\u200d', r == '\u200f', r == '\u200e':
		case r == 'ي' || r == 'ى' || r == 'ئ':
			b.WriteRune('ی')
		case r == 'ك':
			b.WriteRune('ک')
		case r == 'ة':
			b.WriteRune('ه')
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			b.WriteRune('ا')
		case r == 'ؤ':
			b.WriteRune('و')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// distance returns the Levenshtein distance of a and b (runes), or max+1
// once it is sure to exceed max: the cost is bounded by the band of width
// 2*max+1 around the diagonal.
func distance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
