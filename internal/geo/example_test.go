package geo_test

import (
	"fmt"

	"github.com/readingroom/readingroom/internal/geo"
)

func ExampleDraw() {
	places := []geo.Place{
		{ID: "tabriz", Name: "Tabriz", URL: "/places/tabriz", Lat: 38.08, Lon: 46.29, Count: 5},
		{ID: "baku", Name: "Baku", URL: "/places/baku", Lat: 40.41, Lon: 49.87, Count: 2},
		{ID: "zanjan", Name: "Zanjan", URL: "/places/zanjan", Lat: 36.67, Lon: 48.48},
		{ID: "moscow", Name: "Moscow", URL: "/places/moscow", Lat: 55.76, Lon: 37.62, Count: 3},
	}
	m, err := geo.Draw(places, geo.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.ViewBox)
	for _, mk := range m.Markers {
		fmt.Printf("%s at (%g, %g), r %g, in %s\n", mk.Name, mk.X, mk.Y, mk.R, mk.Country)
	}
	fmt.Println(m.Summary())
	fmt.Println(m.Note)
	// Output:
	// 0 0 800 600
	// Tabriz at (253.6, 348.1), r 8.9, in Iran
	// Baku at (546.4, 104.5), r 5.7, in Azerbaijan
	// Zanjan at (432.7, 495.5), r 3, in Iran
	// 3 places in Iran and the Azerbaijan SSR; largest markers: Tabriz (5 documents), Baku (2 documents). Seas and lakes: Caspian Sea, Lake Urmia, Lake Sevan and Lake Van. Outside this map: Moscow (3 documents).
	// Borders are modern (Natural Earth, 2018), not those of 1946.
}
