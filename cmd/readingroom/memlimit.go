package main

import (
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
)

// defaultMemoryLimit is the Go runtime's soft memory limit when the
// environment sets none (GOMEMLIMIT). Without one the collector lets the
// heap grow to twice what is live before it collects: a first start of
// 100,000 documents, whose index build holds about 2 GB live at its
// height, peaked at 8.5 GiB resident. With it the collector collects more
// often as the heap nears the limit, and the peak stays near it. A
// collection whose live data is larger still runs (the limit is soft and
// the collector never takes more than half the CPU for it), only slower:
// GOMEMLIMIT set higher, or to "off", lifts it.
const defaultMemoryLimit = 2560 << 20 // 2.5 GiB

// limitMemory sets the default soft memory limit unless the environment
// set one (env is its GOMEMLIMIT), and says which applies.
func limitMemory(env string, log *slog.Logger) {
	if v := env; v != "" {
		log.Info("memory limit set by GOMEMLIMIT", slog.String("limit", v))
		return
	}
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return // set by the program that runs us (a test)
	}
	debug.SetMemoryLimit(defaultMemoryLimit)
	log.Info("memory limit", slog.String("limit", fmt.Sprintf("%d MiB", defaultMemoryLimit>>20)),
		slog.String("change", "set GOMEMLIMIT (2.5GiB, 6GiB, off) for a larger collection"))
}
