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

// resultCache is a byte-bounded LRU of results.
type resultCache struct {
	maxBytes int64
	mu       sync.Mutex
	lru      *simplelru.LRU[string, *cachedResult]
	bytes    int64
}

type cachedResult struct {
	res  *Result
	size int64
}

// newResultCache returns a cache of at most maxBytes, or nil (no cache)
// for a bound of zero or less.
func newResultCache(maxBytes int64) *resultCache {
	if maxBytes <= 0 {
		return nil
	}
	c := &resultCache{maxBytes: maxBytes}
	// The bound is in bytes, kept by add; the LRU's count is no bound.
	c.lru, _ = simplelru.NewLRU[string, *cachedResult](1<<30, func(_ string, r *cachedResult) { c.bytes -= r.size })
	return c
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
	c.mu.Lock()
	r, ok := c.lru.Get(key)
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	res := *r.res
	res.Hits = slices.Clip(res.Hits)
	res.Facets = slices.Clip(res.Facets)
	res.Notices = slices.Clip(res.Notices)
	res.Names = slices.Clip(res.Names)
	res.Suggestions = slices.Clip(res.Suggestions)
	res.Took = time.Since(start)
	return &res, true
}

// add keeps res under key, evicting the least recently used results
// beyond the bound; a result larger than a quarter of the bound is not
// kept.
func (c *resultCache) add(key string, res *Result) {
	if c == nil {
		return
	}
	size := int64(len(key)) + res.size()
	if size > c.maxBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(key) {
		return // a concurrent search kept it first
	}
	c.lru.Add(key, &cachedResult{res: res, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
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
