package browsertest

import (
	"math"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// laptop is the screen the first-screen test reads a document on.
var laptop = viewport{Name: "laptop", Width: 1366, Height: 900}

// bilingual are the shipped documents with both texts, read side by side.
var bilingual = []string{
	"/documents/1946-12-02-message-from-bagirov-to-stalin-with-reply-of-the-azerbaijani-democrats",
	"/documents/1946-04-20-letter-from-bagirov-to-stalin-and-molotov-about-qavam-delaying-talks-with-the-iranian-azerbaijani-government",
	"/documents/1945-11-24-telegram-from-baku-to-moscow-m-d-bagriov-and-i-i-maslennikov-to-cdes-stalin-molotov-beria-and-malenkov",
}

// pair is a passage's two sides as laid out: the box of each side's cell
// and of its first paragraph, in page coordinates.
type pair struct {
	ID      string `json:"id"`
	Tr      box    `json:"tr"`
	Or      box    `json:"or"`
	TrFirst box    `json:"trFirst"`
	OrFirst box    `json:"orFirst"`
}

const pairsJS = `(() => {
	const b = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top + scrollY, right: r.right, bottom: r.bottom + scrollY}; };
	return [...document.querySelectorAll('.passage')]
		.filter(p => p.querySelector('.cell.tr .para') && p.querySelector('.cell.or .para'))
		.map(p => ({
			id: p.id,
			tr: b(p.querySelector('.cell.tr')), or: b(p.querySelector('.cell.or')),
			trFirst: b(p.querySelector('.cell.tr .para')), orFirst: b(p.querySelector('.cell.or .para')),
		}));
})()`

// TestPassagesSideBySide reads the bilingual documents at 1366 px, where
// every paired paragraph must start at the same height as its counterpart,
// and at 390 px, where each passage must show its translation and, right
// after it, its original.
func TestPassagesSideBySide(t *testing.T) {
	s := testSite(t)
	browser := newBrowser(t)
	for _, v := range []viewport{laptop, phone} {
		t.Run(v.Name, func(t *testing.T) {
			tab := newTab(t, browser)
			emulate(t, tab, v)
			for _, path := range bilingual {
				open(t, tab, s.URL+path, 200)
				pairs := evaluate[[]pair](t, tab, pairsJS)
				if len(pairs) < 5 {
					t.Fatalf("%s: %d passages with both texts", path, len(pairs))
				}
				for i, p := range pairs {
					switch v {
					case laptop:
						if math.Abs(p.TrFirst.Top-p.OrFirst.Top) > 1 {
							t.Errorf("%s #%s: the English starts at %.0fpx, the Russian at %.0fpx", path, p.ID, p.TrFirst.Top, p.OrFirst.Top)
						}
						if p.Or.Left < p.Tr.Right {
							t.Errorf("%s #%s: the texts are not side by side: %+v, %+v", path, p.ID, p.Tr, p.Or)
						}
					case phone:
						// The original follows its translation directly,
						// and the next passage comes only after both.
						gap := p.Or.Top - p.Tr.Bottom
						if gap < -1 || gap > 40 {
							t.Errorf("%s #%s: the Russian starts %.0fpx after the English ends", path, p.ID, gap)
						}
						if i+1 < len(pairs) && pairs[i+1].Tr.Top < p.Or.Bottom-1 {
							t.Errorf("%s #%s: the next passage starts before this one's Russian ends", path, p.ID)
						}
					}
				}
			}
		})
	}
}

// TestPassageTarget opens a link to one paragraph and to one passage: the
// whole passage, both languages, is highlighted.
func TestPassageTarget(t *testing.T) {
	s := testSite(t)
	tab := newBrowser(t)
	emulate(t, tab, laptop)
	// Each address differs before the fragment, so that each is a new page.
	for _, frag := range []string{"#en-30", "?para=ru-31#ru-31", "?para=p-31#p-31"} {
		open(t, tab, s.URL+bilingual[0]+frag, 200)
		got := evaluate[map[string]string](t, tab, `(() => {
			const row = document.querySelector('#p-31');
			const bg = e => getComputedStyle(e).backgroundColor;
			return {row: bg(row), other: bg(document.querySelector('#p-30')), en: row.querySelector('#en-30') ? 'yes' : 'no', ru: row.querySelector('#ru-31') ? 'yes' : 'no'};
		})()`)
		if got["en"] != "yes" || got["ru"] != "yes" {
			t.Fatalf("passage 31 does not hold English 30 and Russian 31: %v", got)
		}
		if got["row"] == got["other"] || got["row"] == "rgba(0, 0, 0, 0)" {
			t.Errorf("%s: the passage is not highlighted (background %s, a passage not targeted %s)", frag, got["row"], got["other"])
		}
	}
}

// TestFirstScreenShowsTheText opens a document at 1366×900: the title,
// date, summary, correspondents and archival reference and the beginning
// of the text are on the first screen.
func TestFirstScreenShowsTheText(t *testing.T) {
	s := testSite(t)
	tab := newBrowser(t)
	emulate(t, tab, laptop)
	for _, path := range bilingual {
		open(t, tab, s.URL+path, 200)
		tops := evaluate[map[string]float64](t, tab, `(() => {
			const top = sel => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().bottom : -1; };
			return {h1: top('h1'), date: top('.dochead time'), summary: top('.dochead .summary'), byline: top('.dochead .byline'), text: top('.passage .para'), vh: innerHeight};
		})()`)
		for _, k := range []string{"h1", "date", "summary", "byline", "text"} {
			if tops[k] < 0 || tops[k] > tops["vh"] {
				t.Errorf("%s: the %s is not on the first screen (bottom at %.0fpx of %.0fpx)", path, k, tops[k], tops["vh"])
			}
		}
	}
}

// TestPassagesAccessible runs axe-core on the side-by-side pages, with a
// passage targeted and search marks, at both widths.
func TestPassagesAccessible(t *testing.T) {
	axeSource, err := os.ReadFile(nodeModule(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	s := testSite(t)
	browser := newBrowser(t)
	for _, v := range []viewport{laptop, phone} {
		t.Run(v.Name, func(t *testing.T) {
			tab := newTab(t, browser)
			emulate(t, tab, v)
			for _, path := range append(bilingual, bilingual[0]+"?hl=Qavam&para=p-7#p-7") {
				open(t, tab, s.URL+path, 200)
				if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](string(axeSource))); err != nil {
					t.Fatalf("%s: injecting axe-core: %v", path, err)
				}
				res, err := chromedp.Run(tab, chromedp.Evaluate[axeResult](axeRunJS, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("%s: running axe: %v", path, err)
				}
				if res.Passed == 0 {
					t.Errorf("%s: axe ran no rule", path)
				}
				for _, vi := range res.Violations {
					t.Errorf("%s at %dpx: %s", path, v.Width, describe(vi))
				}
			}
		})
	}
}
