package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"

	"github.com/readingroom/readingroom/internal/search"
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

// removeLeftovers removes the temporary files that a snapshot write cut
// short (a killed process, a full disk) left in dir: no other process
// writes there while the lock is held.
func removeLeftovers(dir string, log *slog.Logger) {
	names, _ := filepath.Glob(filepath.Join(dir, snapshotFile+".*"))
	for _, name := range names {
		if err := os.Remove(name); err == nil {
			log.Info("removed a temporary file left by an earlier run", slog.String("file", name))
		}
	}
}

// openIndex opens the search index as search.Open does, but a failure to
// keep it on disk (a full or read-only disk, a panic inside the index
// library) is logged and the index is built in memory instead: persisting
// is optional, serving is not. persisted says where it ended up.
func openIndex(ctx context.Context, docs []*search.Doc, opts search.Options) (ix *search.Index, persisted bool, err error) {
	ix, err = safeOpen(ctx, docs, opts)
	if err == nil || opts.Dir == "" || errors.Is(err, search.ErrInUse) || ctx.Err() != nil {
		return ix, err == nil && opts.Dir != "", err
	}
	if opts.Log != nil {
		opts.Log.Error("the search index cannot be kept on disk: serving it from memory", slog.String("dir", opts.Dir), slog.String("error", err.Error()))
	}
	opts.Dir = ""
	ix, err = safeOpen(ctx, docs, opts)
	return ix, false, err
}

// safeOpen turns a panic inside search.Open into an error.
func safeOpen(ctx context.Context, docs []*search.Doc, opts search.Options) (ix *search.Index, err error) {
	defer func() {
		if p := recover(); p != nil {
			ix, err = nil, fmt.Errorf("the index library failed: %v", p)
		}
	}()
	return search.Open(ctx, docs, opts)
}
