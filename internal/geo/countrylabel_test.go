package geo

import (
	"fmt"
	"testing"
)

// Country names never overlap each other, a place's name, a graticule label
// or a marker; each stands inside its country and on the map. Checked on
// invented places over several boxes, widths and type sizes.
func TestCountryLabelsKeepClear(t *testing.T) {
	places := []Place{
		{ID: "a", Name: "Alpha Town", Lat: 38.1, Lon: 46.3, Count: 9},
		{ID: "b", Name: "Beta", Lat: 38.2, Lon: 46.1, Count: 2},
		{ID: "c", Name: "Gamma-on-the-Lake", Lat: 37.4, Lon: 45.9, Count: 1},
		{ID: "d", Name: "Delta", Lat: 35.7, Lon: 51.4, Count: 5},
		{ID: "e", Name: "Эпсилон", Lat: 40.4, Lon: 49.9, Count: 3},
		{ID: "f", Name: "Zeta", Lat: 36.6, Lon: 48.5, Count: 0},
	}
	for _, o := range []Options{
		{},
		{Width: 360, FontSize: 13, Box: Box{West: 44, South: 35.6, East: 48.8, North: 39.8}},
		{Width: 1200, FontSize: 16},
		{Width: 240, FontSize: 12},
		{Box: Box{West: 30, South: 25, East: 70, North: 50}, Width: 600},
	} {
		t.Run(fmt.Sprintf("%v-%d-%v", o.Box, o.Width, o.FontSize), func(t *testing.T) {
			m, err := Draw(places, o)
			if err != nil {
				t.Fatal(err)
			}
			canvas := rect{0, 0, float64(m.Width), float64(m.Height)}
			var boxes []rect
			var names []string
			for _, l := range m.Graticule {
				if l.Label != "" {
					boxes = append(boxes, textBox(l.Label, l.LabelX, l.LabelY, l.Anchor, m.GraticuleFontSize))
					names = append(names, l.Label)
				}
			}
			for _, mk := range m.Markers {
				if mk.Labeled {
					boxes = append(boxes, textBox(mk.Name, mk.LabelX, mk.LabelY, mk.Anchor, m.FontSize))
					names = append(names, mk.Name)
				}
			}
			labelled := 0
			for _, c := range m.Countries {
				if c.Label == nil {
					continue
				}
				labelled++
				b := textBox(c.Label.Text, c.Label.X, c.Label.Y, "middle", m.FontSize)
				if !canvas.inside(b) {
					t.Errorf("%s's name runs off the map: %+v", c.Name, b)
				}
				for i, o := range boxes {
					if b.intersects(o) {
						t.Errorf("%s's name overlaps %q", c.Name, names[i])
					}
				}
				if m.hitsMarker(b) {
					t.Errorf("%s's name covers a marker", c.Name)
				}
				n := 0
				for _, r := range c.rings {
					n += crossings(pt{(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2}, r)
				}
				if n%2 == 0 {
					t.Errorf("%s's name stands outside it", c.Name)
				}
				boxes = append(boxes, b)
				names = append(names, c.Name)
			}
			if labelled == 0 {
				t.Error("no country is named")
			}
		})
	}
	// NoLabels leaves the countries unnamed too.
	m, err := Draw(places, Options{NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range m.Countries {
		if c.Label != nil {
			t.Errorf("%s named on a map without labels", c.Name)
		}
	}
}
