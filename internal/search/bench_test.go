package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/failure"
)

// The benchmarks run on synthetic corpora in the archive's own layouts
// (archive.Generate): RR_BENCH_SIZES lists the sizes ("1000,10000,100000";
// default 1000). Search benchmarks keep their index in
// $TMPDIR/readingroom-bench/N and reopen it on the next run. See
// docs/PERFORMANCE.md for the figures and the commands.

func benchSizes(b *testing.B) []int {
	spec := os.Getenv("RR_BENCH_SIZES")
	if spec == "" {
		spec = "1000"
	}
	var out []int
	for _, f := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("RR_BENCH_SIZES: %q is not a size", f)
		}
		out = append(out, n)
	}
	return out
}

var (
	benchMu   sync.Mutex
	benchDocs = map[int][]*Doc{}
)

// benchNames stand in for the authority records: enough to fill the person
// and place facets the way real mentions do.
var benchNames = map[string]string{
	"Qavam": "person:qavam", "Pishevari": "person:pishevari", "Bagirov": "person:bagirov", "Stalin": "person:stalin",
	"Molotov": "person:molotov", "Tabriz": "place:tabriz", "Tehran": "place:tehran", "Zanjan": "place:zanjan", "Baku": "place:baku",
}

func generated(b testing.TB, n int) []*Doc {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if docs, ok := benchDocs[n]; ok {
		return docs
	}
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range archive.Generate(seeds.Docs, n, 1) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	coll, err := archive.Load(fsys)
	if err != nil || len(coll.Errors()) > 0 {
		b.Fatalf("generated corpus: %v %v", err, coll.Errors())
	}
	docs := make([]*Doc, 0, n)
	for _, d := range coll.Docs {
		sd := FromArchive(d)
		// In a fixed order: a document's names in another order are
		// another document to the index, which a reopened benchmark
		// index would index again, leaving postings of the old copy
		// until its segments merge.
		for _, name := range slices.Sorted(maps.Keys(benchNames)) {
			ref := benchNames[name]
			for _, p := range sd.Translation {
				if strings.Contains(p.Text, name) {
					kind, id, _ := strings.Cut(ref, ":")
					if kind == "person" {
						sd.Persons = append(sd.Persons, id)
					} else {
						sd.Places = append(sd.Places, id)
					}
					break
				}
			}
		}
		docs = append(docs, sd)
	}
	benchDocs[n] = docs
	return docs
}

// BenchmarkIndexBuild builds an in-memory index; docs/s is the figure.
func BenchmarkIndexBuild(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			docs := generated(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				ix, err := Open(context.Background(), docs, Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "docs/s")
				ix.Close()
			}
		})
	}
}

// BenchmarkIndexBuildDisk builds a persisted index, as serve -index and
// the index command do, with the bulk build's options and with scorch's
// defaults, and reports docs/s and the folder's size.
func BenchmarkIndexBuildDisk(b *testing.B) {
	defer func(was bool) { bulk = was }(bulk)
	for _, n := range benchSizes(b) {
		for _, mode := range []bool{true, false} {
			bulk = mode
			b.Run(fmt.Sprintf("docs=%d/bulk=%v", n, mode), func(b *testing.B) {
				docs := generated(b, n)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					dir := b.TempDir()
					start := time.Now()
					ix, err := Open(context.Background(), docs, Options{Dir: dir})
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(n)/time.Since(start).Seconds(), "docs/s")
					ix.Close()
					b.StopTimer()
					b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "MiB")
					b.StartTimer()
				}
			})
		}
	}
}

func dirSize(b *testing.B, dir string) int64 {
	b.Helper()
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			size += info.Size()
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return size
}

// benchQueries are the kinds of query timed, each a few queries in turn.
var benchQueries = []struct {
	kind    string
	queries []string
}{
	{"word", []string{"Qavam", "переговоров", "Tabriz", "oil", "fedai", "Security"}},
	{"phrase", []string{`"Security Council"`, `"Soviet government"`, `"national government"`}},
	{"filtered", []string{"Qavam year:1946", "Tabriz lang:ru", "Bagirov from:1946-04 to:1946-06", "government person:pishevari"}},
	{"common", []string{"government", "Azerbaijan", "people"}},
	{"prefix", []string{"negotiat*", "Тавриз*", "gover*"}},
	// Several words, all of which must match, or must not.
	{"words", []string{"Qavam oil", "Soviet government Tabriz", "Tabriz -Baku", "Security Council Iran"}},
	{"broad", []string{"the*", "con*", "пр*", "a*"}},
}

// benchQueriesOf returns the queries of kind.
func benchQueriesOf(kind string) []string {
	i := slices.IndexFunc(benchQueries, func(k struct {
		kind    string
		queries []string
	}) bool {
		return k.kind == kind
	})
	return benchQueries[i].queries
}

// BenchmarkSearch times faceted, highlighted searches and reports the
// median and 95th percentile.
// benchBleve leaves every query to bleve's collection when RR_BENCH_BLEVE
// is set, to compare with the queries answered a term at a time
// (taat.go) in the same binary.
func benchBleve(b *testing.B) {
	if os.Getenv("RR_BENCH_BLEVE") != "" {
		termAtATime = false
		b.Cleanup(func() { termAtATime = true })
	}
}

func BenchmarkSearch(b *testing.B) {
	benchBleve(b)
	for _, n := range benchSizes(b) {
		// Without the results cache: every search is made afresh, as the
		// first search for a query is. The "repeated" kind then asks the
		// word queries again with the cache on, and "unkept" without the
		// kept analyses of paragraphs either: every snippet analysed
		// afresh, as for documents no search has shown yet.
		ix := benchIndex(b, n)
		type benchKind = struct {
			kind    string
			queries []string
		}
		kinds := append(benchQueries[:len(benchQueries):len(benchQueries)], benchKind{"repeated", benchQueries[0].queries}, benchKind{"unkept", benchQueries[0].queries},
			benchKind{"named", benchQueriesOf("word")}, benchKind{"named-filtered", benchQueriesOf("filtered")}, benchKind{"named-words", benchQueriesOf("words")},
			// The words and the filtered queries sorted by date, the
			// oldest first and the latest first in turn.
			benchKind{"sorted", append(slices.Clip(benchQueries[0].queries), benchQueries[2].queries...)})
		for _, kind := range kinds {
			for _, mode := range benchSplit(b) {
				name := fmt.Sprintf("docs=%d/%s", n, kind.kind)
				if mode != "" {
					name += "/split=" + mode
				}
				b.Run(name, func(b *testing.B) {
					if mode == "off" {
						defer func(was int) { splitMin = was }(splitMin)
						splitMin = math.MaxInt
					}
					qs := parseAll(b, kind.queries)
					switch kind.kind {
					case "repeated":
						ix.cache = newResultCache(DefaultResultCache)
						defer func() { ix.cache = nil }()
					case "unkept":
						kept := ix.tokens
						ix.tokens = nil
						defer func() { ix.tokens = kept }()
					case "named", "named-filtered", "named-words":
						// As the server searches: a word that names
						// someone or somewhere also finds the documents
						// the record is attached to.
						ix.names = benchRecords{}
						defer func() { ix.names = nil }()
					}
					sorts := []string{SortRelevance}
					if kind.kind == "sorted" {
						sorts = []string{SortOldest, SortNewest}
					}
					lat := make([]time.Duration, 0, b.N)
					refused := 0
					cpu := cpuTime(b)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						start := time.Now()
						_, err := ix.Search(context.Background(), Request{Query: qs[i%len(qs)], Sort: sorts[i/len(qs)%len(sorts)], Page: 1})
						switch {
						case errors.Is(err, ErrTooBroad), (failure.KindOf(err) == failure.Invalid):
							refused++ // answered with a message, also timed
						case err != nil:
							b.Fatal(err)
						}
						lat = append(lat, time.Since(start))
					}
					b.StopTimer()
					b.ReportMetric(ms(cpuTime(b)-cpu)/float64(b.N), "cpu-ms/op")
					b.ReportMetric(float64(refused)/float64(b.N), "refused")
					sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
					b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
					b.ReportMetric(ms(lat[len(lat)*95/100]), "p95-ms")
				})
			}
		}
		ix.Close()
	}
}

// benchRecords resolves the names of benchNames to the records the
// generated documents are attached to, as the authority records do in
// the server.
type benchRecords struct{}

func (benchRecords) Resolve(name string) []Ref {
	for n, ref := range benchNames {
		if strings.EqualFold(n, name) {
			kind, id, _ := strings.Cut(ref, ":")
			return []Ref{{Kind: kind, ID: id, Name: n}}
		}
	}
	return nil
}

// benchIndex opens the index of n generated documents kept in
// $TMPDIR/readingroom-bench/n (built there by the first run), without
// the results cache.
func benchIndex(b *testing.B, n int) *Index {
	dir := filepath.Join(os.TempDir(), "readingroom-bench", strconv.Itoa(n))
	opts := Options{Dir: dir, ResultCache: -1}
	if os.Getenv("RR_BENCH_DECODED") == "off" {
		opts.DenseTerms = -1
	}
	ix, err := Open(context.Background(), generated(b, n), opts)
	if err != nil {
		b.Fatal(err)
	}
	// The commonest terms decoded, as they are a moment after a start
	// (dense.go): RR_BENCH_DECODED=off times the searches without.
	start := time.Now()
	ix.Settle()
	if _, err := ix.dense.refresh(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d documents: %d bytes of decoded terms made in %v", n, ix.dense.bytes(), time.Since(start))
	return ix
}

// benchSplit lists the ways BenchmarkSearch runs each kind of query, from
// RR_BENCH_SPLIT: "off,on" times the searches in a single pass and split
// across cores (collect.go) one after the other, in the same minutes;
// empty (the default) as the index would.
func benchSplit(b *testing.B) []string {
	spec := os.Getenv("RR_BENCH_SPLIT")
	if spec == "" {
		return []string{""}
	}
	var out []string
	for _, f := range strings.Split(spec, ",") {
		if f = strings.TrimSpace(f); f != "on" && f != "off" {
			b.Fatalf("RR_BENCH_SPLIT: %q is neither on nor off", f)
		}
		out = append(out, f)
	}
	return out
}

// cpuTime is the CPU time the process has used, on every core: on a
// shared machine, steadier than the wall time, and what a search split
// across cores adds in all.
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkSearchShipped times a first search (no results cache) on the
// shipped documents, by query kind, with its allocations: what a search
// page costs below the page's rendering.
func BenchmarkSearchShipped(b *testing.B) {
	benchBleve(b)
	coll, err := archive.Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	var docs []*Doc
	for _, d := range coll.Docs {
		docs = append(docs, FromArchive(d))
	}
	ix, err := Open(context.Background(), docs, Options{ResultCache: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for _, kind := range append(benchQueries[:len(benchQueries)-1:len(benchQueries)-1], struct {
		kind    string
		queries []string
	}{"page", []string{"Tabriz"}}) {
		qs := parseAll(b, kind.queries)
		b.Run(kind.kind, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := ix.Search(context.Background(), Request{Query: qs[i%len(qs)], Page: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCollectSplit times bleve's part of a search alone (collect: no
// snippets), in a single pass and split in two, on the five shipped
// documents (what a split costs over a pass, the parts finding almost
// nothing) and on the generated sizes of RR_BENCH_SIZES (what it saves).
func BenchmarkCollectSplit(b *testing.B) {
	defer func(was int, c func() int) { splitMin, cores = was, c }(splitMin, cores)
	cores = func() int { return 2 }
	coll, err := archive.Load(documents.FS)
	if err != nil {
		b.Fatal(err)
	}
	var shipped []*Doc
	for _, d := range coll.Docs {
		shipped = append(shipped, FromArchive(d))
	}
	sizes := append([]int{len(shipped)}, benchSizes(b)...)
	for _, n := range sizes {
		docs, opts := shipped, Options{ResultCache: -1}
		if n != len(shipped) {
			docs = generated(b, n)
			opts.Dir = filepath.Join(os.TempDir(), "readingroom-bench", strconv.Itoa(n))
		}
		ix, err := Open(context.Background(), docs, opts)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range []string{"Tabriz", "government", `"Soviet government"`, "gover*"} {
			q, err := ParseQuery(s)
			if err != nil {
				b.Fatal(err)
			}
			bq := ix.build(q, &Result{}).q
			if bq == nil {
				continue // refused at this size (a prefix of too many words)
			}
			for _, split := range []string{"off", "on"} {
				b.Run(fmt.Sprintf("docs=%d/%s/split=%s", n, s, split), func(b *testing.B) {
					splitMin = math.MaxInt
					if split == "on" {
						splitMin = 0
					}
					cpu := cpuTime(b)
					for i := 0; i < b.N; i++ {
						if _, _, _, err := ix.collect(context.Background(), bq, []string{"-_score"}, PageSize, 0); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(ms(cpuTime(b)-cpu)*1000/float64(b.N), "cpu-µs/op")
				})
			}
		}
		ix.Close()
	}
}

// parseAll parses the benchmark's queries.
func parseAll(b *testing.B, texts []string) []Query {
	b.Helper()
	qs := make([]Query, 0, len(texts))
	for _, s := range texts {
		q, err := ParseQuery(s)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
	return qs
}

// BenchmarkFilterWays times the two ways a filter on a facet value can be
// searched (filtered.go), in the same process and in turns, search by
// search, so that a machine whose speed drifts within a minute favours
// neither: "check", the words searched alone and each match checked in
// the facet table's bitmap; "leap", bleve's conjunction of the words and
// the filter. Each query reports the p50 and p95 of each way in ms, the
// filter's documents and the words' postings, whose ratio the index
// compares with postFilterShare to choose.
func BenchmarkFilterWays(b *testing.B) {
	defer func(was float64) { postFilterShare = was }(postFilterShare)
	for _, n := range benchSizes(b) {
		ix := benchIndex(b, n)
		for _, s := range filterWayQueries {
			q, err := ParseQuery(s)
			if err != nil {
				b.Fatal(err)
			}
			f, ok := ix.build(q, &Result{}).q.(*filtered)
			if !ok || f.docs == nil {
				b.Fatalf("%s: no filter on a facet value", s)
			}
			b.Run(fmt.Sprintf("docs=%d/%s", n, s), func(b *testing.B) {
				b.ReportMetric(float64(f.docs.GetCardinality()), "filter-docs")
				b.ReportMetric(float64(wordPostings(b, ix, f)), "word-postings")
				ways := map[float64][]time.Duration{}
				for i := 0; i < b.N; i++ {
					for _, share := range []float64{0, math.Inf(1)} {
						postFilterShare = share
						start := time.Now()
						if _, _, _, err := ix.collect(context.Background(), f, []string{"-_score"}, PageSize, 0); err != nil {
							b.Fatal(err)
						}
						ways[share] = append(ways[share], time.Since(start))
					}
				}
				for share, name := range map[float64]string{0: "check", math.Inf(1): "leap"} {
					lat := ways[share]
					slices.Sort(lat)
					b.ReportMetric(ms(lat[len(lat)/2]), name+"-p50-ms")
					b.ReportMetric(ms(lat[len(lat)*95/100]), name+"-p95-ms")
				}
			})
		}
		ix.Close()
	}
}

// filterWayQueries are BenchmarkSearch's filtered queries on facet values
// and others of every proportion of filter to words, from a filter that
// holds a fifth of the words' postings to one that holds every document.
var filterWayQueries = []string{
	"Qavam year:1946", "Tabriz lang:ru", "government person:pishevari", "government year:1945",
	"government person:molotov", "government lang:en", "oil lang:ru", "fedai person:stalin",
	"Security place:zanjan", "Security year:1945 lang:ru", `"Soviet government" lang:ru`,
	"negotiat* person:molotov", "year:1946", "-oil lang:en",
}

// wordPostings is what the words of f cost to read: their searcher's count
// of postings (every document when f has no words).
func wordPostings(b *testing.B, ix *Index, f *filtered) uint64 {
	if f.scored == nil {
		return uint64(ix.facets.docs())
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		b.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	s, err := f.scored.Searcher(context.Background(), r, ix.bleve.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	return s.Count()
}
