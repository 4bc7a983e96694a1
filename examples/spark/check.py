"""Checks that a Spark job's Parquet output equals a plain `claimscore score` CSV output,
row by row: label, the three scores (exactly), model version and error.

    python examples/spark/check.py REFERENCE.csv SPARK_OUT_DIR
"""

import csv
import sys

import pyarrow.parquet as pq


def main():
    ref_path, out_path = sys.argv[1], sys.argv[2]
    csv.field_size_limit(1 << 30)
    with open(ref_path, newline="", encoding="utf-8") as f:
        ref = {r["id"]: r for r in csv.DictReader(f)}
    got = pq.read_table(out_path).to_pylist()
    # The CLI's CSV leaves a bad row's model_version empty; Spark's rows have the version.
    version = next((r["model_version"] for r in ref.values() if not r["error"]), "")
    problems = []
    if len(got) != len(ref):
        problems.append(f"{len(got)} rows, the CLI wrote {len(ref)}")
    seen = set()
    for g in got:
        r = ref.get(g["id"])
        if r is None:
            problems.append(f"{g['id']}: not in the CLI's output")
            continue
        seen.add(g["id"])
        want = {
            "label": r["label"] or None,
            "sourced": float(r["sourced"]) if r["sourced"] else None,
            "unsourced": float(r["unsourced"]) if r["unsourced"] else None,
            "inflammatory": float(r["inflammatory"]) if r["inflammatory"] else None,
            "model_version": r["model_version"] or version,
            "error": r["error"] or None,
        }
        have = {k: g[k] for k in want}
        if have != want:
            problems.append(f"{g['id']}: {have} != CLI {want}")
    missing = set(ref) - seen
    if missing:
        problems.append(f"{len(missing)} ids missing, e.g. {sorted(missing)[:3]}")
    errors = sum(1 for r in ref.values() if r["error"])
    if problems:
        print(f"FAIL {out_path}: {len(problems)} problems", *problems[:20], sep="\n  ")
        sys.exit(1)
    print(f"ok {out_path}: {len(got)} rows ({errors} row errors) equal the CLI's")


if __name__ == "__main__":
    main()
