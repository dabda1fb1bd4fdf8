package geo

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestProjection(t *testing.T) {
	p := newProjection(Box{West: 40, South: 30, East: 50, North: 40}, 800)
	if got := p.point(40, 40); got != (pt{0, 0}) {
		t.Errorf("the north-west corner projects to %v, want the origin", got)
	}
	if got := p.point(50, 40).x; math.Abs(got-800) > 1e-9 {
		t.Errorf("the east edge projects to x = %v, want 800", got)
	}
	// A degree of longitude at the middle latitude, 35°N, is cos 35° of a
	// degree of latitude.
	if got, want := p.kx/p.ky, math.Cos(35*math.Pi/180); math.Abs(got-want) > 1e-9 {
		t.Errorf("x/y scale %v, want cos 35° = %v", got, want)
	}
	if got, want := p.height(Box{West: 40, South: 30, East: 50, North: 40}), int(math.Round(800/math.Cos(35*math.Pi/180))); got != want {
		t.Errorf("height %d, want %d", got, want)
	}
}

func TestClipLine(t *testing.T) {
	r := rect{0, 0, 20, 20}
	sq := func(x0, y0, x1, y1 float64) []pt {
		return []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	for _, tc := range []struct {
		name string
		ring []pt
		area float64
	}{
		{"inside", sq(5, 5, 10, 10), 25},
		{"across a corner", sq(-10, -10, 10, 10), 100},
		{"across an edge", sq(5, -10, 15, 30), 200},
		{"around the rectangle", sq(-50, -50, 50, 50), 400},
		{"beside it", sq(30, 0, 40, 10), 0},
		// A triangle whose edge cuts the corner of the rectangle with both
		// its ends outside it.
		{"a corner touched by one edge", []pt{{-10, 10}, {10, -10}, {-10, -10}, {-10, 10}}, 0},
		{"a corner cut by a long edge", []pt{{-10, 20}, {20, -10}, {-10, -10}, {-10, 20}}, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := clipLine(tc.ring, r)
			for _, p := range got {
				if p.x < r.x0 || p.x > r.x1 || p.y < r.y0 || p.y > r.y1 {
					t.Fatalf("point %v is outside the rectangle", p)
				}
			}
			if a := math.Abs(area(got)); math.Abs(a-tc.area) > 1e-9 {
				t.Errorf("area %v, want %v (clipped: %v)", a, tc.area, got)
			}
		})
	}
	// Folding onto the edge keeps the runs along it short: a long line
	// outside becomes a few points.
	var long []pt
	for i := range 1000 {
		long = append(long, pt{float64(i), -5 - float64(i%7)})
	}
	if got := clipLine(long, r); len(got) > 4 {
		t.Errorf("a line running outside kept %d points: %v", len(got), got)
	}
}

func TestSimplify(t *testing.T) {
	var wobbly []pt
	for i := range 101 {
		wobbly = append(wobbly, pt{float64(i), 0.3 * math.Sin(float64(i))})
	}
	got := simplify(wobbly, 0.5)
	if len(got) != 2 || got[0] != wobbly[0] || got[1] != wobbly[100] {
		t.Errorf("a line wobbling less than the tolerance became %v, want its two ends", got)
	}
	corner := []pt{{0, 0}, {5, 0.1}, {10, 0}, {10, 5}, {10, 10}}
	if got := simplify(corner, 0.5); len(got) != 3 || got[1] != (pt{10, 0}) {
		t.Errorf("a corner became %v, want the corner kept", got)
	}
	// A closed arc (an island) starts and ends at one point.
	island := []pt{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	if got := simplify(island, 0.5); len(got) < 4 || math.Abs(area(got)) < 8 {
		t.Errorf("an island became %v", got)
	}
}

func TestAppendPath(t *testing.T) {
	var sb strings.Builder
	appendPath(&sb, []pt{{0.04, 1.26}, {10, 1.25}, {10.02, 1.27}, {10, 20}, {0, 0}})
	appendPath(&sb, []pt{{-0.04, 5}, {3, 5}, {3, 8}, {0, 5}})
	const want = "M0 1.3 10 1.3 10 20 0 0Z M0 5 3 5 3 8Z"
	if got := sb.String(); got != want {
		t.Errorf("path %q, want %q", got, want)
	}
}

// parsePath reads back the path data appendPath writes.
func parsePath(t *testing.T, d string) [][]pt {
	t.Helper()
	var rings [][]pt
	for _, part := range strings.Split(d, "Z") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.HasPrefix(part, "M") {
			t.Fatalf("ring %q does not start with M", part)
		}
		f := strings.Fields(part[1:])
		if len(f)%2 != 0 {
			t.Fatalf("ring %q has an odd number of coordinates", part)
		}
		var r []pt
		for i := 0; i < len(f); i += 2 {
			x, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				t.Fatal(err)
			}
			y, err := strconv.ParseFloat(f[i+1], 64)
			if err != nil {
				t.Fatal(err)
			}
			r = append(r, pt{x, y})
		}
		rings = append(rings, r)
	}
	return rings
}

// insidePath reports whether a point is inside path data, by the even-odd
// rule the page fills it with.
func insidePath(t *testing.T, d string, p pt) bool {
	t.Helper()
	n := 0
	for _, r := range parsePath(t, d) {
		n += crossings(p, r)
	}
	return n%2 == 1
}
