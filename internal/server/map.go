package server

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/readingroom/readingroom/internal/geo"
	"github.com/readingroom/readingroom/web"
)

// focusCountries are tinted on the map: Iran and (Soviet) Azerbaijan, by
// their ISO 3166-1 numeric codes.
var focusCountries = map[string]bool{"364": true, "031": true}

// handleMap serves GET /map: the places on a map drawn on the server from
// the shipped Natural Earth borders.
func (s *Server) handleMap(w http.ResponseWriter, r *http.Request) error {
	var places []geo.Place
	var unplaced []web.EntityLink
	for _, rec := range s.lib.Authority.Places() {
		n := len(s.lib.Entities[rec.ID].Docs)
		if !rec.HasCoordinates() {
			unplaced = append(unplaced, web.EntityLink{Name: rec.Name, URL: entityURL(rec), Kind: rec.PlaceKind, Count: n})
			continue
		}
		places = append(places, geo.Place{ID: rec.ID, Name: rec.Name, URL: entityURL(rec), Lat: rec.Lat, Lon: rec.Lon, Count: n})
	}
	// Drawn at its own size or larger (below that its names are hidden and
	// the inset names the places), the overview's graticule labels are as
	// large as the names: 12px at least.
	m, err := geo.Draw(places, geo.Options{GraticuleFontSize: 12})
	if err != nil {
		return err
	}
	inset, err := geo.Draw(places, geo.Options{Box: insetBox, Width: insetWidth, FontSize: insetFontSize, GraticuleFontSize: insetFontSize})
	if err != nil {
		return err
	}
	sort.SliceStable(unplaced, func(i, j int) bool { return unplaced[i].Count > unplaced[j].Count })
	p := web.MapPage{Page: s.page("Map of the places", "The places named in the documents, on a map.", "/map"), Summary: m.Summary(), Unplaced: unplaced, Note: m.Note, Attribute: m.Attribution,
		Context: mapContext, InsetSummary: inset.Summary()}
	p.Nav = "map"
	p.Map, p.Inset = mapView(m), mapView(inset)
	for _, mk := range m.Outside {
		p.Outside = append(p.Outside, web.EntityLink{Name: mk.Name, URL: mk.URL, Count: mk.Count})
	}
	return renderPublic(w, r, web.MapPageView(p))
}

// The inset enlarges Iranian Azerbaijan, where most places of the
// documents crowd, so that a phone shows their names at a legible size: at
// insetWidth pixels it is drawn at about its own size on a phone's screen,
// with names of insetFontSize pixels.
var insetBox = geo.Box{West: 44, South: 35.6, East: 48.8, North: 39.8}

const (
	insetWidth    = 360
	insetFontSize = 13
)

// mapContext says what the map's modern borders were in 1946.
const mapContext = "In 1946 Armenia, Azerbaijan, Georgia and Turkmenistan were republics of the Soviet Union, whose troops held northern Iran until May 1946; the Iranian Azerbaijan of the documents is the northwest of Iran, around Tabriz."

// mapView formats a drawn map for the template.
func mapView(m *geo.Map) web.MapView {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	v := web.MapView{Width: strconv.Itoa(m.Width), Height: strconv.Itoa(m.Height), ViewBox: m.ViewBox, FontSize: f(m.FontSize), GridFontSize: f(m.GraticuleFontSize)}
	for _, c := range m.Countries {
		mc := web.MapCountry{Name: c.Name, Path: c.Path, Focus: focusCountries[c.ISO]}
		if c.Label != nil {
			mc.Label, mc.LX, mc.LY = c.Label.Text, f(c.Label.X), f(c.Label.Y)
		}
		v.Countries = append(v.Countries, mc)
	}
	for _, l := range m.Lakes {
		v.Lakes = append(v.Lakes, web.MapLake{Name: l.Name, Path: l.Path})
		if l.Label != nil {
			v.WaterLabels = append(v.WaterLabels, web.MapLabel{Text: l.Label.Text, X: f(l.Label.X), Y: f(l.Label.Y), Anchor: l.Label.Anchor})
		}
	}
	for _, s := range m.Seas {
		if s.Label != nil {
			v.WaterLabels = append(v.WaterLabels, web.MapLabel{Text: s.Label.Text, X: f(s.Label.X), Y: f(s.Label.Y), Anchor: s.Label.Anchor})
		}
	}
	for _, g := range m.Graticule {
		v.Graticule = append(v.Graticule, web.MapLine{Path: g.Path, Label: g.Label, X: f(g.LabelX), Y: f(g.LabelY), Anchor: g.Anchor})
	}
	for _, mk := range m.Markers {
		title := mk.Name + ": " + docCountText(mk.Count)
		v.Markers = append(v.Markers, web.MapMarker{Name: mk.Name, URL: mk.URL, Title: title, X: f(mk.X), Y: f(mk.Y), R: f(mk.R),
			Labeled: mk.Labeled, LX: f(mk.LabelX), LY: f(mk.LabelY), Anchor: mk.Anchor})
	}
	return v
}

func docCountText(n int) string {
	if n == 1 {
		return "1 document"
	}
	return strconv.Itoa(n) + " documents"
}
