package align

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// model is a document prepared for aligning: its numbered paragraphs with
// their lengths and features, the length ratio of its two texts, and the
// weight of each feature.
type model struct {
	tr, or []para
	ratio  float64            // original characters per translation character
	weight map[string]float64 // by feature
	// dft and dfo count the paragraphs of each side that have a feature.
	dft, dfo map[string]int
	// tr2 and or2 hold the features of each paragraph and the next
	// together, for the steps that merge two.
	tr2, or2 [][]string
}

// para is one numbered paragraph, as the aligner sees it.
type para struct {
	n      int
	length int      // characters of text, translator's brackets aside
	feats  []string // sorted, distinct
	// bracket is set on a translation paragraph that opens with a
	// bracket: the translator describing the page.
	bracket bool
	// open is set on a paragraph that does not end a sentence: it runs
	// on into the next (cut by a page break, or a lead-in to a quotation).
	open bool
}

// priorRatio and ratioWeight temper the estimate of a document's length
// ratio: as if ratioWeight characters of each text had been seen in the
// ratio usual between Russian originals and their English translations
// (about one to one), so that a short document, or one whose translation
// covers only part of the original, does not set a ratio of its own.
const (
	priorRatio  = 1.0
	ratioWeight = 400.0
)

// estimateRatio returns the length ratio, original to translation, of
// texts of lo and lt characters, tempered and bounded.
func estimateRatio(lt, lo int) float64 {
	r := (float64(lo) + priorRatio*ratioWeight) / (float64(lt) + ratioWeight)
	return min(maxRatio, max(minRatio, r))
}

// Ratio bounds: a document whose texts are wildly unequal (a summary
// translation, a truncated transcription) gets a ratio in the range seen
// between Russian and English rather than one that would distort every
// step.
const minRatio, maxRatio = 0.6, 1.6

func newModel(d *archive.Document, ms []entity.Mention, skipT, skipO map[int]bool) *model {
	names := map[[2]int][]string{} // (side, paragraph) -> record IDs
	for _, mn := range ms {
		side := -1
		switch mn.Field {
		case entity.FieldTranslation:
			side = 0
		case entity.FieldOriginal:
			side = 1
		}
		if side < 0 || mn.Paragraph == 0 {
			continue
		}
		k := [2]int{side, mn.Paragraph}
		names[k] = append(names[k], "e:"+mn.ID)
	}
	m := &model{weight: map[string]float64{}}
	var lt, lo int
	for _, p := range d.Translation.Paragraphs {
		if p.N > 0 && !skipT[p.N] {
			q := newPara(p, false, names[[2]int{0, p.N}])
			lt += q.length
			m.tr = append(m.tr, q)
		}
	}
	for _, p := range d.Original.Paragraphs {
		if p.N > 0 && !skipO[p.N] {
			q := newPara(p, true, names[[2]int{1, p.N}])
			lo += q.length
			m.or = append(m.or, q)
		}
	}
	m.ratio = estimateRatio(lt, lo)
	m.tr2, m.or2 = pairFeats(m.tr), pairFeats(m.or)
	// A feature is worth the more the fewer paragraphs carry it: a year
	// that every date line repeats says little, a number said once says
	// much.
	dft, dfo := map[string]int{}, map[string]int{}
	for _, p := range m.tr {
		for _, f := range p.feats {
			dft[f]++
		}
	}
	for _, p := range m.or {
		for _, f := range p.feats {
			dfo[f]++
		}
	}
	m.dft, m.dfo = dft, dfo
	for f, a := range dft {
		if b := dfo[f]; b > 0 {
			m.weight[f] = 1 / float64(max(a, b))
		}
	}
	return m
}

var (
	// A translator's insertion: [local council], [Translator's note: ...].
	reBracket = regexp.MustCompile(`\[[^\[\]]*\]`)
	reSpace   = regexp.MustCompile(`\s+`)
)

func newPara(p archive.Paragraph, original bool, names []string) para {
	text := p.Plain()
	q := para{n: p.N}
	body := text
	if !original {
		q.bracket = describes(text)
		if stripped := strings.TrimSpace(reBracket.ReplaceAllString(text, "")); stripped != "" {
			body = stripped
		}
	}
	q.open = runsOn(text)
	q.length = max(1, utf8.RuneCountInString(reSpace.ReplaceAllString(strings.TrimSpace(body), " ")))
	fs := append([]string(nil), names...)
	fs = append(fs, numberFeatures(text)...)
	fs = append(fs, dateFeatures(text)...)
	fs = append(fs, wordFeatures(text, original)...)
	fs = append(fs, blockFeatures(text)...)
	sort.Strings(fs)
	q.feats = dedupe(fs)
	return q
}

func pairFeats(ps []para) [][]string {
	out := make([][]string, len(ps))
	for i := 0; i+1 < len(ps); i++ {
		all := append(append([]string(nil), ps[i].feats...), ps[i+1].feats...)
		slices.Sort(all)
		out[i] = slices.Compact(all)
	}
	return out
}

// describes reports whether a translation paragraph is the translator's
// description of the page rather than a rendering: it stands wholly in
// brackets ("[handwritten below: ...]"), or opens a bracket it does not
// close ("[stamps at the foot of the page:"). A paragraph that only begins
// with a bracketed word ("[Their] sympathy is ...") renders text.
func describes(text string) bool {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "[") {
		return false
	}
	i := strings.Index(t, "]")
	return i < 0 || i == len(t)-1
}

// runsOn reports whether a text stops where a sentence cannot end: on a
// comma, a colon, a semicolon or a dash, or, in prose, on a word. A short
// line without a full stop (a heading, an address, a name) is a line, not
// a sentence cut short.
func runsOn(text string) bool {
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(text)
	if strings.ContainsRune(",:;-–—", r) {
		return true
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && utf8.RuneCountInString(text) >= proseMin
}

// proseMin is the length from which a paragraph is taken for prose.
const proseMin = 60

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

var (
	// A number, with thousands separated by a comma, a point or a space
	// when exactly three digits follow: 15,000; 15 000; 172.
	reNumber = regexp.MustCompile(`\d+(?:[,. \x{00a0}]\d{3}(?:\D|$))*`)
	// Thousands in words: "15 thousand", "15 тысяч", "15 тыс.".
	reThousand = regexp.MustCompile(`(?i)(\d+)\s*(?:thousand|тысяч\p{L}*|тыс\.)`)
	// A clock time written as four digits, as telegrams do: 1750, 2200.
	reHHMM = regexp.MustCompile(`(?:^|[^\d,.])([01]\d|2[0-3])([0-5]\d)(?:$|[^\d,.])`)
	// A clock time in words: "17 ч. 50 м.", "22 часа", "18 hours 00".
	reClock = regexp.MustCompile(`(?i)(\d{1,2})\s*(?:ч\.|час\p{L}*|h\.?|hours?)\s*(?:(\d{2})\s*(?:м\.|мин\p{L}*|min\.?|minutes?))?`)
	// A clock time with a colon: 17:50.
	reColon = regexp.MustCompile(`\b([01]?\d|2[0-3]):([0-5]\d)\b`)
)

// numberFeatures returns the numbers and clock times of a text: "n:172",
// "t:17:50".
func numberFeatures(text string) []string {
	var out []string
	if !hasDigit(text) {
		return nil
	}
	for _, loc := range reNumber.FindAllStringIndex(text, -1) {
		s := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, text[loc[0]:loc[1]])
		s = strings.TrimLeft(s, "0")
		if s == "" {
			s = "0"
		}
		out = append(out, "n:"+s)
	}
	for _, m := range reThousand.FindAllStringSubmatch(text, -1) {
		out = append(out, "n:"+strings.TrimLeft(m[1], "0")+"000")
	}
	clock := func(h, mm string) {
		hh, _ := strconv.Atoi(h)
		if mm == "" {
			mm = "00"
		}
		if hh <= 24 {
			out = append(out, "t:"+strconv.Itoa(hh)+":"+mm)
		}
	}
	for _, m := range reHHMM.FindAllStringSubmatch(text, -1) {
		clock(m[1], m[2])
	}
	for _, m := range reClock.FindAllStringSubmatch(text, -1) {
		clock(m[1], m[2])
	}
	for _, m := range reColon.FindAllStringSubmatch(text, -1) {
		clock(m[1], m[2])
	}
	return out
}

// months maps the stems of month names, English and Russian, to their
// numbers; a stem matches the word's beginning, so that Russian case
// endings ("ноября", "ноябре") and abbreviations ("Nov.") match too.
var months = []struct {
	stems []string
	n     int
}{
	{[]string{"jan", "январ"}, 1},
	{[]string{"feb", "феврал"}, 2},
	{[]string{"mar", "март"}, 3},
	{[]string{"apr", "апрел"}, 4},
	{[]string{"may", "мая", "май", "мае"}, 5},
	{[]string{"jun", "июн"}, 6},
	{[]string{"jul", "июл"}, 7},
	{[]string{"aug", "август"}, 8},
	{[]string{"sep", "сентябр"}, 9},
	{[]string{"oct", "октябр"}, 10},
	{[]string{"nov", "ноябр"}, 11},
	{[]string{"dec", "декабр"}, 12},
}

// monthOf returns the number of the month a word names, or 0.
func monthOf(w string) int {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	if utf8.RuneCountInString(w) < 3 {
		return 0
	}
	for _, m := range months {
		for _, s := range m.stems {
			if strings.HasPrefix(w, s) {
				// "march" is a month, "marched" is not; English month
				// words are at most nine letters and their stem plus the
				// rest of the name.
				if s[0] < 0x80 && !englishMonth(w) {
					continue
				}
				return m.n
			}
		}
	}
	return 0
}

var englishMonths = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func englishMonth(w string) bool {
	for _, m := range englishMonths {
		if w == m || (len(w) >= 3 && len(w) <= 4 && strings.HasPrefix(m, w)) {
			return true
		}
	}
	return false
}

var (
	// Day then month name: "28 November", "28-го ноября", `" 2 " декабря`,
	// "17th of April".
	reDayMonth = regexp.MustCompile(`(\d{1,2})(?:-?(?:го|st|nd|rd|th))?[\s"“”«»']*(?:of\s+)?(\p{L}{3,}\.?)`)
	// Month name then day: "November 28".
	reMonthDay = regexp.MustCompile(`(\p{L}{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b`)
	// Day and month in figures, the month perhaps in Roman numerals:
	// 24.XI.1945, 20/IV 1946, 24.11.1945.
	reNumericDate = regexp.MustCompile(`\b(\d{1,2})[./]\s?([IVX]{1,4}|\d{1,2})[./\s]\s?(\d{2,4})\b`)
	reWord        = regexp.MustCompile(`\p{L}+`)
)

var roman = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}

// dateFeatures returns the dates a text names, as day and month ("d:28-11"),
// and the months it names ("m:11"), in either language.
func dateFeatures(text string) []string {
	var out []string
	for _, w := range reWord.FindAllString(text, -1) {
		// English writes its months with a capital, which tells the
		// month May from the verb may and March from march.
		if r, _ := utf8.DecodeRuneInString(w); r < 0x80 && !unicode.IsUpper(r) {
			continue
		}
		if mo := monthOf(w); mo > 0 {
			out = append(out, "m:"+strconv.Itoa(mo))
		}
	}
	if !hasDigit(text) {
		return out // every date pattern below has a day in figures
	}
	day := func(d string, mo int) {
		n, _ := strconv.Atoi(d)
		if n >= 1 && n <= 31 && mo > 0 {
			out = append(out, "d:"+strconv.Itoa(n)+"-"+strconv.Itoa(mo))
		}
	}
	for _, m := range reDayMonth.FindAllStringSubmatch(text, -1) {
		day(m[1], monthOf(m[2]))
	}
	for _, m := range reMonthDay.FindAllStringSubmatch(text, -1) {
		day(m[2], monthOf(m[1]))
	}
	for _, m := range reNumericDate.FindAllStringSubmatch(text, -1) {
		mo, ok := roman[m[2]]
		if !ok {
			mo, _ = strconv.Atoi(m[2])
		}
		if mo >= 1 && mo <= 12 {
			day(m[1], mo)
			out = append(out, "m:"+strconv.Itoa(mo))
		}
	}
	return out
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// wordFeatures returns the sound keys ("w:zstk") of the words that may be
// shared across scripts: in a translation, names (capitalised words) and
// the translator's bracketed transliterations ([zhestkiye pretenzii]); in
// an original, every word, transliterated.
func wordFeatures(text string, original bool) []string {
	var out []string
	add := func(w string) {
		if k := soundKey(w); k != "" {
			out = append(out, "w:"+k)
		}
	}
	if original {
		for _, w := range reWord.FindAllString(text, -1) {
			add(w)
		}
		return out
	}
	for _, b := range reBracket.FindAllString(text, -1) {
		for _, w := range reWord.FindAllString(b, -1) {
			add(w)
		}
	}
	for _, w := range reWord.FindAllString(text, -1) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			add(w)
		}
	}
	return out
}

// translit spells Cyrillic in Latin letters, as English-language scholarship
// on Russia does (Library of Congress, without diacritics); other letters
// are kept.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu",
	'я': "ia", 'і': "i", 'ә': "a", 'ө': "o", 'ү': "u", 'ғ': "gh", 'қ': "q", 'һ': "h",
}

// Transliterate spells a Cyrillic text in Latin letters, lower case.
func Transliterate(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// soundKey reduces a word in either script to the first four consonants of
// its Latin spelling, after folding the letters that transliteration
// systems spell differently (q/k, c/k, w/v, j/zh; the h of kh, zh, sh, ch)
// and doubled letters, so that "zhestkiye" and "жесткие", "Qavam" and
// "Кавам", "Maslennikov" and "МАСЛЕННИКОВ" meet. A word with fewer than
// three consonants says too little and has no key.
func soundKey(w string) string {
	w = Transliterate(w)
	var b []byte
	for _, r := range w {
		var c byte
		switch r {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h', '\'', '’':
			continue
		case 'q', 'c':
			c = 'k'
		case 'w':
			c = 'v'
		case 'j':
			c = 'z'
		case 'x':
			c = 'k'
		default:
			if r < 'a' || r > 'z' {
				continue
			}
			c = byte(r)
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
		if len(b) == 4 {
			break
		}
	}
	if len(b) < 3 {
		return ""
	}
	return string(b)
}

var (
	// Initials and a surname, in either script: "M. D. Bagirov",
	// "М.Д.БАГИРОВ".
	reSignature = regexp.MustCompile(`(?:^|[^\p{L}])\p{Lu}\.\s?(?:\p{Lu}\.\s?)?\p{Lu}\p{L}+`)
	// A signature described in words: "[signature]", "подпись".
	reSigned = regexp.MustCompile(`(?i)signature|signed|подпись|подписал`)
	// Addressing someone: "To Cde. Stalin", "Товарищу СТАЛИНУ", "т.т.".
	reAddress = regexp.MustCompile(`(?i)^\s*to\s|(?:^|[^\p{L}])(?:cde\.|comrade|товарищ|тов\.|т\.\s?т\.)`)
)

// blockKindMax is the longest paragraph, in characters, that is taken for
// a signature, address or date line rather than prose.
const blockKindMax = 80

// blockFeatures names the kind of a short paragraph that closes or opens a
// letter: "b:signature", "b:address", "b:date".
func blockFeatures(text string) []string {
	if utf8.RuneCountInString(text) > blockKindMax {
		return nil
	}
	var out []string
	if reSignature.MatchString(text) || reSigned.MatchString(text) {
		out = append(out, "b:signature")
	}
	if reAddress.MatchString(text) {
		out = append(out, "b:address")
	}
	if len(dateFeatures(text)) > 0 && len(reWord.FindAllString(text, -1)) <= 4 {
		out = append(out, "b:date")
	}
	return out
}
