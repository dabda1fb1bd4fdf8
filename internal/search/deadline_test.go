package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The term readers of a search stop at its deadline however few documents
// match: the reader of a scorch index is wrapped, and a term reader fails
// within checkEvery postings of the context's end.
func TestTermReadersStopAtTheDeadline(t *testing.T) {
	var docs []*Doc
	for i := range 400 {
		docs = append(docs, &Doc{ID: fmt.Sprintf("d%03d", i), Title: "T", Translation: []Para{{N: 1, Text: "Ordinary words about the harvest, repeated harvest after harvest."}}})
	}
	ix, err := Open(context.Background(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	adv, _ := ix.bleve.Advanced()
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	wrapped := withDeadline(ctx, r)
	if _, ok := wrapped.(*deadlineReader); !ok {
		t.Fatalf("the index reader %T was not wrapped: searches would run past their deadline", r)
	}
	tfr, err := wrapped.TermFieldReader(ctx, []byte("harvest"), fieldBody, true, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	for range 10 {
		if d, err := tfr.Next(nil); err != nil || d == nil {
			t.Fatalf("before the deadline: %v, %v", d, err)
		}
	}
	cancel()
	n := 0
	for ; n <= checkEvery; n++ {
		if _, err = tfr.Next(nil); err != nil {
			break
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after %d more postings the term reader still reads (err %v)", n, err)
	}

	// So does the reader of every document, which a search with filters
	// alone steps through.
	ctx, cancel = context.WithCancel(context.Background())
	ids, err := withDeadline(ctx, r).DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	defer ids.Close()
	for range 10 {
		if id, err := ids.Next(); err != nil || id == nil {
			t.Fatalf("before the deadline: %v, %v", id, err)
		}
	}
	cancel()
	n = 0
	for ; n <= checkEvery; n++ {
		if _, err = ids.Next(); err != nil {
			break
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after %d more documents the reader of every document still reads (err %v)", n, err)
	}

	// A whole search under a context that ends is refused with the
	// reader's message, not answered late.
	q, _ := ParseQuery("harvest")
	done, stop := context.WithCancel(context.Background())
	stop()
	if _, err := ix.Search(done, Request{Query: q, Page: 1}); err == nil {
		t.Error("a search whose context had ended was answered")
	}
}

// Repeated words cost work and change no answer: a plain word given again
// is searched once, a run of one word in a phrase is cut to maxRepeat, and
// the reader is told. A long phrase of one repeated word (the shape that
// cost seconds) becomes a short one.
func TestRepeatedWordsCollapsed(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Tabriz tabriz TABRIZ", "Tabriz"},
		{"Tabriz -Baku -baku", "Tabriz -Baku"},
		{"Tabriz OR Tabriz", "Tabriz OR Tabriz"}, // alternatives are the reader's to write
		{`"very very very very good"`, `"very very good"`},
		{`"` + strings.Repeat("земля ", 70) + `"`, `"земля земля"`},
		{`"the cat the cat"`, `"the cat the cat"`}, // not a run of one word
		{"oil \"oil\" oil*", "oil oil*"},
	} {
		q, err := ParseQuery(tc.in)
		if err != nil {
			t.Errorf("ParseQuery(%.40q): %v", tc.in, err)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("ParseQuery(%.40q) = %q, want %q", tc.in, got, tc.want)
		}
		if tc.want != tc.in && len(q.Notices) == 0 && !strings.Contains(tc.in, "OR") {
			t.Errorf("ParseQuery(%.40q): no notice says what was collapsed", tc.in)
		}
	}
}
