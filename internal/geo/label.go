package geo

import (
	"cmp"
	"math"
	"slices"
	"unicode"
)

// labelGap is the space, in pixels, between a marker and its label.
const labelGap = 2.0

// labelSpace returns the box labels must stay within, and the boxes the
// labels placed so far take: the graticule's, the places', the lakes', the
// countries' and the seas'.
func labelSpace(m *Map) (canvas rect, taken []rect) {
	canvas = rect{labelGap, labelGap, float64(m.Width) - labelGap, float64(m.Height) - labelGap}
	for _, l := range m.Graticule {
		if l.Label != "" {
			taken = append(taken, textBox(l.Label, l.LabelX, l.LabelY, l.Anchor, m.GraticuleFontSize))
		}
	}
	for _, mk := range m.Markers {
		if mk.Labeled {
			taken = append(taken, textBox(mk.Name, mk.LabelX, mk.LabelY, mk.Anchor, m.FontSize))
		}
	}
	add := func(l *Label) {
		if l != nil {
			taken = append(taken, l.box(m.FontSize))
		}
	}
	for _, l := range m.Lakes {
		add(l.Label)
	}
	for _, c := range m.Countries {
		add(c.Label)
	}
	for _, s := range m.Seas {
		add(s.Label)
	}
	return canvas, taken
}

// box is the box a label takes in type of fontSize.
func (l *Label) box(fontSize float64) rect {
	return textBox(l.Text, l.X, l.Y, cmp.Or(l.Anchor, "middle"), fontSize)
}

// placeLabels gives each marker, most documents first, the first of eight
// positions around it (right, left, above, below, then the diagonals) where
// its label stays on the map and clear of every marker, every label placed
// before it and the graticule's labels. A label with no such position is
// left out rather than drawn over another: the marker's <title> still names
// the place, and the places most often named are labelled first.
func placeLabels(m *Map) {
	fs := m.FontSize
	canvas, taken := labelSpace(m)
	for i := range m.Markers {
		mk := &m.Markers[i]
		// d is where a diagonal position touches the circle.
		x, y, r, d := mk.X, mk.Y, mk.R, mk.R*0.7071
		mid := y + 0.35*fs // a baseline that centres the text on y
		candidates := []struct {
			x, y   float64
			anchor string
		}{
			{x + r + labelGap, mid, "start"},
			{x - r - labelGap, mid, "end"},
			{x, y - r - labelGap - descent*fs, "middle"},
			{x, y + r + labelGap + ascent*fs, "middle"},
			{x + d + labelGap, y - d - labelGap - descent*fs, "start"},
			{x + d + labelGap, y + d + labelGap + ascent*fs, "start"},
			{x - d - labelGap, y - d - labelGap - descent*fs, "end"},
			{x - d - labelGap, y + d + labelGap + ascent*fs, "end"},
		}
		for _, c := range candidates {
			box := textBox(mk.Name, c.x, c.y, c.anchor, fs)
			if !canvas.inside(box) || overlapsAny(box, taken) || m.hitsMarker(box) {
				continue
			}
			mk.Labeled = true
			mk.LabelX, mk.LabelY, mk.Anchor = round1(c.x), round1(c.y), c.anchor
			taken = append(taken, box)
			break
		}
	}
}

func overlapsAny(box rect, boxes []rect) bool {
	for _, b := range boxes {
		if box.intersects(b) {
			return true
		}
	}
	return false
}

// hitsMarker reports whether a box overlaps any marker's circle (its own
// included: no position overlaps its own, but rounding may bring it within a
// hair, which is harmless to ignore).
func (m *Map) hitsMarker(box rect) bool {
	for _, mk := range m.Markers {
		// The point of the box nearest the centre.
		nx, ny := min(max(mk.X, box.x0), box.x1), min(max(mk.Y, box.y0), box.y1)
		dx, dy := nx-mk.X, ny-mk.Y
		if dx*dx+dy*dy < mk.R*mk.R-0.01 {
			return true
		}
	}
	return false
}

// ascent and descent are the share of the font size above and below the
// baseline that a label takes: the font's ascent and descent (DejaVu Sans
// has 0.93 and 0.24), which is the box a browser gives the text and the
// browser test measures, not just the height of the letters (about 0.75
// and 0.25): boxes of the letters alone let two names stacked closely
// touch on the page.
const ascent, descent = 0.93, 0.24

// textBox is the box a label takes with its baseline anchored at (x, y).
func textBox(s string, x, y float64, anchor string, fontSize float64) rect {
	w := textWidth(s, fontSize)
	x0 := x
	switch anchor {
	case "middle":
		x0 = x - w/2
	case "end":
		x0 = x - w
	}
	return rect{x0, y - ascent*fontSize, x0 + w, y + descent*fontSize}
}

// textWidth estimates the width of a label in the page's sans-serif font.
// The server cannot measure text, so the widths per letter are on the
// generous side of the common sans-serif faces (DejaVu Sans, Arial,
// Helvetica): a label may have a little room to spare, never too little.
func textWidth(s string, fontSize float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r == ' ':
			w += 0.32
		case r == 'i' || r == 'l' || r == 'j' || r == '\'' || r == '.' || r == ',' || r == '’':
			w += 0.3
		case r == 'f' || r == 't' || r == 'r':
			w += 0.42
		case r == 'm' || r == 'w' || r == 'M' || r == 'W':
			w += 0.95
		case unicode.IsUpper(r):
			w += 0.72
		default:
			w += 0.62
		}
	}
	return w * fontSize
}

// countryGrid is how many points across and down a country's part of the
// map is sampled for a place for its name.
const countryGrid = 24

// placeCountryLabels names each country in view where its name fits:
// inside the country (every corner and the middle of each side of the
// name's box), on the map, and clear of the markers and of every label
// placed before it (the places' labels, the graticule's and the lakes' come
// first, so a country's name never hides a place's), and off its lakes. Of the points that fit, the one
// farthest from the country's border wins, so that the name stands in the
// country's middle, not on an edge. Larger countries go first. A country
// with no such point is left unnamed; its <title> names it.
func placeCountryLabels(m *Map) {
	fs := m.FontSize
	canvas, taken := labelSpace(m)
	inView := func(c Country) float64 {
		a := 0.0
		for _, r := range c.rings {
			b := bounds(r)
			a += max(0, min(b.x1, canvas.x1)-max(b.x0, canvas.x0)) * max(0, min(b.y1, canvas.y1)-max(b.y0, canvas.y0))
		}
		return a
	}
	order := make([]int, len(m.Countries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(inView(m.Countries[b]), inView(m.Countries[a])) })
	for _, i := range order {
		c := &m.Countries[i]
		inside := func(p pt) bool {
			n := 0
			for _, r := range c.rings {
				n += crossings(p, r)
			}
			return n%2 == 1 && !m.inLake(p)
		}
		best, bestD := (*Label)(nil), 0.0
		var bestBox rect
		for _, r := range c.rings {
			b := bounds(r)
			b = rect{max(b.x0, canvas.x0), max(b.y0, canvas.y0), min(b.x1, canvas.x1), min(b.y1, canvas.y1)}
			if b.x1 <= b.x0 || b.y1 <= b.y0 {
				continue
			}
			for gy := 0; gy <= countryGrid; gy++ {
				for gx := 0; gx <= countryGrid; gx++ {
					p := pt{b.x0 + (b.x1-b.x0)*float64(gx)/countryGrid, b.y0 + (b.y1-b.y0)*float64(gy)/countryGrid}
					box := textBox(c.Name, p.x, p.y+0.35*fs, "middle", fs)
					if !canvas.inside(box) || overlapsAny(box, taken) || m.hitsMarker(box) {
						continue
					}
					mx, my := (box.x0+box.x1)/2, (box.y0+box.y1)/2
					ok := true
					for _, q := range []pt{{box.x0, box.y0}, {box.x1, box.y0}, {box.x0, box.y1}, {box.x1, box.y1}, {mx, box.y0}, {mx, box.y1}, {box.x0, my}, {box.x1, my}, {mx, my}} {
						if !inside(q) {
							ok = false
							break
						}
					}
					if !ok {
						continue
					}
					d := math.Inf(1)
					for _, rr := range c.rings {
						d = min(d, ringDistance(p, rr))
					}
					if d > bestD {
						best, bestD, bestBox = &Label{Text: c.Name, X: round1(p.x), Y: round1(p.y + 0.35*fs), Anchor: "middle"}, d, box
					}
				}
			}
		}
		if best != nil {
			c.Label = best
			taken = append(taken, bestBox)
		}
	}
}
