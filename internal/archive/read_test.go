package archive

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
	"time"
)

// specialFolder makes a documents folder with one good document and every
// kind of file that is not one: links out of the folder, a link to a device,
// a named pipe, a folder with a source's name, a link that loops.
func specialFolder(t *testing.T) (dir string) {
	t.Helper()
	dir, outside := t.TempDir(), t.TempDir()
	good := "April 12, 1946\n\nAn Invented Memo on Grain\n\nThe grain arrived late.\n"
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "good.txt"), good)
	write(filepath.Join(dir, "sub", "inner.txt"), strings.Replace(good, "Grain", "Salt", 1))
	write(filepath.Join(outside, "secret.txt"), strings.Replace(good, "Grain", "Secrets", 1))
	link("/dev/zero", "zero.md")
	link(filepath.Join(outside, "secret.txt"), "outside.md")
	link("../"+filepath.Base(outside)+"/secret.txt", "relative-outside.md")
	link("sub/inner.txt", "inside.md") // stays inside: read
	link("../good.txt", "sub/up.txt")  // stays inside from a subfolder
	link("loop-b.md", "loop-a.md")     // a loop
	link("loop-a.md", "loop-b.md")
	link(outside, "elsewhere") // a folder outside, reached through a link
	link("elsewhere/secret.txt", "via-folder.md")
	if err := os.Mkdir(filepath.Join(dir, "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Skip("cannot make a named pipe here:", err)
	}
	return dir
}

func TestReadFileRefusesAllButRegularFilesInside(t *testing.T) {
	dir := specialFolder(t)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for name, fsys := range map[string]fs.FS{"DirFS": os.DirFS(dir), "Root": root.FS()} {
		t.Run(name, func(t *testing.T) {
			for _, name := range []string{"good.txt", "inside.md", "sub/up.txt"} {
				if data, err := ReadFile(fsys, name, 1<<20); err != nil || !strings.Contains(string(data), "Invented") {
					t.Errorf("%s: %v, %q", name, err, data)
				}
			}
			for _, name := range []string{"zero.md", "outside.md", "relative-outside.md", "loop-a.md", "folder.md", "pipe.md"} {
				done := make(chan error, 1)
				go func() { _, err := ReadFile(fsys, name, 1<<20); done <- err }()
				select {
				case err := <-done:
					if err == nil {
						t.Errorf("%s was read", name)
					}
				case <-time.After(5 * time.Second):
					t.Fatalf("%s: still reading after 5 s", name)
				}
			}
			// Only os.Root sees that a link through a linked folder leaves it.
			if _, err := ReadFile(fsys, "via-folder.md", 1<<20); name == "Root" && err == nil {
				t.Errorf("via-folder.md was read through a link to a folder outside")
			}
			if _, err := ReadFile(fsys, "good.txt", 10); err == nil || !strings.Contains(err.Error(), "more than the 10") {
				t.Errorf("a file over the limit: %v", err)
			}
			if _, err := ReadFile(fsys, "missing.txt", 10); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a missing file: %v, want fs.ErrNotExist", err)
			}
		})
	}
}

// TestLoadReportsSpecialFiles loads a folder of special files: each is a
// problem with its name, the documents inside are served, and nothing from
// outside the folder is.
func TestLoadReportsSpecialFiles(t *testing.T) {
	dir := specialFolder(t)
	root, err := os.OpenRoot(dir) // as readingroom opens -docs
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	done := make(chan *Collection, 1)
	go func() {
		c, err := Load(root.FS())
		if err != nil {
			t.Error(err)
		}
		done <- c
	}()
	var c *Collection
	select {
	case c = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("loading a folder with a named pipe and /dev/zero did not end in 20 s")
	}
	if c == nil {
		return
	}
	var titles []string
	for _, d := range c.Docs {
		titles = append(titles, d.Title)
	}
	joined := strings.Join(titles, "|")
	if strings.Contains(joined, "Secrets") {
		t.Errorf("a document from outside the folder was loaded: %q", titles)
	}
	if !strings.Contains(joined, "Grain") || !strings.Contains(joined, "Salt") {
		t.Errorf("documents inside the folder missing: %q", titles)
	}
	bad := map[string]bool{}
	for _, p := range c.Errors() {
		bad[p.File] = true
	}
	for _, name := range []string{"zero.md", "outside.md", "relative-outside.md", "loop-a.md", "pipe.md", "via-folder.md"} {
		if !bad[name] {
			t.Errorf("%s is not reported; problems: %v", name, c.Problems)
		}
	}
}

// readAll gives a file's bytes whatever size the file said it had: the
// size it has, less (it grew since), more (it shrank), or none.
func TestReadAllWhateverTheSizeSaid(t *testing.T) {
	text := strings.Repeat("Телеграмма из Тебриза. A telegram from Tabriz.\n", 300)
	for _, said := range []int64{0, 1, 511, int64(len(text)) - 1, int64(len(text)), int64(len(text)) + 1, 3 * int64(len(text))} {
		got, err := readAll(iotest.OneByteReader(strings.NewReader(text)), said)
		if err != nil || string(got) != text {
			t.Errorf("said %d bytes: read %d bytes, %v; want %d", said, len(got), err, len(text))
		}
		got, err = readAll(strings.NewReader(text), said)
		if err != nil || string(got) != text {
			t.Errorf("said %d bytes, read at once: read %d bytes, %v; want %d", said, len(got), err, len(text))
		}
	}
	if _, err := readAll(iotest.TimeoutReader(strings.NewReader(text)), int64(len(text))); err == nil {
		t.Error("a failing read gave no error")
	}
}
