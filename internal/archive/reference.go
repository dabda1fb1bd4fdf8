package archive

import (
	"regexp"
	"strings"
)

// Reference is an archival reference split into its repository and the parts
// of the archive's hierarchy (fond, opis, delo, listy).
type Reference struct {
	Text       string    `json:"text"`       // as written in the source
	Repository string    `json:"repository"` // as written: "GAPPOD AzR", "RGASPI"
	Parts      []RefPart `json:"parts"`
}

// RefPart is one level of an archival reference.
type RefPart struct {
	Kind  string `json:"kind"`  // "fond", "opis", "delo", "list"
	Label string `json:"label"` // as written: "f.", "op.", "ll."
	Value string `json:"value"` // "558", "0057-0059"
}

// Part returns the value of the part of the given kind, or "".
func (r Reference) Part(kind string) string {
	for _, p := range r.Parts {
		if p.Kind == kind {
			return p.Value
		}
	}
	return ""
}

// IsZero reports whether the source gave no reference.
func (r Reference) IsZero() bool { return r.Text == "" }

// File identifies the archival file (repository, fond, opis, delo) that holds
// the document, in the archive's own short form: "GAPPOD, f.1, op.89, d.112".
// Two documents with the same File come from the same folder.
func (r Reference) File() string {
	if r.Repository == "" {
		return ""
	}
	parts := []string{RepositoryKey(r.Repository)}
	for _, k := range []struct{ kind, label string }{{"fond", "f."}, {"opis", "op."}, {"delo", "d."}} {
		if v := r.Part(k.kind); v != "" {
			parts = append(parts, k.label+v)
		}
	}
	return strings.Join(parts, ", ")
}

// repositories names the archives the collection draws on; the first word of
// a written repository ("GAPPOD AzR") is its key.
var repositories = map[string]string{
	"GAPPOD": "State Archive of Political Parties and Public Movements of the Azerbaijan Republic",
	"RGASPI": "Russian State Archive of Socio-Political History",
	"AVPRF":  "Archive of Foreign Policy of the Russian Federation",
	"GARF":   "State Archive of the Russian Federation",
	"RGANI":  "Russian State Archive of Contemporary History",
	"APRF":   "Archive of the President of the Russian Federation",
}

// RepositoryKey returns the short name under which a repository is grouped:
// "GAPPOD AzR" and "GAPPOD" are the same archive.
func RepositoryKey(written string) string {
	f := strings.Fields(written)
	if len(f) == 0 {
		return ""
	}
	if _, ok := repositories[strings.ToUpper(f[0])]; ok {
		return strings.ToUpper(f[0])
	}
	return strings.Join(f, " ")
}

// RepositoryName returns the full name of a repository, or "" if unknown.
func RepositoryName(written string) string {
	return repositories[RepositoryKey(written)]
}

var reRefPart = regexp.MustCompile(`(?i)\b(fond|opis|delo|listy|list|f|op|d|ll|l)\.?\s*(\d[0-9A-Za-zА-Яа-я]*(?:\s*[-–]\s*\d[0-9A-Za-z]*)?)`)

var refKinds = map[string]string{
	"f": "fond", "fond": "fond", "op": "opis", "opis": "opis", "d": "delo", "delo": "delo",
	"l": "list", "ll": "list", "list": "list", "listy": "list",
}

// ParseReference splits a reference such as "RGASPI, f. 558, op. 11, d. 99,
// ll. 0057-0059" into repository and parts. It returns false when the text
// holds no fond/opis/delo part.
func ParseReference(s string) (Reference, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	locs := reRefPart.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return Reference{}, false
	}
	r := Reference{Text: s}
	r.Repository = strings.Trim(strings.TrimSpace(s[:locs[0][0]]), ", ")
	for _, l := range locs {
		word := s[l[2]:l[3]]
		label := strings.TrimSpace(s[l[2]:l[4]])
		r.Parts = append(r.Parts, RefPart{
			Kind:  refKinds[strings.ToLower(word)],
			Label: label,
			Value: strings.Join(strings.Fields(s[l[4]:l[5]]), ""),
		})
	}
	return r, r.Repository != ""
}

var (
	reRole    = regexp.MustCompile(`(?i)\b(obtained|contributed|translated|donated|provided)\b(?:\s+for\s+(.+?))?\s+by\s+`)
	reSupport = regexp.MustCompile(`(?i)(?:made possible with support from|with support from|supported by)\s+(.+?)\.?$`)
)

// ParseCredits reads sentences such as "Obtained for CWIHP by Jamil Hasanli
// and translated for CWIHP by Gary Goldberg." into credits.
func ParseCredits(s string) []Credit {
	s = strings.TrimSpace(s)
	if m := reSupport.FindStringSubmatch(s); m != nil {
		return []Credit{{Role: RoleSupported, Name: strings.TrimSpace(m[1]), Text: s}}
	}
	locs := reRole.FindAllStringSubmatchIndex(s, -1)
	var out []Credit
	for i, l := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name := strings.TrimSpace(s[l[1]:end])
		name = strings.TrimSuffix(name, " and")
		name = strings.TrimSpace(strings.TrimRight(name, ".,; "))
		text := strings.TrimSuffix(strings.TrimSpace(s[l[0]:end]), " and")
		c := Credit{Role: strings.ToLower(s[l[2]:l[3]]), Name: name, Text: strings.TrimRight(text, ".,; ")}
		if l[4] >= 0 {
			c.For = strings.TrimSpace(s[l[4]:l[5]])
		}
		if name != "" {
			out = append(out, c)
		}
	}
	return out
}
