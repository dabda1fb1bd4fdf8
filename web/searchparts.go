package web

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"
)

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
		b := make([]byte, 0, 64+96*len(values))
		b = append(b, `<ul class="plain">`...)
		for _, v := range values {
			b = append(b, `<li><a href="`...)
			b = appendEscaped(b, string(templ.URL(v.URL)))
			if v.Selected {
				b = append(b, `" aria-current="true" aria-label="`...)
				b = appendEscaped(b, "Remove filter "+label+": "+v.Label)
				b = append(b, `">✓ `...)
			} else {
				b = append(b, `">`...)
			}
			b = appendEscaped(b, v.Label)
			b = append(b, `</a> <span class="count">`...)
			b = strconv.AppendInt(b, int64(v.Count), 10)
			b = append(b, `</span></li>`...)
		}
		b = append(b, `</ul>`...)
		_, err := w.Write(b)
		return err
	})
}

// appendEscaped appends s escaped as templ escapes text and attribute
// values (html.EscapeString): the five characters < > & ' " as entities.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
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
		b := make([]byte, 0, 1024)
		b = append(b, `<li class="hit"><p class="date"><time datetime="`...)
		b = appendEscaped(b, r.Doc.DateISO)
		b = append(b, `">`...)
		b = appendEscaped(b, r.Doc.Date)
		b = append(b, `</time></p><h2><a href="`...)
		b = appendEscaped(b, string(templ.URL(r.URL)))
		b = append(b, `">`...)
		if len(r.TitleParts) > 0 {
			b = appendParts(b, r.TitleParts)
		} else {
			b = appendEscaped(b, r.Doc.Title)
		}
		b = append(b, `</a></h2>`...)
		if r.Doc.Summary != "" {
			b = append(b, `<p class="hitsummary">`...)
			b = appendEscaped(b, r.Doc.Summary)
			b = append(b, `</p>`...)
		}
		for _, sn := range r.Snippets {
			b = append(b, `<blockquote class="snippet" lang="`...)
			b = appendEscaped(b, sn.Lang)
			b = append(b, `"><p>`...)
			b = appendParts(b, sn.Parts)
			b = append(b, `</p><footer lang="en">`...)
			if sn.URL != "" {
				b = append(b, `<a href="`...)
				b = appendEscaped(b, string(templ.URL(sn.URL)))
				b = append(b, `">`...)
				b = appendEscaped(b, sn.Label)
				b = append(b, `</a>`...)
			} else {
				b = appendEscaped(b, sn.Label)
			}
			b = append(b, `</footer></blockquote>`...)
		}
		b = append(b, `</li>`...)
		_, err := w.Write(b)
		return err
	})
}

// appendParts appends a snippet's runs, the matched ones in <mark>.
func appendParts(b []byte, parts []SnippetPart) []byte {
	for _, p := range parts {
		if p.Mark {
			b = append(b, "<mark>"...)
			b = appendEscaped(b, p.Text)
			b = append(b, "</mark>"...)
		} else {
			b = appendEscaped(b, p.Text)
		}
	}
	return b
}
