package archive

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Generate writes n synthetic documents in the archive's own source layouts,
// built from the paragraphs, names and dates of the seed documents, so that
// benchmarks index realistic text in both scripts. Half are Markdown exports
// with a Russian original, half web page captures with the translation
// only. The same seed documents, n and seed give the same files.
func Generate(seeds []*Document, n int, seed uint64) map[string][]byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var en, ru []string
	var titles []string
	for _, d := range seeds {
		for _, p := range d.Translation.Paragraphs {
			if p.Kind == KindText {
				en = append(en, strings.Join(p.Lines, "\n"))
			}
		}
		for _, p := range d.Original.Paragraphs {
			if p.Kind == KindText {
				ru = append(ru, strings.Join(p.Lines, "\n"))
			}
		}
		titles = append(titles, d.Title)
	}
	if len(en) == 0 {
		return nil
	}
	start := time.Date(1945, 9, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(1947, 1, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	files := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		date := start.AddDate(0, 0, rng.IntN(days))
		title := fmt.Sprintf("%s (synthetic %d)", titles[rng.IntN(len(titles))], i+1)
		pick := func(pool []string, min, max int) []string {
			k := min + rng.IntN(max-min+1)
			out := make([]string, k)
			for j := range out {
				out[j] = pool[rng.IntN(len(pool))]
			}
			return out
		}
		ref := fmt.Sprintf("GAPPOD, f.1, op.89, d.%d", 100+rng.IntN(40))
		if rng.IntN(4) == 0 {
			ref = fmt.Sprintf("RGASPI, f. 558, op. 11, d. %d, ll. %04d-%04d", 90+rng.IntN(20), 10+i%80, 12+i%80)
		}
		var b strings.Builder
		name := fmt.Sprintf("gen-%06d", i+1)
		if i%2 == 0 && len(ru) > 0 {
			dateText := date.Format("January 2, 2006")
			if rng.IntN(20) == 0 {
				dateText = date.Format("January 2006")
			}
			fmt.Fprintf(&b, "\n\n**%s**\n\n**%s**\n\n**Citation:**\n\n\"%s\", %s, Wilson Center Digital Archive, %s. Obtained for CWIHP by Jamil Hasanli and translated for CWIHP by Gary Goldberg. <https://digitalarchive.wilsoncenter.org/document/%d>\n\n",
				dateText, title, title, dateText, ref, 300000+i)
			fmt.Fprintf(&b, "**Summary:**\n\n%s\n\n**Original Language:**\n\nRussian\n\n**Contents:**\n\nOriginal Scan  \nTranslation - English\n\n", firstSentence(en[rng.IntN(len(en))]))
			for k, p := range pick(ru, 6, 18) {
				if k > 0 && k%5 == 0 {
					fmt.Fprintf(&b, "%d\n\n", 100+k)
				}
				b.WriteString(p + "\n\n")
			}
			for _, p := range pick(en, 6, 18) {
				b.WriteString(p + "\n\n")
			}
			files[name+".md"] = []byte(b.String())
			continue
		}
		fmt.Fprintf(&b, "Skip to content\n\n%s\n\n%s\n\n\n", date.Format("January 2, 2006"), title)
		for _, p := range pick(en, 10, 30) {
			b.WriteString(p + "\n\n\n")
		}
		fmt.Fprintf(&b, "%s\n\n\nDocument Information\n\n\n%s. Obtained for CWIHP by Jamil Hasanli and translated for CWIHP by Gary Goldberg.\n\n\n", firstSentence(en[rng.IntN(len(en))]), ref)
		b.WriteString("The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational purposes.\n\nOriginal Uploaded Date\n\n\n\nRecord ID\n")
		files[name+".txt"] = []byte(b.String())
	}
	return files
}

func firstSentence(p string) string {
	p = strings.ReplaceAll(p, "\n", " ")
	if i := strings.Index(p, ". "); i > 0 {
		return p[:i+1]
	}
	return p
}
