package geo

//go:generate go run ./internal/genwater -o data/lakes.json

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// lakesJSON is Natural Earth's 1:50m lakes around the Caspian, named, as
// internal/genwater makes it from Debian's marble-qt-data; waterJSON holds
// the facts the shapes lack: the lakes' names and where the seas' names
// stand. data/README.md says what both are and under which licences.
var (
	//go:embed data/lakes.json
	lakesJSON []byte
	//go:embed data/water.json
	waterJSON []byte
)

// shippedWater decodes the lakes and the seas once.
var shippedWater = sync.OnceValues(func() (*water, error) {
	return decodeWater(lakesJSON, waterJSON)
})

// water is the decoded water: lakes as rings in degrees, seas as the
// points where their names may stand.
type water struct {
	lakes []lakeShape
	seas  []seaPlace
}

type lakeShape struct {
	name  string
	rings [][]pt // every ring of every polygon; holes are islands
}

type seaPlace struct {
	name string
	at   []pt // longitude, latitude; the first that fits wins
}

// decodeWater reads the generated lakes and the seas of the facts file. A
// ring of fewer than three points or a sea without a place is an error
// naming it, as the files are the program's own.
func decodeWater(lakes, facts []byte) (*water, error) {
	var l struct {
		Unit  float64 `json:"unit"`
		Lakes []struct {
			Name     string    `json:"name"`
			Polygons [][][]int `json:"polygons"`
		} `json:"lakes"`
	}
	dec := json.NewDecoder(bytes.NewReader(lakes))
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("decoding the lakes: %w", err)
	}
	if l.Unit <= 0 {
		return nil, fmt.Errorf("decoding the lakes: unit %v, want a positive number of units to a degree", l.Unit)
	}
	w := &water{}
	for i, lk := range l.Lakes {
		s := lakeShape{name: lk.Name}
		for _, poly := range lk.Polygons {
			for _, r := range poly {
				if len(r)%2 != 0 || len(r) < 6 {
					return nil, fmt.Errorf("decoding the lakes: lake %d (%q): a ring of %d numbers, want pairs of at least three points", i, lk.Name, len(r))
				}
				ring := make([]pt, 0, len(r)/2)
				for k := 0; k < len(r); k += 2 {
					ring = append(ring, pt{float64(r[k]) / l.Unit, float64(r[k+1]) / l.Unit})
				}
				s.rings = append(s.rings, ring)
			}
		}
		if len(s.rings) == 0 {
			return nil, fmt.Errorf("decoding the lakes: lake %d (%q) has no polygon", i, lk.Name)
		}
		w.lakes = append(w.lakes, s)
	}
	var f struct {
		Seas []struct {
			Name string       `json:"name"`
			At   [][2]float64 `json:"at"`
		} `json:"seas"`
	}
	if err := json.Unmarshal(facts, &f); err != nil {
		return nil, fmt.Errorf("decoding the seas: %w", err)
	}
	for _, s := range f.Seas {
		if strings.TrimSpace(s.Name) == "" || len(s.At) == 0 {
			return nil, fmt.Errorf("decoding the seas: %q needs a name and at least one place", s.Name)
		}
		sp := seaPlace{name: s.Name}
		for _, a := range s.At {
			if math.Abs(a[0]) > 180 || math.Abs(a[1]) > 90 {
				return nil, fmt.Errorf("decoding the seas: %s: no such point %v", s.Name, a)
			}
			sp.at = append(sp.at, pt{a[0], a[1]})
		}
		w.seas = append(w.seas, sp)
	}
	return w, nil
}

// Lake is one lake in view, drawn over the countries as water.
type Lake struct {
	// Name is empty for the lakes the data leaves unnamed.
	Name string
	// Path is SVG path data, as Country.Path; islands are holes, so fill
	// with fill-rule="evenodd".
	Path string
	// Label is where the name stands, when it has room: in the lake if it
	// fits there, else beside it.
	Label *Label
	rings [][]pt // in pixels, as drawn
	box   rect   // their bounds, to skip the lake quickly
}

// Sea is a sea whose name has a place on the water of the map; Label is
// nil when every such place is taken.
type Sea struct {
	Name  string
	Label *Label
}

// drawLakes projects, clips and simplifies the lakes in view, larger
// first, so that a small lake is drawn over a large one around it.
func drawLakes(w *water, proj projection, view rect, tol float64) []Lake {
	clip := rect{view.x0 - clipMargin, view.y0 - clipMargin, view.x1 + clipMargin, view.y1 + clipMargin}
	var out []Lake
	var sizes []float64
	var projected []pt
	for _, l := range w.lakes {
		var sb strings.Builder
		var rings [][]pt
		size := 0.0
		for _, r := range l.rings {
			projected = projected[:0]
			for _, p := range r {
				projected = append(projected, proj.point(p.x, p.y))
			}
			pr := simplify(clipLine(projected, clip), tol)
			if len(pr) < 4 || math.Abs(area(pr)) < minRingArea || !bounds(pr).intersects(view) {
				continue
			}
			appendPath(&sb, pr)
			rings = append(rings, pr)
			size += math.Abs(area(pr))
		}
		if sb.Len() > 0 {
			out = append(out, Lake{Name: l.name, Path: sb.String(), rings: rings, box: ringsBounds(rings)})
			sizes = append(sizes, size)
		}
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sizes[b], sizes[a]) })
	sorted := make([]Lake, len(out))
	for i, k := range order {
		sorted[i] = out[k]
	}
	return sorted
}

// inRings reports whether a point lies inside a set of rings (an even-odd
// fill).
func inRings(p pt, rings [][]pt) bool {
	n := 0
	for _, r := range rings {
		n += crossings(p, r)
	}
	return n%2 == 1
}

// ringsBounds is the box around a set of rings.
func ringsBounds(rings [][]pt) rect {
	b := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, r := range rings {
		rb := bounds(r)
		b = rect{min(b.x0, rb.x0), min(b.y0, rb.y0), max(b.x1, rb.x1), max(b.y1, rb.y1)}
	}
	return b
}

func (r rect) has(p pt) bool { return p.x >= r.x0 && p.x <= r.x1 && p.y >= r.y0 && p.y <= r.y1 }

// inLake reports whether a point in pixels lies on a lake of the map.
func (m *Map) inLake(p pt) bool {
	for _, l := range m.Lakes {
		if l.box.has(p) && inRings(p, l.rings) {
			return true
		}
	}
	return false
}

// onLand reports whether a point in pixels lies in a country and not on a
// lake.
func (m *Map) onLand(p pt) bool {
	for _, c := range m.Countries {
		if c.box.has(p) && inRings(p, c.rings) {
			return !m.inLake(p)
		}
	}
	return false
}

// samples are points spread over a label's box, every few pixels along
// its edges and its middle line, for telling whether the whole box lies on
// water or in a country: the corners alone would miss a cape.
func samples(b rect) []pt {
	const step = 4.0
	nx := max(2, int(math.Ceil((b.x1-b.x0)/step)))
	ny := max(2, int(math.Ceil((b.y1-b.y0)/step)))
	out := make([]pt, 0, 3*(nx+1)+2*(ny+1))
	for i := 0; i <= nx; i++ {
		x := b.x0 + (b.x1-b.x0)*float64(i)/float64(nx)
		out = append(out, pt{x, b.y0}, pt{x, (b.y0 + b.y1) / 2}, pt{x, b.y1})
	}
	for j := 1; j < ny; j++ {
		y := b.y0 + (b.y1-b.y0)*float64(j)/float64(ny)
		out = append(out, pt{b.x0, y}, pt{b.x1, y})
	}
	return out
}

// lakeLabelMin is the least width and height, in pixels, of a lake in view
// whose name is drawn beside it: a name beside a speck would name nothing
// a reader can see.
const lakeLabelMin = 6.0

// placeLakeLabels names each named lake in view, larger first: inside the
// lake, at the point of its grid farthest from the shore, when the whole
// name fits on the water; else beside it (right, left, above, below its
// part of the map). Like every label, a lake's name stays on the map and
// clear of every marker and every label placed before it; a lake with no
// such place keeps its name in its <title>.
func placeLakeLabels(m *Map) {
	fs := m.FontSize
	for i := range m.Lakes {
		l := &m.Lakes[i]
		if l.Name == "" {
			continue
		}
		canvas, taken := labelSpace(m)
		free := func(b rect) bool {
			return canvas.inside(b) && !overlapsAny(b, taken) && !m.hitsMarker(b)
		}
		var b rect
		first := true
		for _, r := range l.rings {
			rb := bounds(r)
			if first {
				b, first = rb, false
				continue
			}
			b = rect{min(b.x0, rb.x0), min(b.y0, rb.y0), max(b.x1, rb.x1), max(b.y1, rb.y1)}
		}
		b = rect{max(b.x0, canvas.x0), max(b.y0, canvas.y0), min(b.x1, canvas.x1), min(b.y1, canvas.y1)}
		if b.x1-b.x0 < lakeLabelMin || b.y1-b.y0 < lakeLabelMin {
			continue
		}
		best, bestD := (*Label)(nil), 0.0
		for gy := 0; gy <= countryGrid; gy++ {
			for gx := 0; gx <= countryGrid; gx++ {
				p := pt{b.x0 + (b.x1-b.x0)*float64(gx)/countryGrid, b.y0 + (b.y1-b.y0)*float64(gy)/countryGrid}
				box := textBox(l.Name, p.x, p.y+0.35*fs, "middle", fs)
				if !free(box) || !allIn(samples(box), l.rings) {
					continue
				}
				d := math.Inf(1)
				for _, r := range l.rings {
					d = min(d, ringDistance(p, r))
				}
				if d > bestD {
					best, bestD = &Label{Text: l.Name, X: round1(p.x), Y: round1(p.y + 0.35*fs), Anchor: "middle"}, d
				}
			}
		}
		if best == nil {
			my := (b.y0+b.y1)/2 + 0.35*fs
			mx := (b.x0 + b.x1) / 2
			for _, c := range []Label{
				{X: b.x1 + labelGap, Y: my, Anchor: "start"},
				{X: b.x0 - labelGap, Y: my, Anchor: "end"},
				{X: mx, Y: b.y0 - labelGap - descent*fs, Anchor: "middle"},
				{X: mx, Y: b.y1 + labelGap + ascent*fs, Anchor: "middle"},
			} {
				if free(textBox(l.Name, c.X, c.Y, c.Anchor, fs)) {
					best = &Label{Text: l.Name, X: round1(c.X), Y: round1(c.Y), Anchor: c.Anchor}
					break
				}
			}
		}
		l.Label = best
	}
}

func allIn(ps []pt, rings [][]pt) bool {
	for _, p := range ps {
		if !inRings(p, rings) {
			return false
		}
	}
	return true
}

// placeSeaLabels names each sea at the first of its places (facts of
// data/water.json, such as the middle of the Caspian) that is in view and
// where the whole name lies on open water, on the map, and clear of every
// marker and every label placed before it. A sea with a place on the water
// but no room for its name is still listed, for the text alternative; a sea
// with no place on the water of this map is not.
func placeSeaLabels(m *Map, w *water, proj projection) {
	fs := m.FontSize
	for _, s := range w.seas {
		canvas, taken := labelSpace(m)
		sea := Sea{Name: s.name}
		seen := false
		for _, at := range s.at {
			if !m.Box.Contains(at.y, at.x) {
				continue
			}
			p := proj.point(at.x, at.y)
			if m.onLand(p) || m.inLake(p) {
				continue
			}
			seen = true
			box := textBox(s.name, p.x, p.y+0.35*fs, "middle", fs)
			if !canvas.inside(box) || overlapsAny(box, taken) || m.hitsMarker(box) {
				continue
			}
			wet := true
			for _, q := range samples(box) {
				if m.onLand(q) || m.inLake(q) {
					wet = false
					break
				}
			}
			if wet {
				sea.Label = &Label{Text: s.name, X: round1(p.x), Y: round1(p.y + 0.35*fs), Anchor: "middle"}
				break
			}
		}
		if seen {
			m.Seas = append(m.Seas, sea)
		}
	}
}
