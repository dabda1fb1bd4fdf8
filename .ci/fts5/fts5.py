#!/usr/bin/env python3
"""SQLite FTS5 side of .ci/fts5.sh: builds a Porter-stemmed full-text table
from the reading room's bulk JSON Lines (the /data/readingroom-collection.jsonl
form) and times searches on it.

  fts5.py build COLLECTION.jsonl DB    # prints documents/s
  fts5.py search DB QUERY...           # prints each search's time and the p50

The table holds the text the reading room indexes: title, summary, the
translation, the original and the notes, with the year and the original
language as unindexed columns for the facet counts. Only the standard
library is used (sqlite3 has FTS5 in Debian's and python.org's builds).
"""
import json
import os
import sqlite3
import statistics
import sys
import time


def paragraphs(text):
    if not text:
        return ""
    return "\n\n".join(" ".join(p.get("lines") or []) for p in text.get("paragraphs") or [])


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            date = d.get("date") or {}
            yield (
                d.get("id", ""),
                d.get("title", ""),
                d.get("summary", ""),
                paragraphs(d.get("translation")),
                paragraphs(d.get("original")),
                "\n\n".join(n.get("text", "") for n in d.get("notes") or []),
                str(date.get("year") or ""),
                d.get("original_language") or "",
            )


def build(jsonl, db):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    start = time.monotonic()
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, translation, original, notes,"
        " year UNINDEXED, lang UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    n = 0
    with con:
        for row in rows(jsonl):
            con.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            n += 1
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.commit()
    con.close()
    took = time.monotonic() - start
    size = os.path.getsize(db)
    print(f"fts5 build: {n} documents in {took:.2f} s, {n / took:.0f} documents/s, {size / 2**20:.0f} MiB on disk")


def search(db, queries):
    con = sqlite3.connect(db)
    times = []
    for q in queries:
        start = time.monotonic()
        try:
            # What a search page shows: the total, ten ranked hits with a
            # snippet, and the year and language facets of every match.
            total = con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (q,)).fetchone()[0]
            con.execute(
                "SELECT id, snippet(docs, -1, '<mark>', '</mark>', '…', 16) FROM docs WHERE docs MATCH ?"
                " ORDER BY rank LIMIT 10",
                (q,),
            ).fetchall()
            con.execute("SELECT year, count(*) FROM docs WHERE docs MATCH ? GROUP BY year", (q,)).fetchall()
            con.execute("SELECT lang, count(*) FROM docs WHERE docs MATCH ? GROUP BY lang", (q,)).fetchall()
        except sqlite3.OperationalError as e:
            total = f"error: {e}"
        took = time.monotonic() - start
        times.append(took)
        print(f"  fts5 {q!r}: {total} matches in {1000 * took:.1f} ms")
    print(f"fts5 search p50 {1000 * statistics.median(times):.1f} ms over {len(times)} queries")


def main(argv):
    if len(argv) >= 4 and argv[1] == "build":
        build(argv[2], argv[3])
    elif len(argv) >= 3 and argv[1] == "search":
        search(argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
