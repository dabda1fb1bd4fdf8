//go:build !unix

package main

// fileLimit is unknown outside Unix: the listener takes maxConnections.
func fileLimit() uint64 { return 0 }
