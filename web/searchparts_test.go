package web

import (
	"bytes"
	"context"
	"html"
	"strings"
	"testing"
)

// The facet list is written in Go, not templ: it must escape and
// sanitise exactly as templ does, on labels and links of any kind.
func TestFacetValuesEscapeAsTemplDoes(t *testing.T) {
	values := []FacetLink{
		{Label: `Tom & "Jerry" <b>'s`, Count: 3, URL: "/search?q=a&person=tom%26jerry"},
		{Label: "Тебриз", Count: 0, URL: "/search?place=%D0%A2"},
		{Label: "chosen", Count: 123456, URL: "/search?q=x", Selected: true},
		{Label: "script", Count: 1, URL: "javascript:alert(1)"},
		{Label: "", Count: 2, URL: ""},
	}
	var buf bytes.Buffer
	if err := facetValues(`Ty<pe`, values).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	want := `<ul class="plain">` +
		`<li><a href="/search?q=a&amp;person=tom%26jerry">Tom &amp; &#34;Jerry&#34; &lt;b&gt;&#39;s</a> <span class="count">3</span></li>` +
		`<li><a href="/search?place=%D0%A2">Тебриз</a> <span class="count">0</span></li>` +
		`<li><a href="/search?q=x" aria-current="true" aria-label="Remove filter Ty&lt;pe: chosen">✓ chosen</a> <span class="count">123456</span></li>` +
		`<li><a href="about:invalid#TemplFailedSanitizationURL">script</a> <span class="count">1</span></li>` +
		`<li><a href=""></a> <span class="count">2</span></li>` +
		`</ul>`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	buf.Reset()
	if err := facetValues("x", nil).Render(context.Background(), &buf); err != nil || buf.String() != `<ul class="plain"></ul>` {
		t.Errorf("no values: %q, %v", buf.String(), err)
	}
}

// A facet's links are escaped all at once: each must come out as it
// does alone, whatever the links hold.
func TestFacetLinksEscapedTogetherAsAlone(t *testing.T) {
	urls := []string{"/search?q=a&person=b", "", "/search?q=%22x%22&year=1946", `/search?q="x"&lang=<ru>`, "javascript:alert(1)",
		"/search?q=it's", "&", "&amp;", "/search?q=Тебриз&place=tabriz", "mailto:x@y", "/a b", " ", "/search?q=a+b&sort=oldest"}
	render := func(values []FacetLink) string {
		var buf bytes.Buffer
		if err := facetValues("L", values).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	for _, withSpaces := range []bool{false, true} {
		var values []FacetLink
		want := `<ul class="plain">`
		for i, u := range urls {
			if strings.Contains(u, " ") && !withSpaces {
				continue
			}
			v := FacetLink{Label: u, Count: i, URL: u, Selected: i%3 == 0}
			values = append(values, v)
			want += strings.TrimSuffix(strings.TrimPrefix(render([]FacetLink{v}), `<ul class="plain">`), `</ul>`)
		}
		want += `</ul>`
		if got := render(values); got != want {
			t.Errorf("spaces %v: together\n%s\nalone\n%s", withSpaces, got, want)
		}
		if one := render(values[2:3]); !strings.Contains(one, `href="/search?q=%22x%22&amp;year=1946"`) {
			t.Errorf("one link: %s", one)
		}
	}
}

// A link escaped already is written as it is, beside links escaped here.
func TestFacetHrefsWrittenAsTheyAre(t *testing.T) {
	values := []FacetLink{
		{Label: "a", Count: 1, Href: "/search?q=a&amp;year=1946"},
		{Label: "b", Count: 2, URL: "/search?q=b&year=1945"},
		{Label: "c", Count: 3, Href: "/search?q=c"},
	}
	var buf bytes.Buffer
	if err := facetValues("L", values).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	want := `<ul class="plain">` +
		`<li><a href="/search?q=a&amp;year=1946">a</a> <span class="count">1</span></li>` +
		`<li><a href="/search?q=b&amp;year=1945">b</a> <span class="count">2</span></li>` +
		`<li><a href="/search?q=c">c</a> <span class="count">3</span></li></ul>`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTextIsHTMLEscapeString(t *testing.T) {
	for _, s := range []string{"", "plain", "<>&'\"", "a<b", "&amp;", "кириллица & <тег>", "\xff<\xfe", "'x'y'", "end&"} {
		var buf bytes.Buffer
		w := newTextWriter(&buf)
		w.raw("pre:")
		w.text(s)
		if got, want := buf.String(), "pre:"+html.EscapeString(s); got != want {
			t.Errorf("text(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestPartsEscapeAsTemplDoes(t *testing.T) {
	var buf bytes.Buffer
	parts := []SnippetPart{{Text: "… a <b> & "}, {Text: "Тебриз", Mark: true}, {Text: ` "q" 's`}, {Text: "<i>", Mark: true}, {Text: ""}, {Text: " …"}}
	tw := newTextWriter(&buf)
	tw.parts(parts)
	if want := `… a &lt;b&gt; &amp; <mark>Тебриз</mark> &#34;q&#34; &#39;s<mark>&lt;i&gt;</mark> …`; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func TestSearchHitEscapesAsTemplDoes(t *testing.T) {
	for _, tc := range []struct {
		r    SearchResult
		want string
	}{
		{SearchResult{Doc: DocSummary{Title: `A "title" & <more>`, Date: "1946", DateISO: "1946"}, URL: "/documents/x?hl=a%26b"},
			`<li class="hit"><p class="date"><time datetime="1946">1946</time></p><h2><a href="/documents/x?hl=a%26b">A &#34;title&#34; &amp; &lt;more&gt;</a></h2></li>`},
		{SearchResult{Doc: DocSummary{Title: "ignored", Date: "April 2, 1946", DateISO: "1946-04-02", Summary: "It's short…"},
			TitleParts: []SnippetPart{{Text: "Тебриз", Mark: true}, {Text: " & co"}}, URL: "javascript:x()",
			Snippets: []SnippetView{
				{Label: "Summary", Lang: "en", Parts: []SnippetPart{{Text: "a "}, {Text: "b", Mark: true}}},
				{Label: "Russian <original>, paragraph 2", URL: "/documents/x#ru-2", Lang: "", Parts: nil},
			}},
			`<li class="hit"><p class="date"><time datetime="1946-04-02">April 2, 1946</time></p><h2><a href="about:invalid#TemplFailedSanitizationURL"><mark>Тебриз</mark> &amp; co</a></h2>` +
				`<p class="hitsummary">It&#39;s short…</p>` +
				`<blockquote class="snippet" lang="en"><p>a <mark>b</mark></p><footer lang="en">Summary</footer></blockquote>` +
				`<blockquote class="snippet" lang=""><p></p><footer lang="en"><a href="/documents/x#ru-2">Russian &lt;original&gt;, paragraph 2</a></footer></blockquote></li>`},
	} {
		var buf bytes.Buffer
		if err := searchHit(tc.r).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("got\n%s\nwant\n%s", buf.String(), tc.want)
		}
	}
}

func TestFacetPanelWritesAsTemplDid(t *testing.T) {
	facets := []FacetView{
		{Label: "Year", Values: []FacetLink{{Label: "1946", Count: 4, URL: "/search?q=a&year=1946"}}},
		{Label: `People & "others"`, Values: []FacetLink{{Label: "Bagirov", Count: 2, URL: "/search?person=bagirov"}},
			More: []FacetLink{{Label: "Qavam", Count: 1, URL: "/search?person=qavam"}, {Label: "Stalin", Count: 1, URL: "/search?person=stalin", Selected: true}}},
	}
	var buf bytes.Buffer
	if err := facetPanel(`Narrow <these>`, facets).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	want := `<aside class="facets" aria-label="Narrow &lt;these&gt;">` +
		`<section><h2>Year</h2><ul class="plain"><li><a href="/search?q=a&amp;year=1946">1946</a> <span class="count">4</span></li></ul></section>` +
		`<section><h2>People &amp; &#34;others&#34;</h2><ul class="plain"><li><a href="/search?person=bagirov">Bagirov</a> <span class="count">2</span></li></ul>` +
		`<details><summary>2 more</summary><ul class="plain"><li><a href="/search?person=qavam">Qavam</a> <span class="count">1</span></li>` +
		`<li><a href="/search?person=stalin" aria-current="true" aria-label="Remove filter People &amp; &#34;others&#34;: Stalin">✓ Stalin</a> <span class="count">1</span></li></ul></details></section>` +
		`</aside>`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
