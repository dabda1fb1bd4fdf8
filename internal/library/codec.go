package library

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/timeline"
)

// The snapshot's frames are written by hand, field by field, rather than
// by gob: gob's reflection on every value, and a string allocated for every
// string of every document, made decoding the snapshot the largest step of
// a restart (5.6 s of 12.3 at 100,000 documents). The names, repositories,
// credits and rights statements of a collection repeat across thousands of
// documents, so each frame begins with a table of its distinct strings,
// each once, and refers to them by number; the table is decoded into one
// string, which the documents' strings share. The structs of a frame are
// carved out of a few large slices (slabs) rather than allocated one by
// one.
//
// A frame is:
//
//	uvarint count of strings, the uvarint length of each, their bytes
//	uvarint count of the values of each kind carved from slabs
//	the body: uvarints, varints, string numbers, raw bytes
//
// A slice is its length plus one (0: nil, so that nil and empty come back
// as they went), then its elements. Every element takes at least one byte,
// so a damaged count is refused before anything is allocated for it: a
// frame costs at most a small multiple of its bytes. The frame's checksum
// is the snapshot's; decoding checks only that every number fits, so that
// damaged bytes give an error, never a panic.
//
// codec_test.go fills every field of the encoded types by reflection and
// fails when one does not come back: a field added to archive.Document or
// Facts must be added here.

// The kinds of values carved from slabs. A frame counts, after its
// strings, the values of each kind it holds, so that each slab is made
// once, of the right size.
const (
	slabStrings = iota
	slabParts
	slabCredits
	slabRelated
	slabNotes
	slabFields
	slabSkipped
	slabProblems
	slabParagraphs
	slabBreaks
	slabOutlines
	slabReferences
	slabMentions
	slabKinds
)

// leastBytes is the fewest bytes a value of each kind takes in a frame,
// which bounds the values a frame may claim by its length.
var leastBytes = [slabKinds]int{
	slabStrings: 1, slabParts: 3, slabCredits: 4, slabRelated: 8, slabNotes: 6, slabFields: 3,
	slabSkipped: 3, slabProblems: 4, slabParagraphs: 5, slabBreaks: 4, slabOutlines: 40,
	slabReferences: 5, slabMentions: 4,
}

// errFrame is any frame that does not decode.
var errFrame = errors.New("a frame does not decode")

// frameEncoder writes one frame.
type frameEncoder struct {
	body  []byte
	index map[string]uint64
	strs  []string
	// total counts the values of each kind written.
	total [slabKinds]int
}

func newFrameEncoder() *frameEncoder {
	return &frameEncoder{index: map[string]uint64{"": 0}, strs: []string{""}}
}

// bytes returns the whole frame: the string table, then the body.
func (e *frameEncoder) bytes() []byte {
	size := 0
	for _, s := range e.strs {
		size += len(s)
	}
	out := make([]byte, 0, binary.MaxVarintLen64*(len(e.strs)+1)+size+len(e.body))
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	for _, s := range e.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range e.strs {
		out = append(out, s...)
	}
	for _, n := range e.total {
		out = binary.AppendUvarint(out, uint64(n))
	}
	return append(out, e.body...)
}

func (e *frameEncoder) uint(v uint64) { e.body = binary.AppendUvarint(e.body, v) }
func (e *frameEncoder) int(v int)     { e.body = binary.AppendVarint(e.body, int64(v)) }
func (e *frameEncoder) int64(v int64) { e.body = binary.AppendVarint(e.body, v) }

func (e *frameEncoder) bool(v bool) {
	if v {
		e.body = append(e.body, 1)
	} else {
		e.body = append(e.body, 0)
	}
}

func (e *frameEncoder) str(s string) {
	i, ok := e.index[s]
	if !ok {
		i = uint64(len(e.strs))
		e.index[s] = i
		e.strs = append(e.strs, s)
	}
	e.uint(i)
}

// count writes the length of a slice of values of kind k, nil apart from
// empty.
func (e *frameEncoder) count(k, n int, isNil bool) {
	e.total[k] += n
	if isNil {
		e.uint(0)
		return
	}
	e.uint(uint64(n) + 1)
}

func (e *frameEncoder) strings(ss []string) {
	e.count(slabStrings, len(ss), ss == nil)
	for _, s := range ss {
		e.str(s)
	}
}

func (e *frameEncoder) raw(b []byte) {
	if b == nil {
		e.uint(0)
	} else {
		e.uint(uint64(len(b)) + 1)
	}
	e.body = append(e.body, b...)
}

func (e *frameEncoder) time(t time.Time) error {
	b, err := t.MarshalBinary()
	if err != nil {
		return err
	}
	e.raw(b)
	return nil
}

// frameDecoder reads one frame. Its first error sticks: every read after
// it gives a zero value, and the caller checks err once at the end.
type frameDecoder struct {
	b    []byte
	strs []string
	err  error
	// The slabs that the frame's values are carved from.
	ss      []string
	docs    []archive.Document
	outs    []archive.Outline
	facts   []Facts
	credits []archive.Credit
	parts   []archive.RefPart
	related []archive.Related
	paras   []archive.Paragraph
	breaks  []archive.Break
	notes   []archive.Note
	fields  []archive.Field
	skipped []archive.Skipped
	probs   []archive.Problem
	refs    []timeline.Reference
	mens    []timeline.Mention
}

// newFrameDecoder reads the string table of frame b.
func newFrameDecoder(b []byte) (*frameDecoder, error) {
	d := &frameDecoder{b: b}
	n := d.length(1)
	lens := make([]int, n)
	size := 0
	for i := range lens {
		l := d.uint()
		if l > uint64(len(d.b)) {
			return nil, fmt.Errorf("%w: a string of %d bytes", errFrame, l)
		}
		lens[i] = int(l)
		size += int(l)
	}
	if d.err != nil || size > len(d.b) {
		return nil, fmt.Errorf("%w: its strings run past its end", errFrame)
	}
	// One string for the whole table: the documents' strings are
	// slices of it.
	all := string(d.b[:size])
	d.b = d.b[size:]
	d.strs = make([]string, n)
	at := 0
	for i, l := range lens {
		d.strs[i] = all[at : at+l]
		at += l
	}
	var total [slabKinds]int
	for k := range total {
		total[k] = d.length(leastBytes[k])
	}
	if d.err != nil {
		return nil, d.err
	}
	d.ss = make([]string, total[slabStrings])
	d.parts = make([]archive.RefPart, total[slabParts])
	d.credits = make([]archive.Credit, total[slabCredits])
	d.related = make([]archive.Related, total[slabRelated])
	d.notes = make([]archive.Note, total[slabNotes])
	d.fields = make([]archive.Field, total[slabFields])
	d.skipped = make([]archive.Skipped, total[slabSkipped])
	d.probs = make([]archive.Problem, total[slabProblems])
	d.paras = make([]archive.Paragraph, total[slabParagraphs])
	d.breaks = make([]archive.Break, total[slabBreaks])
	d.outs = make([]archive.Outline, total[slabOutlines])
	d.refs = make([]timeline.Reference, total[slabReferences])
	d.mens = make([]timeline.Mention, total[slabMentions])
	return d, nil
}

func (d *frameDecoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at %d bytes from its end", errFrame, what, len(d.b))
	}
	d.b = nil
}

func (d *frameDecoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("a number is cut short")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *frameDecoder) int64() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("a number is cut short")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *frameDecoder) int() int {
	v := d.int64()
	if v < math.MinInt || v > math.MaxInt {
		d.fail("a number is too large")
		return 0
	}
	return int(v)
}

func (d *frameDecoder) bool() bool {
	switch v := d.uint(); v {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail("a flag is neither 0 nor 1")
	return false
}

func (d *frameDecoder) str() string {
	i := d.uint()
	if i >= uint64(len(d.strs)) {
		d.fail("a string number is past the table")
		return ""
	}
	return d.strs[i]
}

// length reads a count that is not of a slice that may be nil, of
// elements that take least bytes each at least.
func (d *frameDecoder) length(least int) int {
	n := d.uint()
	if n > uint64(len(d.b)/least) {
		d.fail("a count is larger than the bytes left")
		return 0
	}
	return int(n)
}

// count reads the length of a slice of elements that take least bytes
// each at least; ok is false for a nil slice.
func (d *frameDecoder) count(least int) (n int, ok bool) {
	v := d.uint()
	if v == 0 {
		return 0, false
	}
	if v-1 > uint64(len(d.b)/least) {
		d.fail("a count is larger than the bytes left")
		return 0, false
	}
	return int(v - 1), true
}

// carve takes n values from the slab as a slice whose capacity ends with
// them: an append to it copies. The slab is made to the frame's count; a
// frame that holds more than it counts (a damaged one) gets slabs made as
// needed, no larger than the count read just before.
func carve[T any](slab *[]T, n int) []T {
	if n == 0 {
		return []T{} // empty, not nil
	}
	if len(*slab) < n {
		*slab = make([]T, n)
	}
	s := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return s
}

// slice reads a slice whose elements, of least bytes each at least, read
// does, taken from slab.
func slice[T any](d *frameDecoder, slab *[]T, least int, read func(*T)) []T {
	n, ok := d.count(least)
	if !ok {
		return nil
	}
	s := carve(slab, n)
	for i := range s {
		read(&s[i])
		if d.err != nil {
			return nil
		}
	}
	return s
}

func (d *frameDecoder) strings() []string {
	return slice(d, &d.ss, 1, func(s *string) { *s = d.str() })
}

func (d *frameDecoder) raw() []byte {
	n, ok := d.count(1)
	if !ok {
		return nil
	}
	b := make([]byte, n)
	copy(b, d.b)
	d.b = d.b[n:]
	return b
}

func (d *frameDecoder) time() time.Time {
	var t time.Time
	n, ok := d.count(1)
	if !ok || d.err != nil {
		return t
	}
	b := d.b[:n]
	d.b = d.b[n:]
	if err := t.UnmarshalBinary(b); err != nil {
		d.fail("a time does not decode")
	}
	return t
}

// minDocument is the fewest bytes a document, its facts and its hash take
// in a frame: a string number or a count for each of their fields.
const minDocument = 52

// encodeFrame writes a frame of documents with their facts and index
// hashes, of equal length.
func encodeFrame(fr snapshotFrame) ([]byte, error) {
	if len(fr.Facts) != len(fr.Docs) || len(fr.Hashes) != len(fr.Docs) {
		return nil, errors.New("a frame's documents, facts and hashes differ in number")
	}
	e := newFrameEncoder()
	e.uint(uint64(len(fr.Docs)))
	for i, doc := range fr.Docs {
		if doc == nil || fr.Facts[i] == nil {
			return nil, errors.New("a frame holds no document or no facts")
		}
		if err := e.document(doc); err != nil {
			return nil, fmt.Errorf("%s: %w", doc.ID, err)
		}
		if err := e.facts(fr.Facts[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", doc.ID, err)
		}
		e.str(fr.Hashes[i])
	}
	return e.bytes(), nil
}

// decodeFrame reads a frame that encodeFrame wrote.
func decodeFrame(b []byte) (snapshotFrame, error) {
	d, err := newFrameDecoder(b)
	if err != nil {
		return snapshotFrame{}, err
	}
	n := d.length(minDocument)
	if d.err != nil {
		return snapshotFrame{}, d.err
	}
	fr := snapshotFrame{Docs: make([]*archive.Document, n), Facts: make([]*Facts, n), Hashes: make([]string, n)}
	d.docs, d.facts = make([]archive.Document, n), make([]Facts, n)
	for i := range n {
		fr.Docs[i] = d.document()
		fr.Facts[i] = d.readFacts()
		fr.Hashes[i] = d.str()
		if d.err != nil {
			return snapshotFrame{}, d.err
		}
	}
	if len(d.b) != 0 {
		return snapshotFrame{}, fmt.Errorf("%w: %d bytes after its last document", errFrame, len(d.b))
	}
	return fr, nil
}

func (e *frameEncoder) document(doc *archive.Document) error {
	e.str(doc.ID)
	e.str(doc.RecordID)
	e.str(doc.File)
	e.str(string(doc.Layout))
	e.str(doc.Title)
	e.date(doc.Date)
	e.str(doc.Summary)
	e.str(doc.Citation)
	e.str(doc.SourceNote)
	r := doc.Reference
	e.str(r.Text)
	e.str(r.Repository)
	e.str(r.Department)
	e.count(slabParts, len(r.Parts), r.Parts == nil)
	for _, p := range r.Parts {
		e.str(p.Kind)
		e.str(p.Label)
		e.str(p.Value)
	}
	e.str(r.Tail)
	e.str(doc.SourceURL)
	e.str(doc.OriginalLanguage)
	e.count(slabCredits, len(doc.Credits), doc.Credits == nil)
	for _, c := range doc.Credits {
		e.str(c.Role)
		e.str(c.Name)
		e.str(c.For)
		e.str(c.Text)
	}
	e.strings(doc.Classification)
	e.strings(doc.Authors)
	e.strings(doc.Subjects)
	e.count(slabRelated, len(doc.Related), doc.Related == nil)
	for _, r := range doc.Related {
		e.str(r.Title)
		e.date(r.Date)
		e.str(r.Summary)
		e.int(r.Line)
	}
	e.str(doc.Rights)
	e.strings(doc.Contents)
	e.text(doc.Original)
	e.text(doc.Translation)
	e.count(slabNotes, len(doc.Notes), doc.Notes == nil)
	for _, n := range doc.Notes {
		e.str(string(n.Kind))
		e.str(n.Marker)
		e.str(n.Text)
		e.str(n.Lang)
		e.int(n.Paragraph)
		e.int(n.Line)
	}
	e.count(slabFields, len(doc.Fields), doc.Fields == nil)
	for _, f := range doc.Fields {
		e.str(f.Label)
		e.str(f.Value)
		e.int(f.Line)
	}
	e.count(slabSkipped, len(doc.Skipped), doc.Skipped == nil)
	for _, s := range doc.Skipped {
		e.int(s.Line)
		e.str(s.Text)
		e.str(s.Reason)
	}
	e.count(slabProblems, len(doc.Warnings), doc.Warnings == nil)
	for _, p := range doc.Warnings {
		e.str(p.File)
		e.int(p.Line)
		e.str(p.Message)
		e.bool(p.Warning)
	}
	o := doc.Outline
	e.bool(o != nil)
	if o == nil {
		return nil
	}
	e.total[slabOutlines]++
	e.int(o.Translation)
	e.int(o.Original)
	e.int(o.Notes)
	e.raw(o.Source)
	e.int64(o.Stored.Offset)
	e.int64(o.Stored.Length)
	if err := e.time(o.Modified); err != nil {
		return err
	}
	e.int64(o.Size)
	e.body = append(e.body, o.Sum[:]...)
	return nil
}

func (d *frameDecoder) document() *archive.Document {
	doc := &carve(&d.docs, 1)[0]
	doc.ID = d.str()
	doc.RecordID = d.str()
	doc.File = d.str()
	doc.Layout = archive.Layout(d.str())
	doc.Title = d.str()
	doc.Date = d.date()
	doc.Summary = d.str()
	doc.Citation = d.str()
	doc.SourceNote = d.str()
	r := &doc.Reference
	r.Text = d.str()
	r.Repository = d.str()
	r.Department = d.str()
	r.Parts = slice(d, &d.parts, 3, func(p *archive.RefPart) {
		p.Kind, p.Label, p.Value = d.str(), d.str(), d.str()
	})
	r.Tail = d.str()
	doc.SourceURL = d.str()
	doc.OriginalLanguage = d.str()
	doc.Credits = slice(d, &d.credits, 4, func(c *archive.Credit) {
		c.Role, c.Name, c.For, c.Text = d.str(), d.str(), d.str(), d.str()
	})
	doc.Classification = d.strings()
	doc.Authors = d.strings()
	doc.Subjects = d.strings()
	doc.Related = slice(d, &d.related, 8, func(r *archive.Related) {
		r.Title = d.str()
		r.Date = d.date()
		r.Summary = d.str()
		r.Line = d.int()
	})
	doc.Rights = d.str()
	doc.Contents = d.strings()
	doc.Original = d.text()
	doc.Translation = d.text()
	doc.Notes = slice(d, &d.notes, 6, func(n *archive.Note) {
		n.Kind = archive.NoteKind(d.str())
		n.Marker, n.Text, n.Lang = d.str(), d.str(), d.str()
		n.Paragraph, n.Line = d.int(), d.int()
	})
	doc.Fields = slice(d, &d.fields, 3, func(f *archive.Field) {
		f.Label, f.Value, f.Line = d.str(), d.str(), d.int()
	})
	doc.Skipped = slice(d, &d.skipped, 3, func(s *archive.Skipped) {
		s.Line, s.Text, s.Reason = d.int(), d.str(), d.str()
	})
	doc.Warnings = slice(d, &d.probs, 4, func(p *archive.Problem) {
		p.File, p.Line, p.Message, p.Warning = d.str(), d.int(), d.str(), d.bool()
	})
	if !d.bool() {
		return doc
	}
	o := &carve(&d.outs, 1)[0]
	o.Translation, o.Original, o.Notes = d.int(), d.int(), d.int()
	o.Source = d.raw()
	o.Stored.Offset, o.Stored.Length = d.int64(), d.int64()
	o.Modified = d.time()
	o.Size = d.int64()
	if len(d.b) < len(o.Sum) {
		d.fail("a checksum is cut short")
		return doc
	}
	copy(o.Sum[:], d.b)
	d.b = d.b[len(o.Sum):]
	doc.Outline = o
	return doc
}

func (e *frameEncoder) date(t archive.Date) {
	e.int(t.Year)
	e.int(t.Month)
	e.int(t.Day)
	e.int(int(t.Precision))
	e.str(t.Text)
}

func (d *frameDecoder) date() archive.Date {
	return archive.Date{Year: d.int(), Month: d.int(), Day: d.int(), Precision: archive.Precision(d.int()), Text: d.str()}
}

func (e *frameEncoder) text(t archive.Text) {
	e.str(t.Language)
	e.str(t.Code)
	e.count(slabParagraphs, len(t.Paragraphs), t.Paragraphs == nil)
	for _, p := range t.Paragraphs {
		e.int(p.N)
		e.str(string(p.Kind))
		e.int(p.Line)
		e.strings(p.Lines)
		e.count(slabBreaks, len(p.Breaks), p.Breaks == nil)
		for _, b := range p.Breaks {
			e.int(b.Before)
			e.str(b.Mark)
			e.int(b.Line)
			e.bool(b.Hyphen)
		}
	}
}

func (d *frameDecoder) text() archive.Text {
	t := archive.Text{Language: d.str(), Code: d.str()}
	t.Paragraphs = slice(d, &d.paras, 5, func(p *archive.Paragraph) {
		p.N = d.int()
		p.Kind = archive.ParagraphKind(d.str())
		p.Line = d.int()
		p.Lines = d.strings()
		p.Breaks = slice(d, &d.breaks, 4, func(b *archive.Break) {
			b.Before, b.Mark, b.Line, b.Hyphen = d.int(), d.str(), d.int(), d.bool()
		})
	})
	return t
}

func (e *frameEncoder) facts(f *Facts) error {
	e.str(f.Names.b)
	e.strings(f.Persons)
	e.strings(f.Places)
	c := f.Correspondence
	e.str(c.From)
	e.strings(c.To)
	e.str(c.Origin)
	e.str(c.Destination)
	e.str(c.Address)
	e.str(c.Basis)
	e.str(c.FromBasis)
	e.str(c.ToBasis)
	e.str(c.Note)
	e.count(slabReferences, len(f.References), f.References == nil)
	for _, r := range f.References {
		// The facts keep a document's references unmatched: they are
		// matched against the collection when a page asks
		// (Library.References).
		if r.Target != nil || r.Also != nil {
			return errors.New("the facts hold a reference matched against other documents")
		}
		e.str(r.Role)
		e.str(r.Kind)
		e.str(r.Number)
		e.str(r.Date)
		e.count(slabMentions, len(r.Mentions), r.Mentions == nil)
		for _, m := range r.Mentions {
			e.str(m.Lang)
			e.int(m.Paragraph)
			e.str(m.Text)
			e.str(m.Sentence)
		}
	}
	return nil
}

func (d *frameDecoder) readFacts() *Facts {
	f := &carve(&d.facts, 1)[0]
	if f.Names = (NameUses{b: d.str()}); !f.Names.valid() {
		d.fail("a document's names do not read")
	}
	f.Persons = d.strings()
	f.Places = d.strings()
	c := &f.Correspondence
	c.From = d.str()
	c.To = d.strings()
	c.Origin, c.Destination, c.Address = d.str(), d.str(), d.str()
	c.Basis, c.FromBasis, c.ToBasis, c.Note = d.str(), d.str(), d.str(), d.str()
	f.References = slice(d, &d.refs, 5, func(r *timeline.Reference) {
		r.Role, r.Kind, r.Number, r.Date = d.str(), d.str(), d.str(), d.str()
		r.Mentions = slice(d, &d.mens, 4, func(m *timeline.Mention) {
			m.Lang, m.Paragraph, m.Text, m.Sentence = d.str(), d.int(), d.str(), d.str()
		})
	})
	return f
}

// encodeHeader writes the snapshot's header as a frame of its own.
func encodeHeader(h snapshotHeader) ([]byte, error) {
	e := newFrameEncoder()
	e.str(h.Program)
	e.str(h.Records)
	if err := e.time(h.Seen); err != nil {
		return nil, err
	}
	e.str(h.Sources)
	e.int(h.Documents)
	e.int(h.Frames)
	return e.bytes(), nil
}

func decodeHeader(b []byte) (snapshotHeader, error) {
	d, err := newFrameDecoder(b)
	if err != nil {
		return snapshotHeader{}, err
	}
	h := snapshotHeader{Program: d.str(), Records: d.str(), Seen: d.time(), Sources: d.str(), Documents: d.int(), Frames: d.int()}
	if d.err == nil && len(d.b) != 0 {
		d.fail("bytes after the header")
	}
	return h, d.err
}
