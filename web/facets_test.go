package web

import (
	"bytes"
	"context"
	"html"
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

func TestAppendEscapedIsHTMLEscapeString(t *testing.T) {
	for _, s := range []string{"", "plain", "<>&'\"", "a<b", "&amp;", "кириллица & <тег>", "\xff<\xfe", "'''", "end&"} {
		if got, want := string(appendEscaped([]byte("pre:"), s)), "pre:"+html.EscapeString(s); got != want {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestMarkedPartsEscapeAsTemplDoes(t *testing.T) {
	var buf bytes.Buffer
	parts := []SnippetPart{{Text: "… a <b> & "}, {Text: "Тебриз", Mark: true}, {Text: ` "q" 's`}, {Text: "<i>", Mark: true}, {Text: ""}, {Text: " …"}}
	if err := markedParts(parts).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if want := `… a &lt;b&gt; &amp; <mark>Тебриз</mark> &#34;q&#34; &#39;s<mark>&lt;i&gt;</mark> …`; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
