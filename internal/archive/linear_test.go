package archive

import (
	"strings"
	"testing"
	"time"
)

// costPerByte returns the shortest time per byte of runs of f on data: the
// shortest, because the machine may be busy with other work.
func costPerByte(data []byte, runs int, f func([]byte)) time.Duration {
	best := time.Duration(1 << 62)
	for range runs {
		start := time.Now()
		f(data)
		if d := time.Since(start); d < best {
			best = d
		}
	}
	return best / time.Duration(max(len(data), 1))
}

// assertLinear fails when f costs six times as much per byte on the large input
// than on the small one, eight to sixteen times smaller: quadratic work
// shows as a ratio near the size ratio; linear work near 1.
func assertLinear(t *testing.T, name string, small, large []byte, f func([]byte)) {
	t.Helper()
	f(small) // warm up
	// A busy machine can slow one run: quadratic work fails every try.
	var s, l time.Duration
	for try := 0; try < 3; try++ {
		s, l = costPerByte(small, 3, f), costPerByte(large, 1, f)
		t.Logf("%s: %v/KB at %d KB, %v/KB at %d KB", name, s*1024, len(small)>>10, l*1024, len(large)>>10)
		if l <= 6*s+50*time.Nanosecond {
			return
		}
	}
	t.Errorf("%s: %v a byte at %d bytes but %v at %d bytes: cost grows faster than the input", name, s, len(small), l, len(large))
}

// pageWith returns a page capture whose text is body, followed by marks
// classification lines before its fields.
func pageWith(body string, marks int) []byte {
	var b strings.Builder
	b.WriteString("Skip to content\n\nMarch 3, 1946\n\nAn Invented Note on Roads\n\n\n")
	b.WriteString(body)
	b.WriteString("\n\n\n")
	for range marks {
		b.WriteString("Top Secret\n\n")
	}
	b.WriteString("Document Information\n\n\nSource\n\n\nAn invented archive, f. 1, op. 2, d. 3.\n")
	return []byte(b.String())
}

func parseBytes(b []byte) { _, _ = Parse("long.txt", b) }

func TestParseLinearInRepeatedMarks(t *testing.T) {
	if testing.Short() {
		t.Skip("times the parser on megabytes")
	}
	assertLinear(t, "classification marks", pageWith("The road was closed.", 8_000), pageWith("The road was closed.", 100_000), parseBytes)
}

func TestParseLinearInOneLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("times the parser on megabytes")
	}
	line := func(n int) string {
		unit := "The convoy left at dawn. Gen. A. B. Smith wrote[1] to the consul; the road (near km. 40) was closed. "
		return strings.Repeat(unit, n/len(unit)+1)[:n]
	}
	// A single line of 4 MB: no line break anywhere in the text.
	assertLinear(t, "one long line", pageWith(line(256<<10), 0), pageWith(line(4<<20), 0), parseBytes)
	assertLinear(t, "many short lines", pageWith(strings.Repeat("Короткая строка текста.\n\n", 10_000), 0), pageWith(strings.Repeat("Короткая строка текста.\n\n", 80_000), 0), parseBytes)
	assertLinear(t, "no spaces", pageWith(strings.Repeat("x", 256<<10), 0), pageWith(strings.Repeat("x", 2<<20), 0), parseBytes)
}

// FuzzParseLinear repeats any text to 8 KB and to 128 KB, as the body of a
// page and as a whole file, and asserts that parsing costs about as much per
// byte on both.
func FuzzParseLinear(f *testing.F) {
	for _, s := range []string{"Top Secret\n\n", "The road. Gen. A. B. Smith[1] wrote.\n", "x", "**April 1946**\n\n", "[1] A note.\n\n", "Лично\r\n\r\n", "|a|b|\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, unit string) {
		if unit == "" {
			return
		}
		rep := func(n int) string { return strings.Repeat(unit, n/len(unit)+1)[:n] }
		for _, shape := range []func(string) []byte{
			func(s string) []byte { return []byte(s) },
			func(s string) []byte { return pageWith(s, 0) },
		} {
			small, large := shape(rep(8<<10)), shape(rep(128<<10))
			parseBytes(small)
			var s, l time.Duration
			for try := 0; try < 3; try++ {
				s, l = costPerByte(small, 3, parseBytes), costPerByte(large, 2, parseBytes)
				if l <= 6*s+2*time.Microsecond {
					break
				}
			}
			if l > 6*s+2*time.Microsecond {
				t.Errorf("%v a byte at %d bytes but %v at %d bytes", s, len(small), l, len(large))
			}
		}
	})
}
