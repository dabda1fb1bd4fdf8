package archive

import (
	"regexp"
	"strconv"
	"strings"
)

// SpanStyle says how a run of inline text is set.
type SpanStyle int

const (
	StylePlain SpanStyle = iota
	StyleEmphasis
	StyleSuperscript
	// StyleNoteRef is a footnote marker such as [1]; Span.Note is its marker.
	StyleNoteRef
	// StyleTranslatorNote is an inline "[Translator's note: ...]".
	StyleTranslatorNote
)

// Span is a run of inline text with one style.
type Span struct {
	Text  string
	Style SpanStyle
	Note  string // marker of the note for StyleNoteRef and StyleTranslatorNote
	// Start is the byte offset of Text in the line, so that ranges found in
	// the raw line (names, search matches) can be laid over the spans.
	Start int
}

// reInline finds the inline markup the sources use: *emphasis*,
// <sup>superscript</sup>, footnote markers glued to a word ("Atakishiyev[1]")
// and translator's notes.
var reInline = regexp.MustCompile(`\*([^*\s][^*]*?)\*|<sup>(.*?)</sup>|([^\s\[])\[(\d{1,3})\]|\[(Translator['’]s note:[^\]]*)\]`)

// mayHaveInline reports whether reInline can match in a line: each of its
// forms needs an asterisk, a <sup>, a bracket before a digit or a
// translator's note. Running the expression over a long line costs; many
// lines hold brackets ("[illegible]") and nothing else.
func mayHaveInline(line string) bool {
	if strings.Contains(line, "*") || strings.Contains(line, "<sup>") || strings.Contains(line, "[Translator") {
		return true
	}
	for i := strings.IndexByte(line, '['); i >= 0 && i+1 < len(line); {
		if c := line[i+1]; '0' <= c && c <= '9' {
			return true
		}
		next := strings.IndexByte(line[i+1:], '[')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// PlainInline returns a line of source text without its inline markup.
func PlainInline(line string) string {
	if !mayHaveInline(line) {
		return line
	}
	var b strings.Builder
	for _, s := range splitInline(line, nil) {
		switch s.Style {
		case StyleNoteRef:
			b.WriteString("[" + s.Text + "]")
		case StyleTranslatorNote:
			b.WriteString("[" + s.Text + "]")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Spans splits a line of source text into styled runs. footnotes holds the
// markers of the document's footnotes: a bracketed number is a footnote
// reference only if a footnote of that number exists. tn numbers translator's
// notes in order of appearance across calls.
func Spans(line string, footnotes map[string]bool, tn *int) []Span {
	spans := splitInline(line, footnotes)
	for i := range spans {
		if spans[i].Style == StyleTranslatorNote && tn != nil {
			*tn++
			spans[i].Note = "TN" + strconv.Itoa(*tn)
		}
	}
	return spans
}

func splitInline(line string, footnotes map[string]bool) []Span {
	if !mayHaveInline(line) {
		return []Span{{Text: line}} // most lines carry no markup at all
	}
	var out []Span
	last := 0
	add := func(s Span) {
		if s.Text == "" {
			return
		}
		if s.Style == StylePlain && len(out) > 0 && out[len(out)-1].Style == StylePlain {
			out[len(out)-1].Text += s.Text
			return
		}
		out = append(out, s)
	}
	for _, m := range reInline.FindAllStringSubmatchIndex(line, -1) {
		add(Span{Text: line[last:m[0]], Start: last})
		switch {
		case m[2] >= 0:
			add(Span{Text: line[m[2]:m[3]], Style: StyleEmphasis, Start: m[2]})
		case m[4] >= 0:
			add(Span{Text: line[m[4]:m[5]], Style: StyleSuperscript, Start: m[4]})
		case m[6] >= 0:
			add(Span{Text: line[m[6]:m[7]], Start: m[6]})
			n := line[m[8]:m[9]]
			if footnotes == nil || footnotes[n] {
				add(Span{Text: n, Style: StyleNoteRef, Note: n, Start: m[8]})
			} else {
				add(Span{Text: "[" + n + "]", Start: m[8] - 1})
			}
		case m[10] >= 0:
			add(Span{Text: line[m[10]:m[11]], Style: StyleTranslatorNote, Start: m[10]})
		}
		last = m[1]
	}
	add(Span{Text: line[last:], Start: last})
	return out
}
