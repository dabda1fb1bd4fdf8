//go:build unix

package archive

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the process has used, its own and the
// kernel's for it: on a busy machine it counts the work, where the clock
// counts the waiting too.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
