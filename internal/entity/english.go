package entity

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"

	"github.com/blevesearch/snowballstem"
	snowen "github.com/blevesearch/snowballstem/english"
	snowru "github.com/blevesearch/snowballstem/russian"
)

// englishGz is a list of ordinary English words (words/README.md).
//
//go:embed words/english.txt.gz
var englishGz []byte

// englishWords is the list read, with the stem of each word, once: only
// the curator's report needs it.
var englishWords = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	zr, err := gzip.NewReader(bytes.NewReader(englishGz))
	if err != nil {
		return set
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w != "" {
			set[w] = true
			set["\x00"+stem(w, ScriptLatin)] = true
		}
	}
	return set
})

// englishWord reports whether a folded Latin word is an ordinary English
// word, or a form of one (its stem is one's stem: increased, increase).
func englishWord(w string) bool {
	set := englishWords()
	return set[w] || set["\x00"+stem(w, ScriptLatin)]
}

// stem returns the Snowball stem of a folded word, in English or Russian by
// its script.
func stem(w, script string) string {
	env := snowballstem.NewEnv(w)
	switch script {
	case ScriptLatin:
		snowen.Stem(env)
	case ScriptCyrillic:
		snowru.Stem(env)
	default:
		return w
	}
	return env.Current()
}
