package library

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/readingroom/readingroom/internal/archive"
	"github.com/readingroom/readingroom/internal/search"
	"golang.org/x/sync/errgroup"
)

// lockFile is the file in an index folder whose lock says which process owns
// the folder.
const lockFile = "readingroom.lock"

// lockIndexDir makes dir if needed and takes its lock, for the life of the
// library, before anything in it is read or removed: a second server on the
// same folder stops at once with search.ErrInUse instead of deleting and
// rebuilding the index under the first. The kernel drops the lock when the
// process ends, however it ends.
func lockIndexDir(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index folder: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("index folder: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s", search.ErrInUse, dir)
		}
		return nil, fmt.Errorf("index folder: locking %s: %w", lockFile, err)
	}
	return f, nil
}

// unlock releases an index folder's lock; nil is no lock.
func unlock(f *os.File) {
	if f != nil {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}

// removeLeftovers removes the temporary files that a write of the snapshot
// or of the sources store cut short (a killed process, a full disk) left in
// dir: no other process writes there while the lock is held.
func removeLeftovers(dir string, log *slog.Logger) {
	names, _ := filepath.Glob(filepath.Join(dir, snapshotFile+".*"))
	stores, _ := filepath.Glob(filepath.Join(dir, sourcesFile+".*"))
	for _, name := range append(names, stores...) {
		if err := os.Remove(name); err == nil {
			log.Info("removed a temporary file left by an earlier run", slog.String("file", name))
		}
	}
}

// openIndex opens the search index as search.Update does (search.Open in
// memory), but a failure to keep it on disk (a full or read-only disk, a
// panic inside the index library) is logged and the index is built in
// memory instead: persisting is optional, serving is not. persisted says
// where it ended up.
func openIndex(ctx context.Context, entries []search.Entry, get func(int) (*search.Doc, error), opts search.Options) (ix *search.Index, persisted bool, err error) {
	ix, err = safeOpen(ctx, entries, get, opts)
	if err == nil || opts.Dir == "" || errors.Is(err, search.ErrInUse) || ctx.Err() != nil {
		return ix, err == nil && opts.Dir != "", err
	}
	if opts.Log != nil {
		opts.Log.Error("the search index cannot be kept on disk: serving it from memory", slog.String("dir", opts.Dir), slog.String("error", err.Error()))
	}
	opts.Dir = ""
	ix, err = safeOpen(ctx, entries, get, opts)
	return ix, false, err
}

// safeOpen opens the index, turning a panic inside the index library into
// an error.
func safeOpen(ctx context.Context, entries []search.Entry, get func(int) (*search.Doc, error), opts search.Options) (ix *search.Index, err error) {
	defer func() {
		if p := recover(); p != nil {
			ix, err = nil, fmt.Errorf("the index library failed: %v", p)
		}
	}()
	if opts.Dir != "" {
		ix, _, err = search.Update(ctx, entries, get, opts)
		return ix, err
	}
	docs := make([]*search.Doc, len(entries))
	for i := range entries {
		if docs[i], err = get(i); err != nil {
			return nil, err
		}
	}
	return search.Open(ctx, docs, opts)
}

// manifestFile lists the SHA-256 of every file of the persisted index. It is
// written when the library closes, once the index library has written its
// last byte, and removed when the index is opened again (the files change
// while it is open): a folder without it was not closed cleanly, and is
// rebuilt.
const manifestFile = "readingroom-index.sha256"

// maxManifest bounds the manifest read back: a line a file.
const maxManifest = 16 << 20

// DownloadsDir is the folder inside an index folder where the server keeps
// what it writes while serving (the bulk download): files that come and go
// with no bearing on the index, which the manifest leaves out. A download
// cut short by a signal or a crash must not make the next start rebuild a
// sound index.
const DownloadsDir = "downloads"

// indexFiles returns the files of dir that the manifest covers: all but the
// lock, the manifest itself, the snapshot, which has its own checksum, the
// sources store, whose every source is checked by its SHA-256 as it is
// read, and the downloads folder.
func indexFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		base := filepath.Base(rel)
		if d.IsDir() && rel == DownloadsDir {
			return filepath.SkipDir
		}
		if d.IsDir() || base == lockFile || base == manifestFile || strings.HasPrefix(base, snapshotFile) || strings.HasPrefix(base, sourcesFile) {
			return nil
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// manifest returns the manifest of dir's index files as it would be written.
// The files are hashed on every core: at 100,000 documents the index is a
// gigabyte, hashed at every start and every close.
func manifest(dir string) ([]byte, error) {
	names, err := indexFiles(dir)
	if err != nil {
		return nil, err
	}
	sums := make([][]byte, len(names))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, name := range names {
		g.Go(func() error {
			f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				return err
			}
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err != nil {
				return err
			}
			sums[i] = h.Sum(nil)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	for i, name := range names {
		fmt.Fprintf(&b, "%x  %s\n", sums[i], name)
	}
	return b.Bytes(), nil
}

// writeManifest writes dir's manifest, through a temporary file renamed
// into place.
func writeManifest(dir string) error {
	m, err := manifest(dir)
	if err != nil {
		return err
	}
	return writeFileAtomic(dir, manifestFile, func(w io.Writer) error {
		_, err := w.Write(m)
		return err
	})
}

// checkIndexFiles verifies dir's index files against the manifest before
// the index is opened, and removes the manifest, since the files change once
// it is open. An index that does not verify (a byte changed, a file added
// or missing, no manifest: the last run did not close) is removed, with the
// reason in the log, so that it is rebuilt. A folder with no index is left
// alone.
func checkIndexFiles(dir string, log *slog.Logger) {
	names, err := indexFiles(dir)
	if err != nil || len(names) == 0 {
		return
	}
	why := ""
	want, err := archive.ReadFile(os.DirFS(dir), manifestFile, maxManifest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = "it has no checksums: the last run did not close it"
	case err != nil:
		why = "its checksums cannot be read: " + err.Error()
	default:
		got, err := manifest(dir)
		if err != nil {
			why = "its files cannot be read: " + err.Error()
		} else if !bytes.Equal(got, want) {
			why = "its files do not match their checksums: " + firstDifference(want, got)
		}
	}
	_ = os.Remove(filepath.Join(dir, manifestFile))
	if why == "" {
		return
	}
	log.Warn("the search index on disk is not used: it is rebuilt", slog.String("dir", dir), slog.String("why", why))
	for _, name := range names {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(name)))
	}
	_ = os.RemoveAll(filepath.Join(dir, "bleve"))
	_ = os.Remove(filepath.Join(dir, snapshotFile))
}

// firstDifference names the first file whose line differs between two
// manifests.
func firstDifference(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			name := b
			if name == "" {
				name = a
			}
			if j := strings.Index(name, "  "); j >= 0 {
				name = name[j+2:]
			}
			return strconv.Quote(name)
		}
	}
	return "none"
}
