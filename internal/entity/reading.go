package entity

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Reading is a record that a typed name was read as, and how.
type Reading struct {
	Record *Record
	// Exact says the name is one of the record's forms (case, Russian
	// endings, a possessive and initials aside); otherwise it was read by
	// sound, as another spelling of the name (Tebriz, Pişəvəri), or as a
	// full name with forenames, a patronymic or a title (Joseph Stalin).
	Exact bool
	// As is the record's form the name was read as ("Pishevari"), for
	// telling the reader.
	As string
}

// Rules of reading by sound. Each keeps a distance match from reaching a
// different name (Kazan is not Qazvin, Tabor not Tabriz): only long keys
// may differ at all, and by one symbol, never by a beginning or an ending
// added (Stalingrad is not Stalin, Azerbaijani not Azerbaijan).
const (
	// minSoundKey is the shortest key read by sound at all; shorter words
	// (Rasht, Baku) must be written as a record lists them or under a
	// romanization that gives the same key.
	minSoundKey = 4
	// minFuzzyKey is the shortest key that may differ from a record's by
	// one symbol.
	minFuzzyKey = 7
	// minFuzzyPersian is the same for a word in Persian script, where a
	// key is shorter: short vowels are not written.
	minFuzzyPersian = 5
)

// nameRole is what a word of a record is to a typed name.
type nameRole int

const (
	// roleName: a one-word form of the record, which names it alone.
	roleName nameRole = iota
	// roleSurname: the last word of a person's name of several words
	// ("Savari"), which names the person alone when nothing else does.
	roleSurname
	// roleGiven: a forename, a patronymic or another word of a person's
	// full name, which names nobody alone but may stand before a name.
	roleGiven
)

// soundEntry is one word of a record, keyed by sound.
type soundEntry struct {
	rec  *Record
	word string // as the curator wrote it
	role nameRole
	keys []string
}

// phoneForm is a form of several words, keyed word by word.
type phoneForm struct {
	rec   *Record
	form  string
	words [][]string // keys of each word; a Persian word has its folded form as its one key
}

// phoneIndex finds record words by sound.
type phoneIndex struct {
	byKey   map[string][]*soundEntry
	byLen   map[int][]keyed // keys by length in runes, for near matches
	persian map[string][]*soundEntry
	multi   []*phoneForm
	// initials are the first letters of each person's forenames and
	// patronymics, folded; a person without them takes any initials.
	initials map[*Record]map[rune]bool
}

type keyed struct {
	key   string
	entry *soundEntry
}

func newPhoneIndex(records []*Record) *phoneIndex {
	ix := &phoneIndex{byKey: map[string][]*soundEntry{}, byLen: map[int][]keyed{}, persian: map[string][]*soundEntry{}, initials: map[*Record]map[rune]bool{}}
	add := func(r *Record, word string, role nameRole) {
		toks := tokenize(word)
		if len(toks) != 1 {
			return
		}
		t := toks[0]
		e := &soundEntry{rec: r, word: word, role: role}
		if t.script == ScriptArabic {
			e.keys = []string{t.norm}
			ix.persian[t.norm] = append(ix.persian[t.norm], e)
			return
		}
		e.keys = formKeys(t)
		if t.script == ScriptLatin {
			// The curator writes Latin forms in one romanization: its
			// first reading is the one meant (the j of Javid is dzh, not
			// the German y). Typed words get every reading.
			e.keys = e.keys[:min(1, len(e.keys))]
		}
		for _, k := range e.keys {
			ix.byKey[k] = append(ix.byKey[k], e)
			ix.byLen[utf8.RuneCountInString(k)] = append(ix.byLen[utf8.RuneCountInString(k)], keyed{k, e})
		}
	}
	for _, r := range records {
		for _, f := range r.forms() {
			toks := tokenize(f)
			switch {
			case len(toks) == 1:
				add(r, f, roleName)
			case len(toks) > 1:
				pf := &phoneForm{rec: r, form: f}
				for _, t := range toks {
					keys := formKeys(t)
					if t.script == ScriptLatin {
						keys = keys[:min(1, len(keys))]
					}
					pf.words = append(pf.words, keys)
				}
				ix.multi = append(ix.multi, pf)
				if r.Kind == KindPerson {
					for i, t := range toks {
						role := roleGiven
						if i == len(toks)-1 {
							role = roleSurname
						}
						add(r, f[t.start:t.end], role)
					}
				}
			}
		}
		if r.Kind != KindPerson {
			continue
		}
		ini := map[rune]bool{}
		for _, list := range [][]string{r.Forenames, r.Patronymics} {
			for _, n := range list {
				for _, t := range tokenize(n) {
					add(r, n[t.start:t.end], roleGiven)
					first, _ := utf8.DecodeRuneInString(t.norm)
					ini[first] = true
				}
			}
		}
		if len(ini) > 0 {
			ix.initials[r] = ini
		}
	}
	return ix
}

// wordKeys returns the sound keys of a Latin or Cyrillic word of a text or
// a query: for a Cyrillic word, those of the stems its endings leave too
// (Сталина, Иосифом).
func wordKeys(t token) []string {
	keys := formKeys(t)
	if t.script == ScriptCyrillic && !t.caps {
		for _, e := range ruEndings() {
			if e != "" && len(t.norm) > len(e) && strings.HasSuffix(t.norm, e) && utf8.RuneCountInString(t.norm)-utf8.RuneCountInString(e) >= 3 {
				for _, k := range phoneticKeys(t.norm[:len(t.norm)-len(e)]) {
					if !slices.Contains(keys, k) {
						keys = append(keys, k)
					}
				}
			}
		}
	}
	return keys
}

// formKeys returns the keys of a word of a record, which is written in the
// nominative: no endings to cut.
func formKeys(t token) []string {
	if t.script == ScriptArabic {
		return []string{t.norm}
	}
	src := t.lower
	if t.script == ScriptCyrillic || src == "" {
		src = t.norm
	}
	return phoneticKeys(src)
}

// soundMatch is how near a typed word is to a record's word.
type soundMatch struct {
	entry *soundEntry
	dist  int // 0: same key
}

// lookup returns the record words that sound like word t: the same key,
// or, for long keys, one symbol apart under the rules above. maxDist is 1
// for reading a name and 2 for suggesting one.
func (ix *phoneIndex) lookup(t token, maxDist int) []soundMatch {
	return ix.lookupFrom(t, maxDist, minSoundKey)
}

// lookupFrom is lookup with the shortest key compared by sound given:
// within one known person's names a short forename (Mir) is safe to
// compare.
func (ix *phoneIndex) lookupFrom(t token, maxDist, minKey int) []soundMatch {
	if minKey >= minSoundKey && t.script == ScriptLatin && englishWord(t.norm) {
		// An ordinary English word (areas, chance, markers) is never read
		// as a name by sound; only a form the records list names anyone.
		return nil
	}
	var out []soundMatch
	seen := map[*soundEntry]int{}
	note := func(e *soundEntry, d int) {
		if prev, ok := seen[e]; ok && prev <= d {
			return
		}
		seen[e] = d
		out = append(out, soundMatch{e, d})
	}
	if t.script == ScriptArabic {
		for _, e := range ix.persian[t.norm] {
			note(e, 0)
		}
		if n := utf8.RuneCountInString(t.norm); n >= minFuzzyPersian {
			for k, es := range ix.persian {
				if d := distance(t.norm, k, maxDist); d > 0 && d <= maxDist && fuzzyOK(t.norm, k, minFuzzyPersian, maxDist > 1) {
					for _, e := range es {
						note(e, d)
					}
				}
			}
		}
		return best(out, seen)
	}
	if t.script != ScriptLatin && t.script != ScriptCyrillic {
		return nil
	}
	keys := wordKeys(t)
	for _, k := range keys {
		if utf8.RuneCountInString(k) < minKey {
			continue
		}
		for _, e := range ix.byKey[k] {
			note(e, 0)
		}
	}
	for _, k := range keys {
		n := utf8.RuneCountInString(k)
		if n < minFuzzyKey {
			continue
		}
		for l := n - maxDist; l <= n+maxDist; l++ {
			for _, c := range ix.byLen[l] {
				if d := distance(k, c.key, maxDist); d > 0 && d <= maxDist && fuzzyOK(k, c.key, minFuzzyKey, maxDist > 1) {
					note(c.entry, d)
				}
			}
		}
	}
	return best(out, seen)
}

// best keeps each entry once, at its least distance.
func best(ms []soundMatch, seen map[*soundEntry]int) []soundMatch {
	var out []soundMatch
	done := map[*soundEntry]bool{}
	for _, m := range ms {
		if done[m.entry] || seen[m.entry] != m.dist {
			continue
		}
		done[m.entry] = true
		out = append(out, m)
	}
	return out
}

// fuzzyOK reports whether two keys that differ may still be one name: both
// long enough, the same first symbol, and, unless affixes are allowed (for
// suggesting, not reading), neither the other with a beginning or an ending
// added (Azerbaijani, Stalingrad).
func fuzzyOK(a, b string, minLen int, affixes bool) bool {
	if utf8.RuneCountInString(a) < minLen || utf8.RuneCountInString(b) < minLen {
		return false
	}
	fa, _ := utf8.DecodeRuneInString(a)
	fb, _ := utf8.DecodeRuneInString(b)
	if fa != fb {
		return false
	}
	return affixes || !strings.HasPrefix(a, b) && !strings.HasPrefix(b, a) && !strings.HasSuffix(a, b) && !strings.HasSuffix(b, a)
}

// titles are the words of address, rank and honour that may stand before a
// person's name without being part of it, in the spellings of the
// romanizations, folded. Initials are read apart.
var titles = func() map[string]bool {
	set := map[string]bool{}
	for _, w := range []string{
		"cde", "cdes", "comrade", "tov", "tovarishch", "mr", "mister", "dr", "gen", "general",
		"colonel", "col", "major", "lieutenant", "marshal", "premier", "minister", "ambassador",
		"seyyed", "seyed", "seyid", "sayyid", "sayed", "said", "sejjed", "sejid",
		"haji", "hajji", "hadji", "hacı", "mirza", "agha", "aga", "khan", "xan", "sheikh", "shaykh", "mullah", "molla",
		"товарищ", "тов", "т", "генерал", "маршал", "сеид", "сейид", "хаджи", "гаджи", "мирза", "ага", "хан", "шейх", "мулла",
		"سید", "حاج", "حاجی", "میرزا", "آقا", "خان",
	} {
		for _, t := range tokenize(w) {
			set[t.norm] = true
		}
	}
	return set
}()

// readBySound reads a query that no form matches exactly: each word by
// sound against the records' words. It returns nil when nothing fits.
func (a *Authority) readBySound(toks []token) []Reading {
	ix := a.ph
	if ix == nil || len(toks) == 0 {
		return nil
	}
	// A name in Persian script typed with a space where the record has a
	// joiner (پیشه وری) is one word.
	if len(toks) > 1 {
		arabic := true
		for _, t := range toks {
			arabic = arabic && t.script == ScriptArabic
		}
		if arabic {
			var b strings.Builder
			for _, t := range toks {
				b.WriteString(t.norm)
			}
			joined := token{norm: b.String(), script: ScriptArabic}
			if rs := a.readBySound([]token{joined}); rs != nil {
				return rs
			}
		}
	}
	if len(toks) == 1 {
		if a.m.derivative(toks[0]) {
			return nil
		}
		var out []Reading
		var surnames []Reading
		for _, m := range ix.lookup(toks[0], 1) {
			switch m.entry.role {
			case roleName:
				out = appendReading(out, Reading{Record: m.entry.rec, As: m.entry.word})
			case roleSurname:
				surnames = appendReading(surnames, Reading{Record: m.entry.rec, As: m.entry.word})
			}
		}
		if len(out) == 0 {
			out = surnames
		}
		return sortReadings(out)
	}
	// A form of several words, word by word (Ahmad Ghavam, Zendzhan
	// province).
	var out []Reading
	keys := soundKeys(toks) // once, not once a form
	for _, f := range ix.multi {
		if len(f.words) == len(toks) && formSounds(f, keys) {
			out = appendReading(out, Reading{Record: f.rec, As: f.form})
		}
	}
	if len(out) > 0 {
		return sortReadings(out)
	}
	// A person's name with forenames, a patronymic, initials or titles:
	// one word names the person, and every other word is theirs or a title.
	candidates := map[*Record]string{}
	var order []*Record
	for _, t := range toks {
		for _, m := range ix.lookup(t, 1) {
			if m.entry.rec.Kind != KindPerson || m.entry.role == roleGiven {
				continue
			}
			if _, ok := candidates[m.entry.rec]; !ok {
				candidates[m.entry.rec] = m.entry.word
				order = append(order, m.entry.rec)
			}
		}
	}
	for _, r := range order {
		if a.allTheirs(r, toks) {
			out = appendReading(out, Reading{Record: r, As: r.displayFull()})
		}
	}
	return sortReadings(out)
}

// allTheirs reports whether every word of a typed name belongs to person r:
// an initial of one of their forenames or patronymics, a title, or a word of
// one of their names.
func (a *Authority) allTheirs(r *Record, toks []token) bool {
	named := false
	for _, t := range toks {
		if t.letters == 1 {
			if !a.initialFits(r, t) {
				return false
			}
			continue
		}
		if titles[t.norm] {
			continue
		}
		ok := false
		for _, m := range a.ph.lookupFrom(t, 1, 1) {
			if m.entry.rec == r {
				ok = true
				named = named || m.entry.role != roleGiven
			}
		}
		if !ok {
			return false
		}
	}
	return named
}

// initialFits reports whether a one-letter word can be the initial of one
// of r's forenames or patronymics; a person whose record gives none takes
// any initial.
func (a *Authority) initialFits(r *Record, t token) bool {
	ini := a.ph.initials[r]
	if ini == nil {
		return true
	}
	first, _ := utf8.DecodeRuneInString(t.norm)
	return ini[first]
}

// soundKeys are the keys of each word of a query, as formSounds compares
// them.
func soundKeys(toks []token) [][]string {
	out := make([][]string, len(toks))
	for i, t := range toks {
		if t.script == ScriptArabic {
			out[i] = []string{t.norm}
		} else {
			out[i] = wordKeys(t)
		}
	}
	return out
}

// formSounds reports whether the words of a query, whose keys are each
// word's soundKeys, sound like the words of a form of several words, one
// by one.
func formSounds(f *phoneForm, words [][]string) bool {
	for i, keys := range words {
		ok := false
		for _, k := range keys {
			if slices.Contains(f.words[i], k) {
				ok = true
				break
			}
			for _, fk := range f.words[i] {
				if distance(k, fk, 1) == 1 && fuzzyOK(k, fk, minFuzzyKey, false) {
					ok = true
					break
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// displayFull is the name a reader knows the record by, with the full name
// when there is one: "Stalin (Joseph Vissarionovich Stalin)".
func (r *Record) displayFull() string {
	if r.FullName != "" && r.FullName != r.Name {
		return r.FullName
	}
	return r.Name
}

func appendReading(rs []Reading, r Reading) []Reading {
	for _, x := range rs {
		if x.Record == r.Record {
			return rs
		}
	}
	return append(rs, r)
}

func sortReadings(rs []Reading) []Reading {
	if len(rs) == 0 {
		return nil
	}
	slices.SortStableFunc(rs, func(a, b Reading) int {
		return strings.Compare(strings.ToLower(a.Record.Name)+"\x00"+a.Record.ID, strings.ToLower(b.Record.Name)+"\x00"+b.Record.ID)
	})
	return rs
}

// Suggestion is a record whose name is close to a word that names nothing:
// what a reader may have meant, or what a curator may have missed.
type Suggestion struct {
	Record *Record
	Form   string // the record's word the word is close to
}

// Near returns the records whose names are close to one word (at most two
// symbols of sound apart, for long words), nearest first; nil when none is,
// or when the word names a record already. It is looser than Resolve: for
// offering, never for finding.
func (a *Authority) Near(word string) []Suggestion {
	if len(word) > maxQuery || a.ph == nil {
		return nil
	}
	toks := tokenize(strings.TrimSpace(word))
	if len(toks) != 1 || toks[0].letters < minSoundKey || a.m.derivative(toks[0]) || stopWords[toks[0].norm] {
		return nil
	}
	ms := a.ph.lookup(toks[0], 2)
	slices.SortStableFunc(ms, func(x, y soundMatch) int { return x.dist - y.dist })
	var out []Suggestion
	seen := map[*Record]bool{}
	for _, m := range ms {
		if !seen[m.entry.rec] {
			seen[m.entry.rec] = true
			out = append(out, Suggestion{Record: m.entry.rec, Form: m.entry.word})
		}
	}
	return out
}
