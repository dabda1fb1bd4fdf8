package failure

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		err     error
		kind    Kind
		message string
	}{
		{New(NotFound, "No such page."), NotFound, "No such page."},
		{fmt.Errorf("loading: %w", Errorf(Invalid, "page %d", 7)), Invalid, "page 7"},
		{fmt.Errorf("search: %w", context.DeadlineExceeded), Timeout, ""},
		{errors.Join(errors.New("first"), New(Gone, "")), Gone, ""},
		{errors.New("disk on fire"), Internal, ""},
		{nil, Internal, ""},
	} {
		if got := KindOf(tc.err); got != tc.kind {
			t.Errorf("KindOf(%v) = %v, want %v", tc.err, got, tc.kind)
		}
		if got := MessageOf(tc.err); got != tc.message {
			t.Errorf("MessageOf(%v) = %q, want %q", tc.err, got, tc.message)
		}
	}
	if KindOf(New(TooBroad, "")) != TooBroad {
		t.Error("KindOf(TooBroad)")
	}
}
