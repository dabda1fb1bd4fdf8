// Command gendata makes internal/geo/data/countries-50m.json: the countries of
// Natural Earth's 1:50m admin-0 layer, as redistributed by the npm package
// world-atlas, reduced to the part of the world a map of the 1945-46
// Azerbaijan crisis can show.
//
// The reduction only drops things: the arcs, ids and names it keeps are as
// received. It keeps the countries that have a polygon whose outer ring's
// bounding box meets -box, and of those only such polygons (Russia keeps its
// mainland, not Novaya Zemlya); it keeps the arcs those polygons use, in their
// original order and encoding, renumbered; it drops the "land" object. The
// transform (quantization) is unchanged. It adds one foreign member, "box",
// so that internal/geo knows which area the data covers.
//
// Run it through go generate in internal/geo. It fetches the package tarball
// from the npm registry and checks it against the integrity hash the registry
// publishes, so the output is the same on every machine; -tgz reads a tarball
// made by `npm pack world-atlas@2.0.2` instead, for working offline.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/readingroom/readingroom/internal/geo/internal/bbox"
)

// The package version and its tarball's integrity, as `npm view
// world-atlas@2.0.2 dist` reports them.
const (
	version   = "2.0.2"
	tarball   = "https://registry.npmjs.org/world-atlas/-/world-atlas-2.0.2.tgz"
	integrity = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
	member    = "package/countries-50m.json"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gendata", flag.ContinueOnError)
	out := fs.String("o", "data/countries-50m.json", "output file")
	tgz := fs.String("tgz", "", "world-atlas tarball to read instead of fetching it")
	boxFlag := fs.String("box", "20,15,75,60", "west,south,east,north in degrees: keep what meets this box")
	if err := fs.Parse(args); err != nil {
		return err
	}
	box, err := bbox.Parse(*boxFlag)
	if err != nil {
		return err
	}
	var raw []byte
	if *tgz != "" {
		raw, err = os.ReadFile(*tgz)
	} else {
		raw, err = fetch(tarball)
	}
	if err != nil {
		return err
	}
	if err := checkIntegrity(raw); err != nil {
		return err
	}
	src, err := extract(raw, member)
	if err != nil {
		return err
	}
	reduced, err := reduce(src, box)
	if err != nil {
		return err
	}
	return os.WriteFile(*out, reduced, 0o644)
}

func fetch(url string) ([]byte, error) {
	c := &http.Client{Timeout: 2 * time.Minute}
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

func checkIntegrity(raw []byte) error {
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != integrity {
		return fmt.Errorf("the tarball is not world-atlas@%s: integrity %s, want %s", version, got, integrity)
	}
	return nil
}

func extract(tgz []byte, name string) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s is not in the tarball", name)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name {
			return io.ReadAll(tr)
		}
	}
}

type topology struct {
	Type      string                     `json:"type"`
	Transform *transform                 `json:"transform"`
	Objects   map[string]json.RawMessage `json:"objects"`
	Arcs      []json.RawMessage          `json:"arcs"`
}

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type collection struct {
	Type       string     `json:"type"`
	Geometries []geometry `json:"geometries"`
}

// geometry keeps id and properties as received.
type geometry struct {
	Type       string          `json:"type"`
	Arcs       json.RawMessage `json:"arcs"`
	ID         json.RawMessage `json:"id,omitempty"`
	Properties json.RawMessage `json:"properties,omitempty"`
}

func reduce(src []byte, box [4]float64) ([]byte, error) {
	var t topology
	if err := json.Unmarshal(src, &t); err != nil {
		return nil, err
	}
	if t.Type != "Topology" || t.Transform == nil {
		return nil, errors.New("not a quantized TopoJSON topology")
	}
	var countries collection
	if err := json.Unmarshal(t.Objects["countries"], &countries); err != nil {
		return nil, fmt.Errorf("objects.countries: %w", err)
	}
	// Each arc's bounding box, in degrees, for the test on outer rings.
	bounds := make([][4]float64, len(t.Arcs))
	for i, a := range t.Arcs {
		var pts [][]int64
		if err := json.Unmarshal(a, &pts); err != nil {
			return nil, fmt.Errorf("arc %d: %w", i, err)
		}
		var x, y int64
		b := [4]float64{1e9, 1e9, -1e9, -1e9}
		for _, p := range pts {
			x, y = x+p[0], y+p[1]
			lon := float64(x)*t.Transform.Scale[0] + t.Transform.Translate[0]
			lat := float64(y)*t.Transform.Scale[1] + t.Transform.Translate[1]
			b = [4]float64{min(b[0], lon), min(b[1], lat), max(b[2], lon), max(b[3], lat)}
		}
		bounds[i] = b
	}
	meets := func(ring []int) bool {
		b := [4]float64{1e9, 1e9, -1e9, -1e9}
		for _, r := range ring {
			if r < 0 {
				r = ^r
			}
			a := bounds[r]
			b = [4]float64{min(b[0], a[0]), min(b[1], a[1]), max(b[2], a[2]), max(b[3], a[3])}
		}
		return b[0] <= box[2] && b[2] >= box[0] && b[1] <= box[3] && b[3] >= box[1]
	}

	renumber := map[int]int{}
	var keptArcs []json.RawMessage
	ref := func(r int) int {
		i := r
		if i < 0 {
			i = ^i
		}
		n, ok := renumber[i]
		if !ok {
			n = len(keptArcs)
			renumber[i] = n
			keptArcs = append(keptArcs, t.Arcs[i])
		}
		if r < 0 {
			return ^n
		}
		return n
	}
	var kept []geometry
	for _, g := range countries.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, err
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, err
			}
		default:
			continue
		}
		var keep [][][]int
		for _, p := range polys {
			if len(p) > 0 && meets(p[0]) {
				keep = append(keep, p)
			}
		}
		if len(keep) == 0 {
			continue
		}
		for _, p := range keep {
			for _, ring := range p {
				for k, r := range ring {
					ring[k] = ref(r)
				}
			}
		}
		var err error
		if len(keep) == 1 {
			g.Type = "Polygon"
			g.Arcs, err = json.Marshal(keep[0])
		} else {
			g.Type = "MultiPolygon"
			g.Arcs, err = json.Marshal(keep)
		}
		if err != nil {
			return nil, err
		}
		kept = append(kept, g)
	}

	// One geometry and one arc a line, so that a later regeneration diffs
	// readably.
	var buf bytes.Buffer
	tr, _ := json.Marshal(t.Transform)
	bx, _ := json.Marshal(box)
	fmt.Fprintf(&buf, "{\"type\":\"Topology\",\"box\":%s,\"transform\":%s,\n\"objects\":{\"countries\":{\"type\":\"GeometryCollection\",\"geometries\":[\n", bx, tr)
	for i, g := range kept {
		line, err := json.Marshal(g)
		if err != nil {
			return nil, err
		}
		buf.Write(line)
		if i < len(kept)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}},\n\"arcs\":[\n")
	for i, a := range keptArcs {
		var c bytes.Buffer
		if err := json.Compact(&c, a); err != nil {
			return nil, err
		}
		buf.Write(c.Bytes())
		if i < len(keptArcs)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}
