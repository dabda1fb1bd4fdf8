// Package oai serves a collection's records to harvesters over the Open
// Archives Initiative Protocol for Metadata Harvesting, version 2.0
// (https://www.openarchives.org/OAI/openarchivesprotocol.html), with
// unqualified Dublin Core (oai_dc) as the one metadata format.
//
// A Repository is built once from a read-only collection; it holds no
// record's metadata, only what lists need (identifier, datestamp, sets), and
// asks Metadata for a record when a response includes it.
package oai

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Namespaces and schemas the protocol names.
const (
	nsOAI      = "http://www.openarchives.org/OAI/2.0/"
	schemaOAI  = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
	nsXSI      = "http://www.w3.org/2001/XMLSchema-instance"
	nsOAIDC    = "http://www.openarchives.org/OAI/2.0/oai_dc/"
	schemaDC   = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
	nsDC       = "http://purl.org/dc/elements/1.1/"
	nsOAIID    = "http://www.openarchives.org/OAI/2.0/oai-identifier"
	schemaOAII = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"

	// PrefixDC is the one metadata format served.
	PrefixDC = "oai_dc"

	// timeFormat is the repository's granularity, seconds in UTC.
	timeFormat = "2006-01-02T15:04:05Z"
	dayFormat  = "2006-01-02"
)

// DefaultPageSize is how many headers or records one list response holds
// before a resumption token: small enough that a response of records stays
// well under a megabyte, large enough that a harvest of 100,000 documents
// takes a few hundred requests.
const DefaultPageSize = 200

// maxFormBytes bounds a POST request's body: every argument of the protocol
// together is a few hundred bytes.
const maxFormBytes = 16 << 10

// Item is one record as lists see it.
type Item struct {
	// ID is the record's identifier within the collection; the protocol's
	// identifier is "oai:" + Repository.Namespace + ":" + ID.
	ID        string
	Datestamp time.Time
	Sets      []string // set specs
}

// Set is one set of the repository's hierarchy.
type Set struct {
	Spec string // "archive:RGASPI"; a colon separates levels
	Name string
}

// DC is a record in unqualified Dublin Core: each element may repeat, and an
// element the source does not give is left empty and not written.
type DC struct {
	Title, Creator, Subject, Description, Publisher, Contributor,
	Date, Type, Format, Identifier, Source, Language, Relation,
	Coverage, Rights []string
}

// Repository is a collection served over OAI-PMH.
type Repository struct {
	// Name is the repository's human-readable name.
	Name string
	// BaseURL is the endpoint's absolute address: "https://example.org/oai".
	BaseURL string
	// AdminEmail lists the repository administrators' addresses; the
	// protocol requires one at least.
	AdminEmail []string
	// Namespace is the repository part of the oai-identifiers: the site's
	// host name ("readingroom.example.org").
	Namespace string
	// Metadata returns a record's Dublin Core by Item.ID.
	Metadata func(id string) (DC, bool)
	// PageSize is the number of items a list response holds; 0 means
	// DefaultPageSize.
	PageSize int

	items    []Item // by datestamp, then ID
	byID     map[string]int
	sets     []Set
	earliest time.Time
	version  [8]byte // a hash of the item list; resumption tokens carry it
}

// New returns a repository of items and sets. The items are copied and
// sorted by datestamp, so a list can stop at any point and go on from there.
func New(r Repository, items []Item, sets []Set) *Repository {
	rp := r
	rp.items = slices.Clone(items)
	slices.SortFunc(rp.items, func(a, b Item) int {
		if c := a.Datestamp.Compare(b.Datestamp); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	rp.byID = make(map[string]int, len(rp.items))
	h := sha256.New()
	for i := range rp.items {
		it := &rp.items[i]
		it.Datestamp = it.Datestamp.UTC().Truncate(time.Second)
		rp.byID[it.ID] = i
		fmt.Fprintf(h, "%s\x00%d\x00%s\x01", it.ID, it.Datestamp.Unix(), strings.Join(it.Sets, "\x00"))
	}
	copy(rp.version[:], h.Sum(nil))
	rp.sets = slices.Clone(sets)
	if len(rp.items) > 0 {
		rp.earliest = rp.items[0].Datestamp
	} else {
		rp.earliest = time.Unix(0, 0).UTC()
	}
	if rp.PageSize <= 0 {
		rp.PageSize = DefaultPageSize
	}
	return &rp
}

// Identifier returns the protocol's identifier of an item.
func (rp *Repository) Identifier(id string) string {
	return "oai:" + rp.Namespace + ":" + id
}

// localID returns the item's ID within the collection for a protocol
// identifier, and whether the identifier is one of this repository's.
func (rp *Repository) localID(identifier string) (int, bool) {
	id, ok := strings.CutPrefix(identifier, "oai:"+rp.Namespace+":")
	if !ok {
		return 0, false
	}
	i, ok := rp.byID[id]
	return i, ok
}

// Error codes the protocol defines (section 3.6).
const (
	codeBadArgument             = "badArgument"
	codeBadResumptionToken      = "badResumptionToken"
	codeBadVerb                 = "badVerb"
	codeCannotDisseminateFormat = "cannotDisseminateFormat"
	codeIDDoesNotExist          = "idDoesNotExist"
	codeNoRecordsMatch          = "noRecordsMatch"
)

type oaiError struct {
	Code    string `xml:"code,attr"`
	Message string `xml:",chardata"`
}

// verbs lists each verb's arguments: required, optional, and the exclusive
// one (resumptionToken) that stands alone.
var verbs = map[string]struct {
	required, optional []string
	exclusive          string
}{
	"Identify":            {},
	"ListMetadataFormats": {optional: []string{"identifier"}},
	"ListSets":            {exclusive: "resumptionToken"},
	"GetRecord":           {required: []string{"identifier", "metadataPrefix"}},
	"ListIdentifiers":     {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, exclusive: "resumptionToken"},
	"ListRecords":         {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, exclusive: "resumptionToken"},
}

// ServeHTTP answers one protocol request, by GET or by POST as the protocol
// requires. Every answer is a 200 with an OAI-PMH document; errors are the
// protocol's own error elements.
func (rp *Repository) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var args url.Values
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		args = r.URL.Query()
	case http.MethodPost:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxFormBytes+1))
		if err != nil || len(body) > maxFormBytes {
			http.Error(w, "The request's body is too long for an OAI-PMH request.", http.StatusRequestEntityTooLarge)
			return
		}
		args, err = url.ParseQuery(string(body))
		if err != nil {
			args = url.Values{"verb": {""}, "\x00": {""}} // a bad argument
		}
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "OAI-PMH takes GET or POST.", http.StatusMethodNotAllowed)
		return
	}
	var buf bytes.Buffer
	rp.respond(&buf, args, time.Now())
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// respond writes the response to a request's arguments at time now.
func (rp *Repository) respond(w *bytes.Buffer, args url.Values, now time.Time) {
	e := xml.NewEncoder(w)
	w.WriteString(xml.Header)
	fmt.Fprintf(w, `<OAI-PMH xmlns="%s" xmlns:xsi="%s" xsi:schemaLocation="%s %s">`, nsOAI, nsXSI, nsOAI, schemaOAI)
	e.EncodeElement(now.UTC().Format(timeFormat), start("responseDate"))

	verb, body, errs := rp.dispatch(args)
	req := xml.StartElement{Name: xml.Name{Local: "request"}}
	// After badVerb or badArgument the request element holds the base URL
	// only (section 3.2).
	if !slices.ContainsFunc(errs, func(e oaiError) bool { return e.Code == codeBadVerb || e.Code == codeBadArgument }) {
		for _, k := range sortedKeys(args) {
			req.Attr = append(req.Attr, xml.Attr{Name: xml.Name{Local: k}, Value: args.Get(k)})
		}
	}
	e.EncodeElement(rp.BaseURL, req)
	if len(errs) > 0 {
		for _, oe := range errs {
			e.EncodeElement(oe, start("error"))
		}
	} else {
		e.EncodeToken(start(verb))
		body(e)
		e.EncodeToken(xml.EndElement{Name: xml.Name{Local: verb}})
	}
	e.Flush()
	w.WriteString("</OAI-PMH>\n")
}

func start(name string) xml.StartElement { return xml.StartElement{Name: xml.Name{Local: name}} }

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// dispatch checks the arguments against the verb and returns the body of
// the answer, or the errors.
func (rp *Repository) dispatch(args url.Values) (verb string, body func(*xml.Encoder), errs []oaiError) {
	vs := args["verb"]
	if len(vs) != 1 {
		return "", nil, []oaiError{{codeBadVerb, "The request must give one verb."}}
	}
	verb = vs[0]
	spec, ok := verbs[verb]
	if !ok {
		return "", nil, []oaiError{{codeBadVerb, fmt.Sprintf("%q is not a verb of OAI-PMH 2.0.", clip(verb))}}
	}
	for k, v := range args {
		if len(v) > 1 {
			errs = append(errs, oaiError{codeBadArgument, fmt.Sprintf("The argument %q is repeated.", clip(k))})
		}
		if k != "verb" && k != spec.exclusive && !slices.Contains(spec.required, k) && !slices.Contains(spec.optional, k) {
			errs = append(errs, oaiError{codeBadArgument, fmt.Sprintf("%s takes no argument %q.", verb, clip(k))})
		}
	}
	if spec.exclusive != "" && args.Has(spec.exclusive) {
		if len(args) > 2 {
			errs = append(errs, oaiError{codeBadArgument, "resumptionToken is an exclusive argument: the request may give the verb and it alone."})
		}
	} else {
		for _, k := range spec.required {
			if !args.Has(k) {
				errs = append(errs, oaiError{codeBadArgument, fmt.Sprintf("%s needs the argument %q.", verb, k)})
			}
		}
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b oaiError) int { return strings.Compare(a.Message, b.Message) })
		return verb, nil, errs
	}
	switch verb {
	case "Identify":
		return verb, rp.identify, nil
	case "ListMetadataFormats":
		if id := args.Get("identifier"); args.Has("identifier") {
			if _, ok := rp.localID(id); !ok {
				return verb, nil, []oaiError{{codeIDDoesNotExist, fmt.Sprintf("No record has the identifier %q.", clip(id))}}
			}
		}
		return verb, rp.listMetadataFormats, nil
	case "ListSets":
		if args.Has("resumptionToken") {
			return verb, nil, []oaiError{{codeBadResumptionToken, "ListSets answers in one response: it issues no resumption tokens."}}
		}
		return verb, rp.listSets, nil
	case "GetRecord":
		i, ok := rp.localID(args.Get("identifier"))
		if !ok {
			errs = append(errs, oaiError{codeIDDoesNotExist, fmt.Sprintf("No record has the identifier %q.", clip(args.Get("identifier")))})
		}
		if p := args.Get("metadataPrefix"); p != PrefixDC {
			errs = append(errs, oaiError{codeCannotDisseminateFormat, fmt.Sprintf("The repository serves %q only, not %q.", PrefixDC, clip(p))})
		}
		if len(errs) > 0 {
			return verb, nil, errs
		}
		return verb, func(e *xml.Encoder) { rp.record(e, rp.items[i], true) }, nil
	}
	// ListIdentifiers and ListRecords.
	var q listQuery
	if t := args.Get("resumptionToken"); args.Has("resumptionToken") {
		var ok bool
		if q, ok = rp.decodeToken(t); !ok {
			return verb, nil, []oaiError{{codeBadResumptionToken, "The resumption token is not valid, or the collection has changed since it was issued: start the list again."}}
		}
	} else {
		var err *oaiError
		if q, err = parseListQuery(args); err != nil {
			return verb, nil, []oaiError{*err}
		}
	}
	matches := rp.match(q)
	if len(matches) == 0 || q.offset >= len(matches) {
		return verb, nil, []oaiError{{codeNoRecordsMatch, "No record matches the request's dates and set."}}
	}
	full := verb == "ListRecords"
	return verb, func(e *xml.Encoder) {
		end := min(q.offset+rp.PageSize, len(matches))
		for _, i := range matches[q.offset:end] {
			rp.record(e, rp.items[i], full)
		}
		if q.offset == 0 && end == len(matches) {
			return // a complete list in one response carries no token
		}
		tok := xml.StartElement{Name: xml.Name{Local: "resumptionToken"}, Attr: []xml.Attr{
			{Name: xml.Name{Local: "completeListSize"}, Value: strconv.Itoa(len(matches))},
			{Name: xml.Name{Local: "cursor"}, Value: strconv.Itoa(q.offset)},
		}}
		value := ""
		if end < len(matches) {
			next := q
			next.offset = end
			value = rp.encodeToken(next)
		}
		e.EncodeElement(value, tok)
	}, nil
}

// listQuery is what a list request selects, and how far it has gone.
type listQuery struct {
	from, until time.Time // zero: unbounded
	set         string
	offset      int
}

var (
	reDay    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reSecond = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
)

// parseUTCdatetime reads a from or until argument at either granularity the
// repository supports; an until day covers the whole day.
func parseUTCdatetime(s string, until bool) (t time.Time, day bool, ok bool) {
	switch {
	case reDay.MatchString(s):
		t, err := time.Parse(dayFormat, s)
		if err != nil {
			return t, true, false
		}
		if until {
			t = t.Add(24*time.Hour - time.Second)
		}
		return t, true, true
	case reSecond.MatchString(s):
		t, err := time.Parse(timeFormat, s)
		return t, false, err == nil
	}
	return time.Time{}, false, false
}

func parseListQuery(args url.Values) (listQuery, *oaiError) {
	var q listQuery
	if p := args.Get("metadataPrefix"); p != PrefixDC {
		return q, &oaiError{codeCannotDisseminateFormat, fmt.Sprintf("The repository serves %q only, not %q.", PrefixDC, clip(p))}
	}
	var fromDay, untilDay bool
	if args.Has("from") {
		var ok bool
		if q.from, fromDay, ok = parseUTCdatetime(args.Get("from"), false); !ok {
			return q, &oaiError{codeBadArgument, fmt.Sprintf("from must be a date such as 1946-12-31 or 1946-12-31T23:59:59Z, not %q.", clip(args.Get("from")))}
		}
	}
	if args.Has("until") {
		var ok bool
		if q.until, untilDay, ok = parseUTCdatetime(args.Get("until"), true); !ok {
			return q, &oaiError{codeBadArgument, fmt.Sprintf("until must be a date such as 1946-12-31 or 1946-12-31T23:59:59Z, not %q.", clip(args.Get("until")))}
		}
	}
	if args.Has("from") && args.Has("until") {
		if fromDay != untilDay {
			return q, &oaiError{codeBadArgument, "from and until must have the same granularity."}
		}
		if q.from.After(q.until) {
			return q, &oaiError{codeBadArgument, "from is later than until."}
		}
	}
	q.set = args.Get("set")
	return q, nil
}

// match returns the positions of the items a query selects, in order.
func (rp *Repository) match(q listQuery) []int {
	var out []int
	for i, it := range rp.items {
		if !q.from.IsZero() && it.Datestamp.Before(q.from) {
			continue
		}
		if !q.until.IsZero() && it.Datestamp.After(q.until) {
			continue
		}
		if q.set != "" && !inSet(it.Sets, q.set) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// inSet reports whether an item in sets belongs to spec, directly or in a
// subset ("archive" holds "archive:RGASPI").
func inSet(sets []string, spec string) bool {
	for _, s := range sets {
		if s == spec || strings.HasPrefix(s, spec+":") {
			return true
		}
	}
	return false
}

// A resumption token is the query and the offset, with the version of the
// item list it was issued for, in URL-safe base64: a harvester sends it back
// as it came, and a token from before a change of the collection is refused
// rather than silently skipping or repeating records.
func (rp *Repository) encodeToken(q listQuery) string {
	var b []byte
	b = append(b, rp.version[:]...)
	b = binary.AppendVarint(b, unixOrZero(q.from))
	b = binary.AppendVarint(b, unixOrZero(q.until))
	b = binary.AppendUvarint(b, uint64(q.offset))
	b = append(b, q.set...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// maxTokenLen bounds a token before decoding: a real one is a few dozen
// bytes plus the set's name.
const maxTokenLen = 1024

func (rp *Repository) decodeToken(s string) (listQuery, bool) {
	var q listQuery
	if len(s) > maxTokenLen {
		return q, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < len(rp.version) || !bytes.Equal(b[:len(rp.version)], rp.version[:]) {
		return q, false
	}
	b = b[len(rp.version):]
	var vals [2]int64
	for k := range vals {
		v, n := binary.Varint(b)
		if n <= 0 {
			return q, false
		}
		vals[k], b = v, b[n:]
	}
	off, n := binary.Uvarint(b)
	if n <= 0 || off == 0 || off > uint64(len(rp.items)) {
		return q, false
	}
	if vals[0] != 0 {
		q.from = time.Unix(vals[0], 0).UTC()
	}
	if vals[1] != 0 {
		q.until = time.Unix(vals[1], 0).UTC()
	}
	q.offset, q.set = int(off), string(b[n:])
	return q, true
}

func (rp *Repository) identify(e *xml.Encoder) {
	el := func(name, value string) { e.EncodeElement(value, start(name)) }
	el("repositoryName", rp.Name)
	el("baseURL", rp.BaseURL)
	el("protocolVersion", "2.0")
	for _, a := range rp.AdminEmail {
		el("adminEmail", a)
	}
	el("earliestDatestamp", rp.earliest.Format(timeFormat))
	// Documents leave the collection only when a curator removes their
	// files; nothing records that they were there.
	el("deletedRecord", "no")
	el("granularity", "YYYY-MM-DDThh:mm:ssZ")
	if reRepositoryIdentifier.MatchString(rp.Namespace) {
		type oaiIdentifier struct {
			XMLName              xml.Name `xml:"oai-identifier"`
			XMLNS                string   `xml:"xmlns,attr"`
			XSI                  string   `xml:"xmlns:xsi,attr"`
			SchemaLocation       string   `xml:"xsi:schemaLocation,attr"`
			Scheme               string   `xml:"scheme"`
			RepositoryIdentifier string   `xml:"repositoryIdentifier"`
			Delimiter            string   `xml:"delimiter"`
			SampleIdentifier     string   `xml:"sampleIdentifier"`
		}
		sample := rp.Identifier("1946-12-02-a-document")
		if len(rp.items) > 0 {
			sample = rp.Identifier(rp.items[0].ID)
		}
		e.EncodeToken(start("description"))
		e.Encode(oaiIdentifier{XMLNS: nsOAIID, XSI: nsXSI, SchemaLocation: nsOAIID + " " + schemaOAII,
			Scheme: "oai", RepositoryIdentifier: rp.Namespace, Delimiter: ":", SampleIdentifier: sample})
		e.EncodeToken(xml.EndElement{Name: xml.Name{Local: "description"}})
	}
}

// reRepositoryIdentifier is the oai-identifier scheme's syntax for the
// repository part: a domain name with at least one dot.
var reRepositoryIdentifier = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$`)

func (rp *Repository) listMetadataFormats(e *xml.Encoder) {
	e.EncodeToken(start("metadataFormat"))
	e.EncodeElement(PrefixDC, start("metadataPrefix"))
	e.EncodeElement(schemaDC, start("schema"))
	e.EncodeElement(nsOAIDC, start("metadataNamespace"))
	e.EncodeToken(xml.EndElement{Name: xml.Name{Local: "metadataFormat"}})
}

func (rp *Repository) listSets(e *xml.Encoder) {
	for _, s := range rp.sets {
		e.EncodeToken(start("set"))
		e.EncodeElement(s.Spec, start("setSpec"))
		e.EncodeElement(s.Name, start("setName"))
		e.EncodeToken(xml.EndElement{Name: xml.Name{Local: "set"}})
	}
}

// record writes an item's header, and with full its metadata too.
func (rp *Repository) record(e *xml.Encoder, it Item, full bool) {
	if full {
		e.EncodeToken(start("record"))
	}
	e.EncodeToken(start("header"))
	e.EncodeElement(rp.Identifier(it.ID), start("identifier"))
	e.EncodeElement(it.Datestamp.Format(timeFormat), start("datestamp"))
	for _, s := range it.Sets {
		e.EncodeElement(s, start("setSpec"))
	}
	e.EncodeToken(xml.EndElement{Name: xml.Name{Local: "header"}})
	if full {
		dc, _ := rp.Metadata(it.ID)
		e.EncodeToken(start("metadata"))
		encodeDC(e, dc)
		e.EncodeToken(xml.EndElement{Name: xml.Name{Local: "metadata"}})
		e.EncodeToken(xml.EndElement{Name: xml.Name{Local: "record"}})
	}
}

func encodeDC(e *xml.Encoder, dc DC) {
	root := xml.StartElement{Name: xml.Name{Local: "oai_dc:dc"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns:oai_dc"}, Value: nsOAIDC},
		{Name: xml.Name{Local: "xmlns:dc"}, Value: nsDC},
		{Name: xml.Name{Local: "xmlns:xsi"}, Value: nsXSI},
		{Name: xml.Name{Local: "xsi:schemaLocation"}, Value: nsOAIDC + " " + schemaDC},
	}}
	e.EncodeToken(root)
	for _, el := range []struct {
		name   string
		values []string
	}{
		{"title", dc.Title}, {"creator", dc.Creator}, {"subject", dc.Subject},
		{"description", dc.Description}, {"publisher", dc.Publisher}, {"contributor", dc.Contributor},
		{"date", dc.Date}, {"type", dc.Type}, {"format", dc.Format}, {"identifier", dc.Identifier},
		{"source", dc.Source}, {"language", dc.Language}, {"relation", dc.Relation},
		{"coverage", dc.Coverage}, {"rights", dc.Rights},
	} {
		for _, v := range el.values {
			if v != "" {
				e.EncodeElement(v, start("dc:"+el.name))
			}
		}
	}
	e.EncodeToken(root.End())
}

// clip shortens an argument echoed in a message.
func clip(s string) string {
	if len(s) <= 80 {
		return s
	}
	for i := 80; i > 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return s[:i] + "…"
		}
	}
	return ""
}
