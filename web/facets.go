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

// markedParts writes a snippet's runs of text, the matched ones in
// <mark>, as the templ markup
//
//	for _, p := range parts {
//		if p.Mark {
//			<mark>{ p.Text }</mark>
//		} else {
//			{ p.Text }
//		}
//	}
//
// would, in Go: a page of hits holds a hundred runs or more.
func markedParts(parts []SnippetPart) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		n := 0
		for _, p := range parts {
			n += len(p.Text) + len("<mark></mark>")
		}
		b := make([]byte, 0, n+n/8)
		for _, p := range parts {
			if p.Mark {
				b = append(b, "<mark>"...)
				b = appendEscaped(b, p.Text)
				b = append(b, "</mark>"...)
			} else {
				b = appendEscaped(b, p.Text)
			}
		}
		_, err := w.Write(b)
		return err
	})
}
