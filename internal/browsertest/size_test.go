package browsertest

import (
	"fmt"
	"net/http"
	"testing"
)

// Legibility limits at a phone's width (issue 18).
const (
	// minTextPx is the smallest text a page may show, SVG included (its
	// size as drawn, after the SVG is scaled to the page).
	minTextPx = 12
	// minBlockPx is the narrowest a block of running text (minBlockWords
	// or more: a title, a sentence, not a label or a link of a menu) may be
	// on a phone: a table squeezing titles into a column of a word or two a
	// line is narrower.
	minBlockPx, minBlockWords = 150, 6
	// maxHeaderShare is the largest share of a phone's screen the site's
	// header may take, so that the content starts on the first screen.
	maxHeaderShare = 0.16
)

// sized is what the size test measures on a page.
type sized struct {
	Small  []sizedText `json:"small"`
	Narrow []sizedText `json:"narrow"`
	Header float64     `json:"header"`
	Search float64     `json:"search"` // top of the first search box, -1 if none
	// Button is the right edge of the header's search button, View the
	// width of the page's viewport.
	Button  float64 `json:"button"`
	View    float64 `json:"view"`
	Measure int     `json:"measured"`
	SVGText int     `json:"svgText"`
}

type sizedText struct {
	Text string  `json:"text"`
	Tag  string  `json:"tag"`
	Px   float64 `json:"px"`
}

// sizeJS measures every rendered text of the page: its font size as drawn
// (for SVG text, the computed size times the SVG's scale on the screen),
// and, in main, the width of the block it runs in.
var sizeJS = fmt.Sprintf(`(() => {
	const out = {small: [], narrow: [], header: 0, search: -1, measured: 0, svgText: 0};
	const h = document.querySelector('header.site');
	out.header = h ? h.getBoundingClientRect().height : 0;
	const box = [...document.querySelectorAll('input[type=search]')].find(i => i.getBoundingClientRect().width > 1);
	out.search = box ? box.getBoundingClientRect().top + scrollY : -1;
	const button = document.querySelector('header.site button');
	out.button = button ? button.getBoundingClientRect().right : 0;
	out.view = document.documentElement.clientWidth;
	const seen = new Set(), blocks = new Set();
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	while (walk.nextNode()) {
		const node = walk.currentNode, words = node.textContent.trim();
		const el = node.parentElement;
		if (!words || !el || seen.has(el)) continue;
		seen.add(el);
		// An SVG's title and desc are names for assistive technology, never drawn.
		if (el.closest('title, desc, script, style')) continue;
		const r = el.getBoundingClientRect();
		if (r.width <= 1 || r.height <= 1) continue; // not rendered, or visually hidden
		const cs = getComputedStyle(el);
		if (cs.visibility !== 'visible' || +cs.opacity === 0) continue;
		let px = parseFloat(cs.fontSize);
		if (el instanceof SVGElement) {
			const m = el.getScreenCTM();
			if (m) px *= Math.hypot(m.a, m.b);
			out.svgText++;
		}
		out.measured++;
		if (px < %d - 0.05) out.small.push({text: words.slice(0, 40), tag: el.tagName.toLowerCase(), px});
		if (el instanceof SVGElement || !el.closest('main')) continue;
		let b = el;
		while (b.parentElement && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
		if (blocks.has(b)) continue;
		blocks.add(b);
		const text = b.textContent.trim().split(/\s+/);
		const w = b.getBoundingClientRect().width;
		if (text.length >= %d && w > 1 && w < %d) out.narrow.push({text: text.slice(0, 6).join(' '), tag: b.tagName.toLowerCase(), px: w});
	}
	return out;
})()`, minTextPx, minBlockWords, minBlockPx)

// TestTextSizesAtPhoneWidth opens every page type at 390px and measures
// every text drawn: none is smaller than 12px, SVG text included; no block
// of running text is squeezed narrower than 150px; the header takes little
// of the screen and a search box is on the first screen of every page.
func TestTextSizesAtPhoneWidth(t *testing.T) {
	s := testSite(t)
	cases := pageTypes(testCrawl(t).Pages)
	// The pages the issue names that the crawl may reach only through a
	// form: a search with results and facets.
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Path] = true
	}
	for _, p := range []string{"/search?q=Tabriz", "/search?q=Bagirov", "/timeline", "/map", "/people", "/rights", "/cite", "/search/help"} {
		if !seen[p] {
			cases = append(cases, pageCase{Name: p, Path: p, Status: http.StatusOK})
		}
	}
	browser := newBrowser(t)
	tab := newTab(t, browser)
	emulate(t, tab, phone)
	svgPages := 0
	for _, pc := range cases {
		open(t, tab, s.URL+pc.Path, pc.Status)
		m := evaluate[sized](t, tab, sizeJS)
		if m.Measure == 0 {
			t.Errorf("%s: no text measured", pc.Path)
		}
		if m.SVGText > 0 {
			svgPages++
		}
		for _, x := range m.Small {
			t.Errorf("%s at %dpx: %s %q drawn at %.1fpx, under %dpx", pc.Path, phone.Width, x.Tag, x.Text, x.Px, minTextPx)
		}
		for _, x := range m.Narrow {
			t.Errorf("%s at %dpx: %s %q runs in a block %.0fpx wide, under %dpx", pc.Path, phone.Width, x.Tag, x.Text, x.Px, minBlockPx)
		}
		if m.Header > maxHeaderShare*float64(phone.Height) {
			t.Errorf("%s at %dpx: the header is %.0fpx high, over %.0f%% of the screen", pc.Path, phone.Width, m.Header, 100*maxHeaderShare)
		}
		if m.Button > m.View+1 {
			t.Errorf("%s at %dpx: the header's search button ends at %.0fpx, off the screen", pc.Path, phone.Width, m.Button)
		}
		if m.Search < 0 || m.Search > float64(phone.Height) {
			t.Errorf("%s at %dpx: no search box on the first screen (top %.0f)", pc.Path, phone.Width, m.Search)
		}
	}
	// The map and the timeline's chart draw text in SVG: the test must
	// have measured it, or it proves nothing about SVG.
	if svgPages < 2 {
		t.Errorf("SVG text measured on %d pages; the map and the timeline have some", svgPages)
	}
}

// overlapJS returns each pair of names drawn in one SVG whose boxes, as
// the browser lays them out, overlap by more than half a pixel each way.
const overlapJS = `(() => {
	const out = [];
	for (const svg of document.querySelectorAll('svg')) {
		const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width > 1 && r.height > 1);
		for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
			const [a, ra] = boxes[i], [b, rb] = boxes[j];
			const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
			if (w > 0.5 && h > 0.5) out.push(a + ' / ' + b);
		}
	}
	return out;
})()`

// TestMapLabelsNeverOverlap measures, in the browser, every name drawn on
// the maps and the timeline's chart at both widths: no two overlap.
func TestMapLabelsNeverOverlap(t *testing.T) {
	s := testSite(t)
	browser := newBrowser(t)
	for _, v := range viewports {
		tab := newTab(t, browser)
		emulate(t, tab, v)
		for _, path := range []string{"/map", "/timeline"} {
			open(t, tab, s.URL+path, http.StatusOK)
			for _, pair := range evaluate[[]string](t, tab, overlapJS) {
				t.Errorf("%s at %dpx: the names %s overlap", path, v.Width, pair)
			}
		}
	}
}

// TestHomeShowsDocumentsOnTheFirstScreen: at both widths the first
// document's title is on the home page's first screen, before the data
// downloads.
func TestHomeShowsDocumentsOnTheFirstScreen(t *testing.T) {
	s := testSite(t)
	browser := newBrowser(t)
	for _, v := range viewports {
		tab := newTab(t, browser)
		emulate(t, tab, v)
		open(t, tab, s.URL+"/", http.StatusOK)
		tops := evaluate[[]float64](t, tab, `[document.querySelector('.docitem h3'), document.querySelector('a[href^="/data/"]')].map(e => e ? e.getBoundingClientRect().bottom + scrollY : -1)`)
		if tops[0] < 0 || tops[0] > float64(v.Height) {
			t.Errorf("at %dpx the first document's title ends at %.0fpx, below the first screen of %dpx", v.Width, tops[0], v.Height)
		}
		if tops[1] >= 0 && tops[1] < tops[0] && v == phone {
			t.Errorf("at %dpx the data downloads (%.0fpx) come before the documents (%.0fpx)", v.Width, tops[1], tops[0])
		}
	}
}
