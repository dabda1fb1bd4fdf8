package cite

import (
	"regexp"
	"strings"

	"github.com/readingroom/readingroom/internal/entity"
)

// Agent is a sender or recipient as a citation names it: a person by given
// and family name, or a body (or a name whose parts are not known) as one
// literal name.
type Agent struct {
	Given   string `json:"given,omitempty"`
	Family  string `json:"family,omitempty"`
	Literal string `json:"literal,omitempty"`
}

// Natural returns the name in reading order: "M. D. Bagirov".
func (a Agent) Natural() string {
	if a.Literal != "" {
		return a.Literal
	}
	return strings.TrimSpace(a.Given + " " + a.Family)
}

// inverted returns the name family first, as a bibliography sorts it:
// "Bagirov, M. D.".
func (a Agent) inverted() string {
	if a.Literal != "" || a.Given == "" {
		return a.Natural()
	}
	return a.Family + ", " + a.Given
}

var reInitials = regexp.MustCompile(`^((?:\p{Lu}\.\s*)+)\S`)

// AgentFor names a party of a document. With an authority record, a person
// is named by the record's family name (so the archive's misspelling
// "Bagriov" is cited as Bagirov) and by the initials the source writes, or
// else the record's forenames; a body by the record's name. Without a
// record, the name stays as the source writes it.
func AgentFor(written string, rec *entity.Record) Agent {
	if rec == nil {
		return Agent{Literal: written}
	}
	if rec.Kind != entity.KindPerson {
		return Agent{Literal: rec.Name}
	}
	words := strings.Fields(rec.Name)
	if len(words) == 0 {
		return Agent{Literal: written}
	}
	a := Agent{Family: words[len(words)-1]}
	switch {
	case reInitials.MatchString(written):
		letters := strings.Split(strings.TrimSpace(reInitials.FindStringSubmatch(written)[1]), ".")
		var initials []string
		for _, l := range letters {
			if l = strings.TrimSpace(l); l != "" {
				initials = append(initials, l+".")
			}
		}
		a.Given = strings.Join(initials, " ")
	case rec.FullName != "" && strings.HasSuffix(rec.FullName, " "+a.Family):
		a.Given = strings.TrimSuffix(rec.FullName, " "+a.Family)
	default:
		a.Given = strings.Join(words[:len(words)-1], " ")
	}
	return a
}

// SicForms returns the forms in a title that the authority records know as
// a misspelling or a slip of a name ("Bagriov"): a citation quotes the
// title as the source gives it and marks them [sic].
func SicForms(title string, auth *entity.Authority) []string {
	if auth == nil {
		return nil
	}
	var out []string
	for _, m := range auth.Find(title) {
		rec, ok := auth.Get(m.ID)
		if !ok {
			continue
		}
		for _, v := range rec.Variants {
			note := strings.ToLower(v.Note)
			if v.Form == m.Variant && (strings.Contains(note, "misspelling") || strings.Contains(note, "slip")) {
				out = append(out, m.Form)
			}
		}
	}
	return out
}

// markSic follows the first occurrence of each form in title with " [sic]".
func markSic(title string, forms []string) string {
	for _, f := range forms {
		if i := strings.Index(title, f); i >= 0 && f != "" {
			title = title[:i+len(f)] + " [sic]" + title[i+len(f):]
		}
	}
	return title
}
