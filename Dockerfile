# Build a static binary with the collection embedded, then run it as a
# non-root user on a minimal image.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/readingroom ./cmd/readingroom \
 && /out/readingroom check >/dev/null

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/readingroom /readingroom
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/readingroom"]
CMD ["serve", "-addr", ":8080"]
