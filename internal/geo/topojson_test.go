package geo

import (
	"math"
	"strings"
	"testing"
)

func TestShippedBorders(t *testing.T) {
	if n := len(countries50m); n > 300<<10 {
		t.Errorf("the shipped data is %d bytes; keep it well under 1 MB", n)
	}
	b, err := shipped()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Box{West: 20, South: 15, East: 75, North: 60}); b.extent != want {
		t.Errorf("extent %+v, want %+v (the -box of go:generate)", b.extent, want)
	}
	if !Region.within(b.extent) || !Context.within(b.extent) {
		t.Errorf("Region %+v or Context %+v is beyond the data's extent %+v", Region, Context, b.extent)
	}
	byName := map[string]country{}
	for _, c := range b.countries {
		byName[c.name] = c
	}
	for name, iso := range map[string]string{"Iran": "364", "Azerbaijan": "031", "Turkey": "792", "Armenia": "051", "Georgia": "268", "Russia": "643", "Iraq": "368", "Turkmenistan": "795"} {
		c, ok := byName[name]
		if !ok {
			t.Errorf("%s is missing", name)
			continue
		}
		if c.iso != iso {
			t.Errorf("%s: ISO %q, want %q", name, c.iso, iso)
		}
	}
	for _, tc := range []struct {
		place    string
		lat, lon float64
		want     string // "" for the sea
	}{
		{"Isfahan", 32.65, 51.67, "Iran"},
		{"Tabriz", 38.08, 46.29, "Iran"},
		{"Tehran", 35.69, 51.39, "Iran"},
		{"Baku", 40.41, 49.87, "Azerbaijan"},
		{"Nakhchivan", 39.21, 45.41, "Azerbaijan"},
		{"Yerevan", 40.18, 44.51, "Armenia"},
		{"Tbilisi", 41.72, 44.79, "Georgia"},
		{"Erzurum", 39.90, 41.27, "Turkey"},
		{"Baghdad", 33.31, 44.36, "Iraq"},
		{"the middle of the Caspian", 41.0, 51.0, ""},
		{"the Persian Gulf", 27.5, 51.0, ""},
	} {
		got := ""
		if i := b.countryOf(pt{tc.lon, tc.lat}); i >= 0 {
			got = b.countries[i].name
		}
		if got != tc.want {
			t.Errorf("%s (%v, %v) is in %q, want %q", tc.place, tc.lat, tc.lon, got, tc.want)
		}
	}
}

// square is a quantized topology of two unit squares side by side, sharing
// the arc between them, the left one with a hole, and a third polygon (an
// island) in the right one's MultiPolygon. The transform makes each quantum
// a tenth of a degree from (40, 30).
const square = `{"type":"Topology",
 "transform":{"scale":[0.1,0.1],"translate":[40,30]},
 "objects":{"c":{"type":"GeometryCollection","geometries":[
  {"type":"Polygon","id":"001","properties":{"name":"Left"},"arcs":[[0,1],[3]]},
  {"type":"MultiPolygon","id":2,"properties":{"name":"Right"},"arcs":[[[-1,2]],[[4]]]},
  {"type":"Point","coordinates":[1,1]},
  {"type":null}
 ]}},
 "arcs":[
  [[10,0],[0,10]],
  [[10,10],[-10,0],[0,-10],[10,0]],
  [[10,0],[10,0],[0,10],[-10,0]],
  [[2,2],[0,6],[6,0],[0,-6],[-6,0]],
  [[30,30],[1,0],[0,1],[-1,0],[0,-1]]
 ]}`

func TestDecodeTopology(t *testing.T) {
	b, err := decodeTopology([]byte(square), "c")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.countries) != 2 {
		t.Fatalf("%d countries, want 2 (the point and the null geometry are not areas)", len(b.countries))
	}
	left, right := b.countries[0], b.countries[1]
	if left.name != "Left" || left.iso != "001" || right.name != "Right" || right.iso != "002" {
		t.Errorf("names and codes: %q %q, %q %q", left.name, left.iso, right.name, right.iso)
	}
	// The shared arc, delta-decoded: (10,0) then (10,10) in quanta.
	if got, want := b.arcs[0], []pt{{41, 30}, {41, 31}}; !samePoints(got, want) {
		t.Errorf("arc 0 = %v, want %v", got, want)
	}
	// Right's outer ring runs down the shared arc reversed, then round its
	// own side without repeating the corner where the two arcs meet.
	wantRight := []pt{{41, 31}, {41, 30}, {42, 30}, {42, 31}, {41, 31}}
	if got := right.rings[0]; !samePoints(got, wantRight) {
		t.Errorf("right ring = %v, want %v", got, wantRight)
	}
	if len(left.rings) != 2 || len(right.rings) != 2 {
		t.Errorf("rings: left %d, right %d; want 2 and 2", len(left.rings), len(right.rings))
	}
	for _, tc := range []struct {
		lon, lat float64
		want     string
	}{
		{40.5, 30.1, "Left"},
		{40.5, 30.5, ""}, // in Left's hole
		{41.5, 30.5, "Right"},
		{43.05, 33.05, "Right"}, // on the island
		{45, 35, ""},
	} {
		got := ""
		if i := b.countryOf(pt{tc.lon, tc.lat}); i >= 0 {
			got = b.countries[i].name
		}
		if got != tc.want {
			t.Errorf("(%v, %v) is in %q, want %q", tc.lon, tc.lat, got, tc.want)
		}
	}
}

func TestDecodeTopologyUnquantized(t *testing.T) {
	const doc = `{"type":"Topology","objects":{"c":{"type":"Polygon","properties":{"name":"A"},"arcs":[[0]]}},
	 "arcs":[[[44.5,38.25],[45,38.25],[45,39],[44.5,38.25]]]}`
	b, err := decodeTopology([]byte(doc), "c")
	if err != nil {
		t.Fatal(err)
	}
	if want := []pt{{44.5, 38.25}, {45, 38.25}, {45, 39}, {44.5, 38.25}}; !samePoints(b.arcs[0], want) {
		t.Errorf("arc = %v, want %v (absolute positions, no deltas)", b.arcs[0], want)
	}
}

func TestDecodeTopologyErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"not JSON", `{"type":`, "decoding TopoJSON"},
		{"GeoJSON", `{"type":"FeatureCollection","features":[]}`, `type "FeatureCollection"`},
		{"no object", `{"type":"Topology","objects":{},"arcs":[]}`, `no object "c"`},
		{"arc out of range", `{"type":"Topology","objects":{"c":{"type":"Polygon","properties":{"name":"A"},"arcs":[[0,-3]]}},"arcs":[[[0,0],[1,1]]]}`, "arc -3"},
		{"short arc", `{"type":"Topology","objects":{"c":{"type":"Polygon","arcs":[[0]]}},"arcs":[[[0,0]]]}`, "arc 0 has 1 positions"},
		{"short position", `{"type":"Topology","objects":{"c":{"type":"Polygon","arcs":[[0]]}},"arcs":[[[0,0],[1]]]}`, "position 1"},
		{"bad arcs", `{"type":"Topology","objects":{"c":{"type":"Polygon","properties":{"name":"A"},"arcs":[0]}},"arcs":[[[0,0],[1,1]]]}`, "A:"},
		{"empty ring", `{"type":"Topology","objects":{"c":{"type":"Polygon","properties":{"name":"A"},"arcs":[[]]}},"arcs":[[[0,0],[1,1]]]}`, "without arcs"},
		{"no polygons", `{"type":"Topology","objects":{"c":{"type":"GeometryCollection","geometries":[]}},"arcs":[]}`, "no polygons"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeTopology([]byte(tc.doc), "c")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func samePoints(a, b []pt) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i].x-b[i].x) > 1e-9 || math.Abs(a[i].y-b[i].y) > 1e-9 {
			return false
		}
	}
	return true
}
