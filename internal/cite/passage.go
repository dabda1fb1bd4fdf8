package cite

import (
	"fmt"
	"strconv"

	"github.com/readingroom/readingroom/internal/archive"
)

// Passage is a pinpoint to a passage of a document read side by side: the
// paragraphs of the translation and of the original that render it, and
// the page's anchor for the pair ("p-5").
type Passage struct {
	Anchor                string
	Translation, Original []int
}

// pinText renders the pinpoint of c for a style that abbreviates
// "paragraph" as abbr ("para."): a passage names its paragraphs in both
// texts, else a paragraph anchor its paragraph. It returns the text after
// the comma, the fragment for the URL, and whether there is a pinpoint.
func pinText(d *archive.Document, c Context, abbr string) (string, string, bool) {
	if c.Passage != nil && (len(c.Passage.Translation) > 0 || len(c.Passage.Original) > 0) {
		s := ""
		for _, side := range []struct {
			ns   []int
			name string
		}{{c.Passage.Translation, textName(d.Translation, "translation")}, {c.Passage.Original, textName(d.Original, "original")}} {
			if len(side.ns) == 0 {
				continue
			}
			if s != "" {
				s += " and "
			}
			n := strconv.Itoa(side.ns[0])
			a := abbr
			if len(side.ns) > 1 {
				n += "–" + strconv.Itoa(side.ns[len(side.ns)-1])
				a = abbr[:len(abbr)-1] + "s."
			}
			s += fmt.Sprintf("%s %s of %s", a, n, side.name)
		}
		return s, c.Passage.Anchor, true
	}
	if p, ok := pinpoint(d, c.Paragraph); ok {
		return fmt.Sprintf("%s %d of %s", abbr, p.n, p.text), p.field, true
	}
	return "", "", false
}

// textName names a text: "the English translation", or "the original" when
// its language is not stated.
func textName(t archive.Text, role string) string {
	if t.Language != "" {
		return "the " + t.Language + " " + role
	}
	return "the " + role
}
