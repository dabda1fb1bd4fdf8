package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/readingroom/readingroom/internal/library"
)

// buildIndex builds the search index and the library snapshot in indexDir
// ahead of time, as the first start of serve with the same -docs and
// -index would, and closes them: a server started on that folder then
// reopens them instead of building them (an image or a CI step pays the
// cost once, not the first request). When the folder already holds an
// index of these documents it is only checked. It reports on stdout what
// it did and how long each step took; the steps are logged on stderr as
// they end.
func buildIndex(ctx context.Context, docsDir, indexDir string, strict strictness, stdout, stderr io.Writer) error {
	if indexDir == "" {
		return fmt.Errorf("index needs -index DIR; %w", errUsage)
	}
	fsys, err := docsFolder(docsDir)
	if err != nil {
		return err
	}
	steps := &stepLog{next: slog.NewTextHandler(stderr, nil), mu: new(sync.Mutex), steps: new([]step)}
	start := time.Now()
	lib, err := library.Load(ctx, fsys, library.Options{IndexDir: indexDir, Data: fsys, Log: slog.New(steps)})
	if err != nil {
		return fmt.Errorf("building the index: %w", err)
	}
	coll := lib.Collection
	if err := strict.refuse(coll); err != nil {
		lib.Close()
		return err
	}
	// A server serves before its index is built; this command is done
	// only once it is.
	if err := lib.WaitIndex(ctx); err != nil {
		lib.Close()
		return fmt.Errorf("building the index: %w", err)
	}
	// Closing writes the index's last bytes and the checksums the next
	// start verifies: the folder is ready only once it has.
	if err := lib.Close(); err != nil {
		return fmt.Errorf("closing the index: %w", err)
	}
	took := time.Since(start)
	docs := fmt.Sprintf("%d documents", len(coll.Docs))
	if n := len(coll.Errors()); n > 0 {
		docs += fmt.Sprintf(" (%d files with errors left out; readingroom check lists them)", n)
	}
	if steps.saw("library snapshot read") && steps.saw("search index reopened") {
		fmt.Fprintf(stdout, "%s is up to date: %s, checked in %s\n", indexDir, docs, seconds(took))
		return nil
	}
	fmt.Fprintf(stdout, "indexed %s into %s in %s (%.0f documents/s)", docs, indexDir, seconds(took), float64(len(coll.Docs))/took.Seconds())
	if s := steps.summary(); s != "" {
		fmt.Fprintf(stdout, ": %s", s)
	}
	fmt.Fprintln(stdout)
	return nil
}

// stepLog passes the library's log records on and remembers their
// messages and how long each step took (their "took" attribute), for the
// summary.
type stepLog struct {
	next  slog.Handler
	mu    *sync.Mutex
	steps *[]step
}

type step struct {
	msg  string
	took time.Duration
}

func (h *stepLog) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *stepLog) Handle(ctx context.Context, r slog.Record) error {
	s := step{msg: r.Message, took: -1}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "took" && a.Value.Kind() == slog.KindDuration {
			s.took = a.Value.Duration()
		}
		return true
	})
	h.mu.Lock()
	*h.steps = append(*h.steps, s)
	h.mu.Unlock()
	return h.next.Handle(ctx, r)
}

func (h *stepLog) WithAttrs(as []slog.Attr) slog.Handler {
	return &stepLog{next: h.next.WithAttrs(as), mu: h.mu, steps: h.steps}
}

func (h *stepLog) WithGroup(name string) slog.Handler {
	return &stepLog{next: h.next.WithGroup(name), mu: h.mu, steps: h.steps}
}

// saw says whether a record with the message msg was logged.
func (h *stepLog) saw(msg string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range *h.steps {
		if s.msg == msg {
			return true
		}
	}
	return false
}

// summary lists the timed steps: "documents read 1.4 s, names found 6.2 s, ...".
func (h *stepLog) summary() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var parts []string
	for _, s := range *h.steps {
		if s.took >= 0 {
			parts = append(parts, s.msg+" "+seconds(s.took))
		}
	}
	return strings.Join(parts, ", ")
}

// seconds prints a duration as people read it in a summary: "16.3 s".
func seconds(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
