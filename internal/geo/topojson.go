package geo

import (
	"encoding/json"
	"fmt"
)

// pt is a point: longitude and latitude in degrees before projection, x and
// y in pixels after.
type pt struct{ x, y float64 }

// borders is a decoded topology: the arcs, shared between neighbouring
// countries, and each country's polygons as references to them.
type borders struct {
	// extent is the area the data covers; a view outside it would show
	// countries missing.
	extent    Box
	arcs      [][]pt // longitude, latitude
	countries []country
}

type country struct {
	name, iso string
	// polygons are rings of arc references: i is arc i, ^i (that is -i-1)
	// is arc i reversed. The first ring of a polygon is its outer ring.
	polygons [][][]int
	// rings are every ring of every polygon in degrees, for finding the
	// country a place lies in.
	rings [][]pt
}

// topology is the part of the TopoJSON format
// (https://github.com/topojson/topojson-specification) that a map of
// countries needs. Box is not part of the format: internal/gendata adds it
// to say which area the reduced data covers.
type topology struct {
	Type      string                     `json:"type"`
	Box       []float64                  `json:"box"`
	Transform *transform                 `json:"transform"`
	Objects   map[string]json.RawMessage `json:"objects"`
	Arcs      [][][]float64              `json:"arcs"`
}

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type geometry struct {
	Type       string                `json:"type"`
	ID         any                   `json:"id"` // a string or a number
	Properties struct{ Name string } `json:"properties"`
	Arcs       json.RawMessage       `json:"arcs"`
	Geometries []geometry            `json:"geometries"`
}

// decodeTopology reads the named object of a TopoJSON topology as countries.
// It understands quantized and unquantized arcs and the Polygon,
// MultiPolygon and GeometryCollection types; other geometries (points,
// lines) are not areas and are left out.
func decodeTopology(data []byte, object string) (*borders, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("decoding TopoJSON: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("decoding TopoJSON: type %q, want \"Topology\"", t.Type)
	}
	b := &borders{extent: Box{West: -180, South: -90, East: 180, North: 90}}
	if len(t.Box) == 4 {
		b.extent = Box{West: t.Box[0], South: t.Box[1], East: t.Box[2], North: t.Box[3]}
	}
	b.arcs = make([][]pt, len(t.Arcs))
	for i, a := range t.Arcs {
		if len(a) < 2 {
			return nil, fmt.Errorf("decoding TopoJSON: arc %d has %d positions, want at least 2", i, len(a))
		}
		pts := make([]pt, len(a))
		// Quantized arcs are delta-encoded integers: each position is the
		// difference from the previous one, in units of the transform's scale.
		var x, y float64
		for j, p := range a {
			if len(p) < 2 {
				return nil, fmt.Errorf("decoding TopoJSON: arc %d position %d has %d coordinates", i, j, len(p))
			}
			if t.Transform == nil {
				pts[j] = pt{p[0], p[1]}
				continue
			}
			x, y = x+p[0], y+p[1]
			pts[j] = pt{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		b.arcs[i] = pts
	}
	raw, ok := t.Objects[object]
	if !ok {
		return nil, fmt.Errorf("decoding TopoJSON: no object %q", object)
	}
	var g geometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("decoding TopoJSON object %q: %w", object, err)
	}
	if err := b.add(g); err != nil {
		return nil, fmt.Errorf("decoding TopoJSON object %q: %w", object, err)
	}
	if len(b.countries) == 0 {
		return nil, fmt.Errorf("decoding TopoJSON object %q: no polygons", object)
	}
	return b, nil
}

func (b *borders) add(g geometry) error {
	var polys [][][]int
	switch g.Type {
	case "GeometryCollection":
		for _, c := range g.Geometries {
			if err := b.add(c); err != nil {
				return err
			}
		}
		return nil
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return fmt.Errorf("%s: %w", g.Properties.Name, err)
		}
		polys = [][][]int{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Arcs, &polys); err != nil {
			return fmt.Errorf("%s: %w", g.Properties.Name, err)
		}
	default:
		return nil
	}
	c := country{name: g.Properties.Name, polygons: polys}
	switch id := g.ID.(type) {
	case string:
		c.iso = id
	case float64:
		c.iso = fmt.Sprintf("%03d", int(id))
	}
	for _, p := range polys {
		for _, r := range p {
			if len(r) == 0 {
				return fmt.Errorf("%s: a ring without arcs", c.name)
			}
			for _, i := range r {
				if j := arcIndex(i); j >= len(b.arcs) {
					return fmt.Errorf("%s: arc %d, but the topology has %d", c.name, i, len(b.arcs))
				}
			}
			c.rings = append(c.rings, ring(r, b.arcs))
		}
	}
	b.countries = append(b.countries, c)
	return nil
}

// arcIndex returns the arc a reference is to, reversed or not.
func arcIndex(ref int) int {
	if ref < 0 {
		return ^ref
	}
	return ref
}

// ring joins the arcs of a ring. Consecutive arcs share their end point, so
// each arc after the first starts one position in.
func ring(refs []int, arcs [][]pt) []pt {
	var out []pt
	for _, ref := range refs {
		a := arcs[arcIndex(ref)]
		for k := range a {
			if k == 0 && len(out) > 0 {
				continue
			}
			if ref < 0 {
				out = append(out, a[len(a)-1-k])
			} else {
				out = append(out, a[k])
			}
		}
	}
	return out
}
