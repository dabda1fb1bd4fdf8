package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pn2 builds a .pn2 file from items, so that the reader is tested on
// shapes made up here rather than on the shipped data.
type pn2 struct{ b []byte }

func (p *pn2) u8(v uint8)   { p.b = append(p.b, v) }
func (p *pn2) u32(v uint32) { p.b = binary.BigEndian.AppendUint32(p.b, v) }
func (p *pn2) i16(v int)    { p.b = binary.BigEndian.AppendUint16(p.b, uint16(int16(v))) }

// square appends a ring of one absolute node (lon, lat) and three relative
// ones, a square of side d, all in 1/120 degree.
func (p *pn2) square(lon, lat, d int) {
	p.u32(1)
	p.i16(lat)
	p.i16(lon)
	p.i16(3)
	for _, q := range [][2]int{{0, d}, {d, d}, {d, 0}} { // lat, lon offsets
		p.u8(uint8(int8(q[0])))
		p.u8(uint8(int8(q[1])))
	}
}

func header(rings uint32) *pn2 {
	p := &pn2{}
	p.u8(2)
	p.u32(rings)
	p.u8(0)
	return p
}

func TestReadPN2(t *testing.T) {
	p := header(4)
	// A lake with an island, then a line (skipped), then a feature of two
	// polygons in one multi-geometry.
	p.u8(flagOuter)
	p.u32(7)
	p.square(-120, -60, 100)
	p.u8(flagInner)
	p.u32(7)
	p.square(-100, -40, 10)
	p.u8(flagMulti)
	p.u32(8)
	p.u8(2)
	p.u8(flagOuter)
	p.u32(8)
	p.square(6000, 4800, 50)
	p.u8(flagOuter)
	p.u32(8)
	p.square(6100, 4800, 50)
	polys, err := readPN2("test.pn2", p.b)
	if err != nil {
		t.Fatal(err)
	}
	if len(polys) != 3 || len(polys[0].rings) != 2 || polys[1].feature != 8 || polys[2].feature != 8 {
		t.Fatalf("polygons %+v", polys)
	}
	if got := polys[0].rings[0]; len(got) != 4 || got[0] != [2]int{-120, -60} || got[2] != [2]int{-20, 40} {
		t.Errorf("the first ring is %v", got)
	}
	// The island is a hole: its middle is not in the lake, the lake's is.
	if contains(polys[0], -95.0/unit, -35.0/unit) || !contains(polys[0], -60.0/unit, 0) {
		t.Error("the hole of the first polygon is not a hole")
	}

	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"cut short", p.b[:len(p.b)-3], "byte"},
		{"count", append(header(9).b, p.b[6:]...), "header says 9"},
		{"version", append([]byte{1}, p.b[1:]...), "version 1"},
		{"flag", append(header(1).b, 9, 0, 0, 0, 1, 0, 0, 0, 0), "unknown flag 9"},
		{"huge count", append(header(1).b, flagOuter, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff), "more than the file holds"},
		{"off the globe", func() []byte {
			q := header(1)
			q.u8(flagOuter)
			q.u32(1)
			q.square(0, 11000, 10)
			return q.b
		}(), "no such point"},
		{"hole first", func() []byte {
			q := header(1)
			q.u8(flagInner)
			q.u32(1)
			q.square(0, 0, 10)
			return q.b
		}(), "no outer one"},
	} {
		_, err := readPN2("bad.pn2", c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "bad.pn2") {
			t.Errorf("%s: %v, want an error naming the file and %q", c.name, err, c.want)
		}
	}
}

func sq(feature uint32, lon, lat, d int) polygon {
	return polygon{feature: feature, rings: [][][2]int{{{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}}}}
}

func TestChoose(t *testing.T) {
	box := [4]float64{0, 0, 10, 10}
	modern := []polygon{
		sq(1, 120, 120, 120),  // 1°..2°: named
		sq(2, 600, 600, 60),   // 5°..5.5°: inside the historic lake below
		sq(3, 840, 840, 60),   // a reservoir
		sq(4, 2400, 2400, 60), // outside the box
		sq(5, 360, 120, 60),   // unnamed, kept
		sq(1, 1080, 1080, 30), // a second polygon of feature 1
	}
	hist := []polygon{sq(9, 540, 540, 240)}
	w := names{
		Lakes:   []namedPoint{{Name: "Test Lake", At: [2]float64{1.5, 1.5}}, {Name: "Old Lake", At: [2]float64{5.8, 5.8}}},
		LeftOut: []namedPoint{{Name: "Dam Lake", At: [2]float64{7.25, 7.25}, Why: "built later"}},
	}
	kept, report, err := choose(modern, hist, w, box)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range kept {
		got = append(got, l.name)
	}
	if strings.Join(got, "|") != "Old Lake|Test Lake|" {
		t.Errorf("kept %q", got)
	}
	if !kept[0].historic || len(kept[1].polys) != 2 {
		t.Errorf("the historic lake or the two-part lake is wrong: %+v", kept)
	}
	if !strings.Contains(report, "left out: Dam Lake (built later)") || !strings.Contains(report, "feature 2: replaced") {
		t.Errorf("report %q", report)
	}

	for _, c := range []struct {
		w    names
		want string
	}{
		{names{Lakes: []namedPoint{{Name: "Dry Lake", At: [2]float64{3.9, 9}}}}, "no lake of the data contains"},
		{names{Lakes: []namedPoint{{Name: "A", At: [2]float64{1.5, 1.5}}, {Name: "B", At: [2]float64{1.2, 1.2}}}}, "name the same lake"},
		{names{Lakes: []namedPoint{{Name: "A", At: [2]float64{7.25, 7.25}}}, LeftOut: []namedPoint{{Name: "A", At: [2]float64{7.25, 7.25}, Why: "x"}}}, "both named and left out"},
	} {
		if _, _, err := choose(modern, hist, c.w, box); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.w, err, c.want)
		}
	}
	if _, err := parseNames("w.json", []byte(`{"left out":[{"name":"X","at":[1,1]}]}`)); err == nil || !strings.Contains(err.Error(), "no reason") {
		t.Errorf("a lake left out without a reason: %v", err)
	}
	if _, err := parseNames("w.json", []byte("{\r\n\"lakes\":[{\"name\":\" \",\"at\":[1,1]}]}")); err == nil || !strings.Contains(err.Error(), "no name") {
		t.Errorf("a nameless lake: %v", err)
	}
}

// The committed data/lakes.json is what the generator makes from the
// pinned Debian files. It needs Debian's marble-qt-data, which `make
// tools` installs; without it the test fails and says so.
func TestCommittedDataIsFresh(t *testing.T) {
	if _, err := os.Stat(filepath.Join(defaultDir, lakesFile)); err != nil {
		t.Fatalf("Debian's %s is not installed (%v): `make tools` installs it", debPackage, err)
	}
	out := filepath.Join(t.TempDir(), "lakes.json")
	var stderr bytes.Buffer
	if err := run([]string{"-names", "../../data/water.json", "-o", out}, &stderr); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../data/lakes.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("data/lakes.json differs from what the generator makes: run go generate in internal/geo")
	}
	if !strings.Contains(stderr.String(), "kept: Lake Urmia") {
		t.Errorf("the report lacks Lake Urmia: %s", stderr.String())
	}
}

// A file with colour indices has one after each new feature id, as Marble
// reads it; they are skipped.
func TestReadPN2Colours(t *testing.T) {
	p := &pn2{}
	p.u8(2)
	p.u32(3)
	p.u8(1)
	p.u8(flagOuter)
	p.u32(1)
	p.u8(42) // colour of feature 1
	p.square(0, 0, 60)
	p.u8(flagInner)
	p.u32(1) // same feature: no colour
	p.square(10, 10, 10)
	p.u8(flagOuter)
	p.u32(2)
	p.u8(7) // colour of feature 2
	p.square(600, 600, 60)
	polys, err := readPN2("colour.pn2", p.b)
	if err != nil {
		t.Fatal(err)
	}
	if len(polys) != 2 || len(polys[0].rings) != 2 || polys[1].rings[0][0] != [2]int{600, 600} {
		t.Errorf("polygons %+v", polys)
	}
}
