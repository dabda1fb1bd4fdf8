package cite

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
	"github.com/readingroom/readingroom/internal/timeline"
)

// rendering is what citeproc-js made of one item in one style.
type rendering struct {
	ID           string `json:"id"`
	Bibliography string `json:"bibliography"`
	Note         string `json:"note"`
}

// citeproc renders CSL-JSON items, each alone, with citeproc-js and the
// official CSL styles (testdata/citeproc/render.cjs, with the packages
// `make tools` installs there).
func citeproc(t *testing.T, styles []string, items []json.RawMessage) map[string][]rendering {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found (%v): `make tools` installs Debian's nodejs and npm", err)
	}
	in, _ := json.Marshal(map[string]any{"styles": styles, "items": items})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "testdata/citeproc/render.cjs")
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("citeproc: %v\n%s\n(`make tools` runs npm ci in internal/cite/testdata/citeproc)", err, stderr.String())
	}
	out := map[string][]rendering{}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The differences docs/CITATIONS.md explains: citeproc-js sets English
// titles in headline case and capitalises after a full stop, where we quote
// the archive's title as it stands; we mark a misspelt name in the title
// [sic]; MLA 9 drops a URL's scheme; and we add the online archive that holds the translation, with its
// record number, which the Chicago style leaves out for manuscripts and
// letters.
var (
	reOurRecord  = regexp.MustCompile(`, record \d+`)
	reOurArchive = regexp.MustCompile(`(, | )wilson center digital archive([.,])`)
)

func comparable(s string, ours, chicago bool) string {
	s = strings.ToLower(s)
	if !chicago {
		// MLA 9 prints a URL without its scheme (5.49); citeproc-js keeps it.
		s = strings.ReplaceAll(s, "https://", "")
	}
	if ours {
		s = strings.ReplaceAll(s, " [sic]", "")
		s = reOurRecord.ReplaceAllString(s, "")
		if chicago {
			s = reOurArchive.ReplaceAllStringFunc(s, func(m string) string {
				if strings.HasPrefix(m, ", ") {
					return m[len(m)-1:]
				}
				return ""
			})
		}
	}
	return s
}

// Our Chicago note and bibliography entry and our MLA entry say what
// citeproc-js says with the official styles, given our own CSL-JSON of the
// same document, for every shape of document: sender and recipients known
// (one, two, three, four and more), a body as sender, recipients alone,
// neither, with and without translator, genre, archival reference, at each
// precision of date; and for the shipped documents, with their senders and
// recipients as the site finds them.
func TestCiteprocAgrees(t *testing.T) {
	fixtures := letterFixtures()
	for _, d := range shipped(t).Docs {
		fixtures = append(fixtures, letterFixture{d, shippedContext(t, d)})
	}
	var items []json.RawMessage
	for _, f := range fixtures {
		var arr []json.RawMessage
		if err := json.Unmarshal(CSLJSON(f.doc, f.ctx), &arr); err != nil {
			t.Fatal(err)
		}
		items = append(items, arr[0])
	}
	const chicago, mla = "chicago-fullnote-bibliography", "modern-language-association"
	got := citeproc(t, []string{chicago, mla}, items)
	for i, f := range fixtures {
		for _, c := range []struct {
			name, ours, theirs string
			chicago            bool
		}{
			{"Chicago note", ChicagoNote(f.doc, f.ctx).Text, got[chicago][i].Note, true},
			{"Chicago bibliography", ChicagoBibliography(f.doc, f.ctx).Text, got[chicago][i].Bibliography, true},
			{"MLA", MLA(f.doc, f.ctx).Text, got[mla][i].Bibliography, false},
		} {
			if comparable(c.ours, true, c.chicago) != comparable(c.theirs, false, c.chicago) {
				t.Errorf("%s, %s:\nours:      %s\nciteproc:  %s", f.doc.ID, c.name, c.ours, c.theirs)
			}
		}
	}
}

// shippedContext is the context the site gives a shipped document's
// citations: its page, and its senders and recipients resolved against the
// shipped authority records.
func shippedContext(t *testing.T, d *archive.Document) Context {
	t.Helper()
	auth, err := entity.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	c := Context{PageURL: "https://readingroom.example/documents/" + d.ID, Sic: SicForms(d.Title, auth)}
	from, to := timeline.Parties(timeline.Correspondents(d), auth)
	for _, p := range from {
		rec, _ := auth.Get(p.ID)
		c.Senders = append(c.Senders, AgentFor(p.Written, rec))
	}
	for _, p := range to {
		rec, _ := auth.Get(p.ID)
		c.Recipients = append(c.Recipients, AgentFor(p.Written, rec))
	}
	return c
}

type letterFixture struct {
	doc *archive.Document
	ctx Context
}

func letterFixtures() []letterFixture {
	ref := func(text, repo string, parts ...archive.RefPart) archive.Reference {
		return archive.Reference{Text: text, Repository: repo, Parts: parts}
	}
	tr := []archive.Credit{{Role: archive.RoleTranslated, Name: "Ann Example"}}
	day := archive.Date{Year: 1946, Month: 3, Day: 9, Precision: archive.PrecisionDay}
	month := archive.Date{Year: 1945, Month: 12, Precision: archive.PrecisionMonth}
	year := archive.Date{Year: 1946, Precision: archive.PrecisionYear}
	url := "https://rr.example.org/documents/"
	return []letterFixture{
		{&archive.Document{ID: "a", Title: "Telegram from Tabriz to Baku, K.L. Firstov and N.O. Secondov to Cdes. Alpha, Beta, Gamma, and Delta", Date: day, Credits: tr,
			Reference: ref("RGASPI, f. 17, op. 128, d. 5, ll. 12-14", "RGASPI")},
			Context{PageURL: url + "a", Senders: []Agent{{Given: "K. L.", Family: "Firstov"}, {Given: "N. O.", Family: "Secondov"}},
				Recipients: []Agent{{Given: "A.", Family: "Alpha"}, {Given: "B.", Family: "Beta"}, {Given: "C.", Family: "Gamma"}, {Given: "D.", Family: "Delta"}}}},
		{&archive.Document{ID: "b", Title: "Letter from Ivanov to Petrov about grain", Date: month,
			Reference: ref("GAPPOD, f.1, op.89, d.7", "GAPPOD")},
			Context{PageURL: url + "b", Senders: []Agent{{Given: "Pavel Sergeevich", Family: "Ivanov"}}, Recipients: []Agent{{Given: "Oleg", Family: "Petrov"}, {Given: "Ruslan", Family: "Sidorov"}}}},
		{&archive.Document{ID: "c", Title: "Telegram from the Provincial Committee to Cde. Ivanov", Date: year, Credits: tr},
			Context{PageURL: url + "c", Senders: []Agent{{Literal: "Provincial Committee"}}, Recipients: []Agent{{Given: "P. S.", Family: "Ivanov"}}}},
		{&archive.Document{ID: "d", Title: "Memo on the harvest", Date: day, Credits: tr,
			Reference: ref("AVPRF, f. 06, op. 8, p. 2, d. 40", "AVPRF")},
			Context{PageURL: url + "d", Recipients: []Agent{{Given: "A.", Family: "Alpha"}}}},
		{&archive.Document{ID: "e", Title: "Report of the commission", Date: month, Credits: tr},
			Context{PageURL: url + "e"}},
		{&archive.Document{ID: "f", Title: "Notes of a conversation", Date: year},
			Context{PageURL: url + "f"}},
		{&archive.Document{ID: "h", Title: "Appeal to the workers of the province", Date: day, Credits: tr,
			Reference: ref("RGASPI, f. 17, op. 128, d. 5, ll. 12-14", "RGASPI")},
			Context{PageURL: url + "h", Senders: []Agent{{Given: "K. L.", Family: "Firstov"}}, Recipients: []Agent{{Literal: "Provincial Committee"}}}},
		{&archive.Document{ID: "i", Title: "Cipher telegram no. 40", Date: month},
			Context{PageURL: url + "i", Senders: []Agent{{Given: "K. L.", Family: "Firstov"}}}},
		{&archive.Document{ID: "g", Title: "Letter from three to three", Date: day},
			Context{PageURL: url + "g", Senders: []Agent{{Given: "A.", Family: "One"}, {Given: "B.", Family: "Two"}, {Given: "C.", Family: "Three"}},
				Recipients: []Agent{{Given: "D.", Family: "Four"}, {Given: "E.", Family: "Five"}, {Given: "F.", Family: "Six"}}}},
	}
}
