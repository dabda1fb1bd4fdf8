package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"golang.org/x/net/netutil"
)

func TestConnectionLimitFollowsTheFileLimit(t *testing.T) {
	for _, c := range []struct {
		files uint64
		want  int
	}{
		{1024, 1024 - filesReserved},
		{256, minConnections},
		{0, maxConnections},
		{1 << 20, maxConnections},
	} {
		if got := connectionLimit(c.files); got != c.want {
			t.Errorf("connectionLimit(%d) = %d, want %d", c.files, got, c.want)
		}
	}
	if n := connectionLimit(fileLimit()); n < minConnections || n > maxConnections {
		t.Errorf("this process's limit %d is out of bounds", n)
	}
}

// TestLimitedListenerHoldsBackTheExtraConnection shows the bound at work:
// with two connections open, a third is not accepted until one closes.
func TestLimitedListenerHoldsBackTheExtraConnection(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := netutil.LimitListener(raw, 2)
	defer ln.Close()
	accepted := make(chan net.Conn, 3)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	for range 3 {
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	first := <-accepted
	<-accepted
	select {
	case <-accepted:
		t.Fatal("a third connection was accepted beyond the limit of two")
	case <-time.After(100 * time.Millisecond):
	}
	first.Close()
	select {
	case c := <-accepted:
		c.Close()
	case <-time.After(2 * time.Second):
		t.Fatal("the third connection was never accepted after one closed")
	}
}

// Near the limit, a new connection closes the one that has waited longest
// without a request; a connection in a request is never closed.
func TestShedderClosesTheOldestQuietConnection(t *testing.T) {
	s := newShedder(10)
	type pair struct{ server, client net.Conn }
	var conns []pair
	open := func() pair {
		a, b := net.Pipe()
		p := pair{a, b}
		conns = append(conns, p)
		s.connState(a, http.StateNew)
		time.Sleep(time.Millisecond) // distinct times
		return p
	}
	closed := func(p pair) bool {
		_ = p.client.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
		_, err := p.client.Write([]byte("x"))
		return errors.Is(err, io.ErrClosedPipe)
	}
	busy := open()
	s.connState(busy.server, http.StateActive) // the oldest, but in a request
	for range 8 {
		open()
	}
	if closed(conns[1]) {
		t.Fatal("a connection was closed below the limit's nine tenths")
	}
	open() // the tenth: over nine tenths of ten
	if !closed(conns[1]) {
		t.Error("the oldest quiet connection was not closed")
	}
	if closed(busy) || closed(conns[2]) || closed(conns[9]) {
		t.Error("a connection in a request, or a younger one, was closed")
	}
}

// A reader's connection kept alive between two pages outlives a crowd of
// connections that never send a request, however young they are: near the
// limit the crowd is closed first.
func TestShedderKeepsAReaderBeforeASilentCrowd(t *testing.T) {
	s := newShedder(10)
	type pair struct{ server, client net.Conn }
	pipe := func() pair { a, b := net.Pipe(); return pair{a, b} }
	closed := func(p pair) bool {
		_ = p.client.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
		_, err := p.client.Write([]byte("x"))
		return errors.Is(err, io.ErrClosedPipe)
	}
	reader := pipe()
	s.connState(reader.server, http.StateNew)
	s.connState(reader.server, http.StateActive)
	s.connState(reader.server, http.StateIdle) // between two pages: quiet the longest
	time.Sleep(time.Millisecond)
	var crowd []pair
	for range 30 { // a crowd that reconnects as fast as it is closed
		c := pipe()
		crowd = append(crowd, c)
		s.connState(c.server, http.StateNew)
		time.Sleep(100 * time.Microsecond)
	}
	if closed(reader) {
		t.Fatal("the reader's kept-alive connection was closed before the silent crowd")
	}
	shed := 0
	for _, c := range crowd {
		if closed(c) {
			shed++
		}
	}
	if shed == 0 || closed(crowd[len(crowd)-1]) {
		t.Errorf("%d of the crowd closed; the newest closed: %v", shed, closed(crowd[len(crowd)-1]))
	}
}
