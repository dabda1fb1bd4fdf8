package timeline

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/readingroom/readingroom/internal/archive"
)

// Correspondence is who sent a document to whom, and between which places,
// as far as the source says so. A field the rules cannot fill stays empty:
// no sender or recipient is ever guessed.
//
// The rules, in order:
//
//  1. Title, route and people: "Telegram from Baku to Moscow, M.D. Bagriov
//     and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov".
//     The first "from P to Q" before the comma is the route (Origin,
//     Destination), the second "A to B" the people (From, To).
//  2. Title, people: "Letter from Bagirov to Stalin and Molotov about ...".
//     The title is cut before " about ", " on ", " with ", " regarding ",
//     " concerning ", " containing " or " forwarding "; then "from A to B"
//     gives From = A and To = B split at commas and "and". A title with
//     "from X" but no "to" ("Memo via a Telegraph Message from Tabriz") is
//     not used: X may be a person or a place.
//  3. Address lines: the head of the English translation, line by line,
//     up to its third numbered paragraph and before any prose. "To Cde.
//     Stalin" and "CC VCP(b) to Cde. Stalin" name addressees; "to MOSCOW,
//     to Cdes. STALIN, ..." a destination and addressees; "FROM BAKU 24 November 1945" and
//     "[telegram] from Tabriz" the place the telegram was sent from. The
//     Russian address lines are in the dative case and are not read.
//  4. The title's recipients win over the address line's, which are used
//     only when the title names none; the title's route wins likewise.
//  5. When the address line names the title's sender as an addressee
//     ("Telegram from the CC CP of Azerbaijan to M.D. Bagirov" whose
//     address reads "CC CP (Bolsheviks) of Azerbaijan, to Cde. M. D.
//     Bagirov"), the sources disagree: From stays empty and Note says why.
//
// Names keep their spelling as written (the archive's "Bagriov" included);
// honorifics (Cde., Cdes., Comrade) and a leading "the" are dropped, and
// words in telegraph capitals (MOSCOW, STALIN) are set in title case.
type Correspondence struct {
	From        string
	To          []string
	Origin      string
	Destination string
	// Address is the address line as the translation writes it, so that a
	// page can show the source's own words next to the derived fields.
	Address string
	// Basis names the rules that gave the fields: "title", "address line",
	// or both joined by " and ". FromBasis and ToBasis say which gave the
	// sender and which the recipients.
	Basis, FromBasis, ToBasis string
	// Note explains a field left empty because the sources disagree.
	Note string
}

// IsZero reports whether nothing could be derived.
func (c Correspondence) IsZero() bool {
	return c.From == "" && len(c.To) == 0 && c.Origin == "" && c.Destination == ""
}

var (
	reTitleCut     = regexp.MustCompile(`\s+(?:about|on|with|regarding|concerning|containing|forwarding)\s+`)
	reRoutePeople  = regexp.MustCompile(`\bfrom\s+([^,]+?)\s+to\s+([^,]+?),\s+(.+?)\s+to\s+(.+)$`)
	rePeople       = regexp.MustCompile(`\bfrom\s+(.+?)\s+to\s+(.+)$`)
	reHonorific    = regexp.MustCompile(`^(?i)(?:cdes?\.?|cdr\.|comrades?|tov\.)\s+`)
	reAddrTo       = regexp.MustCompile(`^(?i)to\s+((?:cdes?\.|comrades?)\s+.+)$`)
	reAddrPlaceTo  = regexp.MustCompile(`^(?i)to\s+([\p{L}\- ]+),\s*to\s+((?:cdes?\.|comrades?)\s+.+)$`)
	reAddrBodyTo   = regexp.MustCompile(`^(.+?),?\s+to\s+((?i:cdes?\.|comrades?)\s+.+)$`)
	reAddrFrom     = regexp.MustCompile(`^(?:\[?(?:[Cc]ipher\s+)?[Tt]elegram\]?\s+)?(?:FROM|From|from)\s+(\p{Lu}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,2})(?:,?\s+\d.*)?$`)
	reParenthetic  = regexp.MustCompile(`\([^)]*\)`)
	reNonWord      = regexp.MustCompile(`[^\p{L}\p{N}]+`)
	reListSplitter = regexp.MustCompile(`\s*,\s*(?:and\s+)?|\s+and\s+`)
)

// addressParagraphs bounds the search for address lines: they head the
// text, and a later "to Cde. X" is prose.
const addressParagraphs = 3

// Correspondents derives the sender, recipients and route of a document from
// its title and the address lines of its translation; see Correspondence for
// the rules.
func Correspondents(d *archive.Document) Correspondence {
	var c Correspondence
	var basis []string

	title := strings.Join(strings.Fields(d.Title), " ")
	head := title
	if loc := reTitleCut.FindStringIndex(head); loc != nil {
		head = head[:loc[0]]
	}
	titleFrom := ""
	var titleTo []string
	if m := reRoutePeople.FindStringSubmatch(head); m != nil {
		c.Origin, c.Destination = cleanName(m[1]), cleanName(m[2])
		titleFrom, titleTo = cleanName(m[3]), splitNames(m[4])
	} else if m := rePeople.FindStringSubmatch(head); m != nil {
		titleFrom, titleTo = cleanName(m[1]), splitNames(m[2])
	}
	if titleFrom != "" || len(titleTo) > 0 || c.Origin != "" {
		basis = append(basis, "title")
	}

	addr := readAddress(d.Translation)
	c.Address = addr.text
	usedAddress := false
	c.From = titleFrom
	c.To = titleTo
	if len(c.To) > 0 {
		c.ToBasis = "title"
	} else if len(addr.to) > 0 {
		c.To, c.ToBasis, usedAddress = addr.to, "address line", true
	}
	if c.Origin == "" && addr.origin != "" {
		c.Origin, usedAddress = addr.origin, true
	}
	if c.Destination == "" && addr.destination != "" {
		c.Destination, usedAddress = addr.destination, true
	}
	if c.From != "" {
		for i, a := range addr.to {
			if sameName(a, c.From) {
				c.Note = "the title gives " + c.From + " as the sender, but the address line is addressed to it: \"" + addr.lines[addr.lineOf[i]] + "\""
				c.From = ""
				usedAddress = true
				break
			}
		}
	}
	if c.From != "" {
		c.FromBasis = "title"
	}
	if usedAddress {
		basis = append(basis, "address line")
	}
	c.Basis = strings.Join(basis, " and ")
	return c
}

type address struct {
	text  string
	lines []string // the address lines as written
	to    []string
	// lineOf gives, for each name in to, the index of its line in lines.
	lineOf      []int
	origin      string
	destination string
}

// addressWords reports whether line has the words without which the
// address expressions cannot match it: "cde"/"comrade" in any case for the
// three that name recipients, "from" as reAddrFrom writes it for the
// sender. Running the expressions, which backtrack, on every line of the
// opening paragraphs was 2% of a first start's CPU. (The letters of "cde"
// and "comrade" have no case folding outside ASCII, so folding ASCII alone
// is what the expressions' (?i) does.)
func addressWords(line string) (comrade, from bool) {
	comrade = archive.ContainsFoldASCII(line, "cde") || archive.ContainsFoldASCII(line, "comrade")
	from = strings.Contains(line, "from") || strings.Contains(line, "From") || strings.Contains(line, "FROM")
	return comrade, from
}

func readAddress(t archive.Text) address {
	var a address
	var texts []string
	seen := 0
	for _, p := range t.Paragraphs {
		if p.N == 0 {
			continue
		}
		if seen++; seen > addressParagraphs {
			break
		}
		matched := false
		for _, line := range p.Lines {
			l := strings.TrimSpace(archive.PlainInline(line))
			comrade, from := addressWords(l)
			switch {
			case !comrade && !from: // most lines: no expression can match
				continue
			case comrade && reAddrPlaceTo.MatchString(l):
				m := reAddrPlaceTo.FindStringSubmatch(l)
				a.destination = cleanName(m[1])
				a.to = append(a.to, splitNames(m[2])...)
			case comrade && reAddrTo.MatchString(l):
				a.to = append(a.to, splitNames(reAddrTo.FindStringSubmatch(l)[1])...)
			case from && reAddrFrom.MatchString(l):
				a.origin = cleanName(reAddrFrom.FindStringSubmatch(l)[1])
			case comrade && reAddrBodyTo.MatchString(l) && len(strings.Fields(l)) <= 12:
				m := reAddrBodyTo.FindStringSubmatch(l)
				a.to = append(a.to, cleanName(m[1]))
				a.to = append(a.to, splitNames(m[2])...)
			default:
				continue
			}
			matched = true
			texts = append(texts, l)
			for len(a.lineOf) < len(a.to) {
				a.lineOf = append(a.lineOf, len(texts)-1)
			}
		}
		if !matched && (len(texts) > 0 || wordCount(p.Plain()) >= minOpeningWords) {
			break // the address block is over, or the prose has begun
		}
	}
	a.lines = texts
	a.text = strings.Join(texts, "; ")
	return a
}

// splitNames splits "Cdes. Stalin, Molotov, Beria, and Malenkov" into the
// names, without the honorific.
func splitNames(s string) []string {
	s = reHonorific.ReplaceAllString(strings.TrimSpace(s), "")
	var out []string
	for _, part := range reListSplitter.Split(s, -1) {
		if n := cleanName(part); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func cleanName(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ".,;:"))
	s = reHonorific.ReplaceAllString(s, "")
	if strings.HasPrefix(strings.ToLower(s), "the ") {
		s = s[4:]
	}
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = untelegraph(w)
	}
	return strings.Join(words, " ")
}

// untelegraph sets a word written in telegraph capitals in title case.
// Abbreviations (CC, VCP(b), M.D.) are left alone: they are short or hold
// no run of four capital letters.
func untelegraph(w string) string {
	letters, upper := 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters < 4 || upper != letters || strings.ContainsAny(w, ".()") {
		return w
	}
	rs := []rune(strings.ToLower(w))
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// sameName compares names of bodies loosely: "the CC CP of Azerbaijan" and
// "CC CP (Bolsheviks) of Azerbaijan" are the same addressee.
func sameName(a, b string) bool {
	norm := func(s string) string {
		s = reParenthetic.ReplaceAllString(strings.ToLower(s), " ")
		s = strings.TrimPrefix(strings.TrimSpace(s), "the ")
		return strings.TrimSpace(reNonWord.ReplaceAllString(s, " "))
	}
	return norm(a) != "" && norm(a) == norm(b)
}
