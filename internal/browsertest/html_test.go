package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"testing"
	"time"
)

// vnuTimeout bounds one run of the Nu HTML Checker over every page; it
// starts in about two seconds and checks a page in milliseconds.
const vnuTimeout = 2 * time.Minute

// vnuMessage is one message of the Nu HTML Checker's JSON output.
type vnuMessage struct {
	Type        string `json:"type"`    // "error", "info" or "non-document-error"
	SubType     string `json:"subType"` // "warning" for an info that matters; "fatal" for an error
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// TestPagesAreValidHTML runs the Nu HTML Checker over every page the crawl
// finds and the error pages, as served over HTTP: errors fail the test,
// warnings are only printed.
func TestPagesAreValidHTML(t *testing.T) {
	java := requireJava(t)
	jar := nodeModule(t, "vnu-jar/build/dist/vnu.jar")
	s := testSite(t)
	res := testCrawl(t)

	dir := t.TempDir()
	var files []string
	where := map[string]string{} // file name -> page path
	write := func(pagePath string, body []byte) {
		name := fmt.Sprintf("page-%03d.html", len(files))
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(dir, name))
		where[name] = pagePath
	}
	for _, p := range htmlPages(res.Pages) {
		write(p.Final, p.Body)
	}
	for _, e := range errorPages {
		r := s.get(t, e.Path)
		if r.Status != e.Status {
			t.Errorf("GET %s: status %d, want %d", e.Path, r.Status, e.Status)
		}
		write(e.Path, r.Body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), vnuTimeout)
	defer cancel()
	// The checker reads the files' encoding from their <meta charset>; its
	// exit status only says whether it found errors, which the JSON says
	// with the details.
	// The checker needs a thread stack of at least 512k for deep pages.
	args := append([]string{"-Xss2m", "-jar", jar, "--format", "json", "--stdout", "--exit-zero-always"}, files...)
	cmd := exec.CommandContext(ctx, java, args...)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("running the Nu HTML Checker: %v\n%s%s", err, out, stderr)
	}
	var report struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("reading the Nu HTML Checker's report: %v\n%s", err, out)
	}
	errs := 0
	for _, m := range report.Messages {
		page := where[path.Base(m.URL)]
		if page == "" {
			page = m.URL
		}
		line := m.LastLine
		if m.FirstLine > 0 {
			line = m.FirstLine
		}
		text := fmt.Sprintf("%s:%d:%d: %s\n\t%s", page, line, m.FirstColumn, m.Message, m.Extract)
		switch {
		case m.Type == "error" || m.Type == "non-document-error":
			errs++
			t.Errorf("HTML error: %s", text)
		case m.SubType == "warning":
			t.Logf("HTML warning: %s", text)
		}
	}
	t.Logf("the Nu HTML Checker read %d pages: %d errors", len(files), errs)
}
