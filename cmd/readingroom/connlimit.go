package main

import (
	"net"

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
