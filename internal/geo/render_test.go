package geo

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/entity"
)

// renderSVG draws a map as a standalone SVG file, so that a person can look
// at what Draw makes. The page renders its own SVG with templ; this is for
// tests only.
func renderSVG(m *Map) string {
	const caption = 36 // room under the map for the note and attribution
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" font-family="DejaVu Sans, Arial, sans-serif">`+"\n",
		m.Width, m.Height+caption, m.Width, m.Height+caption)
	fmt.Fprintf(&b, `<title>%s</title>`+"\n", html.EscapeString(m.Summary()))
	// A nested svg clips the map to its viewBox, as the page's own <svg>
	// does: the borders' folded runs lie just outside it.
	fmt.Fprintf(&b, `<svg viewBox="%s" width="%d" height="%d">`+"\n", m.ViewBox, m.Width, m.Height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#dbe7ee"/>`+"\n", m.Width, m.Height)
	fmt.Fprintf(&b, `<g fill="#f4f0e6" stroke="#8a8478" stroke-width="0.7" stroke-linejoin="round" fill-rule="evenodd">`+"\n")
	for _, c := range m.Countries {
		fill := ""
		if c.ISO == "364" || c.ISO == "031" {
			fill = ` fill="#ece3cc"`
		}
		fmt.Fprintf(&b, `<path%s d="%s"><title>%s</title></path>`+"\n", fill, c.Path, html.EscapeString(c.Name))
	}
	b.WriteString("</g>\n")
	b.WriteString(`<g fill="#dbe7ee" stroke="#8aa2b4" stroke-width="0.5" fill-rule="evenodd">` + "\n")
	for _, l := range m.Lakes {
		fmt.Fprintf(&b, `<path d="%s"><title>%s</title></path>`+"\n", l.Path, html.EscapeString(l.Name))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, `<g stroke="#7a8a96" stroke-width="0.4" stroke-dasharray="2 3" fill="none">`+"\n")
	for _, l := range m.Graticule {
		fmt.Fprintf(&b, `<path d="%s"/>`+"\n", l.Path)
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, `<g font-size="%g" fill="#5a6a76">`+"\n", m.GraticuleFontSize)
	for _, l := range m.Graticule {
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="%s">%s</text>`+"\n", l.LabelX, l.LabelY, l.Anchor, l.Label)
	}
	b.WriteString("</g>\n")
	b.WriteString(`<g fill="#a8322d" fill-opacity="0.85" stroke="#fff" stroke-width="1">` + "\n")
	for _, mk := range m.Markers {
		fmt.Fprintf(&b, `<a href="%s"><circle cx="%g" cy="%g" r="%g"><title>%s (%d)</title></circle></a>`+"\n",
			html.EscapeString(mk.URL), mk.X, mk.Y, mk.R, html.EscapeString(mk.Name), mk.Count)
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, `<g font-size="%g" fill="#222" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`+"\n", m.FontSize)
	for _, mk := range m.Markers {
		if mk.Labeled {
			fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="%s">%s</text>`+"\n", mk.LabelX, mk.LabelY, mk.Anchor, html.EscapeString(mk.Name))
		}
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, `<g font-size="%g" font-style="italic">`+"\n", m.FontSize)
	for _, c := range m.Countries {
		if c.Label != nil {
			fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle" fill="#6b6250">%s</text>`+"\n", c.Label.X, c.Label.Y, html.EscapeString(c.Label.Text))
		}
	}
	var water []*Label
	for _, l := range m.Lakes {
		water = append(water, l.Label)
	}
	for _, s := range m.Seas {
		water = append(water, s.Label)
	}
	for _, l := range water {
		if l != nil {
			fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="%s" fill="#2f5f86">%s</text>`+"\n", l.X, l.Y, l.Anchor, html.EscapeString(l.Text))
		}
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="none" stroke="#555"/>`+"\n", m.Width, m.Height)
	b.WriteString("</svg>\n")
	fmt.Fprintf(&b, `<text x="0" y="%d" font-size="11" fill="#333">%s</text>`+"\n", m.Height+15, html.EscapeString(m.Note))
	fmt.Fprintf(&b, `<text x="0" y="%d" font-size="11" fill="#333">%s</text>`+"\n", m.Height+30, html.EscapeString(m.Attribution))
	b.WriteString("</svg>\n")
	return b.String()
}

// writeArtifact writes a file under test-artifacts/geo at the root of the
// repository, which git ignores.
func writeArtifact(t *testing.T, name, content string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "test-artifacts", "geo"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// realPlaces are the located places of the authority records, each with the
// number of shipped documents that name it, linked as the site would.
func realPlaces(t *testing.T) []Place {
	t.Helper()
	auth, err := entity.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	coll, err := archive.Load(documents.FS)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, d := range coll.Docs {
		named := map[string]bool{}
		for _, m := range auth.Mentions(d) {
			named[m.ID] = true
		}
		for id := range named {
			counts[id]++
		}
	}
	var out []Place
	for _, r := range auth.Places() {
		if !r.HasCoordinates() {
			continue
		}
		out = append(out, Place{ID: r.ID, Name: r.Name, URL: "/places/" + r.ID, Lat: r.Lat, Lon: r.Lon, Count: counts[r.ID]})
	}
	if len(out) < 10 {
		t.Fatalf("only %d located places in the records", len(out))
	}
	return out
}
