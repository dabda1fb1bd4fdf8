package archive

import "testing"

func TestLookupLanguage(t *testing.T) {
	for _, tc := range []struct {
		in, code string
	}{
		{"ru", "ru"}, {"RU", "ru"}, {"Russian", "ru"}, {" russian ", "ru"},
		{"Azerbaijani", "az"}, {"az", "az"}, {"Farsi", "fa"}, {"PERSIAN", "fa"}, {"en", "en"},
		{"Klingon", ""}, {"", ""}, {"und", ""}, {"r", ""},
	} {
		l, ok := LookupLanguage(tc.in)
		if l.Code != tc.code || ok != (tc.code != "") {
			t.Errorf("LookupLanguage(%q) = %q, %v; want %q", tc.in, l.Code, ok, tc.code)
		}
	}
	for code, name := range map[string]string{"ru": "Russian", "fa": "Persian", Undetermined: "Not stated", "xx": "xx", "Russian": "Russian"} {
		if got := LanguageName(code); got != name {
			t.Errorf("LanguageName(%q) = %q, want %q", code, got, name)
		}
	}
}
