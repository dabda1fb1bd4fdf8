package archive

import (
	"strings"
	"unicode"
)

// Language is a language a document of the archive is written or
// translated in.
type Language struct {
	Code   string // ISO 639-1: "ru"
	Name   string // as the archive writes it: "Russian"
	Script *unicode.RangeTable
}

// Undetermined is the code of a text whose language the source does not
// state (ISO 639-2 "und").
const Undetermined = "und"

// languages is the one table of languages: the parser reads the archive's
// names with it, search's lang: filter, the timeline's lang= filter and
// the pages' labels read codes and names with it.
var languages = []Language{
	{"ru", "Russian", unicode.Cyrillic},
	{"az", "Azerbaijani", unicode.Cyrillic},
	{"uk", "Ukrainian", unicode.Cyrillic},
	{"fa", "Persian", unicode.Arabic},
	{"en", "English", unicode.Latin},
	{"fr", "French", unicode.Latin},
	{"de", "German", unicode.Latin},
}

// languageAliases are other names the archive uses for a language.
var languageAliases = map[string]string{"farsi": "fa"}

// LookupLanguage finds a language by its code or its name, in any case:
// "ru", "Russian" and "RUSSIAN" are all Russian.
func LookupLanguage(s string) (Language, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if code, ok := languageAliases[s]; ok {
		s = code
	}
	for _, l := range languages {
		if s == l.Code || s == strings.ToLower(l.Name) {
			return l, true
		}
	}
	return Language{}, false
}

// LanguageName names a language code for readers: "Russian", "Not stated"
// for Undetermined, and the code itself when it is not in the table.
func LanguageName(code string) string {
	if code == Undetermined {
		return "Not stated"
	}
	if l, ok := LookupLanguage(code); ok && l.Code == code {
		return l.Name
	}
	return code
}

func languageCode(name string) string {
	l, _ := LookupLanguage(name)
	return l.Code
}

func scriptOf(name string) *unicode.RangeTable {
	l, _ := LookupLanguage(name)
	return l.Script
}
