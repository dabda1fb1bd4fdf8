package align

import (
	"slices"
	"strings"
	"testing"

	"github.com/readingroom/readingroom/internal/archive"
)

// sharedFeatures returns what an English and a Russian paragraph have in
// common, as the aligner sees them.
func sharedFeatures(en, ru string) []string {
	a := newPara(archive.Paragraph{N: 1, Lines: strings.Split(en, "\n")}, false, nil)
	b := newPara(archive.Paragraph{N: 1, Lines: strings.Split(ru, "\n")}, true, nil)
	var out []string
	for _, f := range a.feats {
		if slices.Contains(b.feats, f) {
			out = append(out, f)
		}
	}
	return out
}

func TestFeaturesShared(t *testing.T) {
	for _, c := range []struct {
		en, ru string
		want   []string // each must be shared
	}{
		{"the telegram of 28 November", "телеграммой от 28 ноября", []string{"d:28-11", "n:28", "m:11"}},
		{"on November 28th", "28-го ноября", []string{"d:28-11"}},
		{"No 172 of 3 May", "№ 172 от 3 мая", []string{"n:172", "d:3-5"}},
		{"received 24 Nov 1945", "принято 24.XI.1945г.", []string{"d:24-11", "n:1945"}},
		{"Sent 1750 20 April 1946", "Пер. 17 ч. 50 м. 20/IV 1946 г.", []string{"t:17:50", "d:20-4"}},
		{"as of 2200 on the 23rd", "на 22 часа 23-го", []string{"t:22:00"}},
		{"15,000 troops", "15 тысяч войск", []string{"n:15000"}},
		{"12 thousand men", "12 тыс. человек", []string{"n:12000"}},
		{"harsh demands [zhestkiye pretenzii]", "жесткие претензии", []string{"w:zstk", "w:prtn"}},
		{"Cde. MASLENNIKOV", "т. МАСЛЕННИКОВУ", []string{"w:msln"}},
		{"the town of Kushabad", "в Кушабаде", []string{"w:ksbd"}},
		{"M. D. Bagirov", "М.Д.БАГИРОВ", []string{"b:signature"}},
		{"To Cde. Ostrovsky", "Товарищу ОСТРОВСКОМУ", []string{"b:address"}},
		{"2 December 1946", `" 2 " декабря 1946г.`, []string{"b:date", "d:2-12"}},
	} {
		got := sharedFeatures(c.en, c.ru)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q / %q: share %v, want %s among them", c.en, c.ru, got, w)
			}
		}
	}
}

func TestFeaturesNotShared(t *testing.T) {
	for _, c := range []struct {
		en, ru string
		not    []string
	}{
		{"in March the troops marched", "в мае войска шли", []string{"m:3", "m:5"}}, // "marched" is no month
		{"the troops may march", "в мае войска шли", []string{"m:5", "m:3"}},        // nor the verbs "may" and "march"
		{"on 28 November", "28 октября", []string{"d:28-11", "d:28-10", "m:11"}},
		{"No 172", "№ 173", []string{"n:172", "n:173"}},
		{"Sent 1750", "Пер. 17 ч. 55 м.", []string{"t:17:50", "t:17:55"}},
		{"the party decided", "партия решила", []string{"w:prt"}}, // lowercase English words give no key
	} {
		got := sharedFeatures(c.en, c.ru)
		for _, f := range c.not {
			if slices.Contains(got, f) {
				t.Errorf("%q / %q share %s", c.en, c.ru, f)
			}
		}
	}
	if k := soundKey("Qavam"); k != soundKey("Кавам") {
		t.Errorf("Qavam %q, Кавам %q", k, soundKey("Кавам"))
	}
	if soundKey("Stalin") == soundKey("Sadchikov") {
		t.Error("different names share a key")
	}
	if k := soundKey("ai"); k != "" {
		t.Errorf("a word of no consonants has key %q", k)
	}
}

func TestTransliterate(t *testing.T) {
	for in, want := range map[string]string{
		"жесткие претензии": "zhestkie pretenzii",
		"Щука, Юрий, Яна":   "shchuka, iurii, iana",
		"ЦК ВКП(б)":         "tsk vkp(b)",
		"Tabriz 1946":       "tabriz 1946",
	} {
		if got := Transliterate(in); got != want {
			t.Errorf("Transliterate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRunsOn(t *testing.T) {
	for text, want := range map[string]bool{
		"The peasants turning to us ask:": true,
		"the partisans in this region, having found out about this, went into the town and": true,
		"The mood of the population is calm on the whole.":                                  false,
		"МОСКВА":     false,
		"Н. ЛЕБЕДЕВ": false,
		"They ordered the gendarmes to go to the outskirts and take up positions,   ":                                                                          true,
		"Он сказал: \u00ab\u0423\u043c\u0435\u0440\u0435\u0442\u044c, \u043d\u043e \u043d\u0435 \u043e\u0442\u0441\u0442\u0443\u043f\u0438\u0442\u044c\u00bb.": false,
	} {
		if got := runsOn(text); got != want {
			t.Errorf("runsOn(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestDescribes(t *testing.T) {
	for text, want := range map[string]bool{
		"[handwritten below: No 40-41]":                   true,
		"[transmission and receipt blocks at the bottom:": true,
		"  [Stamp: Incoming No 512]  ":                    true,
		"[Their] sympathy is with our side.":              false,
		"The harsh measures [zhestkiye mery] continue.":   false,
		"": false,
	} {
		if got := describes(text); got != want {
			t.Errorf("describes(%q) = %v, want %v", text, got, want)
		}
	}
}
