package entity

import (
	"slices"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	a, _ := loadShipped(t)
	tests := []struct {
		query string
		want  []string // IDs, in name order
	}{
		// Any form, any script, any case.
		{"Кавам", []string{"qavam"}},
		{"КАВАМ", []string{"qavam"}},
		{"Qavam", []string{"qavam"}},
		{"qavam", []string{"qavam"}},
		{"Кавем", []string{"qavam"}},
		{"pishevari", []string{"pishevari"}},
		{"Pishevvari", []string{"pishevari"}},
		{"ПИШЕВАРИ", []string{"pishevari"}},
		{"Пашевери", []string{"pishevari"}},
		{"Zanzan", []string{"zanjan"}},
		{"Зенджан", []string{"zanjan"}},
		{"Tabriz", []string{"tabriz"}},
		{"Тебриз", []string{"tabriz"}},
		{"Bagriov", []string{"bagirov"}},
		{"Батиров", []string{"bagirov"}},
		{"Пале ган", []string{"padegan"}},
		{"Sha’in Dezh", []string{"shahin-dezh"}},
		{"Shahin-Dezh", []string{"shahin-dezh"}},
		{"  Tehran  ", []string{"tehran"}},
		// Case endings and possessives.
		{"Кавамом", []string{"qavam"}},
		{"Зенджане", []string{"zanjan"}},
		{"Тавризе", []string{"tabriz"}},
		{"гилянской провинции", []string{"gilan"}},
		{"Qavam’s", []string{"qavam"}},
		// Initials and full names.
		{"M. D. Bagirov", []string{"bagirov"}},
		{"М.Д.БАГИРОВ", []string{"bagirov"}},
		{"Ahmad Qavam", []string{"qavam"}},
		{"Joseph Vissarionovich Stalin", []string{"stalin"}},
		// A surname alone finds the person of a longer name; where two share
		// it, both.
		{"Savari", []string{"yahya-pur-savari"}},
		{"Pahlavi", []string{"mohammad-reza-pahlavi", "reza-shah"}},
		// A form that is exactly one record's wins over surnames.
		{"Shah", []string{"mohammad-reza-pahlavi"}},
		{"Reza Shah", []string{"reza-shah"}},
		{"Azerbaijan", []string{"iranian-azerbaijan"}},
		{"Azerbaijan SSR", []string{"azerbaijan-ssr"}},
		// Nothing.
		{"", nil},
		{"   ", nil},
		{"Iranian", nil},
		{"иранский", nil},
		{"бакунин", nil},
		{"Reza", nil},
		{"Tabriz Tehran", nil},
		{"Qavam delaying talks", nil},
		{strings.Repeat("Qavam ", 100), nil},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range a.Resolve(tt.query) {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Resolve(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

// TestResolveEveryForm checks that every form of every record resolves to
// its record: the data and the matcher agree.
func TestResolveEveryForm(t *testing.T) {
	a, _ := loadShipped(t)
	for _, r := range a.Records() {
		for _, f := range r.forms() {
			if !slices.Contains(a.Resolve(f), r) {
				t.Errorf("Resolve(%q) does not find %s", f, r.ID)
			}
		}
	}
}
