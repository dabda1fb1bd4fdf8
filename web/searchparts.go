package web

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// facetPanel offers the values of each facet with counts, as links that
// add or remove a filter. It writes what the templ markup
//
//	<aside class="facets" aria-label={ label }>
//		for _, f := range facets {
//			<section>
//				<h2>{ f.Label }</h2>
//				@facetValues(f.Label, f.Values)
//				if len(f.More) > 0 {
//					<details>
//						<summary>{ strconv.Itoa(len(f.More)) } more</summary>
//						@facetValues(f.Label, f.More)
//					</details>
//				}
//			</section>
//		}
//	</aside>
//
// would write, in Go: templ copies each expression through fmt.Sprint, two
// or three a facet.
func facetPanel(label string, facets []FacetView) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		t := newTextWriter(w)
		t.raw(`<aside class="facets" aria-label="`)
		t.text(label)
		t.raw(`">`)
		for _, f := range facets {
			t.raw(`<section><h2>`)
			t.text(f.Label)
			t.raw(`</h2>`)
			t.facetValues(f.Label, f.Values)
			if len(f.More) > 0 {
				t.raw(`<details><summary>`)
				t.raw(strconv.Itoa(len(f.More)))
				t.raw(` more</summary>`)
				t.facetValues(f.Label, f.More)
				t.raw(`</details>`)
			}
			t.raw(`</section>`)
		}
		t.raw(`</aside>`)
		return t.err
	})
}

// facetValues lists a facet's values as links that add or remove a
// filter, each with its count. It writes what the templ markup
//
//	<ul class="plain">
//		for _, v := range values {
//			<li>
//				if v.Selected {
//					<a href={ v.URL } aria-current="true" aria-label={ "Remove filter " + label + ": " + v.Label }>✓ { v.Label }</a>
//				} else {
//					<a href={ v.URL }>{ v.Label }</a>
//				}
//				<span class="count">{ strconv.Itoa(v.Count) }</span>
//			</li>
//		}
//	</ul>
//
// would write, byte for byte, in Go: a search page lists a hundred values
// or more, and templ copies every expression through fmt.Sprint.
func facetValues(label string, values []FacetLink) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		t := newTextWriter(w)
		t.facetValues(label, values)
		return t.err
	})
}

// facetValues writes facetValues' list.
func (t *textWriter) facetValues(label string, values []FacetLink) {
	t.raw(`<ul class="plain">`)
	var hrefs string
	joined := false
	if slices.ContainsFunc(values, func(v FacetLink) bool { return v.Href == "" }) {
		hrefs, joined = escapedURLs(values)
	}
	for _, v := range values {
		t.raw(`<li><a href="`)
		var href string
		if joined {
			href, hrefs, _ = strings.Cut(hrefs, " ")
		}
		switch {
		case v.Href != "":
			t.raw(v.Href)
		case joined:
			t.raw(href)
		default:
			t.text(string(templ.URL(v.URL)))
		}
		if v.Selected {
			t.raw(`" aria-current="true" aria-label="Remove filter `)
			t.text(label)
			t.raw(": ")
			t.text(v.Label)
			t.raw(`">✓ `)
		} else {
			t.raw(`">`)
		}
		t.text(v.Label)
		t.raw(`</a> <span class="count">`)
		t.raw(strconv.Itoa(v.Count))
		t.raw(`</span></li>`)
	}
	t.raw(`</ul>`)
}

// escapedURLs returns the links' URLs as templ writes each in an href,
// sanitised (templ.URL) and escaped (templ.EscapeString), one after another
// with a space between them; ok is false when a URL holds a space itself,
// and the caller escapes each alone. Escaping the joined links at once
// makes one escaped copy of them all where each link made its own (every
// facet link has an & to escape); html.EscapeString replaces a character
// at a time, so the escape of the joined links is the escaped links
// joined.
func escapedURLs(values []FacetLink) (hrefs string, ok bool) {
	n := len(values)
	for _, v := range values {
		if strings.Contains(v.URL, " ") {
			return "", false
		}
		n += len(v.URL)
	}
	var b strings.Builder
	b.Grow(n)
	for i, v := range values {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(templ.URL(v.URL)))
	}
	return templ.EscapeString(b.String()), true
}

// searchHit writes one hit of a search page, as the templ markup
//
//	<li class="hit">
//		<p class="date"><time datetime={ r.Doc.DateISO }>{ r.Doc.Date }</time></p>
//		<h2><a href={ r.URL }>the title, its matched words marked when TitleParts has them</a></h2>
//		if r.Doc.Summary != "" {
//			<p class="hitsummary">{ r.Doc.Summary }</p>
//		}
//		for _, sn := range r.Snippets {
//			<blockquote class="snippet" lang={ sn.Lang }>
//				<p>the snippet's runs, the matched ones in <mark></p>
//				<footer lang="en">
//					if sn.URL != "" {
//						<a href={ sn.URL }>{ sn.Label }</a>
//					} else {
//						{ sn.Label }
//					}
//				</footer>
//			</blockquote>
//		}
//	</li>
//
// would, in Go: templ copies each of a page's hundred expressions through
// fmt.Sprint.
func searchHit(r SearchResult) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		t := newTextWriter(w)
		t.raw(`<li class="hit"><p class="date"><time datetime="`)
		t.text(r.Doc.DateISO)
		t.raw(`">`)
		t.text(r.Doc.Date)
		t.raw(`</time></p><h2><a href="`)
		t.text(string(templ.URL(r.URL)))
		t.raw(`">`)
		if len(r.TitleParts) > 0 {
			t.parts(r.TitleParts)
		} else {
			t.text(r.Doc.Title)
		}
		t.raw(`</a></h2>`)
		if r.Doc.Summary != "" {
			t.raw(`<p class="hitsummary">`)
			t.text(r.Doc.Summary)
			t.raw(`</p>`)
		}
		for _, sn := range r.Snippets {
			t.raw(`<blockquote class="snippet" lang="`)
			t.text(sn.Lang)
			t.raw(`"><p>`)
			t.parts(sn.Parts)
			t.raw(`</p><footer lang="en">`)
			if sn.URL != "" {
				t.raw(`<a href="`)
				t.text(string(templ.URL(sn.URL)))
				t.raw(`">`)
				t.text(sn.Label)
				t.raw(`</a>`)
			} else {
				t.text(sn.Label)
			}
			t.raw(`</footer></blockquote>`)
		}
		t.raw(`</li>`)
		return t.err
	})
}

// textWriter writes markup and escaped text straight to a component's
// writer (templ's buffer), keeping the first error.
type textWriter struct {
	w   io.Writer
	err error
}

func newTextWriter(w io.Writer) textWriter { return textWriter{w: w} }

// raw writes markup as it is (io.WriteString: without a copy when w is
// templ's buffer, a StringWriter).
func (t *textWriter) raw(s string) {
	if t.err == nil && s != "" {
		_, t.err = io.WriteString(t.w, s)
	}
}

// text writes s escaped as templ escapes text and attribute values,
// with templ's own escaper (html.EscapeString underneath), which returns
// s itself when it has nothing to escape.
func (t *textWriter) text(s string) {
	t.raw(templ.EscapeString(s))
}

// parts writes a snippet's runs, the matched ones in <mark>.
func (t *textWriter) parts(parts []SnippetPart) {
	for _, p := range parts {
		if p.Mark {
			t.raw("<mark>")
			t.text(p.Text)
			t.raw("</mark>")
		} else {
			t.text(p.Text)
		}
	}
}
