package library

import (
	"sync"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/timeline"
)

// letters knows, for every document, the records of its senders and
// recipients, and for every record the documents it sent and received.
// It is made on first use, once: the timeline's filters and the person
// pages need it, a server that shows neither does not pay for it.
type letters struct {
	from, to       map[string][]string            // by document ID: record IDs
	sent, received map[string][]*archive.Document // by record ID, in date order
}

// setOverrides sets the curator's parties and what depends on them.
func (l *Library) setOverrides(ov timeline.Overrides) {
	l.Overrides = ov
	lib := *l
	l.letters = sync.OnceValue(func() *letters {
		ls := &letters{from: map[string][]string{}, to: map[string][]string{}, sent: map[string][]*archive.Document{}, received: map[string][]*archive.Document{}}
		for _, d := range lib.Collection.Docs {
			from, to := lib.Parties(d)
			ls.from[d.ID], ls.to[d.ID] = timeline.RecordIDs(from), timeline.RecordIDs(to)
			for _, id := range ls.from[d.ID] {
				ls.sent[id] = append(ls.sent[id], d)
			}
			for _, id := range ls.to[d.ID] {
				ls.received[id] = append(ls.received[id], d)
			}
		}
		return ls
	})
}

// PartyIDs returns the records of document docID's senders and recipients.
func (l Library) PartyIDs(docID string) (from, to []string) {
	if l.letters == nil {
		return nil, nil
	}
	ls := l.letters()
	return ls.from[docID], ls.to[docID]
}

// Letters returns the documents record id sent and those it received, in
// date order.
func (l Library) Letters(id string) (sent, received []*archive.Document) {
	if l.letters == nil {
		return nil, nil
	}
	ls := l.letters()
	return ls.sent[id], ls.received[id]
}
