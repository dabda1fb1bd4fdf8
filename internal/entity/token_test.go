package entity

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string // the words as they stand in the text
		norm []string
	}{
		{"Qavam’s men", []string{"Qavam’s", "men"}, []string{"qavam's", "men"}},
		{"Sha'in Dezh", []string{"Sha'in", "Dezh"}, []string{"sha'in", "dezh"}},
		{"[izdevalis']", []string{"izdevalis"}, []string{"izdevalis"}},
		{"9.112Молотову Шерифу", []string{"Молотову", "Шерифу"}, []string{"молотову", "шерифу"}},
		{"Soviet-Iranian", []string{"Soviet", "Iranian"}, []string{"soviet", "iranian"}},
		{"С<sup>ъ</sup>ездом", []string{"С<sup>ъ</sup>ездом"}, []string{"съездом"}},
		{"Вел. 16<sup>35</sup>", []string{"Вел"}, []string{"вел"}},
		{"*О. Шериф*", []string{"О", "Шериф"}, []string{"о", "шериф"}},
		{"Ёлкин ЙОД", []string{"Ёлкин", "ЙОД"}, []string{"елкин", "йод"}},
		{"Qavām Pīshevarī", []string{"Qavām", "Pīshevarī"}, []string{"qavam", "pishevari"}},
		{"Тaвриз", []string{"Тaвриз"}, []string{"тавриз"}},
		{"a < b > c", []string{"a", "b", "c"}, []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		var got, norm []string
		for _, tok := range tokenize(tt.in) {
			got = append(got, tt.in[tok.start:tok.end])
			norm = append(norm, tok.norm)
		}
		if !slices.Equal(got, tt.want) || !slices.Equal(norm, tt.norm) {
			t.Errorf("tokenize(%q) = %q %q, want %q %q", tt.in, got, norm, tt.want, tt.norm)
		}
	}
}

func TestTokenCase(t *testing.T) {
	toks := tokenize("МОСКВА Москва москва")
	if !toks[0].upper || !toks[0].caps || !toks[1].upper || toks[1].caps || toks[2].upper {
		t.Errorf("case flags wrong: %+v", toks)
	}
	if toks[0].script != ScriptCyrillic || toks[0].letters != 6 {
		t.Errorf("script %q, letters %d", toks[0].script, toks[0].letters)
	}
}

// TestRuDecline pins the declension table on the kinds of name it serves.
func TestRuDecline(t *testing.T) {
	tests := []struct {
		word  string
		forms []string // forms that must be generated
	}{
		{"кавам", []string{"кавам", "кавама", "каваму", "кавамом", "каваме"}},
		{"багиров", []string{"багиров", "багирова", "багирову", "багировым", "багирове"}},
		{"шахиндедж", []string{"шахиндеджем"}},
		{"москва", []string{"москва", "москвы", "москве", "москву", "москвой"}},
		{"марага", []string{"мараги", "мараге"}},
		{"берия", []string{"берия", "берии", "берию", "берией"}},
		{"ардебиль", []string{"ардебиль", "ардебиля", "ардебиле", "ардебилем"}},
		{"кашкай", []string{"кашкай", "кашкая", "кашкае"}},
		{"иранский", []string{"иранский", "иранского", "иранскому", "иранским", "иранском"}},
		{"северный", []string{"северного", "северном"}},
		{"гилянская", []string{"гилянской", "гилянскую"}},
		{"ближний", []string{"ближнего", "ближнем"}},
		{"баку", []string{"баку"}},
		{"пишевари", []string{"пишевари"}},
		{"миане", []string{"миане"}},
	}
	for _, tt := range tests {
		stem, endings := ruDecline(tt.word, false)
		var forms []string
		for _, e := range endings {
			forms = append(forms, stem+e)
		}
		for _, f := range tt.forms {
			if !slices.Contains(forms, f) {
				t.Errorf("ruDecline(%q) gives %q, lacking %q", tt.word, forms, f)
			}
		}
	}
	if stem, endings := ruDecline("баку", false); stem != "баку" || !slices.Equal(endings, []string{""}) {
		t.Errorf("Баку declines: %q %q", stem, endings)
	}
	if stem, endings := ruDecline("ссср", true); stem != "ссср" || !slices.Equal(endings, []string{""}) {
		t.Errorf("СССР declines: %q %q", stem, endings)
	}
}

func TestRuDerivative(t *testing.T) {
	for _, rest := range []string{"ский", "ской", "скому", "инские", "цы", "ец"} {
		if !ruDerivative(rest) {
			t.Errorf("ruDerivative(%q) = false", rest)
		}
	}
	for _, rest := range []string{"", "а", "е", "ом", "ов", "ский_", "град"} {
		if ruDerivative(rest) {
			t.Errorf("ruDerivative(%q) = true", rest)
		}
	}
}
