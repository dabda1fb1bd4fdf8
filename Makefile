# Reading Room. `make test` runs every check CI runs.
GO ?= go
SHELL := /bin/bash

.PHONY: test check-generated vet unit run build

test: vet check-generated unit

vet:
	$(GO) mod verify
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

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
