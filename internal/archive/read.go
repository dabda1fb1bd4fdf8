package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// maxRecordFile bounds a curator's data file (records, chronology, IDs,
// overrides): the shipped ones are tens of kilobytes.
const maxRecordFile = 16 << 20

// ErrNotRegular is wrapped by ReadFile's error for a name that is not a
// regular file: a device, a pipe, a socket, a folder, or a symbolic link that
// leaves the folder.
var ErrNotRegular = errors.New("not a regular file")

// ReadFile reads the file name of fsys, at most limit bytes, or fails: it
// reads only a regular file, follows a symbolic link only when it stays
// inside the folder, and checks the file's type before opening it, since
// opening a named pipe waits for a writer and a device such as /dev/zero
// never ends. A file that does not exist gives an error that wraps
// fs.ErrNotExist. fsys from os.DirFS follows links anywhere; a folder
// opened with os.OpenRoot refuses the ones that leave it on its own.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	data, _, err := readFile(fsys, name, limit)
	return data, err
}

// readFile is ReadFile that also returns what the opened file said of
// itself (its modification time).
func readFile(fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	data, info, err := readRegular(fsys, name, limit)
	var pe *fs.PathError
	if err != nil && !errors.As(err, &pe) {
		err = &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, info, err
}

func readRegular(fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	if err := staysInside(fsys, name); err != nil {
		return nil, nil, err
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	if err := regular(info, limit); err != nil {
		return nil, nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	// The file may have been replaced between the look and the opening.
	if info, err = f.Stat(); err != nil {
		return nil, nil, err
	}
	if err := regular(info, limit); err != nil {
		return nil, nil, err
	}
	data, err := readAll(io.LimitReader(f, limit+1), min(info.Size(), limit))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > limit {
		return nil, nil, fmt.Errorf("the file grew to more than the %d bytes it may have while it was read", limit)
	}
	return data, info, nil
}

// readAll reads r to its end into a buffer of the size its file said it
// has, and one byte to see the end, as os.ReadFile does: io.ReadAll's
// doubling from 512 bytes was a tenth of what a first start at 100,000
// documents allocated. A file that grew since it said its size is read on
// in a growing buffer; r bounds what is read.
func readAll(r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, max(0, size)+1)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// ReadRecordFile reads a curator's data file at the root of fsys, with the
// checks and the bound of ReadFile.
func ReadRecordFile(fsys fs.FS, name string) ([]byte, error) {
	return ReadFile(fsys, name, maxRecordFile)
}

func regular(info fs.FileInfo, limit int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w (%s)", ErrNotRegular, modeName(info.Mode()))
	}
	if info.Size() > limit {
		return fmt.Errorf("file is %d bytes, more than the %d it may have", info.Size(), limit)
	}
	return nil
}

func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "type " + m.Type().String()
}

// maxLinks bounds the symbolic links followed from one name, as the
// kernel's own limit does.
const maxLinks = 40

// staysInside fails when name, in a folder that can tell links (os.DirFS,
// os.Root's FS), is a symbolic link, or a chain of them, that points out of
// the folder. A link inside a subfolder is resolved from that subfolder.
func staysInside(fsys fs.FS, name string) error {
	lfs, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil // embedded and in-memory folders have no links
	}
	for range maxLinks {
		info, err := lfs.Lstat(name)
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return nil
		}
		target, err := lfs.ReadLink(name)
		if err != nil {
			return err
		}
		if path.IsAbs(target) || strings.HasPrefix(target, `\`) {
			return fmt.Errorf("%w: a symbolic link to %q, outside the folder", ErrNotRegular, target)
		}
		next := path.Join(path.Dir(name), target)
		if !fs.ValidPath(next) {
			return fmt.Errorf("%w: a symbolic link to %q, outside the folder", ErrNotRegular, target)
		}
		name = next
	}
	return fmt.Errorf("%w: more than %d symbolic links in a row", ErrNotRegular, maxLinks)
}
