package archive

import (
	"regexp"
	"slices"
	"strings"
)

// reContentsItem is an item of the archive's list of a record's parts:
// "Original Scan", "Scan of Original Document", "English Translation",
// "Translation - English", "Transcript - Russian".
var reContentsItem = regexp.MustCompile(`(?i)^(?:original scan|scan of (?:the )?original(?: document)?|original document|(?:(\p{L}+) )?(translation|transcript|transcription)(?:\s*[-–:]\s*(\p{L}+))?|original\s*[-–]\s*(\p{L}+))$`)

// maxContentsItem is longer than any item of the contents list.
const maxContentsItem = 60

// isContentsItem reports whether a line is an item of the contents list.
func isContentsItem(s string) bool {
	if collapsedLen(strings.TrimLeft(s, "# "), maxContentsItem) > maxContentsItem {
		return false // most lines of a text: no copy made of them
	}
	if !ContainsFoldASCII(s, "original") && !ContainsFoldASCII(s, "can") && !ContainsFoldASCII(s, "tran") {
		return false // every item says "original", "scan" or "trans…"
	}
	s = strings.Join(strings.Fields(strings.TrimLeft(s, "# ")), " ")
	if len(s) > maxContentsItem {
		return false
	}
	m := reContentsItem.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	// "Translation - English" or "English Translation", not "Soviet
	// Translation": the word before must be a language.
	return m[1] == "" || languageCode(m[1]) != ""
}

// contentsLanguage returns what a contents item says of the texts: the
// language of a translation, or of a transcript of the original.
func contentsLanguage(s string) (translation, original string) {
	m := reContentsItem.FindStringSubmatch(strings.Join(strings.Fields(strings.TrimLeft(s, "# ")), " "))
	if m == nil {
		return "", ""
	}
	lang := m[1]
	if lang == "" {
		lang = m[3]
	}
	lang = titleWord(lang)
	switch strings.ToLower(m[2]) {
	case "translation":
		return lang, ""
	case "transcript", "transcription":
		return "", lang
	}
	if m[4] != "" {
		return "", titleWord(m[4])
	}
	return "", ""
}

func titleWord(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// textBlocks takes out of the blocks of a record's texts what is not text:
// the contents list that opens them, credit and funding lines before or
// after them, and contents items standing as headings over a text.
func (p *parser) textBlocks(bs []block) []block {
	d := p.doc
	item := func(l string) {
		l = strings.Join(strings.Fields(strings.TrimLeft(l, "# ")), " ")
		if !slices.Contains(d.Contents, l) {
			d.Contents = append(d.Contents, l)
		}
		tr, orig := contentsLanguage(l)
		if tr != "" && d.Translation.Language == "" {
			d.Translation.Language = tr
		}
		if orig != "" && d.OriginalLanguage == "" && languageCode(orig) != "" && orig != "English" {
			d.OriginalLanguage = orig
		}
	}
	allLines := func(b block, f func(string) bool) bool {
		for _, l := range b.lines {
			if !f(strings.TrimSpace(l)) {
				return false
			}
		}
		return true
	}
	var out []block
	for k, b := range bs {
		switch {
		case allLines(b, isContentsItem):
			for i, l := range b.lines {
				item(l)
				reason := "contents item"
				if k > 0 && len(out) > 0 {
					reason = "contents item: heading over a text"
				}
				p.skip(b.line+i, l, reason)
			}
		case (len(out) == 0 || k == len(bs)-1 || allCredits(bs[k:])) && allLines(b, isCreditLine):
			for _, l := range b.lines {
				d.Credits = append(d.Credits, ParseCredits(l)...)
			}
		default:
			out = append(out, b)
		}
	}
	return out
}

// allCredits reports whether every block is made of credit lines: the
// credits that close an export.
func allCredits(bs []block) bool {
	for _, b := range bs {
		for _, l := range b.lines {
			if !isCreditLine(l) {
				return false
			}
		}
	}
	return true
}
