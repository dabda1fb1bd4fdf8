package browsertest

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pageState is what a reader sees of a page at a glance.
type pageState struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	H1    string `json:"h1"`
}

// stateJS reads a pageState; whitespace is collapsed as a reader sees it.
const stateJS = `({
	url: location.href,
	title: document.title,
	h1: (document.querySelector('h1') || {textContent: ''}).textContent.replace(/\s+/g, ' ').trim(),
})`

func state(t *testing.T, tab context.Context) pageState {
	t.Helper()
	return evaluate[pageState](t, tab, stateJS)
}

// pathIs reports whether the absolute URL u is at path (with its query).
func pathIs(t *testing.T, u, path string) bool {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatalf("the browser is at %q: %v", u, err)
	}
	return pathOf(parsed) == path
}

// countJS counts the elements matching a CSS selector.
func countJS(selector string) string {
	return `document.querySelectorAll(` + jsString(selector) + `).length`
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// checkHeading fails the test unless the page has a main heading and a
// title that starts with it, as every page but the home page does.
func checkHeading(t *testing.T, st pageState) {
	t.Helper()
	if st.H1 == "" {
		t.Errorf("%s has no h1", st.URL)
	}
	if !strings.HasPrefix(st.Title, st.H1) {
		t.Errorf("%s: title %q does not start with the h1 %q", st.URL, st.Title, st.H1)
	}
}

// TestReaderPath walks the site as a reader does, by clicking: from the home
// page to the first document, on through every "Next" link to the last one,
// through the language views of a document with two texts, and from the
// error pages back home. Each click must show the page the link promised.
func TestReaderPath(t *testing.T) {
	s := testSite(t)
	tab := newBrowser(t)
	emulate(t, tab, desktop)

	open(t, tab, s.URL+"/", 200)
	home := state(t, tab)
	if home.H1 == "" || !strings.Contains(home.Title, "Reading Room") {
		t.Fatalf("home page: title %q, h1 %q", home.Title, home.H1)
	}
	type docLink struct {
		Href string `json:"href"`
		Text string `json:"text"`
	}
	all := evaluate[[]docLink](t, tab, `[...document.querySelectorAll('main a[href^="/documents/"]')].map(a => ({
		href: a.getAttribute('href'),
		text: a.textContent.replace(/\s+/g, ' ').trim(),
	}))`)
	var docs []docLink
	seen := map[string]bool{}
	for _, d := range all {
		if !seen[d.Href] {
			seen[d.Href] = true
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		t.Fatal("the home page links to no document")
	}

	// The first document, then "Next" until the last: the home page lists
	// the documents in the order the Next links follow.
	click(t, tab, `main a[href^="/documents/"]`)
	var withViews string
	prev := home
	for i, want := range docs {
		if i > 0 {
			if evaluate[int](t, tab, countJS(`a[rel=next]`)) == 0 {
				t.Fatalf("%s has no Next link, but the home page lists %d more documents", prev.URL, len(docs)-i)
			}
			click(t, tab, `a[rel=next]`)
		}
		st := state(t, tab)
		if !pathIs(t, st.URL, want.Href) {
			t.Fatalf("document %d: the browser is at %s, want %s", i+1, st.URL, want.Href)
		}
		if st.H1 != want.Text {
			t.Errorf("%s: h1 %q, but the home page's link says %q", want.Href, st.H1, want.Text)
		}
		if st.H1 == prev.H1 || st.Title == prev.Title {
			t.Errorf("%s: the h1 or title did not change from the page before (%q, %q)", want.Href, st.H1, st.Title)
		}
		checkHeading(t, st)
		if withViews == "" && evaluate[int](t, tab, countJS(`main a[href*="?show=translation"]`)) > 0 {
			withViews = want.Href
		}
		prev = st
	}
	if n := evaluate[int](t, tab, countJS(`a[rel=next]`)); n != 0 {
		t.Errorf("the last document on the home page, %s, still has a Next link", prev.URL)
	}
	if len(docs) > 1 {
		if got := evaluate[string](t, tab, `(document.querySelector('a[rel=prev]') || {}).getAttribute?.('href') ?? ''`); got != docs[len(docs)-2].Href {
			t.Errorf("the last document's Previous link goes to %q, want %q", got, docs[len(docs)-2].Href)
		}
	}

	t.Run("languages", func(t *testing.T) {
		if withViews == "" {
			t.Fatal("no document links to a ?show=translation view: no document has both its texts")
		}
		open(t, tab, s.URL+withViews, 200)
		both := state(t, tab)
		if n := evaluate[int](t, tab, countJS(`section.text, .phead h3`)); n != 2 {
			t.Fatalf("%s shows %d texts, want 2", withViews, n)
		}
		for _, view := range []string{"translation", "original"} {
			click(t, tab, `main a[href*="?show=`+view+`"]`)
			st := state(t, tab)
			if !pathIs(t, st.URL, withViews+"?show="+view) {
				t.Errorf("after clicking the %s view the browser is at %s", view, st.URL)
			}
			if st.H1 != both.H1 {
				t.Errorf("%s view: h1 %q, want the document's %q", view, st.H1, both.H1)
			}
			if n := evaluate[int](t, tab, countJS(`section.text, .phead h3`)); n != 1 {
				t.Errorf("%s view shows %d texts, want 1", view, n)
			}
		}
		// Back to both texts through the link to the document itself.
		click(t, tab, `main a[href="`+withViews+`"]`)
		if n := evaluate[int](t, tab, countJS(`section.text, .phead h3`)); n != 2 {
			t.Errorf("back on %s: %d texts, want 2", withViews, n)
		}
	})

	for _, e := range errorPages {
		t.Run(e.Name, func(t *testing.T) {
			open(t, tab, s.URL+e.Path, e.Status)
			st := state(t, tab)
			checkHeading(t, st)
			if st.H1 == home.H1 {
				t.Errorf("%s looks like the home page", e.Path)
			}
			click(t, tab, `main a[href="/"]`)
			if back := state(t, tab); back.H1 != home.H1 {
				t.Errorf("the error page's link home led to %s (h1 %q)", back.URL, back.H1)
			}
		})
	}
}

// focusState is what the keyboard focus is on, and how it looks.
type focusState struct {
	Tag          string  `json:"tag"`
	ID           string  `json:"id"`
	Text         string  `json:"text"`
	Href         string  `json:"href"`
	Hash         string  `json:"hash"`
	Left         float64 `json:"left"`
	Top          float64 `json:"top"`
	Right        float64 `json:"right"`
	Bottom       float64 `json:"bottom"`
	ViewWidth    float64 `json:"vw"`
	ViewHeight   float64 `json:"vh"`
	Visibility   string  `json:"visibility"`
	OutlineStyle string  `json:"outlineStyle"`
	OutlineWidth float64 `json:"outlineWidth"`
	OutlineColor string  `json:"outlineColor"`
}

const focusJS = `(() => {
	const e = document.activeElement || document.body;
	const r = e.getBoundingClientRect();
	const cs = getComputedStyle(e);
	return {
		tag: e.tagName.toLowerCase(), id: e.id,
		text: e.textContent.replace(/\s+/g, ' ').trim().slice(0, 80),
		href: e.getAttribute('href') || '', hash: location.hash,
		left: r.left, top: r.top, right: r.right, bottom: r.bottom,
		vw: document.documentElement.clientWidth, vh: document.documentElement.clientHeight,
		visibility: cs.visibility,
		outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0, outlineColor: cs.outlineColor,
	};
})()`

func (f focusState) String() string {
	s := "<" + f.Tag
	if f.ID != "" {
		s += " id=" + f.ID
	}
	if f.Href != "" {
		s += " href=" + f.Href
	}
	return s + "> " + f.Text
}

// onScreen reports whether the element's box is inside the viewport.
func (f focusState) onScreen() bool {
	return f.Right > f.Left && f.Bottom > f.Top && f.Left >= 0 && f.Top >= 0 &&
		f.Right <= f.ViewWidth && f.Bottom <= f.ViewHeight && f.Visibility == "visible"
}

// outlined reports whether the element draws a focus outline a reader can
// see: a style, a width and a colour that is not transparent.
func (f focusState) outlined() bool {
	return f.OutlineStyle != "none" && f.OutlineStyle != "hidden" && f.OutlineWidth >= 1 &&
		f.OutlineColor != "transparent" && !strings.HasSuffix(strings.ReplaceAll(f.OutlineColor, " ", ""), ",0)")
}

// maxTabs bounds how far the keyboard test tabs through one page: enough for
// the header, the breadcrumb, the metadata and the first paragraphs of a
// document.
const maxTabs = 25

func press(t *testing.T, tab context.Context, key string) focusState {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.KeyEvent(key)); err != nil {
		t.Fatalf("pressing %q: %v", key, err)
	}
	return evaluate[focusState](t, tab, focusJS)
}

// TestKeyboardOnly uses every page type with the keyboard alone: the first
// Tab lands on a visible "Skip to content" link, Enter on it moves the focus
// to the main content, and every link the Tab key reaches after that shows
// a focus outline.
func TestKeyboardOnly(t *testing.T) {
	s := testSite(t)
	cases := pageTypes(testCrawl(t).Pages)
	browser := newBrowser(t)
	for _, pc := range cases {
		t.Run(pc.Name, func(t *testing.T) {
			tab := newTab(t, browser)
			emulate(t, tab, desktop)
			open(t, tab, s.URL+pc.Path, pc.Status)

			skip := press(t, tab, kb.Tab)
			if skip.Tag != "a" || skip.Text != "Skip to content" {
				t.Fatalf("the first Tab focuses %s, want the link “Skip to content”", skip)
			}
			if !skip.onScreen() {
				t.Errorf("the focused skip link is not on screen: box (%.0f,%.0f)-(%.0f,%.0f) in a %.0fx%.0f viewport, visibility %s",
					skip.Left, skip.Top, skip.Right, skip.Bottom, skip.ViewWidth, skip.ViewHeight, skip.Visibility)
			}
			if !skip.outlined() {
				t.Errorf("the focused skip link has no visible outline (%s %.1fpx %s)", skip.OutlineStyle, skip.OutlineWidth, skip.OutlineColor)
			}
			target, ok := strings.CutPrefix(skip.Href, "#")
			if !ok || target == "" {
				t.Fatalf("the skip link goes to %q, not to an element of the page", skip.Href)
			}

			landed := press(t, tab, kb.Enter)
			if landed.Tag != "main" || landed.ID != target || landed.Hash != skip.Href {
				t.Fatalf("after Enter on the skip link the focus is on %s at %q, want <main id=%s>", landed, landed.Hash, target)
			}

			var reached int
			for range maxTabs {
				f := press(t, tab, kb.Tab)
				if f.Tag == "body" || f.Text == "Skip to content" {
					break // past the last link: the focus left the page or wrapped
				}
				reached++
				if f.Right <= f.Left || f.Bottom <= f.Top {
					t.Errorf("Tab %d focuses %s, which has no box on screen", reached, f)
				}
				if f.Tag == "a" && !f.outlined() {
					t.Errorf("Tab %d focuses %s with no visible outline (%s %.1fpx %s)", reached, f, f.OutlineStyle, f.OutlineWidth, f.OutlineColor)
				}
			}
			if reached == 0 {
				t.Errorf("Tab after the skip link reaches nothing in %s", pc.Path)
			}
		})
	}
}
