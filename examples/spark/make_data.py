"""Writes N comments (the bundled corpus's texts, cycled, plus hostile ones) as CSV and
Parquet, for the Spark test and the CPU measurements.

    python examples/spark/make_data.py N OUT_DIR [--plain] [--no-parquet]

OUT_DIR/comments.csv (`id,text`) and OUT_DIR/comments.parquet. Unless --plain, every 97th
row is a hostile text: CRLF and lone CR, tabs, quotes, non-ASCII, empty, blank, and two
texts over 1 MiB (row errors).
"""

import argparse
import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = [
    'He said "it\'s over",\r\nthen left.\r\nPer the BBC.',
    "line one\rline two\ttabbed\t\tend",
    "Ünïcödé — «quoted» 数字 40 % per Reuters 🙂",
    "",
    "   \n\t ",
    "\"\"\"only quotes\"\"\"",
    ",,,;;;",
    "> a reply quote\nYou clown.",
]


def rows(n, plain):
    with open(ROOT / "datasets" / "comments.csv", newline="", encoding="utf-8") as f:
        texts = [r["text"] for r in csv.DictReader(f)]
    big = 0
    for i in range(n):
        if not plain and i % 97 == 96:
            k = i // 97
            if k % 25 == 24 and big < 2:
                big += 1
                text = ("Per the ONS, prices rose. " * 45000)[: (1 << 20) + 100 + big]
            else:
                text = HOSTILE[k % len(HOSTILE)]
        else:
            text = texts[i % len(texts)]
        yield f"r{i:07d}", text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--plain", action="store_true", help="corpus texts only")
    ap.add_argument("--no-parquet", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    data = list(rows(a.n, a.plain))
    with open(os.path.join(a.out, "comments.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows(data)
    if not a.no_parquet:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({"id": [r[0] for r in data], "text": [r[1] for r in data]})
        pq.write_table(table, os.path.join(a.out, "comments.parquet"), row_group_size=50_000)


if __name__ == "__main__":
    main()
