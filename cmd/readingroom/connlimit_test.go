package main

import (
	"net"
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
	var clients []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients = append(clients, c)
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
