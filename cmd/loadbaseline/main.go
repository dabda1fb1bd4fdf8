// Command loadbaseline is the yardstick of the load test: a bare net/http
// handler that writes, from memory, the bytes of one page fetched once from
// the reading room. The load test compares the reading room's throughput
// with it in the same run (.ci/load.sh).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "loadbaseline:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("loadbaseline", flag.ContinueOnError)
	addr := fset.String("addr", "127.0.0.1:18440", "listen on `HOST:PORT`")
	from := fset.String("from", "", "`URL` of the page whose bytes to serve")
	if err := fset.Parse(args); err != nil {
		return err
	}
	resp, err := http.Get(*from)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", *from, resp.Status)
	}
	ctype := resp.Header.Get("Content-Type")
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(body)
	})}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	fmt.Printf("serving %d bytes of %s at http://%s\n", len(body), *from, *addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
