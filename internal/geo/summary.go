package geo

import (
	"fmt"
	"sort"
	"strings"
)

// names1946 are the names in 1946 of the modern countries, by ISO code, that
// were then Soviet republics, so that the text alternative speaks of the
// Azerbaijan SSR as the documents do. Their outer borders were much as now;
// other countries keep their Natural Earth names.
var names1946 = map[string]string{
	"031": "the Azerbaijan SSR",
	"051": "the Armenian SSR",
	"268": "the Georgian SSR",
	"398": "the Kazakh SSR",
	"643": "the Russian SFSR",
	"795": "the Turkmen SSR",
	"860": "the Uzbek SSR",
}

// summaryLargest is how many of the largest markers Summary names.
const summaryLargest = 3

// Summary is the map in words, for the text alternative of the image: how
// many places it shows and in which countries, the largest markers, the
// seas and the named lakes in view, and the places outside it. For
// example: "18 places in Iran and the Azerbaijan SSR; largest markers:
// Tabriz (5 documents), Tehran (4 documents), Baku (3 documents). Seas and
// lakes: Caspian Sea, Black Sea and Lake Urmia. Outside this map: Moscow
// (2 documents)."
func (m *Map) Summary() string {
	var sb strings.Builder
	if len(m.Markers) == 0 {
		sb.WriteString("No places on this map.")
	} else {
		sb.WriteString(plural(len(m.Markers), "place", "places"))
		if cs := m.countries(); len(cs) > 0 {
			sb.WriteString(" in ")
			sb.WriteString(list(cs))
		}
		var largest []string
		for _, mk := range m.Markers {
			if mk.Count == 0 || len(largest) == summaryLargest {
				break
			}
			largest = append(largest, fmt.Sprintf("%s (%s)", mk.Name, plural(mk.Count, "document", "documents")))
		}
		if len(largest) > 0 {
			sb.WriteString("; largest markers: ")
			sb.WriteString(strings.Join(largest, ", "))
		}
		sb.WriteString(".")
	}
	if w, heading := m.waterNames(); len(w) > 0 {
		sb.WriteString(" " + heading + ": ")
		sb.WriteString(list(w))
		sb.WriteString(".")
	}
	if len(m.Outside) > 0 {
		var out []string
		for _, mk := range m.Outside {
			out = append(out, fmt.Sprintf("%s (%s)", mk.Name, plural(mk.Count, "document", "documents")))
		}
		sb.WriteString(" Outside this map: ")
		sb.WriteString(strings.Join(out, ", "))
		sb.WriteString(".")
	}
	return sb.String()
}

// countries names the countries of the markers, most places first.
func (m *Map) countries() []string {
	n := map[string]int{}
	var names []string
	for _, mk := range m.Markers {
		name := mk.Country
		if h, ok := names1946[mk.ISO]; ok {
			name = h
		}
		if name == "" {
			continue
		}
		if n[name] == 0 {
			names = append(names, name)
		}
		n[name]++
	}
	sort.SliceStable(names, func(i, j int) bool { return n[names[i]] > n[names[j]] })
	return names
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// list joins names as "A", "A and B" or "A, B and C".
func list(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// waterNames names the seas with a place on this map's water, then its
// named lakes, larger first, with a heading that says which there are:
// "Seas", "Lakes" or "Seas and lakes".
func (m *Map) waterNames() (names []string, heading string) {
	seas := 0
	for _, s := range m.Seas {
		names = append(names, s.Name)
		seas++
	}
	for _, l := range m.Lakes {
		if l.Name != "" {
			names = append(names, l.Name)
		}
	}
	switch {
	case seas == len(names):
		heading = "Seas"
	case seas == 0:
		heading = "Lakes"
	default:
		heading = "Seas and lakes"
	}
	return names, heading
}
