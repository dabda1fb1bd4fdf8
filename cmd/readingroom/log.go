package main

import (
	"io"
	"sync"
	"time"
)

// Tuning of the log's buffer: a line is written out at most
// logFlushDelay after it was logged, and under load once per
// logBufferSize bytes (about 250 request lines).
const (
	logFlushDelay = 100 * time.Millisecond
	logBufferSize = 64 << 10
)

// logBuffer is the program's log output: slog's JSON handler writes its
// lines into it, and it writes them out logFlushDelay after the first, as
// soon as it holds logBufferSize bytes, and on Flush and Close. Writing
// each request's line with its own system call cost a cached page about 3%
// of its throughput, to /dev/null; more to a pipe. A writer blocked on the
// output holds back the lines after it, as an unbuffered log would.
//
// Lines are appended under mu; flushing takes the whole buffer under mu,
// hands the writers a spare one, and writes outside mu, so that logging
// never waits for the output unless the buffer is full. flushing keeps the
// writes in order.
type logBuffer struct {
	mu     sync.Mutex
	buf    []byte
	closed bool
	timer  *time.Timer // armed by the first line of an empty buffer

	flushing sync.Mutex
	spare    []byte
	out      io.Writer
}

// newLogBuffer returns a buffer writing to w. Close it before the program
// ends, or the last lines are lost.
func newLogBuffer(w io.Writer) *logBuffer {
	l := &logBuffer{out: w, buf: make([]byte, 0, logBufferSize+4096)}
	l.timer = time.AfterFunc(time.Hour, func() { _ = l.Flush() })
	l.timer.Stop()
	return l
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	if len(l.buf) == 0 && !l.closed {
		l.timer.Reset(logFlushDelay)
	}
	l.buf = append(l.buf, p...)
	full := l.closed || len(l.buf) >= logBufferSize
	l.mu.Unlock()
	if full {
		return len(p), l.Flush()
	}
	return len(p), nil
}

// Flush writes out the buffer.
func (l *logBuffer) Flush() error { return l.flush(false) }

// Close writes out the buffer and turns buffering off: later lines are
// written straight to the output.
func (l *logBuffer) Close() error { return l.flush(true) }

func (l *logBuffer) flush(closing bool) error {
	l.flushing.Lock()
	defer l.flushing.Unlock()
	l.mu.Lock()
	data := l.buf
	l.buf = l.spare[:0]
	if closing {
		l.closed = true
		l.timer.Stop()
	}
	l.mu.Unlock()
	l.spare = data[:0]
	if len(data) == 0 {
		return nil
	}
	_, err := l.out.Write(data)
	return err
}
