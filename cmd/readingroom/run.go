package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/server"
)

const usage = `Usage:
  readingroom [serve] [-addr HOST:PORT] [-docs DIR] [-index DIR] [-base-url URL] [-strict]
  readingroom check [-docs DIR]

serve (the default) loads the documents and serves the reading room.
check prints what it found in every document and exits non-zero on errors.
`

// config is everything the program reads from its flags and environment.
type config struct {
	addr    string
	docs    string
	index   string
	baseURL string
	strict  bool
}

// errUsage marks a command line the program cannot read.
var errUsage = errors.New("see readingroom -h")

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fset := flag.NewFlagSet("readingroom "+cmd, flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, usage, "\nFlags:\n"); fset.PrintDefaults() }
	var cfg config
	fset.StringVar(&cfg.docs, "docs", "", "serve the documents in `DIR` instead of the embedded collection")
	if cmd == "serve" {
		defAddr := "localhost:8080"
		if p := getenv("PORT"); p != "" {
			defAddr = ":" + p
		}
		fset.StringVar(&cfg.addr, "addr", defAddr, "listen on `HOST:PORT` (PORT in the environment sets the port on all interfaces)")
		fset.StringVar(&cfg.baseURL, "base-url", getenv("BASE_URL"), "public `URL` of the site, used in citations and canonical links (default http://ADDR)")
		fset.BoolVar(&cfg.strict, "strict", false, "refuse to start if any document has an error")
		fset.StringVar(&cfg.index, "index", "", "keep the search index in `DIR` and reopen it on the next start when the documents are unchanged (default: in memory)")
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; %w", fset.Arg(0), errUsage)
	}

	docs, err := docsFS(cfg.docs)
	if err != nil {
		return err
	}
	coll, err := archive.Load(docs)
	if err != nil {
		return err
	}
	switch cmd {
	case "check":
		if n := check(coll, stdout); n > 0 {
			return fmt.Errorf("%d documents could not be loaded", n)
		}
		return nil
	case "serve":
		return serve(ctx, cfg, coll, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func docsFS(dir string) (fs.FS, error) {
	if dir == "" {
		return documents.FS, nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("documents folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("documents folder: %s is not a folder", dir)
	}
	return os.DirFS(dir), nil
}

// Server timeouts: pages are small and rendered from memory, so a slow
// client is the only reason for a long request.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
	shutdownTimeout   = 15 * time.Second
)

func serve(ctx context.Context, cfg config, coll *archive.Collection, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	errs := coll.Errors()
	for _, p := range coll.Problems {
		level := slog.LevelWarn
		if !p.Warning {
			level = slog.LevelError
		}
		log.Log(ctx, level, "document problem", slog.String("file", p.File), slog.Int("line", p.Line), slog.String("problem", p.Message))
	}
	if cfg.strict && len(errs) > 0 {
		return fmt.Errorf("-strict: %d documents have errors (first: %s)", len(errs), errs[0].Error())
	}
	start := time.Now()
	lib, err := server.OpenLibrary(ctx, coll, server.LibraryOptions{IndexDir: cfg.index, Log: log})
	if err != nil {
		return fmt.Errorf("building the search index: %w", err)
	}
	defer lib.Close()
	log.Info("library ready", slog.Duration("took", time.Since(start)))
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	if cfg.baseURL == "" {
		host := addr
		if strings.HasPrefix(cfg.addr, ":") || strings.HasPrefix(cfg.addr, "localhost:") {
			host = "localhost:" + addr[strings.LastIndex(addr, ":")+1:]
		}
		cfg.baseURL = "http://" + host
	}
	srv := &http.Server{
		Handler:           server.New(server.Config{BaseURL: cfg.baseURL}, lib, log),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "serving %d documents at http://%s\n", len(coll.Docs), addr)
	log.Info("serving", slog.String("addr", addr), slog.Int("documents", len(coll.Docs)), slog.Int("errors", len(errs)))

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
