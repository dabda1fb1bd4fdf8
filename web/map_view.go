package web

// MapPage is the map of the places.
type MapPage struct {
	Page
	Map       MapView
	Summary   string
	Outside   []EntityLink // located places off the map
	Unplaced  []EntityLink // countries and regions, which a point cannot show
	Note      string
	Attribute string
	// Inset is Iranian Azerbaijan enlarged; Context says what the borders
	// were in 1946.
	Inset        MapView
	InsetSummary string
	Context      string
}

// MapView is the map with every number formatted for SVG.
type MapView struct {
	Width, Height string
	ViewBox       string
	FontSize      string
	GridFontSize  string
	Countries     []MapCountry
	Graticule     []MapLine
	Markers       []MapMarker
	// Lakes are drawn over the countries as water; WaterLabels name the
	// lakes and seas that have room.
	Lakes       []MapLake
	WaterLabels []MapLabel
}

// MapLake is a lake's outline and its name, empty where the data has
// none.
type MapLake struct {
	Name, Path string
}

// MapLabel is a name at X, Y, placed as Anchor (an SVG text-anchor) says.
type MapLabel struct {
	Text, X, Y, Anchor string
}

// MapCountry is a country's outline; Focus marks Iran and the Soviet
// republic of Azerbaijan.
type MapCountry struct {
	Name  string
	Path  string
	Focus bool
	// Label is the name drawn at LX, LY (centred), when it has room.
	Label, LX, LY string
}

// MapLine is a graticule line with its label.
type MapLine struct {
	Path, Label, X, Y, Anchor string
}

// MapMarker is a place: a circle linking to its page, and its label.
type MapMarker struct {
	Name, URL, Title string
	X, Y, R          string
	Labeled          bool
	LX, LY, Anchor   string
}
