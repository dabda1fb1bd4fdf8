package entity

import "strings"

// maxQuery bounds the length of a name Resolve looks at: the longest form in
// the authority files is a few words, and a query is typed by a user.
const maxQuery = 200

// Resolve returns the records a typed name refers to, sorted by name (see
// Read for what is read as a name). It returns nil when nothing matches.
func (a *Authority) Resolve(query string) []*Record {
	rs := a.Read(query)
	if len(rs) == 0 {
		return nil
	}
	out := make([]*Record, len(rs))
	for i, r := range rs {
		out[i] = r.Record
	}
	return out
}

// Read returns the records a typed name refers to, sorted by name, and how
// it was read. First exactly: any of a record's forms, in any script, case
// aside, with Russian case endings or an English possessive, after any
// initials ("Кавам", "Кавамом", "pishevari", "Зенджане", "M. D. Bagirov");
// a single word is also tried as the surname of a person's name of several
// words ("Savari" for Yahya Pur Savari). The whole query must be the name.
// When nothing matches so, the query is read by sound: the same name under
// another romanization or in another script (Pishavari, Pişəvəri, Zendzhan,
// تبریز), or a person's full name with forenames, patronymic, initials and
// titles (Joseph Stalin, I. V. Stalin, Seyid Jafar Pishevari). Ordinary
// words are never compared: only the records' names.
func (a *Authority) Read(query string) []Reading {
	if len(query) > maxQuery {
		return nil
	}
	all := tokenize(strings.TrimSpace(query))
	toks := all
	// Initials before a surname say nothing the surname does not.
	for len(toks) > 1 && toks[0].letters == 1 {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return nil
	}
	found := map[*Record]string{}
	for _, stem := range a.m.stems(toks[0], nil) {
		for _, p := range a.m.byFirst[stem] {
			if !p.block && len(p.words) == len(toks) && wordsMatch(p.words, toks) {
				if _, ok := found[p.rec]; !ok {
					found[p.rec] = p.form
				}
			}
		}
	}
	if len(found) == 0 && len(toks) == 1 {
		for _, stem := range a.m.stems(toks[0], nil) {
			for _, p := range a.m.byLast[stem] {
				if p.words[len(p.words)-1].matches(toks[0], true) {
					if _, ok := found[p.rec]; !ok {
						found[p.rec] = p.form
					}
				}
			}
		}
	}
	if len(found) > 0 && len(toks) < len(all) {
		// Initials must be the person's, when the record says whose.
		for r := range found {
			if !a.initialsFit(r, all[:len(all)-len(toks)]) {
				delete(found, r)
			}
		}
	}
	if len(found) == 0 {
		return a.readBySound(all)
	}
	out := make([]Reading, 0, len(found))
	for r, form := range found {
		out = append(out, Reading{Record: r, Exact: true, As: form})
	}
	return sortReadings(out)
}

// initialsFit reports whether initials can stand for r's forenames and
// patronymic: a record that gives none takes any.
func (a *Authority) initialsFit(r *Record, initials []token) bool {
	if r.Kind != KindPerson {
		return false
	}
	for _, t := range initials {
		if !a.initialFits(r, t) {
			return false
		}
	}
	return true
}

func wordsMatch(words []pword, toks []token) bool {
	for i, w := range words {
		if !w.matches(toks[i], i == len(words)-1) {
			return false
		}
	}
	return true
}
