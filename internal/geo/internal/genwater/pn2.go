package main

import (
	"encoding/binary"
	"fmt"
)

// The .pn2 format is Marble's packed polygon format (its Pn2Runner reads
// it; tools/shp2pn2 made these files from Natural Earth's shapefiles). All
// numbers are big-endian, as Qt's QDataStream writes them:
//
//	header:  version uint8 (2), rings uint32, colour-index flag uint8
//	item:    flag uint8, feature id uint32, then
//	         flag 4 (several geometries): count uint8, then count times
//	           flag uint8, feature id uint32, absolute nodes uint32, nodes
//	         any other flag: absolute nodes uint32, nodes
//	node:    lat int16, lon int16 (in 1/120 degree), relatives int16, then
//	         relatives times (lat int8, lon int8) added to the node's own
//
// Flags: 0 a line, 1 a ring, 2 a polygon's outer boundary, 3 an inner
// boundary (a hole) of the last outer one. The colour index, when the header
// says there is one, is a uint8 after a new feature id.
const (
	flagLine  = 0
	flagRing  = 1
	flagOuter = 2
	flagInner = 3
	flagMulti = 4
)

// unit is the number of .pn2 coordinate units to a degree.
const unit = 120

// polygon is an outer ring and its holes, each ring a list of (lon, lat)
// pairs in 1/120 degree, as the file has them.
type polygon struct {
	feature uint32
	rings   [][][2]int
}

// pn2Reader reads the file front to back, remembering where it is for the
// error messages.
type pn2Reader struct {
	name string
	data []byte
	off  int
	err  error
}

func (r *pn2Reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%s: byte %d: %s", r.name, r.off, fmt.Sprintf(format, args...))
	}
}

func (r *pn2Reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.data)-r.off < n {
		r.fail("the file ends in the middle of a record (%d bytes left, %d needed)", len(r.data)-r.off, n)
		return nil
	}
	b := r.data[r.off : r.off+n]
	r.off += n
	return b
}

func (r *pn2Reader) u8() uint8 {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *pn2Reader) i8() int { return int(int8(r.u8())) }

func (r *pn2Reader) i16() int {
	if b := r.take(2); b != nil {
		return int(int16(binary.BigEndian.Uint16(b)))
	}
	return 0
}

func (r *pn2Reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

// ring reads n absolute nodes with their relative ones. Each count is
// checked against the bytes left before anything is allocated, so a corrupt
// count fails instead of asking for gigabytes.
func (r *pn2Reader) ring(n uint32) [][2]int {
	if r.err != nil {
		return nil
	}
	if uint64(n)*6 > uint64(len(r.data)-r.off) {
		r.fail("%d nodes announced, more than the file holds", n)
		return nil
	}
	var out [][2]int
	for range n {
		lat, lon, rel := r.i16(), r.i16(), r.i16()
		if rel < 0 || rel*2 > len(r.data)-r.off {
			r.fail("%d relative nodes announced", rel)
			return nil
		}
		if !inRange(lat, lon) {
			r.fail("no such point: latitude %d/120, longitude %d/120", lat, lon)
			return nil
		}
		out = append(out, [2]int{lon, lat})
		for range rel {
			dlat, dlon := r.i8(), r.i8()
			if !inRange(lat+dlat, lon+dlon) {
				r.fail("no such point: latitude %d/120, longitude %d/120", lat+dlat, lon+dlon)
				return nil
			}
			out = append(out, [2]int{lon + dlon, lat + dlat})
		}
	}
	return out
}

func inRange(lat, lon int) bool {
	return lat >= -90*unit && lat <= 90*unit && lon >= -180*unit && lon <= 180*unit
}

// readPN2 returns the polygons of a version 2 .pn2 file, each outer
// boundary with the inner boundaries that follow it. Lines and lone rings
// are not areas and are skipped. It fails, naming the byte, on a file that
// is cut short, has a flag it does not know, a point off the globe, or
// more or fewer rings than its header says.
func readPN2(name string, data []byte) ([]polygon, error) {
	r := &pn2Reader{name: name, data: data}
	version, rings, colour := r.u8(), r.u32(), r.u8()
	if r.err == nil && version != 2 {
		return nil, fmt.Errorf("%s: version %d, want 2", name, version)
	}
	var out []polygon
	seen := uint32(0)
	// Marble reads a colour index where the feature id changes, starting
	// from 0.
	lastFeature := uint32(0)
	one := func(flag uint8, feature uint32) {
		nodes := r.u32()
		pts := r.ring(nodes)
		if r.err != nil {
			return
		}
		seen++
		switch flag {
		case flagOuter:
			out = append(out, polygon{feature: feature, rings: [][][2]int{pts}})
		case flagInner:
			if len(out) == 0 || out[len(out)-1].feature != feature {
				r.fail("an inner boundary of feature %d with no outer one before it", feature)
				return
			}
			out[len(out)-1].rings = append(out[len(out)-1].rings, pts)
		case flagLine, flagRing:
		default:
			r.fail("unknown flag %d", flag)
		}
	}
	for r.err == nil && r.off < len(r.data) {
		flag, feature := r.u8(), r.u32()
		if colour != 0 && feature != lastFeature {
			r.u8()
		}
		lastFeature = feature
		if flag != flagMulti {
			one(flag, feature)
			continue
		}
		for range int(r.u8()) {
			f, id := r.u8(), r.u32()
			one(f, id)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if seen != rings {
		return nil, fmt.Errorf("%s: %d rings, but the header says %d", name, seen, rings)
	}
	return out, nil
}
