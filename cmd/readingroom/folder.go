package main

import (
	"io/fs"
	"os"
)

// sourceFolder opens the folder dir for reading its documents and records:
// as an os.Root, so that no symbolic link, in any part of a name, leads out
// of it (a link to /dev/zero or to a file elsewhere is refused, one that
// stays inside is followed). The root stays open for the life of the
// process, as the folder is read again when pages ask for texts. When it
// cannot be opened, os.DirFS reports the same failure on the first read.
func sourceFolder(dir string) fs.FS {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return os.DirFS(dir)
	}
	return root.FS()
}
