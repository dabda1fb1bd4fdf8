// Command genwater makes internal/geo/data/lakes.json: the lakes of Natural
// Earth's 1:50m physical layer around the Caspian, named, with the
// reservoirs filled after 1946 left out, for the map of the 1945-46
// Azerbaijan crisis.
//
// It reads Natural Earth's ne_50m_lakes and ne_50m_lakes_historic as Debian
// ships them in the package marble-qt-data (KDE Marble's data, in Marble's
// .pn2 format: `apt-get install marble-qt-data`), checks each file against
// the SHA-256 below, so the output is the same on every machine, and reads
// the names and the reservoirs to leave out from data/water.json, which
// says for each a point inside the lake: the data carry no names.
//
// The rules, none of them about one lake:
//   - a lake is kept when its outer ring's bounding box meets -box;
//   - a historic shoreline (Natural Earth's ne_50m_lakes_historic: the Aral
//     Sea before it shrank) replaces the modern lake it covers, being nearer
//     the shore of 1946;
//   - a lake that contains one of water.json's "left out" points is dropped:
//     those are reservoirs that did not exist in 1946;
//   - a lake that contains one of water.json's "lakes" points takes its
//     name; a point in no lake, or in two, is an error, so a name can never
//     land on the wrong water;
//   - coordinates are kept as received, in 1/120 degree.
//
// Run it through go generate in internal/geo. Offline, `apt-get download
// marble-qt-data` and `dpkg-deb -x` it somewhere, then pass -dir
// SOMEWHERE/usr/share/marble/data/naturalearth.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/readingroom/readingroom/internal/geo/internal/bbox"
)

// The files read and their SHA-256, as Debian's marble-qt-data
// 4:22.12.3-1 installs them.
const (
	debPackage = "marble-qt-data 4:22.12.3-1"
	defaultDir = "/usr/share/marble/data/naturalearth"
	lakesFile  = "ne_50m_lakes.pn2"
	lakesSum   = "fb5f8f87e97d937d009a9f6620f7a718b3bb0ff724e2d650641b70a787fddce0"
	histFile   = "ne_50m_lakes_historic.pn2"
	histSum    = "4c06685f716e5d3d4079cf92220bbf12b6badcaf2d85451063730a1a0e4d8ee8"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "genwater:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fset := flag.NewFlagSet("genwater", flag.ContinueOnError)
	dir := fset.String("dir", defaultDir, "folder holding "+lakesFile+" and "+histFile)
	names := fset.String("names", "data/water.json", "the names and the lakes to leave out")
	out := fset.String("o", "data/lakes.json", "output file")
	boxFlag := fset.String("box", "20,15,75,60", "west,south,east,north in degrees: keep the lakes that meet this box")
	if err := fset.Parse(args); err != nil {
		return err
	}
	box, err := bbox.Parse(*boxFlag)
	if err != nil {
		return err
	}
	lakes, err := readChecked(*dir, lakesFile, lakesSum)
	if err != nil {
		return err
	}
	hist, err := readChecked(*dir, histFile, histSum)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(*names)
	if err != nil {
		return err
	}
	w, err := parseNames(*names, raw)
	if err != nil {
		return err
	}
	kept, report, err := choose(lakes, hist, w, box)
	if err != nil {
		return err
	}
	fmt.Fprint(stderr, report)
	return os.WriteFile(*out, encode(kept, box), 0o644)
}

func readChecked(dir, name, sum string) ([]polygon, error) {
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing: install Debian's %s (apt-get install marble-qt-data), or pass -dir", path, debPackage)
	}
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256(data)
	if got := hex.EncodeToString(h[:]); got != sum {
		return nil, fmt.Errorf("%s: SHA-256 %s, want %s (the file of %s)", path, got, sum, debPackage)
	}
	return readPN2(path, data)
}

// names is data/water.json: facts about the water that the shapes lack.
type names struct {
	Lakes   []namedPoint `json:"lakes"`
	LeftOut []namedPoint `json:"left out"`
}

// namedPoint is a lake named by a point inside it, in degrees.
type namedPoint struct {
	Name string     `json:"name"`
	At   [2]float64 `json:"at"` // longitude, latitude
	Why  string     `json:"why"`
}

func parseNames(file string, raw []byte) (names, error) {
	var w names
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&w); err != nil {
		return w, fmt.Errorf("%s: %w", file, err)
	}
	for _, list := range [][]namedPoint{w.Lakes, w.LeftOut} {
		for _, p := range list {
			if strings.TrimSpace(p.Name) == "" {
				return w, fmt.Errorf("%s: a lake at %v has no name", file, p.At)
			}
			if math.Abs(p.At[0]) > 180 || math.Abs(p.At[1]) > 90 {
				return w, fmt.Errorf("%s: %s: no such point %v", file, p.Name, p.At)
			}
		}
	}
	for _, p := range w.LeftOut {
		if strings.TrimSpace(p.Why) == "" {
			return w, fmt.Errorf("%s: %s is left out with no reason given", file, p.Name)
		}
	}
	return w, nil
}

// lake is a kept lake: its name, empty when water.json gives none, and its
// polygons.
type lake struct {
	name     string
	historic bool
	polys    []polygon
}

func contains(p polygon, lon, lat float64) bool {
	n := 0
	for _, r := range p.rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			ay, by := float64(a[1])/unit, float64(b[1])/unit
			ax, bx := float64(a[0])/unit, float64(b[0])/unit
			if (ay > lat) != (by > lat) && lon < ax+(lat-ay)/(by-ay)*(bx-ax) {
				n++
			}
		}
	}
	return n%2 == 1
}

func meets(p polygon, box [4]float64) bool {
	w, s, e, n := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range p.rings[0] {
		lon, lat := float64(q[0])/unit, float64(q[1])/unit
		w, s, e, n = min(w, lon), min(s, lat), max(e, lon), max(n, lat)
	}
	return w <= box[2] && e >= box[0] && s <= box[3] && n >= box[1]
}

// choose applies the rules of the package comment and says what it did.
func choose(modern, hist []polygon, w names, box [4]float64) ([]lake, string, error) {
	var report strings.Builder
	var lakes []lake
	for _, h := range hist {
		if meets(h, box) {
			lakes = append(lakes, lake{historic: true, polys: []polygon{h}})
		}
	}
	// Group the modern polygons by feature: a lake with islands in it
	// may come as several.
	byFeature := map[uint32]int{}
next:
	for _, p := range modern {
		if !meets(p, box) {
			continue
		}
		first := p.rings[0][0]
		for _, h := range hist {
			if contains(h, float64(first[0])/unit, float64(first[1])/unit) {
				fmt.Fprintf(&report, "feature %d: replaced by its historic shoreline\n", p.feature)
				continue next
			}
		}
		if i, ok := byFeature[p.feature]; ok {
			lakes[i].polys = append(lakes[i].polys, p)
			continue
		}
		byFeature[p.feature] = len(lakes)
		lakes = append(lakes, lake{polys: []polygon{p}})
	}
	find := func(np namedPoint) (int, error) {
		found := -1
		for i, l := range lakes {
			for _, p := range l.polys {
				if contains(p, np.At[0], np.At[1]) {
					if found >= 0 && found != i {
						return 0, fmt.Errorf("water.json: %s: the point %v lies in two lakes", np.Name, np.At)
					}
					found = i
				}
			}
		}
		if found < 0 {
			return 0, fmt.Errorf("water.json: %s: no lake of the data contains the point %v", np.Name, np.At)
		}
		return found, nil
	}
	drop := map[int]bool{}
	for _, np := range w.LeftOut {
		i, err := find(np)
		if err != nil {
			return nil, "", err
		}
		drop[i] = true
		fmt.Fprintf(&report, "left out: %s (%s)\n", np.Name, np.Why)
	}
	for _, np := range w.Lakes {
		i, err := find(np)
		if err != nil {
			return nil, "", err
		}
		if drop[i] {
			return nil, "", fmt.Errorf("water.json: %s is both named and left out", np.Name)
		}
		if lakes[i].name != "" {
			return nil, "", fmt.Errorf("water.json: %s and %s name the same lake", lakes[i].name, np.Name)
		}
		lakes[i].name = np.Name
	}
	var kept []lake
	for i, l := range lakes {
		if !drop[i] {
			kept = append(kept, l)
		}
	}
	// Named lakes first, by name, then the others from west to east, so
	// that the file is the same on every run.
	west := func(l lake) int {
		m := math.MaxInt
		for _, q := range l.polys[0].rings[0] {
			m = min(m, q[0])
		}
		return m
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if (a.name == "") != (b.name == "") {
			return a.name != ""
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return west(a) < west(b)
	})
	for _, l := range kept {
		label := l.name
		if label == "" {
			label = "(unnamed)"
		}
		fmt.Fprintf(&report, "kept: %s, %.0f km²\n", label, areaKm2(l))
	}
	return kept, report.String(), nil
}

// areaKm2 is a lake's area on a sphere of the Earth's mean radius, for the
// report (the README quotes it).
func areaKm2(l lake) float64 {
	const r = 6371.0
	total := 0.0
	for _, p := range l.polys {
		for k, ring := range p.rings {
			s := 0.0
			for i := range ring {
				a, b := ring[i], ring[(i+1)%len(ring)]
				lon1, lat1 := float64(a[0])/unit*math.Pi/180, float64(a[1])/unit*math.Pi/180
				lon2, lat2 := float64(b[0])/unit*math.Pi/180, float64(b[1])/unit*math.Pi/180
				s += (lon2 - lon1) * (2 + math.Sin(lat1) + math.Sin(lat2))
			}
			a := math.Abs(s * r * r / 2)
			if k > 0 {
				a = -a
			}
			total += a
		}
	}
	return total
}

// encode writes one lake a line, so that a later regeneration diffs
// readably: {"name": ..., "polygons": [[[lon, lat, lon, lat, ...], hole...]]}
// in 1/120 degree.
func encode(lakes []lake, box [4]float64) []byte {
	var buf bytes.Buffer
	bx, _ := json.Marshal(box)
	fmt.Fprintf(&buf, "{\"source\":\"Natural Earth 1:50m lakes (ne_50m_lakes, ne_50m_lakes_historic) from Debian's %s, reduced by internal/genwater\",\n\"unit\":%d,\"box\":%s,\n\"lakes\":[\n", debPackage, unit, bx)
	for i, l := range lakes {
		var polys [][][]int
		for _, p := range l.polys {
			var rings [][]int
			for _, r := range p.rings {
				flat := make([]int, 0, 2*len(r))
				for _, q := range r {
					flat = append(flat, q[0], q[1])
				}
				rings = append(rings, flat)
			}
			polys = append(polys, rings)
		}
		line, _ := json.Marshal(struct {
			Name     string    `json:"name,omitempty"`
			Historic bool      `json:"historic,omitempty"`
			Polygons [][][]int `json:"polygons"`
		}{l.name, l.historic, polys})
		buf.Write(line)
		if i < len(lakes)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	return buf.Bytes()
}
