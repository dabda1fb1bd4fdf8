package search

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Results are kept by canonical request, so that a repeated search (the
// next reader following the same link, a reload, the page after a facet
// was dropped again) costs a look-up. An Index holds one collection for
// its whole life and the collection never changes while the process runs,
// so a kept result is never stale; the key also carries the collection's
// hash, so that a cache shared by mistake could not serve another's.

// DefaultResultCache is the bound, in bytes, of the results an Index
// keeps when Options.ResultCache is 0: a first page of results with its
// facets takes some 10-20 KB, so about a thousand searches.
const DefaultResultCache = 16 << 20

// maxCacheKey bounds the canonical request a result is kept under: a
// longer one is searched every time.
const maxCacheKey = 2048

// resultOverhead approximates what a kept result costs beyond its
// strings: slice headers, structs, the list and map cells.
const resultOverhead = 1024

// resultCache keeps results by canonical request, within a bound in bytes.
type resultCache struct {
	kept *sizedLRU[string, *Result]
}

// newResultCache returns a cache of at most maxBytes, or nil (no cache)
// for a bound of zero or less.
func newResultCache(maxBytes int64) *resultCache {
	if maxBytes <= 0 {
		return nil
	}
	return &resultCache{newSizedLRU[string, *Result](maxBytes)}
}

// sizedLRU is an LRU bounded in bytes, for use by many goroutines at once:
// each value is added with its size, the least recently used are let go
// beyond the bound, and a value larger than a quarter of the bound is not
// kept. The results, the analysed paragraphs and the hits' Docs are each
// kept in one; a nil sizedLRU keeps nothing.
type sizedLRU[K comparable, V any] struct {
	maxBytes int64
	mu       sync.Mutex
	lru      *simplelru.LRU[K, sized[V]]
	bytes    int64
}

type sized[V any] struct {
	v    V
	size int64
}

// newSizedLRU returns an LRU of at most maxBytes, or nil (none) for a
// bound of zero or less.
func newSizedLRU[K comparable, V any](maxBytes int64) *sizedLRU[K, V] {
	if maxBytes <= 0 {
		return nil
	}
	c := &sizedLRU[K, V]{maxBytes: maxBytes}
	// The bound is in bytes, kept by add; the LRU's count is no bound.
	c.lru, _ = simplelru.NewLRU[K, sized[V]](1<<30, func(_ K, s sized[V]) { c.bytes -= s.size })
	return c
}

// get returns the value kept under k.
func (c *sizedLRU[K, V]) get(k K) (V, bool) {
	if c == nil {
		var none V
		return none, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.lru.Get(k)
	return s.v, ok
}

// add keeps v, of size bytes, under k, unless a value is kept there
// already (another goroutine's, made at the same time).
func (c *sizedLRU[K, V]) add(k K, v V, size int64) {
	if c == nil || size > c.maxBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(k) {
		return
	}
	c.lru.Add(k, sized[V]{v, size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

// contains reports whether a value is kept under k, without making it the
// most recently used.
func (c *sizedLRU[K, V]) contains(k K) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Contains(k)
}

// kept returns the number of values kept and their size.
func (c *sizedLRU[K, V]) kept() (n int, bytes int64) {
	if c == nil {
		return 0, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}

// cacheKey is the canonical form of a request on the collection with the
// given hash: the query as parsed (filter values in order, since they all
// must hold), the sort and the page. ok is false when the key is too long
// to keep.
func cacheKey(corpus string, req Request) (key string, ok bool) {
	q := req.Query
	f := q.Filters
	for _, vs := range []*[]string{&f.Person, &f.Place, &f.Org, &f.Year, &f.Lang, &f.Archive, &f.Subject, &f.Sender, &f.Recipient} {
		if len(*vs) > 1 {
			*vs = slices.Clone(*vs)
			slices.Sort(*vs)
		}
	}
	q.Filters = f
	data, err := json.Marshal(struct {
		Corpus string
		Query  Query
		Sort   string
		Page   int
	}{corpus, q, req.Sort, req.Page})
	if err != nil || len(data) > maxCacheKey {
		return "", false
	}
	return string(data), true
}

// get returns a copy of the result kept under key, whose slices the
// caller may append to without touching the kept one.
func (c *resultCache) get(key string, start time.Time) (*Result, bool) {
	if c == nil {
		return nil, false
	}
	r, ok := c.kept.get(key)
	if !ok {
		return nil, false
	}
	res := *r
	res.Hits = slices.Clip(res.Hits)
	res.Facets = slices.Clip(res.Facets)
	res.Notices = slices.Clip(res.Notices)
	res.Names = slices.Clip(res.Names)
	res.Suggestions = slices.Clip(res.Suggestions)
	res.Took = time.Since(start)
	return &res, true
}

// add keeps res under key.
func (c *resultCache) add(key string, res *Result) {
	if c == nil {
		return
	}
	c.kept.add(key, res, int64(len(key))+res.size())
}

// size approximates the bytes a result holds.
func (r *Result) size() int64 {
	n := int64(resultOverhead)
	for _, h := range r.Hits {
		n += 64 + int64(len(h.ID)+len(h.First))
		for _, s := range h.Snippets {
			n += 64 + int64(len(s.Field)+len(s.Lang))
			for _, p := range s.Parts {
				n += 24 + int64(len(p.Text))
			}
		}
	}
	for _, f := range r.Facets {
		n += 48 + int64(len(f.Field))
		for _, v := range f.Values {
			n += 24 + int64(len(v.Value))
		}
	}
	for _, s := range r.Notices {
		n += 16 + int64(len(s))
	}
	for _, m := range r.Names {
		n += 96 + int64(len(m.Query)+len(m.Ref.Kind)+len(m.Ref.ID)+len(m.Ref.Name)+len(m.Ref.As))
	}
	for _, s := range r.Suggestions {
		n += 64 + int64(len(s.Word)+len(s.Instead))
		if s.Ref != nil {
			n += 64 + int64(len(s.Ref.Kind)+len(s.Ref.ID)+len(s.Ref.Name)+len(s.Ref.As))
		}
	}
	return n
}
