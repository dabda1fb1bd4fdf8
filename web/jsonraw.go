package web

import "encoding/json"

// jsonRaw passes JSON that is already encoded (and escaped for a script
// element) through templ.JSONScript unchanged.
func jsonRaw(b []byte) json.RawMessage { return json.RawMessage(b) }
