package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/readingroom/readingroom/internal/archive"
)

// writeIDs records the current ID of every document of the folder dir in
// its ID file, keeping every former ID, and says what changed.
func writeIDs(dir string, stdout io.Writer) error {
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return fmt.Errorf("ids needs the documents folder: %q is not a folder", dir)
	}
	fsys := os.DirFS(dir)
	coll, err := archive.Load(fsys)
	if err != nil {
		return err
	}
	if errs := coll.Errors(); len(errs) > 0 {
		return fmt.Errorf("%d documents do not load (first: %s); fix them first, so that no ID is recorded from a broken file", len(errs), errs[0].Error())
	}
	ids, err := archive.ReadIDs(fsys)
	if err != nil {
		return err
	}
	if ids == nil {
		ids = &archive.IDs{}
	}
	changes := ids.Update(coll.Docs)
	data, err := ids.Encode()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, archive.IDFile)
	tmp, err := os.CreateTemp(dir, ".ids-*.toml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	for _, c := range changes {
		fmt.Fprintln(stdout, c)
	}
	fmt.Fprintf(stdout, "%s: %d documents, %d changes\n", path, len(ids.Documents), len(changes))
	return nil
}
