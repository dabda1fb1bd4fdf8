package browsertest

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// box is an element's place on the page, in CSS pixels.
type box struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

// layout is what the width test measures on a page.
type layout struct {
	Texts       []box   `json:"texts"`
	ScrollWidth float64 `json:"scrollWidth"`
	ViewWidth   float64 `json:"viewWidth"`
}

// layoutJS measures the two texts: the two sides of the first passage
// that has both, on a page that aligns them, else the text columns.
const layoutJS = `({
	texts: (() => {
		const row = [...document.querySelectorAll('.passage')].find(p => !p.querySelector('.cell.empty'));
		return row ? [...row.querySelectorAll(':scope > .cell')] : [...document.querySelectorAll('section.text')];
	})().map(e => {
		const r = e.getBoundingClientRect();
		return {left: r.left, top: r.top + scrollY, right: r.right, bottom: r.bottom + scrollY};
	}),
	scrollWidth: document.documentElement.scrollWidth,
	viewWidth: document.documentElement.clientWidth,
})`

// TestLayoutAtPhoneAndDesktopWidths opens every page type on a phone and on
// a desktop screen and saves a full-page screenshot of each. On the desktop
// the two texts of a document stand side by side; on the phone they are
// stacked; and no page scrolls sideways at either width.
func TestLayoutAtPhoneAndDesktopWidths(t *testing.T) {
	s := testSite(t)
	cases := pageTypes(testCrawl(t).Pages)
	dir := artifactsDir(t)
	// Page types come and go with the site: leave only this run's pictures.
	old, err := filepath.Glob(filepath.Join(dir, "*.png"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	browser := newBrowser(t)
	for _, v := range viewports {
		t.Run(v.Name, func(t *testing.T) {
			tab := newTab(t, browser)
			emulate(t, tab, v)
			parallel := 0
			for _, pc := range cases {
				open(t, tab, s.URL+pc.Path, pc.Status)
				png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s: screenshot: %v", pc.Path, err)
				}
				name := filepath.Join(dir, pc.Name+"-"+v.Name+".png")
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}

				l := evaluate[layout](t, tab, layoutJS)
				if l.ScrollWidth > l.ViewWidth+1 {
					t.Errorf("%s at %dpx scrolls sideways: the page is %.0fpx wide", pc.Path, v.Width, l.ScrollWidth)
				}
				if len(l.Texts) < 2 {
					continue
				}
				parallel++
				a, b := l.Texts[0], l.Texts[1]
				switch v {
				case desktop:
					if math.Abs(a.Top-b.Top) > 1 || math.Abs(a.Left-b.Left) < 1 {
						t.Errorf("%s at %dpx: the two texts are not side by side: %+v and %+v", pc.Path, v.Width, a, b)
					}
				case phone:
					if math.Abs(a.Left-b.Left) > 1 || b.Top < a.Bottom {
						t.Errorf("%s at %dpx: the two texts are not stacked: %+v and %+v", pc.Path, v.Width, a, b)
					}
				}
			}
			if parallel == 0 {
				t.Error("no page type shows two texts: no document with both languages was found")
			}
		})
	}
	t.Logf("screenshots in %s", dir)
}

// TestPagesWithoutJavaScript turns scripts off in the browser and reads each
// page type's DOM through the DevTools protocol, not through JavaScript: the
// browser must show the same heading, main text and texts as the server sent,
// laid out with a size, since the site needs no script at all.
func TestPagesWithoutJavaScript(t *testing.T) {
	s := testSite(t)
	cases := pageTypes(testCrawl(t).Pages)
	browser := newBrowser(t)
	tab := newTab(t, browser)
	emulate(t, tab, desktop)
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("turning scripts off: %v", err)
	}
	// Prove scripts are off on a page that has one, since the site has none.
	if err := chromedp.Do(tab, chromedp.Navigate(`data:text/html,<title>scripts off</title><script>document.title = "a script ran"</script>`)); err != nil {
		t.Fatal(err)
	}
	if title, err := chromedp.Run(tab, chromedp.Title()); err != nil || title != "scripts off" {
		t.Fatalf("with scripts turned off a page's script still ran: title %q, %v", title, err)
	}
	for _, pc := range cases {
		t.Run(pc.Name, func(t *testing.T) {
			served, err := goquery.NewDocumentFromReader(bytes.NewReader(s.get(t, pc.Path).Body))
			if err != nil {
				t.Fatal(err)
			}
			open(t, tab, s.URL+pc.Path, pc.Status)
			// Backend node IDs, unlike node IDs, stay valid while chromedp
			// asks for the document again on its own.
			depth := int64(-1)
			doc, err := chromedp.Call(tab, dom.GetDocument, dom.GetDocumentParams{Depth: &depth})
			if err != nil {
				t.Fatalf("DOM.getDocument: %v", err)
			}
			html, err := chromedp.Call(tab, dom.GetOuterHTML, dom.GetOuterHTMLParams{BackendNodeID: doc.Root.BackendNodeID})
			if err != nil {
				t.Fatalf("DOM.getOuterHTML: %v", err)
			}
			shown, err := goquery.NewDocumentFromReader(strings.NewReader(html.OuterHTML))
			if err != nil {
				t.Fatal(err)
			}
			if n := shown.Find("script").FilterFunction(executable).Length(); n > 0 {
				t.Errorf("the page has %d scripts; the site is meant to need none", n)
			}
			for _, sel := range []string{"h1", "main", "section.text", ".passage", "main a[href]"} {
				want, got := served.Find(sel), shown.Find(sel)
				if got.Length() != want.Length() || squash(got.Text()) != squash(want.Text()) {
					t.Errorf("%s: the browser shows %d %q (%.60q…), the server sent %d (%.60q…)",
						pc.Path, got.Length(), sel, squash(got.Text()), want.Length(), squash(want.Text()))
				}
			}
			if squash(shown.Find("main").Text()) == "" {
				t.Errorf("%s: main is empty", pc.Path)
			}
			// A box model exists only for an element the browser laid out.
			for _, name := range []string{"h1", "main"} {
				n := findElement(doc.Root, name)
				if n == nil {
					t.Errorf("%s: no %s in the DOM", pc.Path, name)
					continue
				}
				m, err := chromedp.Call(tab, dom.GetBoxModel, dom.GetBoxModelParams{BackendNodeID: n.BackendNodeID})
				if err != nil || m.Model == nil || m.Model.Width == 0 || m.Model.Height == 0 {
					t.Errorf("%s: %s is not laid out without scripts: %+v, %v", pc.Path, name, m.Model, err)
				}
			}
		})
	}
}

// executable reports whether a script element holds a program, not a data
// block such as the JSON-LD of a document's citation.
func executable(_ int, s *goquery.Selection) bool {
	typ := strings.ToLower(strings.TrimSpace(s.AttrOr("type", "")))
	return typ == "" || typ == "module" || strings.Contains(typ, "javascript") || strings.Contains(typ, "ecmascript")
}

// findElement returns the first element named name (lower case) in the
// tree under n, depth first, or nil.
func findElement(n *cdp.Node, name string) *cdp.Node {
	if n.LocalName == name {
		return n
	}
	for _, c := range n.Children {
		if f := findElement(c, name); f != nil {
			return f
		}
	}
	return nil
}

// squash collapses runs of white space, as a browser shows text.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
