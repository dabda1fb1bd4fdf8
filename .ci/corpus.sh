# Sourced by the benchmark scripts: builds the program into $work and
# generates (once) a corpus of $n documents there. Sets bin and docs.
#   work=DIR n=N; source .ci/corpus.sh    # from the repository's root
mkdir -p "$work"
bin="$work/readingroom"
go build -o "$bin" ./cmd/readingroom
docs="$work/corpus-$n"
if [ ! -d "$docs" ] || [ "$(ls "$docs" | wc -l)" -ne "$n" ]; then
  rm -rf "$docs"
  "$bin" gen -n "$n" -out "$docs"
fi
