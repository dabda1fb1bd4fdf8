package server

import (
	"net/http"

	"github.com/a-h/templ"

	"github.com/readingroom/readingroom/internal/cite"
	"github.com/readingroom/readingroom/web"
)

// collectionTitle is the collection's title in citations of it whole.
const collectionTitle = "Soviet Documents on the Iranian Azerbaijan Crisis, 1945–1946"

// handleCite serves GET /cite: how to cite a document, a passage, the
// collection and its data. It depends only on the collection.
func (s *Server) handleCite(w http.ResponseWriter, r *http.Request) error {
	c, err := func() (templ.Component, error) {
		site := s.cfg.BaseURL + "/"
		v := web.CitePage{
			Page:      s.page("How to cite", "How to cite the reading room's documents, a passage of one, the whole collection and its data releases.", "/cite"),
			Documents: len(s.coll.Docs),
			SiteURL:   site,
			CollectionChicago: siteName + ". " + collectionTitle + ". Transcriptions and translations from the Wilson Center Digital Archive. Accessed [month day, year]. " +
				site + ".",
			CollectionMLA:   siteName + ": " + collectionTitle + ". Wilson Center Digital Archive, " + s.cfg.BaseURL + "/. Accessed [day month year].",
			BulkURL:         "/data/" + bulkName,
			BulkChecksumURL: "/data/" + bulkName + ".sha256",
			APIURL:          "/api/documents",
			OAIURL:          s.cfg.BaseURL + "/oai",
			BulkCitation: siteName + ". " + collectionTitle + ". Data set, JSON Lines (" + bulkName + "), SHA-256 [checksum]. Downloaded [month day, year]. " +
				s.cfg.BaseURL + "/data/" + bulkName + ".",
		}
		if len(s.coll.Docs) > 0 {
			d := s.coll.Docs[0]
			v.ExampleTitle, v.ExampleURL = d.Title, docURL(d)
			v.ExampleNote = cite.ChicagoNote(d, s.citeContext(d, s.cfg.BaseURL+docURL(d))).Text
			if d.HasTranslation() {
				v.ExamplePassageURL = s.cfg.BaseURL + docURL(d) + "?para=en-1#en-1"
			}
		}
		return web.CiteCollection(v), nil
	}()
	if err != nil {
		return err
	}
	return renderPublic(w, r, c)
}
