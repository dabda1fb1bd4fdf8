package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// browserTimeout bounds everything one test does in the browser, its start
// included, so that a hung page or browser fails the test instead of
// hanging `make test`.
const browserTimeout = 2 * time.Minute

// viewport is a screen size a reader uses.
type viewport struct {
	Name          string
	Width, Height int64
	Mobile        bool
}

var (
	phone   = viewport{Name: "phone", Width: 390, Height: 844, Mobile: true}
	desktop = viewport{Name: "desktop", Width: 1280, Height: 900}
)

// viewports are the widths every page is looked at in.
var viewports = []viewport{phone, desktop}

// newBrowser starts Debian's Chromium for one test with a fresh profile and
// returns a context for its first tab. The browser stops when the test ends
// or after browserTimeout, whichever comes first.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	requireChromium(t)
	// The folders are made first so that they are removed last, after the
	// browser has exited: its profile, and its temporary folder (Chromium
	// leaves an org.chromium.Chromium.* folder in TMPDIR at each start).
	scratch := t.TempDir()
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
		chromedp.Env("TMPDIR="+scratch),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting %s: %v (%s)", chromiumPath, err, toolsHint)
	}
	return tab
}

// newTab opens another tab in the browser of ctx; it closes when the test
// ends.
func newTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

// emulate gives the tab the screen of a viewport.
func emulate(t *testing.T, tab context.Context, v viewport) {
	t.Helper()
	_, err := chromedp.Call(tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: v.Width, Height: v.Height, DeviceScaleFactor: 1, Mobile: v.Mobile,
	})
	if err != nil {
		t.Fatalf("emulating a %s screen: %v", v.Name, err)
	}
}

// open loads a page in the tab and checks the status it answered with.
func open(t *testing.T, tab context.Context, url string, wantStatus int) {
	t.Helper()
	resp, err := chromedp.Run(tab, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	checkStatus(t, url, resp, wantStatus)
}

// click clicks the first element matching the CSS selector, as a reader
// would, waits for the page it leads to and checks that it answered 200.
func click(t *testing.T, tab context.Context, selector string) {
	t.Helper()
	resp, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("clicking %s: %v", selector, err)
	}
	checkStatus(t, selector, resp, 200)
}

func checkStatus(t *testing.T, what string, resp *network.Response, want int) {
	t.Helper()
	if resp == nil {
		t.Fatalf("%s: no response", what)
	}
	if int(resp.Status) != want {
		t.Fatalf("%s: status %d, want %d", what, resp.Status, want)
	}
}

// evaluate runs a JavaScript expression in the page and decodes its value.
func evaluate[T any](t *testing.T, tab context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", shorten(expr), err)
	}
	return v
}

// shorten keeps error messages readable when the expression is a library.
func shorten(s string) string {
	if len(s) > 120 {
		return fmt.Sprintf("%s… (%d bytes)", s[:120], len(s))
	}
	return s
}
