package server

import (
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/search"
	"github.com/readingroom/readingroom/web"
)

// fillReadings tells the reader which records the query's words were read
// as, and offers the search for the exact words instead; in an exact
// search, it offers the way back.
func (s *Server) fillReadings(view *web.SearchPage, st searchState, res *search.Result) {
	if st.Exact {
		next := st
		next.Exact, next.Page = false, 1
		view.NamesURL = next.url()
		return
	}
	seen := map[string]bool{}
	for _, n := range res.Names {
		k := n.Query + "\x00" + n.Ref.Kind + ":" + n.Ref.ID
		if seen[k] {
			continue
		}
		seen[k] = true
		r := web.NameReading{Typed: n.Query, Name: n.Ref.Name, Kind: kindLabel(n.Ref.Kind), As: n.Ref.As}
		if rec, ok := s.lib.Authority.Get(n.Ref.ID); ok {
			r.URL = entityURL(rec)
		}
		view.Readings = append(view.Readings, r)
	}
	for i := range view.Readings {
		r := &view.Readings[i]
		r.Detail = r.Kind
		if r.As != "" && r.As != r.Name {
			r.Detail += ", that is “" + r.As + "”"
		}
		r.End = ";"
		if i == len(view.Readings)-1 {
			r.End = ", in every spelling and script."
		}
	}
	if len(view.Readings) > 0 {
		next := st
		next.Exact, next.Page = true, 1
		view.ExactURL = next.url()
	}
}

// recordKinds are the kinds of record, in the order pages list them.
var recordKinds = []string{entity.KindPerson, entity.KindPlace, entity.KindOrganisation}
