// Package documents embeds the collection: the source files exactly as
// received from the archive, in any of the layouts internal/archive reads.
package documents

import "embed"

// FS holds every source document. The loader decides the layout of each file
// from its content, not its name.
//
//go:embed *.md *.txt *.toml
var FS embed.FS
