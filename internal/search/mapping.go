// Package search is the only package that knows bleve: the index mapping,
// building and reopening the index, the query language, facets and
// snippets. Callers hand it Docs and get back their own types.
package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/html"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion changes whenever the mapping or what is fed into a field
// changes, so that a persisted index built the old way is rebuilt.
const mappingVersion = 9

// Analyzer names. The source lines keep a little inline markup (<sup>), so
// every text analyzer strips tags first.
const (
	analyzerEnglish = "rr_en"
	analyzerRussian = "rr_ru"
	analyzerWords   = "rr_words" // lower-cased surface words, for prefixes and spelling suggestions
	// The long texts are indexed with their word pairs as well ("secur
	// council"), as Elasticsearch's index_phrases does: a two-word phrase
	// is then one term to look up, not two whose positions must be
	// compared in every document that has both. Queries are analysed
	// without pairs.
	analyzerEnglishPairs = "rr_en_pairs"
	analyzerRussianPairs = "rr_ru_pairs"
	filterPairs          = "rr_pairs"
	// pairSeparator joins the two words of a pair (pairs.go).
	pairSeparator = " "
)

// queryAnalyzer is the analyzer that reads a query for each text field.
var queryAnalyzer = map[string]string{fieldTitle: analyzerEnglish, fieldBody: analyzerEnglish, fieldOriginal: analyzerRussian}

// pairFields are the fields indexed with word pairs.
var pairFields = map[string]bool{fieldBody: true, fieldOriginal: true}

// Field names in the index.
const (
	fieldTitle       = "title"
	fieldBody        = "body" // summary, translation and notes: the English text
	fieldSummary     = "summary"
	fieldTranslation = "translation"
	fieldOriginal    = "original"
	fieldNotes       = "notes"
	fieldWords       = "words"
	fieldDate        = "date"
	fieldDateEnd     = "date_end" // the last day of a month's or year's date
	fieldYear        = "year"
	fieldSubject     = "subject" // the archive's subject tags, in lower case
	fieldPerson      = "person"
	fieldPlace       = "place"
	fieldOrg         = "organisation"
	fieldSender      = "sender"
	fieldRecipient   = "recipient"
	fieldRepository  = "repository"
	fieldLanguage    = "language"
	fieldClass       = "classification"
	fieldOrd         = "ord" // the document's ordinal, for counting facets (facets.go)
)

// textFields are searched by plain words and phrases, each with its
// analyzer. The English texts share one field: every field searched costs
// a searcher per term, and snippets say where a document matched anyway.
var textFields = []string{fieldTitle, fieldBody, fieldOriginal}

func newMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	english := []string{en.PossessiveName, lowercase.Name, en.StopName, porter.Name}
	russian := []string{lowercase.Name, ru.StopName, ru.SnowballStemmerName}
	for name, filters := range map[string][]string{
		analyzerEnglish:      english,
		analyzerRussian:      russian,
		analyzerEnglishPairs: append(english[:len(english):len(english)], filterPairs),
		analyzerRussianPairs: append(russian[:len(russian):len(russian)], filterPairs),
		analyzerWords:        {lowercase.Name},
	} {
		err := m.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"char_filters":  []any{html.Name},
			"tokenizer":     unicode.Name,
			"token_filters": toAny(filters),
		})
		if err != nil {
			return nil, err
		}
	}

	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false // snippets are cut from the Doc stored whole (stored.go)
		f.IncludeInAll = false
		f.IncludeTermVectors = analyzer != analyzerWords // phrase queries need positions
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = false // facets are counted from a table (facets.go)
		return f
	}
	ord := bleve.NewKeywordFieldMapping()
	ord.Store, ord.IncludeInAll, ord.DocValues = false, false, true
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true // sorting by date
	dateEnd := bleve.NewDateTimeFieldMapping()
	dateEnd.Store, dateEnd.IncludeInAll, dateEnd.DocValues = false, false, false

	doc := bleve.NewDocumentStaticMapping()
	doc.Dynamic = false
	for field, f := range map[string]*mapping.FieldMapping{
		fieldTitle: text(analyzerEnglish), fieldBody: text(analyzerEnglishPairs),
		fieldOriginal: text(analyzerRussianPairs), fieldWords: text(analyzerWords),
		fieldDate: date, fieldDateEnd: dateEnd, fieldYear: kw(), fieldSubject: kw(), fieldPerson: kw(), fieldPlace: kw(), fieldOrg: kw(), fieldSender: kw(), fieldRecipient: kw(),
		fieldRepository: kw(), fieldLanguage: kw(), fieldClass: kw(), fieldOrd: ord,
	} {
		doc.AddFieldMappingsAt(field, f)
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerEnglish
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
