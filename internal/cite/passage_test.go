package cite

import (
	"strings"
	"testing"
)

// TestPassagePinpointNamesBothTexts: a pinpoint to a passage read side by
// side names its paragraphs in both texts and links to the passage.
func TestPassagePinpointNamesBothTexts(t *testing.T) {
	d := uglyDoc()
	for _, c := range []struct {
		p            Passage
		chicago, mla string
	}{
		{Passage{Anchor: "p-1", Translation: []int{1}, Original: []int{1}},
			", para. 1 of the English translation and para. 1 of the Russian original, ",
			", par. 1 of the English translation and par. 1 of the Russian original, "},
		{Passage{Anchor: "p-2", Translation: []int{4}, Original: []int{5, 6}},
			", para. 4 of the English translation and paras. 5–6 of the Russian original, ",
			", par. 4 of the English translation and pars. 5–6 of the Russian original, "},
		{Passage{Anchor: "p-3", Original: []int{7}},
			", para. 7 of the Russian original, ", ", par. 7 of the Russian original, "},
	} {
		ctx := Context{PageURL: "https://rr.example.org/documents/x", Passage: &c.p}
		if got := ChicagoNote(d, ctx).Text; !strings.Contains(got, c.chicago) || !strings.Contains(got, "#"+c.p.Anchor+".") {
			t.Errorf("Chicago: %s", got)
		}
		if got := MLA(d, ctx).Text; !strings.Contains(got, c.mla) {
			t.Errorf("MLA: %s", got)
		}
	}
	// An empty passage is no pinpoint.
	if got := ChicagoNote(d, Context{PageURL: "https://rr.example.org/documents/x", Passage: &Passage{Anchor: "p-9"}}).Text; strings.Contains(got, "para.") || strings.Contains(got, "#p-9") {
		t.Errorf("empty passage cited: %s", got)
	}
}
