package server

import (
	"github.com/readingroom/readingroom/web"
)

// orgIndexView fills the head of GET /organisations.
func orgIndexView(s *Server, v *web.EntityIndex, path string) {
	v.Page = s.page("Organisations", "Every party, committee, government, security service and newspaper named in the collection, in every form and script.", path)
	v.Heading = "Organisations"
	v.Intro = "The parties and their committees, governments and assemblies, security and military bodies, international bodies and newspapers the documents name, under every form and abbreviation they take in Latin, Cyrillic and Persian script (CC CP(b) of Azerbaijan, ЦК КП(б) Азербайджана). A place within an organisation's name is not counted as a mention of the place."
}

// kindOrder is the place of a kind of record in lists: people, places,
// organisations.
func kindOrder(kind string) int {
	for i, k := range recordKinds {
		if k == kind {
			return i
		}
	}
	return len(recordKinds)
}
