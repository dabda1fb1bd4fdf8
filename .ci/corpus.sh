# Sourced by the benchmark scripts: builds the program into $work and
# generates (once) a corpus of $n documents there. Sets bin and docs, and
# defines status, which asks the server on $port.
#   work=DIR n=N; source .ci/corpus.sh    # from the repository's root
mkdir -p "$work"
bin="$work/readingroom"
go build -o "$bin" ./cmd/readingroom
docs="$work/corpus-$n"
if [ ! -d "$docs" ] || [ "$(ls "$docs" | wc -l)" -ne "$n" ]; then
  rm -rf "$docs"
  "$bin" gen -n "$n" -out "$docs"
fi

# status PATH prints the HTTP status the server answers for PATH, through
# bash's own /dev/tcp: polling twenty times a second with curl, a process
# each time, took a quarter of a core from the server it timed (a first
# start at 100,000 documents: 77-80 s against 51-56 s, 2026-12-02).
status() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo 000; return; }
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
  IFS= read -r -t 10 line <&3 || line=""
  exec 3<&-
  line=${line#HTTP/1.? }
  echo "${line:0:3}"
}
