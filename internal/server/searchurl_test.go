package server

import (
	"math/rand/v2"
	"net/url"
	"strconv"
	"testing"

	"github.com/a-h/templ"
)

// TestSearchURLIsCanonical checks that every link a search page makes is
// the URL the page cache keys it by: its parameters sorted by name as
// url.Values.Encode sorts them, the values of one name in their order, and
// page 1, relevance order and a false "exact" left out. States are drawn
// at random, with values that need escaping.
func TestSearchURLIsCanonical(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := []string{"Qavam", "Тебриз", "a&b=c", "50% off", "x+y", "tabriz", "1946", "GAPPOD, f.1", " spaced ", "#frag", "?q", `"<it's>"`, "&amp;", "javascript:x"}
	pick := func() []string {
		var out []string
		for range rng.IntN(3) {
			out = append(out, values[rng.IntN(len(values))])
		}
		return out
	}
	maybe := func(s string) string {
		if rng.IntN(2) == 0 {
			return ""
		}
		return s
	}
	for range 2000 {
		st := searchState{Q: maybe(values[rng.IntN(len(values))]), From: maybe("1946-01"), To: maybe("1946-12-31"),
			Sort: maybe("oldest"), Page: 1 + rng.IntN(3), Exact: rng.IntN(2) == 0,
			Person: pick(), Place: pick(), Org: pick(), Year: pick(), Lang: pick(), Archive: pick(),
			Subject: pick(), Sender: pick(), Recipient: pick()}
		v := url.Values{}
		if st.Q != "" {
			v.Set("q", st.Q)
		}
		st.eachFilter(v.Add)
		if st.Sort != "" {
			v.Set("sort", st.Sort)
		}
		if st.Exact {
			v.Set("exact", "1")
		}
		if st.Page > 1 {
			v.Set("page", strconv.Itoa(st.Page))
		}
		want := "/search"
		if len(v) > 0 {
			want += "?" + v.Encode()
		}
		if got := st.url(); got != want {
			t.Fatalf("%+v:\n got %s\nwant %s", st, got, want)
		}
		// From values escaped once, the same.
		if got := st.escapedValues().url(); got != want {
			t.Fatalf("%+v: escaped first\n got %s\nwant %s", st, got, want)
		}
		// As an href holds it: as templ writes it in one.
		if got, want := st.href(), templ.EscapeString(string(templ.URL(st.url()))); got != want {
			t.Fatalf("%+v: href\n got %s\nwant %s", st, got, want)
		}
	}
}
