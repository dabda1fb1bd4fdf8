// Command loadbaseline is the yardstick of the load test: a bare net/http
// handler that writes, from memory, one response fetched once from the
// reading room. The load test compares the reading room's throughput with
// it in the same run (.ci/load.sh), requesting the same path from both.
//
// With -headers=all (the default) the handler sends the page's own
// response: the same header fields and values (the request ID's value is
// the fetched one, the same length), the same Content-Length and body, so
// that the two servers write the same bytes and the difference is the work
// of the reading room's stack. With -headers=minimal it sends the body with
// only Content-Type and Content-Length: the least any server could send.
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
	"strconv"
	"syscall"
	"time"
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
	from := fset.String("from", "", "`URL` of the page whose response to serve")
	headers := fset.String("headers", "all", "header fields to send: `all` of the page's, or minimal (Content-Type and Content-Length)")
	server := fset.String("server", "readingroom", "http.Server settings: `readingroom`'s (timeouts and header limit), or default")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if *headers != "all" && *headers != "minimal" {
		return fmt.Errorf("-headers is all or minimal, not %q", *headers)
	}
	if *server != "readingroom" && *server != "default" {
		return fmt.Errorf("-server is readingroom or default, not %q", *server)
	}
	header, body, err := fetch(ctx, *from)
	if err != nil {
		return err
	}
	if *headers == "minimal" {
		header = http.Header{"Content-Type": header["Content-Type"]}
	}
	header["Content-Length"] = []string{strconv.Itoa(len(body))}
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range header {
			h[k] = v
		}
		_, _ = w.Write(body)
	})}
	if *server == "readingroom" {
		// The same limits as cmd/readingroom/run.go's server: the bare
		// handler and the site then differ only in what they do per
		// request, not in how their servers are configured.
		srv.ReadHeaderTimeout = 5 * time.Second
		srv.ReadTimeout = 10 * time.Second
		srv.WriteTimeout = 30 * time.Second
		srv.IdleTimeout = 120 * time.Second
		srv.MaxHeaderBytes = 64 << 10
	}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	fmt.Printf("serving %d header fields and %d bytes of %s at http://%s\n", len(header), len(body), *from, *addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// fetch gets the page as wrk does: without Accept-Encoding, so the body is
// the identity one and the header fields are its own. The Date field is
// left out: net/http writes one for each response.
func fetch(ctx context.Context, url string) (http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	if enc := resp.Header.Get("Content-Encoding"); enc != "" {
		return nil, nil, fmt.Errorf("%s: came %s-encoded", url, enc)
	}
	resp.Header.Del("Date")
	return resp.Header, body, nil
}
