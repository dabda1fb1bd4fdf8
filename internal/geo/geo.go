// Package geo draws the map of the places named in the collection: the
// borders of the countries around the Caspian and its lakes, from Natural
// Earth data shipped with the program, the names of the countries, lakes and
// seas, and a marker for each place, sized by the number of documents that
// name it.
//
// The map is computed on the server as numbers and SVG path data, which a
// template turns into an <svg> element: no tile server, no request at run
// time, no script, and it prints. The package knows nothing of templates,
// HTTP or the authority records; callers pass plain Places.
package geo

//go:generate go run ./internal/gendata -box 20,15,75,60 -o data/countries-50m.json

import (
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// countries50m is Natural Earth's 1:50m admin-0 countries as TopoJSON, from
// the npm package world-atlas, reduced by internal/gendata; data/README.md
// says what it is and under which licences.
//
//go:embed data/countries-50m.json
var countries50m []byte

// shipped decodes the borders once: they are the same for every map.
var shipped = sync.OnceValues(func() (*borders, error) {
	return decodeTopology(countries50m, "countries")
})

// The words that go with every map: where the borders come from, and the
// warning that they are not those of the documents' time.
const (
	Attribution = "Borders: Natural Earth 1:50m admin-0 countries, version 4.1.0 (public domain), via world-atlas 2.0.2. Lakes: Natural Earth 1:50m lakes (public domain), via Debian’s marble-qt-data; reservoirs filled after 1946 left out."
	Note        = "Borders are modern (Natural Earth, 2018), not those of 1946."
)

// Box is an area bounded by two meridians and two parallels, in decimal
// degrees.
type Box struct {
	West, South, East, North float64
}

// The areas a map usually shows.
var (
	// Region is the crisis: Iranian Azerbaijan, the Azerbaijan SSR, the
	// Caucasus, the Caspian and Tehran.
	Region = Box{West: 38, South: 24, East: 63, North: 44}
	// Context is the wider view, from the Aegean to Afghanistan and north
	// to Moscow.
	Context = Box{West: 22, South: 22, East: 68, North: 58}
)

// IsZero reports whether the box is unset.
func (b Box) IsZero() bool { return b == Box{} }

// Contains reports whether a point lies in the box, edges included.
func (b Box) Contains(lat, lon float64) bool {
	return lat >= b.South && lat <= b.North && lon >= b.West && lon <= b.East
}

func (b Box) valid() bool {
	return b.West < b.East && b.South < b.North && b.West >= -180 && b.East <= 180 && b.South >= -90 && b.North <= 90
}

func (b Box) within(o Box) bool {
	return b.West >= o.West && b.East <= o.East && b.South >= o.South && b.North <= o.North
}

// Place is a point to mark: a settlement from the authority records, with
// the page it links to and the number of documents that name it. Only
// places with coordinates belong here; a country or a region has none.
type Place struct {
	ID, Name, URL string
	Lat, Lon      float64
	Count         int
}

// Options say what to draw. The zero value draws the places of Region,
// labelled, 800 pixels wide.
type Options struct {
	// Box is the area shown. When zero, the map is fitted to the places
	// inside Limit, with a margin, and made at least 4:3 landscape.
	Box Box
	// Limit bounds a fitted map; places outside it do not widen the map
	// (Moscow would stretch a map of Tabriz to the Arctic) and go to
	// Map.Outside. Zero means Region.
	Limit Box
	// Width of the map in pixels (the SVG's viewBox; the page may scale
	// it). Zero means 800.
	Width int
	// A marker's radius is Scale*sqrt(Count) pixels, so that its area
	// grows with the number of documents, and never less than MinRadius, so
	// that a place named in no document still shows. Zero means 4 and 3.
	Scale, MinRadius float64
	// FontSize is the label size in pixels the page will use, needed to
	// keep labels apart. Zero means 12.
	FontSize float64
	// GraticuleFontSize is the size of the graticule's labels; zero
	// means 0.8 of FontSize. A map drawn near its own size on a phone
	// needs them as large as the names, to stay legible.
	GraticuleFontSize float64
	// NoLabels leaves every label out; the markers keep their names in
	// their <title>.
	NoLabels bool
	// Tolerance is how far, in pixels, a simplified border may stray from
	// the data. Zero means 0.5: invisible, and a map of a tenth the size.
	Tolerance float64
}

// Limits of the options, so that a mistaken value fails instead of making a
// map the size of a poster or a border of one line.
const (
	minWidth, maxWidth = 200, 4000
	maxTolerance       = 5
	// fitMargin is the least margin, in degrees, around the places of a
	// fitted map, so that a marker on the edge still has room for a label.
	fitMargin = 1.0
	// clipMargin is how far outside the view the borders are folded onto
	// the clipping rectangle (see clipLine): more than a stroke's width.
	clipMargin = 8.0
	// minRingArea drops islands smaller than this, in square pixels: they
	// would be a speck under the stroke.
	minRingArea = 2.0
)

// graticuleFont is the size of the graticule's labels relative to the
// places': smaller, as they matter less.
const graticuleFont = 0.8

// Map is a drawn map: everything in pixels, from the top left corner of a
// Width by Height viewBox. Draw it in an <svg> with that viewBox, which
// clips what lies outside it (borders run on just beyond the edges):
// countries, then the lakes over them as water, then the graticule, then the
// markers in order, each a link with a <title> that names the place, then
// the labels (places', countries', lakes' and seas'), in a sans-serif font
// of FontSize pixels; and show the Note and Attribution with it.
type Map struct {
	Width, Height int
	ViewBox       string // "0 0 Width Height"
	Box           Box    // the area shown
	// FontSize is the size of the places' labels in pixels, as
	// Options.FontSize, which the page must use for the labels to fit.
	FontSize float64
	// Countries are the countries in view, by name.
	Countries []Country
	// Lakes are the lakes in view, larger first, to be drawn over the
	// countries; Seas are the seas with a place on the water of this map,
	// in the order of data/water.json.
	Lakes []Lake
	Seas  []Sea
	// Markers are the places in view, largest first, so that drawn in
	// order a small marker lies on top of a large one it overlaps.
	Markers []Marker
	// Outside are the places beyond the map, most documents first; only
	// their names, links and counts are set.
	Outside []Marker
	// Graticule are the meridians and parallels, labelled along the bottom
	// and left edges in type of GraticuleFontSize pixels.
	Graticule         []Line
	GraticuleFontSize float64
	// Attribution and Note are to be shown with the map.
	Attribution, Note string
}

// Country is one country's borders in view.
type Country struct {
	Name string // as Natural Earth has it: "Iran", "Azerbaijan"
	ISO  string // ISO 3166-1 numeric code: "364", "031"; empty for a few disputed areas
	// Path is SVG path data, one "M … Z" ring after another. Holes are
	// rings too, so fill with fill-rule="evenodd".
	Path string
	// Label is where the country's name stands, when it has room: inside
	// the country, on the map, clear of every marker and every other label.
	Label *Label
	// rings are the country's rings in pixels, as drawn, for placing its
	// label, and box their bounds.
	rings [][]pt
	box   rect
}

// Label is a name drawn on the map: its baseline is at Y and its text
// starts, ends or is centred on X as Anchor (an SVG text-anchor) says, in
// type of the map's FontSize.
type Label struct {
	Text   string
	X, Y   float64
	Anchor string
}

// Marker is one place on the map.
type Marker struct {
	ID, Name, URL string
	Count         int
	X, Y, R       float64 // centre and radius
	// Country and ISO are the modern country the place lies in, empty if
	// the data puts it at sea.
	Country, ISO string
	// Labeled reports whether the label has room; when it has not, the
	// name is only in the marker's <title>. LabelX and LabelY are where the
	// label's baseline starts, ends or is centred, as Anchor (an SVG
	// text-anchor) says.
	Labeled        bool
	LabelX, LabelY float64
	Anchor         string
}

// Line is a meridian or a parallel with its label.
type Line struct {
	Path           string
	Label          string // "40°N", "45°E"; empty where it has no room
	LabelX, LabelY float64
	Anchor         string
}

// Draw projects the borders and the places into a map. A place outside the
// map's box goes to Map.Outside, not off the edge.
func Draw(places []Place, opts Options) (*Map, error) {
	b, err := shipped()
	if err != nil {
		return nil, err
	}
	w, err := shippedWater()
	if err != nil {
		return nil, err
	}
	opts, err = withDefaults(opts)
	if err != nil {
		return nil, err
	}
	for _, p := range places {
		if math.IsNaN(p.Lat) || math.IsNaN(p.Lon) || math.Abs(p.Lat) > 90 || math.Abs(p.Lon) > 180 {
			return nil, fmt.Errorf("place %q: no such point: %v, %v", p.ID, p.Lat, p.Lon)
		}
	}
	box := opts.Box
	if box.IsZero() {
		box = fit(places, opts.Limit.intersect(b.extent))
	}
	if !box.valid() {
		return nil, fmt.Errorf("the box %+v is not an area", box)
	}
	if !box.within(b.extent) {
		return nil, fmt.Errorf("the box %+v is beyond the shipped borders, which cover %+v", box, b.extent)
	}

	proj := newProjection(box, opts.Width)
	m := &Map{
		Width:             opts.Width,
		Height:            proj.height(box),
		Box:               box,
		FontSize:          opts.FontSize,
		GraticuleFontSize: round1(cmp.Or(opts.GraticuleFontSize, opts.FontSize*graticuleFont)),
		Attribution:       Attribution,
		Note:              Note,
	}
	m.ViewBox = fmt.Sprintf("0 0 %d %d", m.Width, m.Height)
	view := rect{0, 0, float64(m.Width), float64(m.Height)}
	m.Countries = drawCountries(b, proj, view, opts.Tolerance)
	m.Lakes = drawLakes(w, proj, view, opts.Tolerance)

	for _, p := range places {
		mk := Marker{ID: p.ID, Name: p.Name, URL: p.URL, Count: p.Count}
		if !box.Contains(p.Lat, p.Lon) {
			m.Outside = append(m.Outside, mk)
			continue
		}
		c := proj.point(p.Lon, p.Lat)
		mk.X, mk.Y, mk.R = round1(c.x), round1(c.y), radius(p.Count, opts)
		if i := b.countryOf(pt{p.Lon, p.Lat}); i >= 0 {
			mk.Country, mk.ISO = b.countries[i].name, b.countries[i].iso
		}
		m.Markers = append(m.Markers, mk)
	}
	byImportance := func(ms []Marker) {
		sort.SliceStable(ms, func(i, j int) bool {
			if ms[i].Count != ms[j].Count {
				return ms[i].Count > ms[j].Count
			}
			return ms[i].Name < ms[j].Name
		})
	}
	byImportance(m.Markers)
	byImportance(m.Outside)

	m.Graticule = graticule(box, proj, view, m.GraticuleFontSize)
	if !opts.NoLabels {
		placeLabels(m)
		placeLakeLabels(m)
		placeCountryLabels(m)
	}
	// The seas are found even on a map without labels, for its text
	// alternative; their labels are then dropped.
	placeSeaLabels(m, w, proj)
	if opts.NoLabels {
		for i := range m.Seas {
			m.Seas[i].Label = nil
		}
	}
	return m, nil
}

func withDefaults(o Options) (Options, error) {
	if o.Limit.IsZero() {
		o.Limit = Region
	}
	if o.Width == 0 {
		o.Width = 800
	}
	if o.Scale == 0 {
		o.Scale = 4
	}
	if o.MinRadius == 0 {
		o.MinRadius = 3
	}
	if o.FontSize == 0 {
		o.FontSize = 12
	}
	if o.Tolerance == 0 {
		o.Tolerance = 0.5
	}
	switch {
	case o.Width < minWidth || o.Width > maxWidth:
		return o, fmt.Errorf("width %d: want %d to %d pixels", o.Width, minWidth, maxWidth)
	case o.Scale < 0 || o.MinRadius < 0 || o.FontSize < 0 || o.GraticuleFontSize < 0:
		return o, errors.New("negative marker or font size")
	case o.Tolerance < 0 || o.Tolerance > maxTolerance:
		return o, fmt.Errorf("tolerance %v: want 0 to %v pixels", o.Tolerance, maxTolerance)
	case !o.Limit.valid():
		return o, fmt.Errorf("the limit %+v is not an area", o.Limit)
	}
	return o, nil
}

func radius(count int, o Options) float64 {
	return round1(max(o.Scale*math.Sqrt(float64(max(count, 0))), o.MinRadius))
}

func (b Box) intersect(o Box) Box {
	return Box{West: max(b.West, o.West), South: max(b.South, o.South), East: min(b.East, o.East), North: min(b.North, o.North)}
}

// fit returns a box around the places inside limit, with a margin, at least
// 4:3 landscape and at most 2:1, and inside limit. With no such places it
// is the limit itself.
func fit(places []Place, limit Box) Box {
	b := Box{West: math.Inf(1), South: math.Inf(1), East: math.Inf(-1), North: math.Inf(-1)}
	for _, p := range places {
		if limit.Contains(p.Lat, p.Lon) {
			b = Box{West: min(b.West, p.Lon), South: min(b.South, p.Lat), East: max(b.East, p.Lon), North: max(b.North, p.Lat)}
		}
	}
	if math.IsInf(b.West, 1) {
		return limit
	}
	pad := func(lo, hi float64) (float64, float64) {
		m := max(fitMargin, (hi-lo)*0.1)
		return lo - m, hi + m
	}
	b.West, b.East = pad(b.West, b.East)
	b.South, b.North = pad(b.South, b.North)
	// Widen the shorter side about the middle, in projected units.
	cos := math.Cos((b.South + b.North) / 2 * math.Pi / 180)
	w, h := (b.East-b.West)*cos, b.North-b.South
	if w < h*4/3 {
		grow := (h*4/3/cos - (b.East - b.West)) / 2
		b.West, b.East = b.West-grow, b.East+grow
	} else if h < w/2 {
		grow := (w/2 - h) / 2
		b.South, b.North = b.South-grow, b.North+grow
	}
	// Slide back inside the limit, then cut what is still too big.
	shift := func(lo, hi, min, max float64) (float64, float64) {
		if lo < min {
			hi, lo = hi+(min-lo), min
		}
		if hi > max {
			lo, hi = lo-(hi-max), max
		}
		return lo, hi
	}
	b.West, b.East = shift(b.West, b.East, limit.West, limit.East)
	b.South, b.North = shift(b.South, b.North, limit.South, limit.North)
	return b.intersect(limit)
}

// drawCountries projects, clips and simplifies the arcs once each, so that
// neighbours share exactly the same border line, then joins them into
// rings.
func drawCountries(b *borders, proj projection, view rect, tol float64) []Country {
	clip := rect{view.x0 - clipMargin, view.y0 - clipMargin, view.x1 + clipMargin, view.y1 + clipMargin}
	arcs := make([][]pt, len(b.arcs))
	var projected []pt
	for i, a := range b.arcs {
		projected = projected[:0]
		for _, p := range a {
			projected = append(projected, proj.point(p.x, p.y))
		}
		arcs[i] = simplify(clipLine(projected, clip), tol)
	}
	var out []Country
	for _, c := range b.countries {
		var sb strings.Builder
		var rings [][]pt
		for _, poly := range c.polygons {
			for _, refs := range poly {
				r := ring(refs, arcs)
				if len(r) < 4 || math.Abs(area(r)) < minRingArea || !bounds(r).intersects(view) {
					continue
				}
				appendPath(&sb, r)
				rings = append(rings, r)
			}
		}
		if sb.Len() > 0 {
			out = append(out, Country{Name: c.name, ISO: c.iso, Path: sb.String(), rings: rings, box: ringsBounds(rings)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// countryOf returns the index of the country a point (in degrees) lies in,
// or of the nearest one within a few kilometres, since a coarse coastline
// can put a port such as Baku just offshore; -1 if none.
func (b *borders) countryOf(p pt) int {
	const near = 0.1 // degrees, about 10 km
	best, bestD := -1, near
	for i, c := range b.countries {
		n := 0
		for _, r := range c.rings {
			n += crossings(p, r)
		}
		if n%2 == 1 {
			return i
		}
		for _, r := range c.rings {
			if d := ringDistance(p, r); d < bestD {
				best, bestD = i, d
			}
		}
	}
	return best
}

// graticule draws meridians and parallels every 2, 5 or 10 degrees, as the
// map's size calls for, labelled along the bottom and left edges. A label
// that would run off the map or into another (in the bottom left corner) is
// left empty; its line stays.
func graticule(box Box, proj projection, view rect, small float64) []Line {
	span := max(box.East-box.West, box.North-box.South)
	step := 10.0
	switch {
	case span <= 12:
		step = 2
	case span <= 30:
		step = 5
	}
	canvas := rect{0, 0, view.x1, view.y1}
	var out []Line
	var taken []rect
	label := func(l *Line) {
		b := textBox(l.Label, l.LabelX, l.LabelY, l.Anchor, small)
		if !canvas.inside(b) || overlapsAny(b, taken) {
			l.Label = ""
			return
		}
		taken = append(taken, b)
	}
	for lon := math.Floor(box.West/step)*step + step; lon < box.East; lon += step {
		x := round1(proj.point(lon, 0).x)
		l := Line{
			Path:   fmt.Sprintf("M%s 0V%s", num(x), num(view.y1)),
			Label:  degrees(lon, "E", "W"),
			LabelX: x, LabelY: round1(view.y1 - small*0.5),
			Anchor: "middle",
		}
		label(&l)
		out = append(out, l)
	}
	for lat := math.Floor(box.South/step)*step + step; lat < box.North; lat += step {
		y := round1(proj.point(box.West, lat).y)
		l := Line{
			Path:   fmt.Sprintf("M0 %sH%s", num(y), num(view.x1)),
			Label:  degrees(lat, "N", "S"),
			LabelX: 4, LabelY: round1(y - 3),
			Anchor: "start",
		}
		label(&l)
		out = append(out, l)
	}
	return out
}

func degrees(v float64, pos, neg string) string {
	if v < 0 {
		return fmt.Sprintf("%g°%s", -v, neg)
	}
	return fmt.Sprintf("%g°%s", v, pos)
}
