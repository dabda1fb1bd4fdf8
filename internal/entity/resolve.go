package entity

import "strings"

// maxQuery bounds the length of a name Resolve looks at: the longest form in
// the authority files is a few words, and a query is typed by a user.
const maxQuery = 200

// Resolve returns the records a typed name refers to, sorted by name: any of
// a record's forms, in either script, case aside, with Russian case endings
// or an English possessive, after any initials ("Кавам", "Кавамом",
// "pishevari", "Pishevvari", "Зенджане", "M. D. Bagirov"). The whole query
// must be the name. When no form matches it, a single word is also tried as
// the surname of a person's name of several words ("Savari" for Yahya Pur
// Savari). It returns nil when nothing matches.
func (a *Authority) Resolve(query string) []*Record {
	if len(query) > maxQuery {
		return nil
	}
	toks := tokenize(strings.TrimSpace(query))
	// Initials before a surname say nothing the surname does not.
	for len(toks) > 1 && toks[0].letters == 1 {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return nil
	}
	found := map[*Record]bool{}
	for _, stem := range a.m.stems(toks[0]) {
		for _, p := range a.m.byFirst[stem] {
			if !p.block && len(p.words) == len(toks) && wordsMatch(p.words, toks) {
				found[p.rec] = true
			}
		}
	}
	if len(found) == 0 && len(toks) == 1 {
		for _, stem := range a.m.stems(toks[0]) {
			for _, p := range a.m.byLast[stem] {
				if p.words[len(p.words)-1].matches(toks[0], true) {
					found[p.rec] = true
				}
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	out := make([]*Record, 0, len(found))
	for r := range found {
		out = append(out, r)
	}
	sortByName(out)
	return out
}

func wordsMatch(words []pword, toks []token) bool {
	for i, w := range words {
		if !w.matches(toks[i], i == len(words)-1) {
			return false
		}
	}
	return true
}
