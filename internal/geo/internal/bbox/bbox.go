// Package bbox reads the -box flag the map's data generators share: a
// region of the globe as "west,south,east,north" in degrees.
package bbox

import (
	"fmt"
	"strconv"
	"strings"
)

// Parse reads "west,south,east,north", each a number of degrees.
func Parse(s string) ([4]float64, error) {
	var b [4]float64
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return b, fmt.Errorf("-box %q: want west,south,east,north", s)
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return b, fmt.Errorf("-box %q: %w", s, err)
		}
		b[i] = v
	}
	if b[0] >= b[2] || b[1] >= b[3] {
		return b, fmt.Errorf("-box %q: west must be less than east, south less than north", s)
	}
	return b, nil
}
