package browsertest

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axePerType bounds how many pages of one type axe checks, so that the test
// stays fast when the collection grows; every page is still checked by the
// HTML checker and the link crawl.
const axePerType = 2

// maxNodesShown bounds the elements printed for one violation.
const maxNodesShown = 8

// axeViolation is one failed rule, as axe.run reports it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target         []any  `json:"target"`
		HTML           string `json:"html"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeResult is what the test keeps of an axe run.
type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Passed     int            `json:"passed"`     // rules that found nothing wrong
	Incomplete []string       `json:"incomplete"` // rules that need a person to look
}

// axeRunJS runs axe on the whole document with the WCAG A and AA rules only.
var axeRunJS = `axe.run(document, {
	runOnly: {type: 'tag', values: ` + jsArray(axeTags) + `},
	resultTypes: ['violations'],
}).then(r => ({
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
	})),
	passed: r.passes.length,
	incomplete: r.incomplete.map(v => v.id + ' (' + v.nodes.length + ' elements)'),
}))`

func jsArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// axePages returns the pages axe checks on the desktop: the first
// axePerType pages of each type, then the error pages. On the phone it
// checks the page standing for each type.
func axePages(pages []*crawledPage) []pageCase {
	var out []pageCase
	for _, pt := range typesOf(pages) {
		for _, p := range pt.Pages[:min(len(pt.Pages), axePerType)] {
			out = append(out, pageCase{Name: pt.Name, Path: p.Final, Status: http.StatusOK})
		}
	}
	return append(out, errorPages...)
}

// TestAccessibility runs axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on
// every page type at phone and desktop widths and expects no violation. axe is injected through the DevTools protocol's
// Runtime.evaluate, which the page's Content-Security-Policy (no scripts at
// all) does not govern, so the site's policy stays as strict as it is.
func TestAccessibility(t *testing.T) {
	axePath := nodeModule(t, "axe-core/axe.min.js")
	axeSource, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	s := testSite(t)
	pages := testCrawl(t).Pages
	for _, v := range viewports {
		t.Run(v.Name, func(t *testing.T) {
			// A browser for each width, each bounded by browserTimeout:
			// both widths' pages in one took 140 s on a busy machine
			// under the race detector.
			browser := newBrowser(t)
			cases := pageTypes(pages)
			if v == desktop {
				cases = axePages(pages)
			}
			tab := newTab(t, browser)
			emulate(t, tab, v)
			for _, pc := range cases {
				open(t, tab, s.URL+pc.Path, pc.Status)
				if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](string(axeSource))); err != nil {
					t.Fatalf("%s: injecting axe-core: %v", pc.Path, err)
				}
				res, err := chromedp.Run(tab, chromedp.Evaluate[axeResult](axeRunJS, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("%s: running axe: %v", pc.Path, err)
				}
				if res.Passed == 0 && len(res.Violations) == 0 {
					t.Errorf("%s: axe ran no rule", pc.Path)
				}
				for _, vi := range res.Violations {
					t.Errorf("%s at %dpx: %s", pc.Path, v.Width, describe(vi))
				}
				if len(res.Incomplete) > 0 {
					t.Logf("%s at %dpx: axe could not decide, check by eye: %s", pc.Path, v.Width, strings.Join(res.Incomplete, ", "))
				}
			}
			t.Logf("axe checked %d pages at %dpx", len(cases), v.Width)
		})
	}
}

// describe formats a violation with what failed and where.
func describe(v axeViolation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n\t%s", v.ID, v.Impact, v.Help, v.HelpURL)
	for i, n := range v.Nodes {
		if i == maxNodesShown {
			fmt.Fprintf(&b, "\n\t… and %d more elements", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n\ttarget %v: %s", n.Target, n.HTML)
		if n.FailureSummary != "" {
			fmt.Fprintf(&b, "\n\t\t%s", strings.ReplaceAll(n.FailureSummary, "\n", "\n\t\t"))
		}
	}
	return b.String()
}
