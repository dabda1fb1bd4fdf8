package web

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Links are plain strings, so templ sanitises them: a link from the
// source data with a script scheme never reaches the page, while the
// site's own paths, fragments and web addresses do, as they are.
func TestLinksAreSanitised(t *testing.T) {
	for _, tc := range []struct {
		url  string
		kept bool
	}{
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"data:text/html,<b>x</b>", false},
		{"vbscript:x", false},
		{"/search?q=lang%3Aru", true},
		{"?show=original&para=en-3#en-3", true},
		{"#fn-1", true},
		{"https://digitalarchive.wilsoncenter.org/document/120475", true},
	} {
		var buf bytes.Buffer
		ex := []HelpExample{{Query: "q", URL: tc.url, Says: "s"}}
		if err := SearchHelp(Page{Title: "t"}, ex).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		scheme := strings.ToLower(strings.SplitN(tc.url, ":", 2)[0])
		html := strings.ToLower(buf.String())
		switch {
		case tc.kept && !strings.Contains(buf.String(), `href="`+strings.ReplaceAll(tc.url, "&", "&amp;")+`"`):
			t.Errorf("%q was not kept as it is", tc.url)
		case !tc.kept && (strings.Contains(html, `href="`+scheme+":") || !strings.Contains(html, "about:invalid")):
			t.Errorf("%q reached the page", tc.url)
		}
	}
}
