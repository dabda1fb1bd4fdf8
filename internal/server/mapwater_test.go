package server

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// The map shows Lake Urmia as water, named on the enlarged inset, names
// the Caspian, lists the water in its text alternative, and credits the
// lakes' data.
func TestMapShowsWater(t *testing.T) {
	d := dom(t, newTestServer(t), "/map", http.StatusOK)
	for _, svg := range []string{"svg.placemap.overview", "svg.placemap.inset"} {
		if d.Find(svg+" path.lake title").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == "Lake Urmia" }).Length() != 1 {
			t.Errorf("%s draws no Lake Urmia", svg)
		}
		desc := d.Find(svg + " desc").Text()
		if !strings.Contains(desc, "Lake Urmia") {
			t.Errorf("%s: the text alternative %q does not list Lake Urmia", svg, desc)
		}
	}
	if got := texts(d.Find("svg.placemap.inset text.waterlabel")); !slices.Contains(got, "Lake Urmia") {
		t.Errorf("the inset names the water %v", got)
	}
	if got := texts(d.Find("svg.placemap.overview text.waterlabel")); !slices.Contains(got, "Caspian Sea") {
		t.Errorf("the overview names the water %v", got)
	}
	if !strings.Contains(d.Find("main").Text(), "Lakes: Natural Earth") {
		t.Error("the map does not credit the lakes' data")
	}
}
