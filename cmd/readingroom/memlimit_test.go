package main

import (
	"bytes"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	prev := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })

	var logs bytes.Buffer
	limitMemory("", slog.New(slog.NewTextHandler(&logs, nil)))
	if got := debug.SetMemoryLimit(-1); got != defaultMemoryLimit {
		t.Errorf("with no GOMEMLIMIT the limit is %d, want the default %d", got, defaultMemoryLimit)
	}
	if !strings.Contains(logs.String(), "2560 MiB") || !strings.Contains(logs.String(), "GOMEMLIMIT") {
		t.Errorf("the log does not say which limit applies and how to change it: %s", logs.String())
	}

	// One the environment sets is the runtime's own (it read GOMEMLIMIT
	// as the process started): left as it is, and said.
	debug.SetMemoryLimit(6 << 30)
	logs.Reset()
	limitMemory("6GiB", slog.New(slog.NewTextHandler(&logs, nil)))
	if got := debug.SetMemoryLimit(-1); got != 6<<30 {
		t.Errorf("GOMEMLIMIT=6GiB: the limit became %d", got)
	}
	if !strings.Contains(logs.String(), "6GiB") {
		t.Errorf("the log does not name GOMEMLIMIT's value: %s", logs.String())
	}
}
