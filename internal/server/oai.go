package server

import (
	"maps"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/oai"
)

// handleOAI serves /oai, the OAI-PMH endpoint for harvesters: every
// document as a Dublin Core record, in sets by archive and by year. The
// repository is built on the first request and kept: it depends only on
// the collection.
func (s *Server) handleOAI(w http.ResponseWriter, r *http.Request) {
	s.oaiOnce.Do(func() { s.oai = s.newOAIRepository() })
	s.oai.ServeHTTP(w, r)
}

// newOAIRepository describes the collection to harvesters. A record's
// datestamp is the last change of its source file where the folder says
// when (a -docs folder); the embedded collection has no file times, so its
// records carry the time the program was built from version control, or
// else the time it started: a harvester then takes them again, which is
// safe, rather than missing a change.
func (s *Server) newOAIRepository() *oai.Repository {
	host := "localhost"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	fallback := buildTime()
	var items []oai.Item
	sets := map[string]string{}
	for _, d := range s.coll.Docs {
		stamp := s.coll.ModTime(d)
		if stamp.IsZero() {
			stamp = fallback
		}
		it := oai.Item{ID: d.ID, Datestamp: stamp}
		if key := archive.RepositoryKey(d.Reference.Repository); key != "" {
			spec := "archive:" + key
			sets["archive"] = "Documents by the archive that holds the original"
			sets[spec] = archive.RepositoryName(d.Reference.Repository)
			it.Sets = append(it.Sets, spec)
		}
		if d.Date.Year > 0 {
			spec := "year:" + d.Date.ISO()[:4]
			sets["year"] = "Documents by the year they were written"
			sets[spec] = "Documents of " + d.Date.ISO()[:4]
			it.Sets = append(it.Sets, spec)
		}
		items = append(items, it)
	}
	var setList []oai.Set
	for _, spec := range slices.Sorted(maps.Keys(sets)) {
		setList = append(setList, oai.Set{Spec: spec, Name: sets[spec]})
	}
	return oai.New(oai.Repository{
		Name:       siteName + ": Soviet documents on the Iranian Azerbaijan crisis, 1945–1946",
		BaseURL:    s.cfg.BaseURL + "/oai",
		AdminEmail: []string{s.cfg.adminEmail(host)},
		Namespace:  host,
		Metadata:   s.dublinCore,
	}, items, setList)
}

// dublinCore describes one document in Dublin Core, from the metadata the
// source gives; an element the source lacks is left out.
func (s *Server) dublinCore(id string) (oai.DC, bool) {
	d, ok := s.coll.Doc(id)
	if !ok {
		return oai.DC{}, false
	}
	dc := oai.DC{
		Title:       []string{d.Title},
		Date:        []string{d.Date.ISO()},
		Description: []string{d.Summary},
		Type:        []string{"Text"},
		Format:      []string{"text/html"},
		Identifier:  []string{s.cfg.BaseURL + docURL(d)},
	}
	if u := d.RecordURL(); u != "" {
		dc.Relation = append(dc.Relation, u)
	}
	if from := s.lib.Correspondence(d).From; from != "" {
		dc.Creator = append(dc.Creator, from)
	}
	for _, c := range d.Credits {
		if c.Role != archive.RoleSupported {
			dc.Contributor = append(dc.Contributor, c.Name)
		}
	}
	switch {
	case !d.Reference.IsZero():
		dc.Source = append(dc.Source, d.Reference.Text)
	case d.Citation != "":
		dc.Source = append(dc.Source, d.Citation)
	}
	if strings.Contains(d.Citation+d.SourceNote, "Wilson Center Digital Archive") {
		dc.Publisher = append(dc.Publisher, "Wilson Center Digital Archive")
	}
	if d.HasOriginal() && d.Original.Code != "" {
		dc.Language = append(dc.Language, d.Original.Code)
	}
	if d.HasTranslation() && d.Translation.Code != "" && d.Translation.Code != d.Original.Code {
		dc.Language = append(dc.Language, d.Translation.Code)
	}
	return dc, true
}

// adminEmail is the repository administrator's address OAI-PMH requires:
// the one configured, else the conventional webmaster mailbox of the
// site's host (RFC 2142).
func (c Config) adminEmail(host string) string {
	if c.AdminEmail != "" {
		return c.AdminEmail
	}
	return "webmaster@" + host
}

// buildTime is when the program's source was last committed, as the Go
// toolchain records it, or else when the process started.
var buildTime = sync.OnceValue(func() time.Time {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.time" {
				if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
					return t
				}
			}
		}
	}
	return time.Now()
})
