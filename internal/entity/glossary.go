package entity

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/recordfile"
)

// GlossaryFile holds the terms and abbreviations a reader meets in the
// documents; it is optional.
const GlossaryFile = "glossary.toml"

// Term is one entry of the glossary: an archival, party or Iranian term,
// or an abbreviation, with what it means and where that comes from.
type Term struct {
	ID   string `json:"id"`   // the anchor on /glossary: "cipher-telegram"
	Term string `json:"term"` // as an English reader meets it: "cipher telegram"
	// Forms are the other forms, in every script, that are marked where
	// they stand in a text ("шифртелеграмма", "VCh", "ВЧ").
	Forms []Variant `json:"forms,omitempty"`
	// Also are forms listed on the glossary but not marked in the texts:
	// abbreviations that stand only in references (f., op.) or words that
	// are ordinary English elsewhere (list).
	Also       []string `json:"also,omitempty"`
	Definition string   `json:"definition"`
	Source     string   `json:"source"`
}

// Glossary is the loaded list of terms, ready to find them in a text. It
// does not change after loading and is safe for concurrent use.
type Glossary struct {
	terms []*Term
	byID  map[string]*Term
	m     *matcher
}

// Terms returns the terms in alphabetical order.
func (g *Glossary) Terms() []*Term {
	if g == nil {
		return nil
	}
	return append([]*Term(nil), g.terms...)
}

// Get returns the term with the given ID.
func (g *Glossary) Get(id string) (*Term, bool) {
	if g == nil {
		return nil, false
	}
	t, ok := g.byID[id]
	return t, ok
}

// TermHit is where a text uses a term.
type TermHit struct {
	ID         string
	Start, End int // byte offsets into the text
}

// Find returns the terms used in s, in text order, never overlapping: the
// longest form wins ("cipher telegram" over a shorter one), and Russian
// forms are found with their case endings.
func (g *Glossary) Find(s string) []TermHit {
	if g == nil || g.m == nil || s == "" {
		return nil
	}
	hs, _ := g.m.find(s, tokenize(s), nil)
	out := make([]TermHit, 0, len(hs))
	for _, h := range hs {
		out = append(out, TermHit{ID: h.p.rec.ID, Start: h.start, End: h.end})
	}
	return out
}

// Glossary returns the glossary loaded with the records: empty when the
// documents folder has none.
func (a *Authority) Glossary() *Glossary { return a.glossary }

type (
	glossaryFile struct {
		Term []termEntry `toml:"term"`
	}
	termEntry struct {
		ID         string         `toml:"id"`
		Term       string         `toml:"term"`
		Forms      []variantEntry `toml:"forms"`
		Also       []string       `toml:"also"`
		Definition string         `toml:"definition"`
		Source     string         `toml:"source"`
	}
)

// loadGlossary reads and checks glossary.toml in fsys: every key known, IDs
// well formed and unique, a term, a definition and a source for each, every
// form in one script and no form given twice. A missing file is an empty
// glossary.
func loadGlossary(fsys fs.FS) (*Glossary, []error) {
	g := &Glossary{byID: map[string]*Term{}}
	data, err := archive.ReadRecordFile(fsys, GlossaryFile)
	if errors.Is(err, fs.ErrNotExist) {
		return g, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("reading the glossary: %w", err)}
	}
	var f glossaryFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, []error{decodeError(GlossaryFile, data, err)}
	}
	lines := recordfile.Split(data)
	errs := undecoded(GlossaryFile, lines, md)
	starts := lines.Tables("term")
	seenForm := map[string]string{}
	var records []*Record
	for i, e := range f.Term {
		line := 0
		if i < len(starts) {
			line = starts[i]
		}
		ec := entryCheck{file: GlossaryFile, line: line, errs: &errs}
		fail := ec.fail
		label := ec.id(e.ID, "term")
		if e.ID != "" && g.byID[e.ID] != nil {
			fail(0, "id %q is used twice", e.ID)
		}
		t := &Term{ID: e.ID, Term: strings.TrimSpace(e.Term), Definition: strings.TrimSpace(e.Definition), Source: strings.TrimSpace(e.Source), Also: trimAll(e.Also)}
		if t.Term == "" || t.Definition == "" || t.Source == "" {
			fail(0, "%s: give the term, its definition and its source", label)
		}
		for _, form := range append([]string{t.Term}, variantForms(variants(e.Forms))...) {
			k := key(form)
			if k == "" {
				continue
			}
			if prev, ok := seenForm[k]; ok {
				fail(formLine(lines, line, form), "%s: form %q is already a form of %s", label, form, prev)
				continue
			}
			seenForm[k] = e.ID
		}
		for _, v := range e.Forms {
			form := strings.TrimSpace(v.Form)
			sc := scriptOf(fold(form))
			if form == "" || (sc != ScriptLatin && sc != ScriptCyrillic && sc != ScriptArabic) {
				fail(formLine(lines, line, v.Form), "%s: form %q must be all Latin, all Cyrillic or all Persian letters", label, form)
				continue
			}
			t.Forms = append(t.Forms, Variant{Form: form, Script: sc, Note: strings.TrimSpace(v.Note)})
		}
		if e.ID != "" && g.byID[e.ID] == nil {
			g.byID[e.ID] = t
			g.terms = append(g.terms, t)
			// The matcher takes records; a term is one by another name.
			records = append(records, &Record{ID: t.ID, Kind: "term", Name: t.Term, Variants: t.Forms})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.SliceStable(g.terms, func(i, j int) bool { return strings.ToLower(g.terms[i].Term) < strings.ToLower(g.terms[j].Term) })
	m, err := newMatcher(records)
	if err != nil {
		return nil, []error{&Error{File: GlossaryFile, Message: err.Error()}}
	}
	g.m = m
	return g, nil
}

func variants(es []variantEntry) []Variant {
	out := make([]Variant, len(es))
	for i, e := range es {
		out[i] = Variant{Form: strings.TrimSpace(e.Form)}
	}
	return out
}
