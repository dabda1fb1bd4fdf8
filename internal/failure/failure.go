// Package failure is the reading room's error vocabulary: the kinds of
// failure a reader can be told about, each error carrying the sentence
// they are told. Packages below the HTTP side return these errors; the
// server maps each kind to a status once (internal/server/errors.go).
// Any other error is Internal: a bug or a broken file, which readers see
// only as an apology and operators find in the log.
package failure

import (
	"context"
	"errors"
	"fmt"
)

// Kind is a kind of failure.
type Kind int

// The kinds of failure.
const (
	// Internal is every error that is not an *Error: the reader's request
	// was fine, the reading room failed.
	Internal Kind = iota
	// NotFound: nothing is at this address, or by this name.
	NotFound
	// Invalid: the request cannot be read as it is (a bad parameter or
	// query); the reader must change it.
	Invalid
	// TooBroad: the request is readable but would cost too much to answer
	// (a query that expands to too many words).
	TooBroad
	// Overloaded: too many requests are waiting; try again shortly.
	Overloaded
	// Timeout: the answer took too long and was given up.
	Timeout
	// Gone: something was here and has been removed for good.
	Gone
	// ReadOnly: the request would change something; the reading room only
	// reads.
	ReadOnly
	// Unavailable: what the request needs is not there yet (the search
	// index while a first start builds it) or could not be made; the rest
	// of the site answers.
	Unavailable
)

var kindNames = [...]string{"internal", "not found", "invalid", "too broad", "overloaded", "timeout", "gone", "read-only", "unavailable"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind %d", int(k))
}

// Error is a failure the reader may be told about.
type Error struct {
	Kind Kind
	// Message is the sentence the reader sees; empty means the server's
	// standard sentence for the kind.
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Kind.String()
	}
	return e.Kind.String() + ": " + e.Message
}

// New returns an error of the kind with the reader's sentence.
func New(kind Kind, message string) error { return &Error{Kind: kind, Message: message} }

// Errorf is New with a formatted sentence.
func Errorf(kind Kind, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err: that of the first *Error in its chain,
// Timeout for a passed deadline, and Internal otherwise.
func KindOf(err error) Kind {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Kind
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	}
	return Internal
}

// MessageOf returns the reader's sentence that err carries, or "".
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}
