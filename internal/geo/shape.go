package geo

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// projection is an equirectangular projection with its standard parallel at
// the middle of the box: x is proportional to longitude times the cosine of
// that latitude, y to latitude. Over the 20 or so degrees of latitude of a
// regional map, shapes and distances near the middle are true to within a
// few per cent (at 35°N a degree of longitude is 0.82 of a degree of
// latitude, which plain longitude/latitude would draw as equal), and the
// meridians and parallels stay straight, so the graticule is a grid of lines.
type projection struct {
	west, north float64
	kx, ky      float64 // pixels per degree of longitude and of latitude
}

func newProjection(b Box, width int) projection {
	mid := (b.South + b.North) / 2 * math.Pi / 180
	kx := float64(width) / (b.East - b.West)
	return projection{west: b.West, north: b.North, kx: kx, ky: kx / math.Cos(mid)}
}

// height is the map's height in pixels for the box.
func (p projection) height(b Box) int {
	return int(math.Round((b.North - b.South) * p.ky))
}

// point projects a longitude and latitude to pixels, y downwards.
func (p projection) point(lon, lat float64) pt {
	return pt{(lon - p.west) * p.kx, (p.north - lat) * p.ky}
}

// rect is an axis-aligned rectangle in pixels.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) clamp(p pt) pt {
	return pt{min(max(p.x, r.x0), r.x1), min(max(p.y, r.y0), r.y1)}
}

func (r rect) intersects(o rect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

// inside reports whether o lies within r.
func (r rect) inside(o rect) bool {
	return o.x0 >= r.x0 && o.x1 <= r.x1 && o.y0 >= r.y0 && o.y1 <= r.y1
}

// clipLine clips a line to a rectangle by folding what lies outside onto its
// edge: each segment is cut where it crosses one of the rectangle's four
// lines, and every point is then moved to the nearest point of the
// rectangle. Inside, the line is unchanged; outside, it runs along the edge.
//
// Unlike cutting the line off at the edge, this keeps rings closed and arcs
// that neighbours share still shared, so it can be done arc by arc before
// the rings are joined; and a filled ring covers exactly the part of the
// rectangle it covered before, because folding moves no point across the
// inside. The runs along the edge are drawn too, so the rectangle should be
// a little larger than the view, to keep them out of sight.
func clipLine(pts []pt, r rect) []pt {
	out := make([]pt, 0, len(pts))
	add := func(p pt) {
		p = r.clamp(p)
		n := len(out)
		if n > 0 && out[n-1] == p {
			return
		}
		// Points along one edge in a row: the middle ones add nothing.
		if n >= 2 && onSameEdge(out[n-2], out[n-1], p, r) {
			out[n-1] = p
			return
		}
		out = append(out, p)
	}
	var ts [4]float64
	for i, p := range pts {
		if i > 0 {
			q := pts[i-1]
			n := 0
			for _, x := range [2]float64{r.x0, r.x1} {
				if (q.x-x)*(p.x-x) < 0 {
					ts[n] = (x - q.x) / (p.x - q.x)
					n++
				}
			}
			for _, y := range [2]float64{r.y0, r.y1} {
				if (q.y-y)*(p.y-y) < 0 {
					ts[n] = (y - q.y) / (p.y - q.y)
					n++
				}
			}
			slices.Sort(ts[:n])
			for _, t := range ts[:n] {
				add(pt{q.x + t*(p.x-q.x), q.y + t*(p.y-q.y)})
			}
		}
		add(p)
	}
	return out
}

func onSameEdge(a, b, c pt, r rect) bool {
	for _, x := range [2]float64{r.x0, r.x1} {
		if a.x == x && b.x == x && c.x == x {
			return true
		}
	}
	for _, y := range [2]float64{r.y0, r.y1} {
		if a.y == y && b.y == y && c.y == y {
			return true
		}
	}
	return false
}

// simplify drops the points of a line that are within tol of the line
// through their neighbours (Douglas-Peucker). The ends stay, so that arcs
// simplified one by one still meet.
func simplify(pts []pt, tol float64) []pt {
	if len(pts) <= 2 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	type span struct{ i, j int }
	stack := []span{{0, len(pts) - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		far, best := -1, tol
		for k := s.i + 1; k < s.j; k++ {
			if d := segmentDistance(pts[k], pts[s.i], pts[s.j]); d > best {
				far, best = k, d
			}
		}
		if far >= 0 {
			keep[far] = true
			stack = append(stack, span{s.i, far}, span{far, s.j})
		}
	}
	out := make([]pt, 0, len(pts)/4)
	for k, p := range pts {
		if keep[k] {
			out = append(out, p)
		}
	}
	return out
}

// segmentDistance is the distance from p to the segment ab; a closed arc
// (an island) has a == b.
func segmentDistance(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = min(max(((p.x-a.x)*dx+(p.y-a.y)*dy)/l2, 0), 1)
	}
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}

// area is the signed area of a closed ring (shoelace formula).
func area(ring []pt) float64 {
	s := 0.0
	for i := range ring {
		a, b := ring[i], ring[(i+1)%len(ring)]
		s += a.x*b.y - b.x*a.y
	}
	return s / 2
}

func bounds(ring []pt) rect {
	r := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range ring {
		r = rect{min(r.x0, p.x), min(r.y0, p.y), max(r.x1, p.x), max(r.y1, p.y)}
	}
	return r
}

// crossings counts how often a ray from p to the right crosses the ring; p
// is inside a set of rings (an outer ring and its holes, or all the rings
// of a country) when the total is odd.
func crossings(p pt, ring []pt) int {
	n := 0
	for i := range ring {
		a, b := ring[i], ring[(i+1)%len(ring)]
		if (a.y > p.y) != (b.y > p.y) && p.x < a.x+(p.y-a.y)/(b.y-a.y)*(b.x-a.x) {
			n++
		}
	}
	return n
}

// ringDistance is the distance from p to the nearest edge of the ring.
func ringDistance(p pt, ring []pt) float64 {
	d := math.Inf(1)
	for i := range ring {
		d = min(d, segmentDistance(p, ring[i], ring[(i+1)%len(ring)]))
	}
	return d
}

// appendPath writes a closed ring as SVG path data, "M x y x y … Z", with
// coordinates to a tenth of a pixel (finer than any screen or printer shows
// at the map's size) and points that rounding makes equal written once.
func appendPath(sb *strings.Builder, ring []pt) {
	var last pt
	first := pt{round1(ring[0].x), round1(ring[0].y)}
	n := 0
	for i, p := range ring {
		p = pt{round1(p.x), round1(p.y)}
		if i > 0 && p == last {
			continue
		}
		if i == len(ring)-1 && n > 0 && p == first {
			break // Z closes the ring
		}
		if n == 0 {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteByte('M')
		} else {
			sb.WriteByte(' ')
		}
		sb.WriteString(num(p.x))
		sb.WriteByte(' ')
		sb.WriteString(num(p.y))
		last = p
		n++
	}
	sb.WriteByte('Z')
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// num formats a coordinate with at most one decimal and no "-0".
func num(v float64) string {
	v = round1(v)
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
