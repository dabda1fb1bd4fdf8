package entity

import (
	"strings"
	"testing"
)

func TestGlossaryShipped(t *testing.T) {
	a, _ := loadShipped(t)
	g := a.Glossary()
	if n := len(g.Terms()); n < 15 {
		t.Fatalf("%d terms", n)
	}
	for _, term := range g.Terms() {
		if term.Definition == "" || term.Source == "" {
			t.Errorf("%s: definition %q, source %q", term.ID, term.Definition, term.Source)
		}
	}
}

// TestGlossaryFind checks the marking rules on invented sentences: every
// script, Russian endings, the longest form, whole words only.
func TestGlossaryFind(t *testing.T) {
	a, err := Load(authorityFS(map[string]string{GlossaryFile: `
[[term]]
id = "cipher-telegram"
term = "cipher telegram"
forms = [{ form = "шифртелеграмма" }]
definition = "A telegram in cipher."
source = "Invented."

[[term]]
id = "telegram"
term = "telegram"
definition = "A message by wire."
source = "Invented."

[[term]]
id = "ostan"
term = "ostan"
forms = [{ form = "استان" }, { form = "остан" }]
also = ["ostan-e"]
definition = "A province."
source = "Invented."
`}))
	if err != nil {
		t.Fatal(err)
	}
	g := a.Glossary()
	for text, want := range map[string]string{
		"By CIPHER TELEGRAM no. 5 and by telegram": "cipher-telegram:CIPHER TELEGRAM telegram:telegram",
		"согласно шифртелеграмме от 3 мая":         "cipher-telegram:шифртелеграмме",
		"в каждом остане; استان آذربایجان":         "ostan:остане ostan:استان",
		"telegrams, telegraphy, ostanovka":         "",
	} {
		var got []string
		for _, h := range g.Find(text) {
			got = append(got, h.ID+":"+text[h.Start:h.End])
		}
		if strings.Join(got, " ") != want {
			t.Errorf("Find(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestGlossaryErrors(t *testing.T) {
	_, err := Load(authorityFS(map[string]string{GlossaryFile: "[[term]]\nid = \"x\"\nterm = \"x\"\ndefinition = \"d\"\nsource = \"s\"\ncolour = 1\n\n[[term]]\nid = \"Bad Id\"\nterm = \"y\"\n\n[[term]]\nid = \"z\"\nterm = \"X\"\ndefinition = \"d\"\nsource = \"s\"\nforms = [{ form = \"Kaвам\" }]\n"}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`glossary.toml:6: unknown key "term.colour"`,
		`glossary.toml:8: id "Bad Id" is not a lowercase slug`,
		`glossary.toml:8: Bad Id: give the term, its definition and its source`,
		`glossary.toml:14: z: form "X" is already a form of x`,
		`must be all Latin, all Cyrillic or all Persian letters`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
