// Package browsertest proves the reading room in a real browser: it serves the
// real site on a loopback port, drives Debian's Chromium through the DevTools
// protocol, runs axe-core in every page type, checks every page with the Nu
// HTML Checker and crawls every internal link.
//
// Apart from this comment the package holds only tests. They need /usr/bin/chromium, java and the npm
// packages of package.json in node_modules; `make tools` installs them, and a
// test fails, never skips, when one is missing. Screenshots go to
// $ARTIFACTS_DIR/browsertest, by default test-artifacts/browsertest at the
// root of the repository.
package browsertest
