package main

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/net/netutil"
)

// Connection limits. Each connection is a file; past the process's file
// limit, accept fails and net/http backs off for up to a second at a time,
// so that a crowd of idle connections made an ordinary request wait 19 s.
// The listener takes no more connections than the limit leaves room for
// beside the files the site itself opens (index segments, documents read
// again, the bulk download, the log); the rest wait in the kernel's queue
// until a connection closes.
const (
	// filesReserved is what the site keeps for its own files.
	filesReserved = 256
	// minConnections is the floor for a very low file limit.
	minConnections = 32
	// maxConnections bounds the memory of idle connections (a few KB of
	// buffers and a goroutine each) whatever the file limit.
	maxConnections = 4096
)

// connectionLimit returns how many connections to serve at once, for a
// soft file limit of files (0 when unknown).
func connectionLimit(files uint64) int {
	if files == 0 || files > maxConnections+filesReserved {
		return maxConnections
	}
	return max(int(files)-filesReserved, minConnections)
}

// limitConnections bounds the connections ln serves at once by the
// process's file limit.
func limitConnections(ln net.Listener) (net.Listener, int) {
	n := connectionLimit(fileLimit())
	return netutil.LimitListener(ln, n), n
}

// shedFrom is the share of the connection limit past which a new
// connection closes the oldest one that is not in a request.
const shedFrom = 0.9

// shedder makes room for new connections near the limit by closing a
// quiet one (not in a request): the one that has waited longest of those
// that never sent a request, or, when every quiet connection has sent one,
// the one kept alive longest since its last. Without it, a crowd of idle
// connections holds every place and a reader's new connection waits in
// the kernel's queue until one of them times out (5 s with nothing sent,
// 120 s between requests). Connections that have sent nothing go first
// because a crowd that reconnects as soon as it is closed makes them young
// all the time: by age alone, a reader's connection kept alive between two
// pages was the oldest and was closed, and the reader waited in the queue
// behind the crowd. A connection in a request is never closed.
type shedder struct {
	mu    sync.Mutex
	limit int
	open  int
	quiet map[net.Conn]quietConn
}

// quietConn is a connection not in a request: since when, and whether it
// has sent a request before.
type quietConn struct {
	since  time.Time
	served bool
}

func newShedder(limit int) *shedder {
	return &shedder{limit: limit, quiet: map[net.Conn]quietConn{}}
}

// connState is the http.Server's ConnState hook.
func (s *shedder) connState(c net.Conn, state http.ConnState) {
	var victim net.Conn
	s.mu.Lock()
	switch state {
	case http.StateNew:
		s.open++
		s.quiet[c] = quietConn{since: time.Now()}
		if float64(s.open) > shedFrom*float64(s.limit) {
			var worst quietConn
			for qc, q := range s.quiet { // at most the limit's few thousand
				if qc != c && (victim == nil || q.before(worst)) {
					victim, worst = qc, q
				}
			}
			if victim != nil {
				delete(s.quiet, victim) // closed once
			}
		}
	case http.StateIdle:
		s.quiet[c] = quietConn{since: time.Now(), served: true}
	case http.StateActive:
		delete(s.quiet, c)
	case http.StateClosed, http.StateHijacked:
		s.open--
		delete(s.quiet, c)
	}
	s.mu.Unlock()
	if victim != nil {
		victim.Close()
	}
}

// before reports whether q is to be closed before r: one that never sent a
// request before one that has, then the one quiet longer.
func (q quietConn) before(r quietConn) bool {
	if q.served != r.served {
		return !q.served
	}
	return q.since.Before(r.since)
}
