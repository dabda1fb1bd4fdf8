package search

// AddFilter adds a filter given apart from the query text (a facet link's
// URL parameter), validated as person:, place:, year:, lang:, archive:,
// from: or to: would be inside the query. kind is one of those names.
func (q *Query) AddFilter(kind, value string) {
	k, ok := filterNames[kind]
	if !ok {
		return
	}
	p := &queryParser{q: q}
	for _, n := range q.Notices {
		if p.noticed == nil {
			p.noticed = map[string]bool{}
		}
		p.noticed[n] = true
	}
	p.filter(k, value)
}

// Text returns the query's words, phrases and operators without its
// filters: what a document page highlights.
func (q Query) Text() string {
	return Query{Clauses: q.Clauses}.String()
}
