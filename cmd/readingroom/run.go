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
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/readingroom/readingroom/documents"
	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/library"
	"github.com/readingroom/readingroom/internal/server"
)

const usage = `Usage:
  readingroom [serve] [-addr HOST:PORT] [-docs DIR] [-index DIR] [-base-url URL] [-admin-email ADDR] [-strict[=warnings]]
  readingroom check [-docs DIR] [-strict=warnings]
  readingroom ids [-docs DIR]
  readingroom gen -n N -out DIR [-seed S]
  readingroom index -index DIR [-docs DIR] [-strict[=warnings]]

serve (the default) loads the documents and serves the reading room.
check prints what it found in every document, with a warning at each line
that looks wrong, and exits non-zero on errors (and on warnings with
-strict=warnings).
ids records every document's ID in DIR/ids.toml (default: documents),
keeping former IDs, which the site redirects to the current ones.
gen writes N synthetic documents in the archive's source layouts, built
from the real documents' paragraphs, for benchmarks.
index builds the search index and the library snapshot in -index DIR ahead
of time, so that serve with the same -docs and -index reopens them instead
of building them.
`

// config is everything serve reads from its flags and environment.
type config struct {
	addr    string
	docs    string
	index   string
	baseURL string
	// adminEmail is the address OAI-PMH harvesters are given.
	adminEmail string
	strict     strictness
}

// errUsage marks a command line the program cannot read.
var errUsage = errors.New("see readingroom -h")

// errHelp says the reader asked for help, which has been printed: run does
// nothing else.
var errHelp = errors.New("help printed")

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := runCommand(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func runCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	fset := flag.NewFlagSet("readingroom "+cmd, flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, usage, "\nFlags of ", cmd, ":\n"); fset.PrintDefaults() }
	switch cmd {
	case "serve":
		var cfg config
		defAddr := "localhost:8080"
		if p := getenv("PORT"); p != "" {
			defAddr = ":" + p
		}
		fset.StringVar(&cfg.docs, "docs", "", "serve the documents in `DIR` instead of the embedded collection")
		fset.StringVar(&cfg.addr, "addr", defAddr, "listen on `HOST:PORT` (PORT in the environment sets the port on all interfaces)")
		fset.StringVar(&cfg.baseURL, "base-url", getenv("BASE_URL"), "public `URL` of the site, used in citations and canonical links (default http://ADDR)")
		fset.StringVar(&cfg.adminEmail, "admin-email", getenv("ADMIN_EMAIL"), "the `ADDRESS` that /oai gives harvesters to write to (default webmaster@ the site's host)")
		fset.Var(&cfg.strict, "strict", "refuse to start if any document has an error (-strict=warnings: or a warning)")
		fset.StringVar(&cfg.index, "index", "", "keep the search index in `DIR` and reopen it on the next start when the documents are unchanged (default: in memory)")
		if err := parse(fset, args); err != nil {
			return err
		}
		fsys, err := docsFolder(cfg.docs)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, fsys, stdout, stderr)
	case "check":
		docs := fset.String("docs", "", "check the documents in `DIR` instead of the embedded collection")
		var strict strictness
		fset.Var(&strict, "strict", "-strict=warnings fails on warnings as well as errors")
		if err := parse(fset, args); err != nil {
			return err
		}
		return checkFolder(ctx, *docs, strict, stdout)
	case "ids":
		docs := fset.String("docs", "documents", "record the IDs of the documents in `DIR`")
		if err := parse(fset, args); err != nil {
			return err
		}
		return writeIDs(*docs, stdout)
	case "index":
		docs := fset.String("docs", "", "index the documents in `DIR` instead of the embedded collection")
		index := fset.String("index", "", "build the search index and the library snapshot in `DIR`")
		var strict strictness
		fset.Var(&strict, "strict", "fail if any document has an error (-strict=warnings: or a warning)")
		if err := parse(fset, args); err != nil {
			return err
		}
		return buildIndex(ctx, *docs, *index, strict, stdout, stderr)
	case "gen":
		n := fset.Int("n", 1000, "number of documents to write")
		out := fset.String("out", "", "write the documents into `DIR` (created if missing)")
		seed := fset.Uint64("seed", 1, "random seed; the same seed writes the same files")
		if err := parse(fset, args); err != nil {
			return err
		}
		if *out == "" || *n < 1 {
			return fmt.Errorf("gen needs -n and -out; %w", errUsage)
		}
		return gen(*n, *out, *seed, stdout)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func parse(fset *flag.FlagSet, args []string) error {
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; %w", fset.Arg(0), errUsage)
	}
	return nil
}

// docsFolder checks that dir, if given, is a folder, and returns it or the
// embedded collection.
func docsFolder(dir string) (fs.FS, error) {
	if dir != "" {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("documents folder: %w", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("documents folder: %s is not a folder", dir)
		}
	}
	return docsFS(dir), nil
}

// docsFS is the documents folder: the embedded collection, or dir opened
// as an os.Root, which follows no symbolic link out of the folder.
func docsFS(dir string) fs.FS {
	if dir == "" {
		return documents.FS
	}
	return sourceFolder(dir)
}

// gen writes a synthetic corpus built from the embedded collection.
func gen(n int, out string, seed uint64, stdout io.Writer) error {
	seeds, err := archive.Load(documents.FS)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	files := archive.Generate(seeds.Docs, n, seed)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var bytes int
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(out, name), files[name], 0o644); err != nil {
			return err
		}
		bytes += len(files[name])
	}
	fmt.Fprintf(stdout, "wrote %d documents (%d MB) to %s\n", len(files), bytes>>20, out)
	return nil
}

// starting answers while the library is built: the process is alive but
// not ready.
func starting(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case "/healthz":
		_, _ = w.Write([]byte("ok\n"))
	default:
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("starting: the documents are being indexed; try again in a few seconds\n"))
	}
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

func serve(ctx context.Context, cfg config, docs fs.FS, stdout, stderr io.Writer) error {
	// The log is buffered (a write a request cost the cached pages 3% of
	// their throughput); closing it writes out the last lines, whichever
	// way serve returns.
	logs := newLogBuffer(stderr)
	defer logs.Close()
	log := slog.New(slog.NewJSONHandler(logs, nil))
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln, maxConns := limitConnections(ln)
	if cfg.baseURL == "" {
		host := addr
		if strings.HasPrefix(cfg.addr, ":") || strings.HasPrefix(cfg.addr, "localhost:") {
			host = "localhost:" + addr[strings.LastIndex(addr, ":")+1:]
		}
		cfg.baseURL = "http://" + host
	}
	// The server listens at once: /healthz answers while the library is
	// built, /readyz only once it is ready.
	var site atomic.Pointer[http.Handler]
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h := site.Load(); h != nil {
				(*h).ServeHTTP(w, r)
				return
			}
			starting(w, r)
		}),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ConnState:         newShedder(maxConns).connState,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	log.Info("listening", slog.String("addr", addr), slog.Int("max_connections", maxConns))

	start := time.Now()
	ready := make(chan struct{}) // the snapshot is written once the site serves
	lib, err := library.Load(ctx, docs, library.Options{IndexDir: cfg.index, Data: docs, Log: log, Ready: ready})
	if err != nil {
		srv.Close()
		return fmt.Errorf("building the library: %w", err)
	}
	defer lib.Close()
	coll := lib.Collection
	errs := coll.Errors()
	for _, p := range coll.Problems {
		level := slog.LevelWarn
		if !p.Warning {
			level = slog.LevelError
		}
		log.Log(ctx, level, "document problem", slog.String("file", p.File), slog.Int("line", p.Line), slog.String("problem", p.Message))
	}
	if err := cfg.strict.refuse(coll); err != nil {
		srv.Close()
		return err
	}
	// The bulk download is written in a folder of the index folder that
	// the index's checksums leave out, or in a temporary folder removed at
	// the end.
	dataDir := ""
	if cfg.index != "" {
		dataDir = filepath.Join(cfg.index, library.DownloadsDir)
		if err := os.MkdirAll(dataDir, 0o755); err != nil {
			log.Warn("the bulk download will be written in a temporary folder", slog.String("error", err.Error()))
			dataDir = ""
		}
	}
	if dataDir == "" {
		if dataDir, err = os.MkdirTemp("", "readingroom-data-"); err != nil {
			srv.Close()
			return err
		}
		defer os.RemoveAll(dataDir)
	}
	h, warm := server.Open(server.Config{BaseURL: cfg.baseURL, AdminEmail: cfg.adminEmail, DataDir: dataDir}, lib, log)
	site.Store(&h)
	close(ready)
	// The collection's pages (home, timeline, map...) are made while the
	// site serves; the library is closed only once they are.
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		made := time.Now()
		warm()
		log.Info("pages made", slog.Duration("took", time.Since(made)))
	}()
	defer func() { <-warmed }()
	log.Info("ready", slog.Duration("took", time.Since(start)), slog.Int("documents", len(coll.Docs)), slog.Int("errors", len(errs)), slog.Bool("search", lib.Index() != nil))
	fmt.Fprintf(stdout, "serving %d documents at http://%s\n", len(coll.Docs), addr)

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
