package archive

import (
	"regexp"
	"strings"
	"unicode"
)

// Reference is an archival reference split into its repository and the parts
// of the archive's hierarchy (fond, opis, delo, listy).
type Reference struct {
	Text       string `json:"text"`       // the whole reference, verbatim
	Repository string `json:"repository"` // as written, without punctuation: "GAPPOD AzR", "APRF"
	// Department is a division of the repository named before the file
	// ("Referentura po Iranu").
	Department string    `json:"department,omitempty"`
	Parts      []RefPart `json:"parts"`
	// Tail is what the reference adds after its parts: "Reprinted in …".
	Tail string `json:"tail,omitempty"`
}

// RefPart is one level of an archival reference.
type RefPart struct {
	Kind  string `json:"kind"`  // "fond", "opis", "delo", "list", "papka", "reel"
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

// repositoryPlaces are the cities the archives are in, which citations of
// archival documents name after the archive.
var repositoryPlaces = map[string]string{
	"GAPPOD": "Baku", "RGASPI": "Moscow", "AVPRF": "Moscow", "GARF": "Moscow", "RGANI": "Moscow", "APRF": "Moscow",
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
	// "Archive of the President of the Russian Federation (APRF)"
	if m := reRepoAbbrev.FindStringSubmatch(written); m != nil {
		key := strings.ToUpper(strings.ReplaceAll(m[1], " ", ""))
		if _, ok := repositories[key]; ok {
			return key
		}
	}
	return strings.Join(f, " ")
}

// reRepoAbbrev finds a repository's short name in brackets after its
// full one.
var reRepoAbbrev = regexp.MustCompile(`\(([A-Za-z][A-Za-z ]{1,10})\)`)

// RepositoryName returns the full name of a repository, or "" if unknown.
func RepositoryName(written string) string {
	return repositories[RepositoryKey(written)]
}

// RepositoryPlace returns the city of a repository as written ("Moscow"),
// or "" for a repository the package does not know.
func RepositoryPlace(written string) string {
	return repositoryPlaces[RepositoryKey(written)]
}

// reRefPart finds one level of a reference: "f. 558", "op.89", "Ll. 49-52",
// "ф. 1", "microfilm reel 7". The label must not be the end of a longer
// word ("Digital 4" holds no list).
var reRefPart = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(fond|opis|delo|listy|list|papka|reel|f|op|d|ll|l|ф|оп|д|лл|л)\.?\s*(\d[0-9\p{L}]*(?:\s*[-–]\s*\d[0-9\p{L}]*)?)`)

var refKinds = map[string]string{
	"f": "fond", "fond": "fond", "op": "opis", "opis": "opis", "d": "delo", "delo": "delo",
	"l": "list", "ll": "list", "list": "list", "listy": "list", "papka": "papka", "reel": "reel",
	"ф": "fond", "оп": "opis", "д": "delo", "л": "list", "лл": "list",
}

// ParseReference splits a reference such as "RGASPI, f. 558, op. 11, d. 99,
// ll. 0057-0059" into repository and parts; "APRF: F. 39, Op. 1" gives the
// repository "APRF", a name between the repository and the first part is
// its department, and what follows the parts ("Reprinted in …") is the
// tail. It returns false when the text holds no part or no repository.
func ParseReference(s string) (Reference, bool) {
	s = strings.Join(strings.Fields(s), " ")
	s = reSourcePrefix.ReplaceAllString(s, "")
	s = strings.TrimSpace(strings.TrimSuffix(s, "."))
	if len(s) > maxReference {
		return Reference{}, false
	}
	locs := reRefPart.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return Reference{}, false
	}
	r := Reference{Text: s}
	head := strings.TrimRight(s[:locs[0][2]], refPunct)
	if i := strings.IndexAny(head, ",;:"); i >= 0 {
		r.Repository = strings.Trim(head[:i], refPunct)
		r.Department = strings.Trim(head[i+1:], refPunct)
	} else {
		r.Repository = strings.Trim(head, refPunct)
	}
	end := 0
	for _, l := range locs {
		// The parts run on as long as only punctuation separates them;
		// a later "p. 45" in a "Reprinted in …" tail is not a list.
		if end > 0 && strings.Trim(s[end:l[2]], refPunct) != "" {
			if !strings.EqualFold(strings.TrimSpace(strings.Trim(s[end:l[2]], refPunct)), "microfilm") {
				break
			}
		}
		word := s[l[2]:l[3]]
		label := strings.TrimSpace(s[l[2]:l[4]])
		r.Parts = append(r.Parts, RefPart{
			Kind:  refKinds[strings.ToLower(word)],
			Label: label,
			Value: strings.Join(strings.Fields(s[l[4]:l[5]]), ""),
		})
		end = l[5]
	}
	r.Tail = strings.TrimSpace(strings.TrimLeft(s[end:], refPunct))
	return r, r.Repository != ""
}

// reSourcePrefix is a label written before a reference on its line.
var reSourcePrefix = regexp.MustCompile(`(?i)^(?:source|archive|reference|original archive)\s*:\s*`)

// refPunct is the punctuation that separates the pieces of a reference.
const refPunct = " ,.;:"

// maxReference bounds the text read as a reference: real ones are a line.
const maxReference = 2000

// isReprint reports whether a sentence after a reference says where else
// the document was published: it belongs to the reference.
func isReprint(s string) bool {
	l := strings.ToLower(s)
	for _, p := range []string{"reprinted in", "published in", "also published", "first published", "printed in", "excerpted in", "cited in"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// splitSource cuts a source line ("REF. Reprinted in …. Obtained for CWIHP
// by …") into the reference with its reprint sentences, and the credits.
func splitSource(s string) (ref, credits string) {
	sentences := splitSentences(s)
	if len(sentences) == 0 {
		return "", ""
	}
	ref = sentences[0]
	k := 1
	for ; k < len(sentences) && isReprint(sentences[k]); k++ {
		ref += ". " + sentences[k]
	}
	return ref, strings.Join(sentences[k:], ". ")
}

// splitSentences cuts s at every full stop followed by a space and a capital
// letter; "f. 558" and "d.112." stay whole. The full stops are dropped.
func splitSentences(s string) []string {
	var out []string
	for {
		first, rest := splitSentence(s)
		if first = strings.TrimSpace(first); first != "" {
			out = append(out, first)
		}
		if rest == "" {
			return out
		}
		s = rest
	}
}

var (
	reRole    = regexp.MustCompile(`(?i)\b(obtained|contributed|translated|donated|provided)\b(?:\s+for\s+(.+?))?\s+by\s+`)
	reSupport = regexp.MustCompile(`(?i)(?:made possible (?:with|by|through) (?:the )?(?:generous )?support (?:from|of)|with (?:the )?support (?:from|of)|supported by)\s+(.+?)\.?$`)
)

// ParseCredits reads sentences such as "Obtained for CWIHP by Jamil Hasanli
// and translated for CWIHP by Gary Goldberg." or "This document was made
// possible with support from the Example Foundation." into credits.
func ParseCredits(s string) []Credit {
	var out []Credit
	for _, line := range strings.Split(s, "\n") {
		for _, sentence := range splitSentences(strings.TrimSpace(line)) {
			out = append(out, parseCreditSentence(sentence)...)
		}
	}
	return out
}

func parseCreditSentence(s string) []Credit {
	s = strings.TrimSpace(s)
	if m := reSupport.FindStringSubmatch(s); m != nil {
		return []Credit{{Role: RoleSupported, Name: strings.TrimSpace(strings.TrimRight(m[1], ".")), Text: s}}
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

// isCreditLine reports whether a line of text is a credit or a funding
// line rather than text of the document.
func isCreditLine(s string) bool {
	if !mayBeCredit(s) {
		return false
	}
	// Long lines, most of a text's, are no credit line: their length with
	// the spaces collapsed is counted before a copy is made.
	n := -1
	for f := range strings.FieldsSeq(s) {
		if n += 1 + len(f); n > 400 {
			return false
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if reSupport.MatchString(s) {
		return true
	}
	return reCreditStart.MatchString(s) && len(ParseCredits(s)) > 0
}

// reCreditStart is how a credit line opens.
var reCreditStart = regexp.MustCompile(`(?i)^(?:obtained|contributed|translated|donated|provided)\b(?:\s+for\s+[^.]{1,80}?)?\s+by\s`)

// mayBeCredit reports whether reSupport or reCreditStart can match s with
// its white space collapsed: every match of reSupport holds "support", and
// one of reCreditStart opens with a role. The letters of "upport" fold to
// no letter outside ASCII (as "s" does to "ſ"), so an ASCII comparison
// finds every case; the roles are compared as the expression's (?i) does.
func mayBeCredit(s string) bool {
	if ContainsFoldASCII(s, "upport") {
		return true
	}
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for _, role := range creditRoles {
		if hasPrefixFold(s, role) {
			return true
		}
	}
	return false
}

// creditRoles are the words reCreditStart opens with.
var creditRoles = []string{"obtained", "contributed", "translated", "donated", "provided"}
