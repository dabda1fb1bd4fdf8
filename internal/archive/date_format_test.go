package archive

import (
	"fmt"
	"testing"
	"time"
)

// ISO and String write dates without fmt: as fmt wrote them, for any
// numbers.
func TestDateFormsAreFmts(t *testing.T) {
	nums := []int{0, 1, 9, 10, 12, 13, 31, 99, 100, 999, 1000, 1946, 9999, 10000, 123456, -1, -12, -1946}
	for _, y := range nums {
		for _, m := range nums {
			for _, day := range nums {
				for _, p := range []Precision{PrecisionNone, PrecisionYear, PrecisionMonth, PrecisionDay, Precision(7)} {
					d := Date{Year: y, Month: m, Day: day, Precision: p}
					if got, want := d.ISO(), d.isoFmt(); got != want {
						t.Fatalf("%+v: ISO %q, fmt %q", d, got, want)
					}
					want := "undated"
					switch p {
					case PrecisionYear:
						want = fmt.Sprint(y)
					case PrecisionMonth:
						want = fmt.Sprintf("%s %d", time.Month(m), y)
					case PrecisionDay:
						want = fmt.Sprintf("%s %d, %d", time.Month(m), day, y)
					}
					if got := d.String(); got != want {
						t.Fatalf("%+v: String %q, want %q", d, got, want)
					}
				}
			}
		}
	}
	if got := (Date{Year: 1946, Month: 4, Day: 2, Precision: PrecisionDay}).ISO(); got != "1946-04-02" {
		t.Errorf("ISO %q", got)
	}
}
