package search

import (
	"sort"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/fxamacker/cbor/v2"
)

// The index keeps, beside each document's postings, the Doc it was told
// (the stored field fieldStored), so that a hit's snippets are cut from it
// rather than from the document read and parsed anew, its names found
// again: at 100,000 documents that was a quarter of a first search's CPU
// and half of what it allocated (docs/PERFORMANCE.md). What is stored
// changes with the document, in the same batch, so it is always what the
// postings were made from. An index written before documents were stored
// (or a document whose stored form cannot be read) falls back to
// Options.Source.
//
// The Doc is stored as CBOR (RFC 8949) through fxamacker/cbor: its JSON,
// which DocHash reads, decodes at about 60 MB/s (100 µs for a document of
// 6 KB), CBOR five times as fast, its strings length-prefixed. zap
// compresses each document's stored fields with snappy.

// fieldStored is the stored-only field that holds a document's Doc.
const fieldStored = "stored"

var (
	storedEnc = must(cbor.EncOptions{Time: cbor.TimeRFC3339Nano}.EncMode())
	// The bytes are the index's own, written by storedEnc: their text is
	// the Doc's, UTF-8 already. A document may hold more paragraphs or
	// names than the decoder's default bound on an array.
	storedDec = must(cbor.DecOptions{UTF8: cbor.UTF8DecodeInvalid, MaxArrayElements: 1<<31 - 1}.DecMode())
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// storeDocs says whether documents indexed now keep their Doc in the
// index: tests turn it off to make an index as an earlier program wrote it.
var storeDocs = true

// addStored adds d's stored form to doc, the bleve document made of it.
func addStored(doc *document.Document, d *Doc) {
	if !storeDocs {
		return
	}
	data, err := storedEnc.Marshal(d)
	if err != nil {
		return // never for a Doc; the hit's document comes from the source
	}
	doc.AddField(document.NewTextFieldWithIndexingOptions(fieldStored, nil, data, index.StoreField))
}

// docCache keeps the Docs read from the index, within a bound in bytes,
// by segment and number in it: a segment never changes, so a kept Doc is
// never stale, and one merged into another segment is read again there.
type docCache = sizedLRU[docKey, *Doc]

type docKey struct{ segment, num uint64 }

// DefaultDocCache is the bound, in bytes, of the hits' documents an Index
// keeps when Options.DocCache is 0: a generated document takes some 10 KB,
// so about 800 of them; the five shipped documents all.
const DefaultDocCache = 8 << 20

// docSize approximates the memory of d, decoded from data bytes: its
// strings are most of those bytes, and each paragraph, mention and string
// has a header beside them.
func docSize(d *Doc, data int) int64 {
	n := len(d.Translation) + len(d.Original) + len(d.Notes) + len(d.Mentions) + len(d.Persons) + len(d.Places) + len(d.Organisations) +
		len(d.Senders) + len(d.Recipients) + len(d.Languages) + len(d.Classification) + len(d.Subjects)
	return int64(data) + int64(n)*48 + 512
}

// storedDocs reads, from the snapshot r, the Docs stored for hits: nil
// for a hit whose document has none.
type storedDocs struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // the internal number each segment's documents start at
	cache   *docCache
}

func newStoredDocs(r index.IndexReader, cache *docCache) *storedDocs {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	s := &storedDocs{segs: snap.Segments(), cache: cache}
	// As scorch numbers them: on from the counts of the segments before,
	// deleted documents included.
	var running uint64
	for _, seg := range s.segs {
		s.offsets = append(s.offsets, running)
		running += seg.Segment().Count()
	}
	return s
}

// doc returns the Doc stored for the hit h, if its document has one that
// can be read.
func (s *storedDocs) doc(h *bsearch.DocumentMatch) *Doc {
	if s == nil || len(h.IndexInternalID) != 8 {
		return nil
	}
	num := h.IndexInternalID.Value()
	i := sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > num }) - 1
	if i < 0 {
		return nil
	}
	seg, local := s.segs[i], num-s.offsets[i]
	key := docKey{seg.Id(), local}
	if d, ok := s.cache.get(key); ok {
		return d
	}
	var d *Doc
	size := 0
	err := seg.VisitDocument(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		if field != fieldStored {
			return true
		}
		// value is the segment's buffer, reused: the decoder copies.
		var v Doc
		if storedDec.Unmarshal(value, &v) == nil {
			d, size = &v, len(value)
		}
		return false
	})
	// A Doc not the hit's own would show another document's passages:
	// the source, rather.
	if err != nil || d == nil || d.ID != h.ID {
		return nil
	}
	s.cache.add(key, d, docSize(d, size))
	return d
}
