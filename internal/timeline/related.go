package timeline

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
)

// Kinds of entity passed to the names function of Related; they are the
// kinds of internal/entity.
const (
	EntityPerson = "person"
	EntityPlace  = "place"
)

// Reasons two documents are related.
const (
	ReasonFile     = "file"     // the same archival file (delo)
	ReasonSeries   = "series"   // the same fond and opis, another delo
	ReasonMentions = "mentions" // people or places named in both
	ReasonDate     = "date"     // written within NearbyDays of each other
)

// NearbyDays is how close two dated documents must be to count as nearby:
// in this crisis a reply or a follow-up telegram came within days.
const NearbyDays = 10

// MaxRelated bounds the list of related documents: beyond about six, a
// reader stops reading the reasons.
const MaxRelated = 6

// Weights of the reasons. Sharing the archival folder is a strong tie; a
// shared person counts more than a shared place, since places like Tabriz
// are named everywhere. The mentions together count at most mentionCap, so
// that two long reports naming the same dozen places do not outrank the
// documents filed with one another.
const (
	weightFile    = 6
	weightSeries  = 2
	weightPerson  = 2
	weightPlace   = 1
	mentionCap    = 8
	weightNearby  = 3
	weightSameDay = 4
)

// namesShown bounds the names in an "also mentions" reason; the rest are
// counted ("and 4 more").
const namesShown = 6

// Relation is a document related to another, with the reasons shown to the
// reader.
type Relation struct {
	Doc     *archive.Document
	Reasons []Reason
	Score   int
}

// Reason is one tie between two documents: Text is what a page shows
// ("same file: GAPPOD, f.1, op.89, d.112", "also mentions Qavam,
// Pishevari", "3 days later").
type Reason struct {
	Kind string
	Text string
}

// Text joins the reasons for display: "same file: ...; 3 days later".
func (r Relation) Text() string {
	parts := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		parts[i] = x.Text
	}
	return strings.Join(parts, "; ")
}

// Related lists up to MaxRelated documents of docs tied to d by the same
// archival file or series, the people and places both mention, or dates
// close together, strongest first. entities gives the IDs of the people and
// places a document mentions (nil: none known); names turns an ID of kind
// EntityPerson or EntityPlace into a display name (nil, or an empty answer:
// the ID is shown).
//
// A person or place that every document of three or more mentions ties
// nothing and is left out; the others are listed people first, the rarest
// in the collection first, since those say most about the tie.
func Related(docs []*archive.Document, d *archive.Document, entities func(docID string) (people, places []string), names func(kind, id string) string) []Relation {
	name := func(kind, id string) string {
		if names != nil {
			if n := names(kind, id); n != "" {
				return n
			}
		}
		return id
	}
	var myPeople, myPlaces []string
	df := map[string]map[string]int{EntityPerson: {}, EntityPlace: {}}
	if entities != nil {
		myPeople, myPlaces = entities(d.ID)
		for _, o := range docs {
			people, places := entities(o.ID)
			for _, p := range intersect(people, people) {
				df[EntityPerson][p]++
			}
			for _, p := range intersect(places, places) {
				df[EntityPlace][p]++
			}
		}
	}
	var out []Relation
	for _, o := range docs {
		if o == d || o.ID == d.ID {
			continue
		}
		var r Relation
		r.Doc = o
		file, ofile := d.Reference.File(), o.Reference.File()
		switch {
		case file != "" && file == ofile && d.Reference.Part("delo") != "":
			r.add(ReasonFile, "same file: "+file, weightFile)
		case series(d.Reference) != "" && series(d.Reference) == series(o.Reference):
			r.add(ReasonSeries, "same series: "+series(d.Reference)+" (another file: d."+o.Reference.Part("delo")+")", weightSeries)
		}
		if entities != nil {
			people, places := entities(o.ID)
			var shared []string
			score := 0
			for _, p := range rarest(intersect(myPeople, people), df[EntityPerson], len(docs)) {
				shared = append(shared, name(EntityPerson, p))
				score += weightPerson
			}
			for _, p := range rarest(intersect(myPlaces, places), df[EntityPlace], len(docs)) {
				shared = append(shared, name(EntityPlace, p))
				score += weightPlace
			}
			if len(shared) > 0 {
				r.add(ReasonMentions, "also mentions "+listNames(shared), min(score, mentionCap))
			}
		}
		if text, w, ok := nearby(d.Date, o.Date); ok {
			r.add(ReasonDate, text, w)
		}
		if len(r.Reasons) > 0 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if da, db := distance(d.Date, a.Doc.Date), distance(d.Date, b.Doc.Date); da != db {
			return da < db
		}
		if c := a.Doc.Date.Compare(b.Doc.Date); c != 0 {
			return c < 0
		}
		return a.Doc.ID < b.Doc.ID
	})
	if len(out) > MaxRelated {
		out = out[:MaxRelated]
	}
	return out
}

func (r *Relation) add(kind, text string, weight int) {
	r.Reasons = append(r.Reasons, Reason{Kind: kind, Text: text})
	r.Score += weight
}

// rarest drops the IDs that all of n documents mention (when n is at least
// three) and orders the rest by how few documents mention them, keeping
// the given order among equals.
func rarest(ids []string, df map[string]int, n int) []string {
	var out []string
	for _, id := range ids {
		if n >= 3 && df[id] >= n {
			continue
		}
		out = append(out, id)
	}
	sort.SliceStable(out, func(i, j int) bool { return df[out[i]] < df[out[j]] })
	return out
}

// listNames joins names for a reason, at most namesShown of them.
func listNames(names []string) string {
	if len(names) <= namesShown {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:namesShown], ", ") + " and " + strconv.Itoa(len(names)-namesShown) + " more"
}

// series names the fond and opis that hold a file: "GAPPOD, f.1, op.89".
func series(ref archive.Reference) string {
	key := archive.RepositoryKey(ref.Repository)
	f, op := ref.Part("fond"), ref.Part("opis")
	if key == "" || f == "" || op == "" {
		return ""
	}
	return key + ", f." + f + ", op." + op
}

// intersect returns the items of a that are also in b, in a's order, once.
func intersect(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if in[x] {
			out = append(out, x)
			in[x] = false
		}
	}
	return out
}

// nearby says how far o is from d when both dates are known to the day and
// lie within NearbyDays; for dates known only to the month it says nothing,
// since a day difference would be made up.
func nearby(d, o archive.Date) (string, int, bool) {
	if d.Precision != archive.PrecisionDay || o.Precision != archive.PrecisionDay {
		return "", 0, false
	}
	days := dayNumber(o) - dayNumber(d)
	switch {
	case days == 0:
		return "the same day", weightSameDay, true
	case days > 0 && days <= NearbyDays:
		return plural(days, "day") + " later", weightNearby, true
	case days < 0 && -days <= NearbyDays:
		return plural(-days, "day") + " earlier", weightNearby, true
	}
	return "", 0, false
}

func dayNumber(d archive.Date) int {
	return int(time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// distance orders relations of equal weight: closer in time first. Dates
// of lower precision count from the start of their month or year.
func distance(a, b archive.Date) int {
	day := func(d archive.Date) int {
		m, dd := d.Month, d.Day
		if m == 0 {
			m = 1
		}
		if dd == 0 {
			dd = 1
		}
		return dayNumber(archive.Date{Year: d.Year, Month: m, Day: dd})
	}
	n := day(a) - day(b)
	if n < 0 {
		n = -n
	}
	return n
}
