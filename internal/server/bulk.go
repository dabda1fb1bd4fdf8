package server

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/readingroom/readingroom/internal/failure"
	"github.com/readingroom/readingroom/internal/pagecache"
)

// bulkName is the file name of the bulk download.
const bulkName = "readingroom-collection.jsonl"

// maxBulkWait bounds how long a request waits for the bulk file to be
// written (at 100,000 documents it takes over a minute): past it the
// reader is told to come back, while the writing goes on.
const maxBulkWait = 10 * time.Second

// stallTimeout is how long one write of a download may take: each write
// moves the response's deadline on by this much, so a slow reader that
// keeps reading (at more than 32 KB per stallTimeout, about 1 KB/s) gets
// the whole file, and one that stops reading is let go.
const stallTimeout = 30 * time.Second

var errBulkBusy = failure.New(failure.Overloaded, "The collection's data file is being written. Try again in a few seconds.")

// bulkFiles is the bulk download written to disk: the JSON Lines, its
// gzipped copy and its checksum, made once from the loaded collection.
type bulkFiles struct {
	once    sync.Once
	done    chan struct{} // closed when the files are written, or err set
	plain   string        // path of the JSON Lines
	gz      string        // path of its gzipped copy
	sum     string        // SHA-256 of the JSON Lines, hexadecimal
	modtime time.Time
	err     error
}

// bulkReady returns the bulk files, starting to write them on the first
// call. The writing belongs to no request: a reader who leaves does not
// stop it.
func (s *Server) bulkReady(ctx context.Context) (*bulkFiles, error) {
	b := &s.bulk
	b.once.Do(func() {
		b.done = make(chan struct{})
		go func() {
			defer close(b.done)
			b.err = s.writeBulkFiles(context.WithoutCancel(ctx), b)
			if b.err != nil {
				s.log.Error("writing the bulk download", slog.String("error", b.err.Error()))
			}
		}()
	})
	wait := time.NewTimer(maxBulkWait)
	defer wait.Stop()
	select {
	case <-b.done:
	case <-wait.C:
		return nil, errBulkBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if b.err != nil {
		return nil, b.err
	}
	return b, nil
}

// writeBulkFiles writes the JSON Lines and its gzipped copy in one pass
// over the collection, computing the checksum on the way, into temporary
// names renamed when complete.
func (s *Server) writeBulkFiles(ctx context.Context, b *bulkFiles) error {
	dir := s.cfg.DataDir
	if dir == "" {
		d, err := os.MkdirTemp("", "readingroom-data-")
		if err != nil {
			return err
		}
		dir = d
	}
	// A write cut short by an earlier run (a signal, a crash, a full
	// disk) left its temporary files: only one run writes here at a time.
	leftovers, _ := filepath.Glob(filepath.Join(dir, bulkName+"*.tmp"))
	for _, name := range leftovers {
		_ = os.Remove(name)
	}
	plain, err := os.CreateTemp(dir, bulkName+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(plain.Name()) // once renamed, a no-op
	defer plain.Close()
	gzf, err := os.CreateTemp(dir, bulkName+".gz.*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(gzf.Name())
	defer gzf.Close()
	h := sha256.New()
	zw, _ := gzip.NewWriterLevel(gzf, gzip.DefaultCompression)
	if err := s.writeBulk(ctx, io.MultiWriter(plain, h, zw)); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	for _, f := range []*os.File{plain, gzf} {
		if err := f.Close(); err != nil {
			return err
		}
	}
	b.plain, b.gz = filepath.Join(dir, bulkName), filepath.Join(dir, bulkName+".gz")
	if err := os.Rename(plain.Name(), b.plain); err != nil {
		return err
	}
	if err := os.Rename(gzf.Name(), b.gz); err != nil {
		return err
	}
	b.sum = hex.EncodeToString(h.Sum(nil))
	b.modtime = time.Now().UTC().Truncate(time.Second)
	return nil
}

// handleBulk serves GET /data/readingroom-collection.jsonl and its .sha256.
// The file is written once and served from disk by http.ServeContent:
// ranges (a cut download resumes), conditional requests on its ETag (the
// checksum), and a deadline that follows the reader rather than the
// server's write timeout. The gzipped copy is served to clients that
// accept it, as its own representation with its own ETag.
func (s *Server) handleBulk(checksum bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		b, err := s.bulkReady(r.Context())
		if err != nil {
			if r.Context().Err() != nil {
				return nil // the reader left
			}
			return err
		}
		if checksum {
			return writePublic(w, r, "text/plain; charset=utf-8", []byte(b.sum+"  "+bulkName+"\n"))
		}
		path, etag := b.plain, `"`+b.sum[:32]+`"`
		if pagecache.Accepts(r, "gzip") {
			path, etag = b.gz, `"`+b.sum[:32]+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		h.Set("Content-Type", "application/jsonl; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+bulkName+`"`)
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("Vary", "Accept-Encoding")
		h.Set("ETag", etag)
		http.ServeContent(followReader(w), r, "", b.modtime, f)
		return nil
	}
}

// followReader returns w with a write deadline that moves on by
// stallTimeout at every write, instead of the server's WriteTimeout,
// which would cut a long download short however fast it flows.
func followReader(w http.ResponseWriter) http.ResponseWriter {
	return &readerPacedWriter{ResponseWriter: w, rc: http.NewResponseController(w)}
}

type readerPacedWriter struct {
	http.ResponseWriter
	rc *http.ResponseController
}

func (w *readerPacedWriter) Write(p []byte) (int, error) {
	_ = w.rc.SetWriteDeadline(time.Now().Add(stallTimeout)) // unsupported only in tests' recorders
	return w.ResponseWriter.Write(p)
}

func (w *readerPacedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
