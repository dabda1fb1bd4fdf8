package timeline

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCorrespondentsShipped(t *testing.T) {
	c, _ := shipped(t)
	tests := []struct {
		iso                 string
		from                string
		to                  []string
		origin, destination string
		basis               string
		note                string // a substring; "" for none
	}{
		{"1945-11-24", "M.D. Bagriov and I.I. Maslennikov", []string{"Stalin", "Molotov", "Beria", "Malenkov"}, "Baku", "Moscow", "title", ""},
		// The title says "from the CC CP of Azerbaijan", but the telegram came
		// from Tabriz and is addressed to that CC: the sender stays empty.
		{"1946-04-12", "", []string{"M.D. Bagirov"}, "Tabriz", "", "title and address line", "address line is addressed to it"},
		{"1946-04-20", "Bagirov", []string{"Stalin", "Molotov"}, "", "", "title", ""},
		{"1946-12-02", "Bagirov", []string{"Stalin"}, "", "", "title", ""},
		// "Memo via a Telegraph Message from Tabriz": no "to", no address
		// line; nothing is guessed.
		{"1946-12-09", "", nil, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.iso, func(t *testing.T) {
			got := Correspondents(byDate(t, c, tt.iso))
			if got.From != tt.from || !slices.Equal(got.To, tt.to) || got.Origin != tt.origin || got.Destination != tt.destination || got.Basis != tt.basis {
				t.Errorf("got %+v\nwant from %q to %q, %q -> %q, basis %q", got, tt.from, tt.to, tt.origin, tt.destination, tt.basis)
			}
			if (tt.note == "") != (got.Note == "") || !strings.Contains(got.Note, tt.note) {
				t.Errorf("note %q, want one saying %q", got.Note, tt.note)
			}
		})
	}
	// The address lines are kept as written, for the page to show.
	if a := Correspondents(byDate(t, c, "1946-12-02")).Address; a != "CC VCP(b) to Cde. Stalin" {
		t.Errorf("address %q", a)
	}
	if a := Correspondents(byDate(t, c, "1945-11-24")).Address; a != "FROM BAKU 24 November 1945; to MOSCOW, to Cdes. STALIN, MOLOTOV, BERIA, and MALENKOV" {
		t.Errorf("address %q", a)
	}
}

func TestCorrespondentsRules(t *testing.T) {
	tests := []struct {
		name, title string
		english     []string
		from        string
		to          []string
		origin      string
		dest        string
	}{
		{"title cut at about", "Letter from Bagirov to Stalin and Molotov about Qavam", nil, "Bagirov", []string{"Stalin", "Molotov"}, "", ""},
		{"title cut at with", "Message from Bagirov to Stalin with Reply of the Democrats", nil, "Bagirov", []string{"Stalin"}, "", ""},
		{"route and people", "Telegram from Tabriz to Baku, Ibragimov to Cde. Bagirov", nil, "Ibragimov", []string{"Bagirov"}, "Tabriz", "Baku"},
		{"from without to", "Telegram from Stalin", nil, "", nil, "", ""},
		{"no title rule", "Memorandum on the Situation in Tabriz", nil, "", nil, "", ""},
		{"address only", "Memorandum", []string{"To Cde. Bagirov", "We report that all is quiet in the city of Tabriz today."}, "", []string{"Bagirov"}, "", ""},
		{"address in capitals", "Telegram", []string{"FROM TABRIZ 7 December 1946", "to BAKU, to Cde. BAGIROV"}, "", []string{"Bagirov"}, "Tabriz", "Baku"},
		{"address of a body", "Report", []string{"CC VKP(b), to Cde. Stalin"}, "", []string{"CC VKP(b)", "Stalin"}, "", ""},
		{"title recipients win", "Letter from Bagirov to Stalin", []string{"To Cde. Molotov"}, "Bagirov", []string{"Stalin"}, "", ""},
		{"later prose is not an address", "Report", []string{"We report on the talks, which are going well for now.", "To Cde. Stalin"}, "", nil, "", ""},
		{"a sentence from a person is not an origin", "Report", []string{"From Tabriz our people report that the talks go on and on."}, "", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Correspondents(doc(t, "x", "1946", tt.title, "", tt.english...))
			if got.From != tt.from || !slices.Equal(got.To, tt.to) || got.Origin != tt.origin || got.Destination != tt.dest {
				t.Errorf("got %+v, want from %q to %q, %q -> %q", got, tt.from, tt.to, tt.origin, tt.dest)
			}
			if got.IsZero() != (tt.from == "" && tt.to == nil && tt.origin == "" && tt.dest == "") {
				t.Errorf("IsZero() = %v", got.IsZero())
			}
		})
	}
}

// addressWords never turns away a line that an address expression
// matches: random lines of address pieces in every case, against the
// expressions alone.
func TestAddressWordsKeepEveryAddress(t *testing.T) {
	pieces := []string{"To ", "to ", "TO ", "To", "cde. ", "Cde. ", "CDE. ", "cdes. ", "Cdes.", "comrade ", "Comrades ", "COMRADES ",
		"coMRade ", "From ", "FROM ", "from ", "fRoM ", "Telegram ", "[Cipher telegram] ", "Stalin", "Molotov", "Baku", "Tabriz",
		"Моск", "Ǆ", "ſ", "K", ", ", ",", " and ", " ", "  ", "\t", "12 ", "1946", "-", "Bagirov", "x"}
	rng := rand.New(rand.NewPCG(11, 29))
	matched := 0
	for range 300000 {
		l := strings.TrimSpace(randomJoin(rng, pieces, 1, 7))
		comrade, from := addressWords(l)
		for _, re := range []*regexp.Regexp{reAddrPlaceTo, reAddrTo, reAddrBodyTo} {
			if re.MatchString(l) {
				matched++
				if !comrade {
					t.Fatalf("addressWords(%q) says no comrade, but %v matches it", l, re)
				}
			}
		}
		if reAddrFrom.MatchString(l) {
			matched++
			if !from {
				t.Fatalf("addressWords(%q) says no from, but reAddrFrom matches it", l)
			}
		}
	}
	if matched < 3000 {
		t.Errorf("only %d of the random lines were addresses: the test does not try the first test", matched)
	}
}
