// Command abuse replays the attacks of issue #15 against a reading room
// already running on loopback, one phase at a time, each bounded in time,
// and prints for each phase the server's resident memory and CPU and the
// latency of ordinary requests made meanwhile: a cached document page (on
// an open connection and on a new one), an ordinary search, /healthz.
// .ci/abuse.sh starts the server on a generated collection and runs it.
//
//	go run ./.ci/abuse -base http://127.0.0.1:18450 -pid PID [-seconds 20] [-idle 1100]
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	base    = flag.String("base", "http://127.0.0.1:18450", "the reading room's address (loopback)")
	pid     = flag.Int("pid", 0, "the server's process ID, for its memory and CPU")
	seconds = flag.Int("seconds", 20, "length of each attack phase")
	idle    = flag.Int("idle", 1100, "idle connections opened in the connection phase")
	only    = flag.String("phases", "", "run only the phases whose names contain one of these comma-separated words")
	crowd   = flag.Bool("crowd", false, "only hold -idle idle connections for -seconds, then print how many were opened (the low-priority crowd's process)")
)

func main() {
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		fatal("-base must be a loopback address")
	}
	if *pid <= 0 {
		fatal("-pid is required")
	}
	// The whole run is bounded, whatever the server does.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	if *crowd {
		cctx, cancel := context.WithTimeout(ctx, time.Duration(*seconds)*time.Second)
		defer cancel()
		fmt.Println((&target{}).idleConnections(cctx))
		return
	}
	t := discover(ctx)
	fmt.Printf("collection: %d documents sampled, %d people; ordinary page %s; searches %v\n\n", len(t.docs), len(t.people), t.page, ordinarySearches)
	fmt.Printf("%-22s %8s %7s %7s | %-20s | %-20s | %-17s | %-20s | %s\n", "phase", "RSS max", "RSS end", "CPU s", "page p50/p95/max ms", "new conn p50/p95/max", "search p50/p95/max", "healthz p50/p95/max", "attack answers")
	phase(ctx, t, "idle (baseline)", func(ctx context.Context) string { <-ctx.Done(); return "" })
	phase(ctx, t, "timeline orderings", t.orderings)
	phase(ctx, t, "para/show variants", t.variants)
	phase(ctx, t, "hostile searches", t.hostileSearches)
	phase(ctx, t, "highlighted docs", t.highlighted)
	phase(ctx, t, "downloads", t.downloads)
	phase(ctx, t, "idle connections", t.idleConnections)
	phase(ctx, t, "idle, crowd niced", niceCrowd)
	fmt.Println()
	t.httpChecks()
}

func fatal(msg string) {
	fmt.Fprintln(os.Stderr, "abuse:", msg)
	os.Exit(1)
}

// target is what the attacks need to know of the collection.
type target struct {
	docs   []string // document paths
	people []string // record IDs of people named in documents
	page   string   // the ordinary page
}

// ordinarySearches are what a reader types; the prober cycles through them.
var ordinarySearches = []string{"Qavam", "Tabriz", "oil concession", "Security Council", "Pishevari", "Baku"}

// client follows no redirects (a redirect is an answer to count) and
// keeps its connections open.
var client = &http.Client{
	Timeout:       60 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true},
}

func getJSON(ctx context.Context, path string, v any) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, *base+path, nil)
	res, err := client.Do(req)
	if err != nil {
		fatal(err.Error())
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		fatal(path + ": " + err.Error())
	}
}

func discover(ctx context.Context) *target {
	t := &target{}
	for page := 1; page <= 10; page++ {
		var list struct {
			Docs []struct {
				URL string `json:"url"`
			} `json:"documents"`
			Next string `json:"next"`
		}
		getJSON(ctx, "/api/documents?page="+strconv.Itoa(page), &list)
		for _, d := range list.Docs {
			u, _ := url.Parse(d.URL)
			t.docs = append(t.docs, u.Path)
		}
		if list.Next == "" {
			break
		}
	}
	var people []struct {
		ID   string   `json:"id"`
		Docs []string `json:"documents"`
	}
	getJSON(ctx, "/api/people", &people)
	slices.SortFunc(people, func(a, b struct {
		ID   string   `json:"id"`
		Docs []string `json:"documents"`
	}) int {
		return len(b.Docs) - len(a.Docs)
	})
	for _, p := range people[:min(7, len(people))] {
		t.people = append(t.people, p.ID)
	}
	if len(t.docs) == 0 || len(t.people) < 7 {
		fatal("the collection is too small: generate 10,000 documents")
	}
	t.page = t.docs[len(t.docs)/2]
	return t
}

// fetch makes one request, reads the whole answer and returns its status
// (0 for a failure) and how long it took.
func fetch(ctx context.Context, c *http.Client, path string, header ...string) (int, time.Duration) {
	start := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, *base+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, time.Since(start)
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil {
		return 0, time.Since(start)
	}
	return res.StatusCode, time.Since(start)
}

// tally counts the answers of an attack by status.
type tally struct {
	mu sync.Mutex
	n  map[int]int
}

func (t *tally) add(status int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == nil {
		t.n = map[int]int{}
	}
	t.n[status]++
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var codes []int
	for c := range t.n {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var parts []string
	for _, c := range codes {
		name := strconv.Itoa(c)
		if c == 0 {
			name = "failed"
		}
		parts = append(parts, fmt.Sprintf("%s×%d", name, t.n[c]))
	}
	return strings.Join(parts, " ")
}

// workers runs n copies of f until ctx ends.
func workers(ctx context.Context, n int, f func(ctx context.Context, i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				f(ctx, i)
			}
		}()
	}
	wg.Wait()
}

// orderings asks for the 5,040 orderings of seven person filters of the
// timeline, and then months with them: before, each was a page kept for
// ever.
func (t *target) orderings(ctx context.Context) string {
	var perms [][]string
	var permute func(rest, acc []string)
	permute = func(rest, acc []string) {
		if len(rest) == 0 {
			perms = append(perms, slices.Clone(acc))
			return
		}
		for i := range rest {
			next := append(slices.Clone(rest[:i]), rest[i+1:]...)
			permute(next, append(acc, rest[i]))
		}
	}
	permute(t.people, nil)
	var next atomic.Int64
	var answers tally
	workers(ctx, 8, func(ctx context.Context, _ int) {
		i := int(next.Add(1)) % len(perms)
		q := url.Values{"person": perms[i]}.Encode()
		path := "/timeline?" + q
		if i%2 == 1 {
			path = "/timeline/1946-0" + strconv.Itoa(1+i%9) + "?" + q
		}
		if s, _ := fetch(ctx, client, path); ctx.Err() == nil {
			answers.add(s)
		}
	})
	return answers.String()
}

// variants asks for documents by paragraph and language view: every one a
// first render.
func (t *target) variants(ctx context.Context) string {
	shows := []string{"", "original", "translation"}
	var answers tally
	workers(ctx, 16, func(ctx context.Context, _ int) {
		d := t.docs[rand.IntN(len(t.docs))]
		v := url.Values{"para": {strconv.Itoa(1 + rand.IntN(30))}}
		if s := shows[rand.IntN(len(shows))]; s != "" {
			v.Set("show", s)
		}
		if s, _ := fetch(ctx, client, d+"?"+v.Encode()); ctx.Err() == nil {
			answers.add(s)
		}
	})
	return answers.String()
}

// hostileQueries are the searches that cost the most before: a phrase of
// one word repeated to the length limit, a phrase of two alternating
// words, regular expressions, bare wildcards, the most words allowed.
func hostileQueries() []string {
	var many []string
	for i := range 24 {
		many = append(many, ordinaryWords[i%len(ordinaryWords)]+strconv.Itoa(i))
	}
	return []string{
		`"` + strings.TrimSpace(strings.Repeat("council ", 62)) + `"`,
		`"` + strings.TrimSpace(strings.Repeat("the government ", 31)) + `"`,
		"/.*/", "*", "a* e* o*",
		strings.Join(many, " "),
		strings.TrimSpace(strings.Repeat("government ", 45)),
	}
}

var ordinaryWords = []string{"government", "council", "soviet", "tabriz", "oil", "troops", "party", "people"}

func (t *target) hostileSearches(ctx context.Context) string {
	qs := hostileQueries()
	var answers tally
	workers(ctx, 8, func(ctx context.Context, i int) {
		q := qs[rand.IntN(len(qs))]
		if s, _ := fetch(ctx, client, "/search?q="+url.QueryEscape(q)+"&n="+strconv.Itoa(rand.IntN(1e9))); ctx.Err() == nil {
			answers.add(s)
		}
	})
	return answers.String()
}

// highlighted asks for documents with highlighted words on 16 connections.
func (t *target) highlighted(ctx context.Context) string {
	var answers tally
	workers(ctx, 16, func(ctx context.Context, _ int) {
		d := t.docs[rand.IntN(len(t.docs))]
		w := ordinaryWords[rand.IntN(len(ordinaryWords))]
		if s, _ := fetch(ctx, client, d+"?hl="+url.QueryEscape(w)); ctx.Err() == nil {
			answers.add(s)
		}
	})
	return answers.String()
}

// downloads asks for the checksum 20 times at once (the first asks for the
// file to be written), downloads the whole file at full speed and checks
// it, and reads its last 4 MB at 100 KB/s: longer than the server's
// 30-second write timeout.
func (t *target) downloads(ctx context.Context) string {
	const name = "/data/readingroom-collection.jsonl"
	var answers tally
	var mu sync.Mutex
	var notes []string
	note := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		notes = append(notes, fmt.Sprintf(format, args...))
	}
	start := time.Now()
	var sum string
	var wg sync.WaitGroup
	// The first request starts the writing of the file, which may outlast
	// the phase: the checksum is waited for on a bound of its own.
	wait, stop := context.WithTimeout(context.Background(), 3*time.Minute)
	defer stop()
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for wait.Err() == nil {
				req, _ := http.NewRequestWithContext(wait, http.MethodGet, *base+name+".sha256", nil)
				res, err := client.Do(req)
				if err != nil {
					answers.add(0)
					return
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				answers.add(res.StatusCode)
				if res.StatusCode == http.StatusOK {
					mu.Lock()
					sum = strings.Fields(string(b))[0]
					mu.Unlock()
					return
				}
				time.Sleep(time.Second) // 503 while the file is written: come back
			}
		}()
	}
	wg.Wait()
	note("checksum after %.1f s", time.Since(start).Seconds())
	if sum == "" {
		return answers.String() + "; no checksum"
	}
	long, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // the slow reader outlives the phase
	defer cancel()
	wg.Add(2)
	go func() {
		defer wg.Done()
		start := time.Now()
		req, _ := http.NewRequestWithContext(long, http.MethodGet, *base+name, nil)
		res, err := client.Do(req)
		if err != nil {
			note("full download failed: %v", err)
			return
		}
		defer res.Body.Close()
		h := sha256.New()
		n, err := io.Copy(h, res.Body)
		ok := err == nil && hex.EncodeToString(h.Sum(nil)) == sum
		note("full download %d MB in %.1f s, checksum ok %v", n>>20, time.Since(start).Seconds(), ok)
	}()
	go func() {
		defer wg.Done()
		const part = 4 << 20
		start := time.Now()
		req, _ := http.NewRequestWithContext(long, http.MethodGet, *base+name, nil)
		req.Header.Set("Range", "bytes=-"+strconv.Itoa(part))
		res, err := client.Do(req)
		if err != nil {
			note("slow reader failed: %v", err)
			return
		}
		defer res.Body.Close()
		n := 0
		buf := make([]byte, 10<<10)
		tick := time.NewTicker(100 * time.Millisecond) // 10 KB a tenth of a second: 100 KB/s
		defer tick.Stop()
		for {
			<-tick.C
			k, err := io.ReadFull(res.Body, buf)
			n += k
			if err != nil {
				break
			}
		}
		note("slow reader (100 KB/s, Range) got %d of %d bytes (status %d) in %.0f s", n, part, res.StatusCode, time.Since(start).Seconds())
	}()
	wg.Wait()
	<-ctx.Done()
	return answers.String() + "; " + strings.Join(notes, "; ")
}

// idleConnections keeps *idle connections open that send nothing,
// reopening those the server closes.
func (t *target) idleConnections(ctx context.Context) string {
	addr := strings.TrimPrefix(*base, "http://")
	var opened, refused atomic.Int64
	var wg sync.WaitGroup
	for range *idle {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				c, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", addr)
				if err != nil {
					refused.Add(1)
					time.Sleep(100 * time.Millisecond)
					continue
				}
				opened.Add(1)
				go func() { <-ctx.Done(); c.Close() }()
				_, _ = c.Read(make([]byte, 1)) // until the server closes it
				c.Close()
			}
		}()
	}
	wg.Wait()
	return fmt.Sprintf("%d connections opened, %d dials failed", opened.Load(), refused.Load())
}

// niceCrowd is the idle-connection attack from a process of its own at
// the lowest priority. On loopback the crowd's 1,100 connections, reopened
// as fast as the server closes them, run on the server's own two cores;
// an attacker elsewhere spends its own. Run at nice 19, the crowd takes
// only the time the server and the reader leave, and the phase shows what
// the server does with the connections, not the two fighting for cores
// (the phase above shows that).
func niceCrowd(ctx context.Context) string {
	exe, err := os.Executable()
	if err != nil {
		return err.Error()
	}
	left := time.Until(deadlineOf(ctx))
	cmd := exec.CommandContext(ctx, "nice", "-n", "19", exe, "-crowd", "-base", *base, "-pid", strconv.Itoa(*pid),
		"-idle", strconv.Itoa(*idle), "-seconds", strconv.Itoa(max(1, int(left.Seconds())-1)))
	out, err := cmd.Output()
	if err != nil && ctx.Err() == nil {
		return "crowd: " + err.Error()
	}
	return strings.TrimSpace(string(out)) + " (at nice 19)"
}

func deadlineOf(ctx context.Context) time.Time {
	d, ok := ctx.Deadline()
	if !ok {
		return time.Now().Add(time.Duration(*seconds) * time.Second)
	}
	return d
}

// phase runs attack for -seconds while probing and sampling, and prints a
// line.
func phase(ctx context.Context, t *target, name string, attack func(context.Context) string) {
	if ctx.Err() != nil || !selected(name) {
		return
	}
	pctx, cancel := context.WithTimeout(ctx, time.Duration(*seconds)*time.Second)
	defer cancel()
	cpu0 := cpuSeconds()
	var rssMax int64
	var page, fresh, search, health []time.Duration
	var failures atomic.Int64
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // memory
		defer wg.Done()
		for pctx.Err() == nil {
			rssMax = max(rssMax, rss())
			sleep(pctx, 250*time.Millisecond)
		}
	}()
	go func() { // ordinary requests, one after the other
		defer wg.Done()
		probe := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{}}
		freshClient := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		for i := 0; pctx.Err() == nil; i++ {
			for _, p := range []struct {
				c    *http.Client
				path string
				into *[]time.Duration
			}{
				{probe, t.page, &page},
				{freshClient, t.page, &fresh},
				{probe, "/search?q=" + url.QueryEscape(ordinarySearches[i%len(ordinarySearches)]) + "&page=" + strconv.Itoa(1+i/len(ordinarySearches)%5), &search},
				{probe, "/healthz", &health},
			} {
				s, d := fetch(context.Background(), p.c, p.path)
				if s != http.StatusOK {
					failures.Add(1)
				}
				*p.into = append(*p.into, d)
			}
			sleep(pctx, 200*time.Millisecond)
		}
	}()
	answers := attack(pctx)
	cancel()
	wg.Wait()
	cpu := cpuSeconds() - cpu0
	if failures.Load() > 0 {
		answers += fmt.Sprintf("; %d ordinary requests not 200", failures.Load())
	}
	fmt.Printf("%-22s %6d MB %4d MB %7.1f | %-20s | %-20s | %-17s | %-20s | %s\n", name, rssMax>>20, rss()>>20, cpu,
		quantiles(page), quantiles(fresh), quantiles(search), quantiles(health), answers)
}

// selected reports whether -phases asks for the phase.
func selected(name string) bool {
	if *only == "" {
		return true
	}
	for _, w := range strings.Split(*only, ",") {
		if w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func quantiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	slices.Sort(ds)
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
	return ms(ds[len(ds)/2]) + "/" + ms(ds[len(ds)*95/100]) + "/" + ms(ds[len(ds)-1])
}

// rss is the server's resident memory in bytes.
func rss() int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(*pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cpuSeconds is the server's user and system CPU time so far (clock ticks
// of 1/100 s, Linux's USER_HZ).
func cpuSeconds() float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(*pid) + "/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100
}

// httpChecks asks the questions of the "HTTP details" and prints
// each answer.
func (t *target) httpChecks() {
	ctx := context.Background()
	head := func(path string, header ...string) *http.Response {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, *base+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			return &http.Response{Header: http.Header{}}
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	check := func(what string, ok bool, got string) {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
		}
		fmt.Printf("%s %s (%s)\n", mark, what, got)
	}
	etag := head(t.page, "Accept-Encoding", "br").Header.Get("ETag")
	r := head(t.page, "Accept-Encoding", "br", "If-None-Match", `"stale", `+etag)
	check("If-None-Match list on a page → 304", r.StatusCode == 304, strconv.Itoa(r.StatusCode))
	r = head(t.page, "Accept-Encoding", "br", "If-None-Match", "W/"+etag)
	check("If-None-Match weak tag on a page → 304", r.StatusCode == 304, strconv.Itoa(r.StatusCode))
	bulk := "/data/readingroom-collection.jsonl"
	// Without the downloads phase the file may not be written yet: its
	// checksum answers 503 until it is (a bound of its own).
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(time.Second) {
		if res, err := http.Get(*base + bulk + ".sha256"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
	}
	betag := head(bulk, "Range", "bytes=0-0").Header.Get("ETag")
	r = head(bulk, "If-None-Match", `"x`+strings.Trim(betag, `"`)+`"`, "Range", "bytes=0-0")
	check("bulk: a tag containing the file's is not it", r.StatusCode == 206, strconv.Itoa(r.StatusCode))
	r = head(bulk, "If-None-Match", "*")
	check("bulk: If-None-Match * → 304", r.StatusCode == 304, strconv.Itoa(r.StatusCode))
	r = head(t.page, "Accept-Encoding", "gzip;q=0")
	check("gzip;q=0 → no gzip", r.Header.Get("Content-Encoding") == "", r.Header.Get("Content-Encoding"))
	req, _ := http.NewRequest(http.MethodOptions, *base+"/api/documents", nil)
	req.Header.Set("Origin", "https://example.org")
	req.Header.Set("Access-Control-Request-Method", "GET")
	if res, err := client.Do(req); err == nil {
		res.Body.Close()
		check("CORS preflight on /api → 204 with CORS", res.StatusCode == 204 && res.Header.Get("Access-Control-Allow-Origin") == "*", strconv.Itoa(res.StatusCode))
	}
	var list struct {
		Total    int `json:"total"`
		PageSize int `json:"page_size"`
	}
	getJSON(ctx, "/api/documents", &list)
	past := (list.Total+list.PageSize-1)/list.PageSize + 1
	r = head("/api/documents?page=" + strconv.Itoa(past))
	check("API page past the end → 404", r.StatusCode == 404, strconv.Itoa(r.StatusCode))
	a, b := head("/healthz").Header.Get("X-Request-Id"), head("/healthz").Header.Get("X-Request-Id")
	na, errA := strconv.ParseUint(a, 16, 64)
	nb, errB := strconv.ParseUint(b, 16, 64)
	check("request IDs are not a counter", errA == nil && errB == nil && nb-na != 1 && na-nb != 1, a+" "+b)
	for _, p := range []string{"/", "/?page=2", "/timeline", "/feed.atom", "/sitemap.xml"} {
		req, _ := http.NewRequest(http.MethodGet, *base+p, nil)
		res, err := client.Do(req)
		if err != nil {
			check(p+" answers", false, err.Error())
			continue
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		limit := int64(200 << 10)
		if p == "/sitemap.xml" {
			limit = 50 << 20 // the protocol's bound on a sitemap
		}
		check(fmt.Sprintf("%s is %d KB, under %d KB", p, n>>10, limit>>10), res.StatusCode == 200 && n < limit, strconv.Itoa(res.StatusCode))
	}
}
