// Package static serves the stylesheet and other assets under URLs that
// carry a hash of their content, so browsers may cache them for ever.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed *.css favicon.ico
var files embed.FS

// Prefix is where the assets are mounted.
const Prefix = "/static/"

// Assets maps asset names to their hashed URLs and back.
type Assets struct {
	byName map[string]string // "style.css" -> "/static/style.3f9a1c2e.css"
	byPath map[string]asset  // "style.3f9a1c2e.css" -> content
}

type asset struct {
	name string
	data []byte
}

// New hashes the embedded assets.
func New() *Assets {
	a := &Assets{byName: map[string]string{}, byPath: map[string]asset{}}
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		data, err := fs.ReadFile(files, e.Name())
		if err != nil {
			continue
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		a.byName[e.Name()] = Prefix + hashed
		a.byPath[hashed] = asset{name: e.Name(), data: data}
	}
	return a
}

// URL returns the hashed URL of an asset.
func (a *Assets) URL(name string) string { return a.byName[name] }

// ServeUnhashed serves an asset at its plain name, as /favicon.ico must
// be, cached for a day only since the address does not change with it.
func (a *Assets) ServeUnhashed(w http.ResponseWriter, r *http.Request, name string) {
	f := a.byPath[strings.TrimPrefix(a.byName[name], Prefix)]
	w.Header().Set("Content-Type", contentType(f.name))
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if r.Method != http.MethodHead {
		_, _ = w.Write(f.data)
	}
}

// contentType is the media type of an asset by its extension.
func contentType(name string) string {
	if path.Ext(name) == ".ico" {
		return "image/x-icon" // mime's table lacks it on some systems
	}
	return mime.TypeByExtension(path.Ext(name))
}

// Serve serves an asset by its hashed name as immutable. It reports false,
// writing nothing, when no asset has that name.
func (a *Assets) Serve(w http.ResponseWriter, r *http.Request) bool {
	f, ok := a.byPath[strings.TrimPrefix(r.URL.Path, Prefix)]
	if !ok {
		return false
	}
	w.Header().Set("Content-Type", contentType(f.name))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodHead {
		_, _ = w.Write(f.data)
	}
	return true
}
