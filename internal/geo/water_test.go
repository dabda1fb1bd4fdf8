package geo

import (
	"fmt"
	"strings"
	"testing"
)

// The inset of the map page: Iranian Azerbaijan at about a phone's width.
var insetBox = Box{West: 44, South: 35.6, East: 48.8, North: 39.8}

// lakeNamed returns the lake of that name, failing the test when the map
// has none.
func lakeNamed(t *testing.T, m *Map, name string) Lake {
	t.Helper()
	for _, l := range m.Lakes {
		if l.Name == name {
			return l
		}
	}
	var names []string
	for _, l := range m.Lakes {
		names = append(names, l.Name)
	}
	t.Fatalf("no %s on the map %+v; lakes: %q", name, m.Box, names)
	return Lake{}
}

// Lake Urmia is drawn, as water, on every map of the region, and no town
// of the records (Maragheh, Azarshahr and Osku stand near its eastern
// shore, Urmia near its western) falls in it: the point-in-polygon test is
// made on the generated data in degrees, before any simplification, and
// again on the drawn path.
func TestUrmiaDrawnAndNoTownInIt(t *testing.T) {
	w, err := shippedWater()
	if err != nil {
		t.Fatal(err)
	}
	var urmia *lakeShape
	for i := range w.lakes {
		if w.lakes[i].name == "Lake Urmia" {
			urmia = &w.lakes[i]
		}
	}
	if urmia == nil {
		t.Fatal("Lake Urmia is not in the shipped lakes")
	}
	// The test can fail: a point in the middle of the lake is in it.
	if !inRings(pt{45.45, 37.7}, urmia.rings) {
		t.Error("the middle of Lake Urmia is not inside its shape")
	}
	// No located place of the records lies on any lake: a marker on the
	// water would be a place in the wrong spot.
	places := realPlaces(t)
	for _, p := range places {
		for _, l := range w.lakes {
			if inRings(pt{p.Lon, p.Lat}, l.rings) {
				t.Errorf("%s (%v, %v) lies in the lake %q", p.Name, p.Lat, p.Lon, l.name)
			}
		}
	}
	// Invented towns on the shore, as a larger corpus would bring: each a
	// few kilometres inland from the data's shore.
	for _, p := range []pt{{46.0, 37.6}, {45.95, 37.35}, {45.05, 37.55}, {45.3, 38.35}} {
		if inRings(p, urmia.rings) {
			t.Errorf("the inland point %v is inside Lake Urmia", p)
		}
	}

	places = append(places, Place{ID: "shore", Name: "Shore town", Lat: 37.35, Lon: 45.95, Count: 1})
	for _, o := range []Options{{}, {Box: insetBox, Width: 360, FontSize: 13}, {Box: Context}} {
		m, err := Draw(places, o)
		if err != nil {
			t.Fatal(err)
		}
		l := lakeNamed(t, m, "Lake Urmia")
		if !strings.HasPrefix(l.Path, "M") || !insidePath(t, l.Path, m.point(45.45, 37.7)) {
			t.Errorf("box %+v: the middle of Lake Urmia is not inside its path", m.Box)
		}
		for _, mk := range m.Markers {
			if insidePath(t, l.Path, pt{mk.X, mk.Y}) {
				t.Errorf("box %+v: the marker of %s is on Lake Urmia", m.Box, mk.Name)
			}
		}
	}
}

// point projects a longitude and latitude as the map does.
func (m *Map) point(lon, lat float64) pt {
	return newProjection(m.Box, m.Width).point(lon, lat)
}

// Every name on the map, the water's included, is on the map and clear of
// every other name and every marker, on the real places and on invented
// crowds, at several sizes; the inset names Lake Urmia; the seas' names lie
// on open water.
func TestWaterLabelsKeepClear(t *testing.T) {
	crowd := []Place{
		{ID: "a", Name: "Alpha Town", Lat: 38.1, Lon: 46.3, Count: 9},
		{ID: "b", Name: "Shore Village", Lat: 37.4, Lon: 45.95, Count: 2},
		{ID: "c", Name: "Гамма", Lat: 37.8, Lon: 44.95, Count: 1},
		{ID: "d", Name: "Delta-on-Sea", Lat: 42.0, Lon: 47.9, Count: 5},
		{ID: "e", Name: "Epsilon", Lat: 40.4, Lon: 49.9, Count: 3},
		{ID: "f", Name: "Ζήτα", Lat: 38.6, Lon: 42.9, Count: 0},
		{ID: "g", Name: "Island Point", Lat: 42.0, Lon: 51.0, Count: 4},
	}
	cases := []struct {
		name   string
		places []Place
		o      Options
	}{
		{"real", realPlaces(t), Options{}},
		{"real-inset", realPlaces(t), Options{Box: insetBox, Width: 360, FontSize: 13, GraticuleFontSize: 13}},
		{"real-context", realPlaces(t), Options{Box: Context}},
		{"crowd", crowd, Options{}},
		{"crowd-small", crowd, Options{Width: 240}},
		{"crowd-big-type", crowd, Options{Width: 1200, FontSize: 18}},
		{"crowd-inset", crowd, Options{Box: insetBox, Width: 360, FontSize: 13}},
		{"none", nil, Options{Box: Box{West: 25, South: 20, East: 65, North: 50}, Width: 700}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := Draw(c.places, c.o)
			if err != nil {
				t.Fatal(err)
			}
			checkLabels(t, m)
			writeArtifact(t, "water-"+c.name+".svg", renderSVG(m))
			for _, s := range m.Seas {
				if s.Label == nil {
					continue
				}
				for _, q := range samples(s.Label.box(m.FontSize)) {
					if m.onLand(q) {
						t.Errorf("the name of the %s runs onto land at %v", s.Name, q)
						break
					}
				}
			}
		})
	}

	inset, err := Draw(realPlaces(t), Options{Box: insetBox, Width: 360, FontSize: 13, GraticuleFontSize: 13})
	if err != nil {
		t.Fatal(err)
	}
	if l := lakeNamed(t, inset, "Lake Urmia"); l.Label == nil {
		t.Error("the inset does not name Lake Urmia")
	}
	m, err := Draw(realPlaces(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, s := range m.Seas {
		named[s.Name] = s.Label != nil
	}
	if !named["Caspian Sea"] {
		t.Errorf("the map of the region does not name the Caspian Sea: %+v", m.Seas)
	}
}

// A map without labels names no water, but its text alternative still
// lists it.
func TestWaterWithoutLabels(t *testing.T) {
	m, err := Draw(realPlaces(t), Options{NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range m.Lakes {
		if l.Label != nil {
			t.Errorf("%s named on a map without labels", l.Name)
		}
	}
	for _, s := range m.Seas {
		if s.Label != nil {
			t.Errorf("%s named on a map without labels", s.Name)
		}
	}
	if sum := m.Summary(); !strings.Contains(sum, "Caspian Sea") || !strings.Contains(sum, "Lake Urmia") {
		t.Errorf("the summary %q lacks the water", sum)
	}
}

// The seas' places are tried in order: when the first is covered by a
// place's label, the name moves to the next, and never onto land.
func TestSeaLabelMoves(t *testing.T) {
	free, err := Draw(nil, Options{Box: Region})
	if err != nil {
		t.Fatal(err)
	}
	var first *Label
	for _, s := range free.Seas {
		if s.Name == "Caspian Sea" {
			first = s.Label
		}
	}
	if first == nil {
		t.Fatalf("no Caspian Sea label on an empty map: %+v", free.Seas)
	}
	// A place right where the name stood.
	p := newProjection(Region, free.Width)
	lon, lat := first.X/p.kx+p.west, p.north-(first.Y-0.35*free.FontSize)/p.ky
	m, err := Draw([]Place{{ID: "x", Name: "Xanadu", Lat: lat, Lon: lon, Count: 25}}, Options{Box: Region})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Seas {
		if s.Name != "Caspian Sea" {
			continue
		}
		if s.Label == nil {
			t.Fatal("the Caspian lost its name instead of moving it")
		}
		if *s.Label == *first {
			t.Error("the Caspian's name stayed under the marker")
		}
	}
	checkLabels(t, m)
}

// Bad water data gets a message that names what is wrong.
func TestDecodeWaterErrors(t *testing.T) {
	good := `{"seas":[{"name":"Test Sea","at":[[50,40]]}]}`
	for _, c := range []struct{ lakes, facts, want string }{
		{`{"unit":120,"lakes":[{"name":"Odd","polygons":[[[1,2,3]]]}]}`, good, `"Odd"`},
		{`{"unit":0,"lakes":[]}`, good, "unit"},
		{`{"unit":120,"lakes":[{"name":"Empty","polygons":[]}]}`, good, `"Empty"`},
		{`{"unit":120,"lakes":[`, good, "decoding the lakes"},
		{`{"unit":120,"lakes":[]}`, `{"seas":[{"name":"Nowhere Sea","at":[]}]}`, "Nowhere Sea"},
		{`{"unit":120,"lakes":[]}`, `{"seas":[{"name":"Far Sea","at":[[500,40]]}]}`, "Far Sea"},
	} {
		_, err := decodeWater([]byte(c.lakes), []byte(c.facts))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("decodeWater(%s, %s) = %v, want an error naming %s", c.lakes, c.facts, err, c.want)
		}
	}
	w, err := decodeWater([]byte("{\"unit\":2,\r\n\"lakes\":[{\"polygons\":[[[0,0, 4,0, 4,4, 0,4]]]}]}"), []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.lakes) != 1 || w.lakes[0].name != "" || !inRings(pt{1, 1}, w.lakes[0].rings) || inRings(pt{3, 3}, w.lakes[0].rings) {
		t.Errorf("decoded %+v, want one unnamed lake of 2 by 2 degrees", w.lakes)
	}
	if fmt.Sprint(w.seas) != "[{Test Sea [{50 40}]}]" {
		t.Errorf("seas %v", w.seas)
	}
}

// The text alternative's list of water says what it lists.
func TestWaterSummaryHeading(t *testing.T) {
	for _, c := range []struct {
		box  Box
		want string
	}{
		{insetBox, " Lakes: Lake Urmia."},
		{Box{West: 48, South: 38, East: 53, North: 42}, " Seas: Caspian Sea."},
		{Region, " Seas and lakes: Caspian Sea, "},
		{Box{West: 38.5, South: 31, East: 40, North: 32}, "No places on this map."},
	} {
		m, err := Draw(nil, Options{Box: c.box})
		if err != nil {
			t.Fatal(err)
		}
		if s := m.Summary(); !strings.Contains(s, c.want) || (c.want == "No places on this map." && s != c.want) {
			t.Errorf("box %+v: summary %q, want %q", c.box, s, c.want)
		}
	}
}
