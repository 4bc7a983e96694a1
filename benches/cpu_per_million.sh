#!/usr/bin/env bash
# CPU-seconds (user + sys) to score N rows (default 1,000,000: the bundled corpus's texts,
# cycled) four ways: the CLI alone, the Python package in one process, Spark mapInPandas
# with the package, Spark RDD.pipe with the CLI (both local[2], Parquet in and out).
#
#   benches/cpu_per_million.sh [N]
#
# Needs what examples/spark/test.sh needs (a built CLI, a wheel, Java, a venv with pyspark,
# pandas and pyarrow: $SPARK_VENV, default target/spark-venv, made by that test). Prints one
# line per way; the Spark lines also give a 1,000-row run (start-up and fixed costs).
# ONLY=cli,python,spark (the default) picks which.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
BIN=${CLAIMSCORE_BIN:-target/release/claimscore}
VENV=${SPARK_VENV:-target/spark-venv}
PY="$VENV/bin/python"
WORK=target/cpu-bench
mkdir -p "$WORK"
[ -f "$WORK/$N/comments.csv" ] || "$PY" examples/spark/make_data.py "$N" "$WORK/$N" --plain
[ -f "$WORK/1000/comments.csv" ] || "$PY" examples/spark/make_data.py 1000 "$WORK/1000" --plain

# user+sys of a command and every process it starts (benches/cputree.py: /usr/bin/time
# misses Spark's Python workers, whose parent never waits for them).
cpu() { "$PY" benches/cputree.py "$WORK/time" -- "$@" > /dev/null 2> "$WORK/stderr" \
        || { tail "$WORK/stderr"; exit 1; }; awk '{printf "%.1f CPU-s (wall %.1f s)", $1, $2}' "$WORK/time"; }

echo "rows: $N; $(nproc) CPUs; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD)"
ONLY=${ONLY:-cli,python,spark}
[[ $ONLY == *cli* ]] && echo "CLI alone (claimscore score --quiet --input comments.csv > /dev/null): $(cpu "$BIN" score --quiet --input "$WORK/$N/comments.csv")"
[[ $ONLY == *python* ]] && echo "Python package, whole process (read the CSV; classify(claims=False), scores, classify): $(cpu "$PY" - "$WORK/$N/comments.csv" <<'PYEOF'
import csv, resource, sys
import claimscore
csv.field_size_limit(1 << 30)
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    texts = [r["text"] for r in csv.DictReader(f)]
m = claimscore.default_model()
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t0 = cpu(); v = m.classify(texts, claims=False); t1 = cpu(); p = m.scores(texts); t2 = cpu()
v2 = m.classify(texts); t3 = cpu()
print(f"classify(claims=False) {t1 - t0:.1f} CPU-s, scores {t2 - t1:.1f} CPU-s, classify (claims) {t3 - t2:.1f} CPU-s", file=sys.stderr)
PYEOF
) [in-process: $(cat "$WORK/stderr")]"

export PYSPARK_PYTHON="$PWD/$PY" PYSPARK_DRIVER_PYTHON="$PWD/$PY" SPARK_LOCAL_IP=127.0.0.1
SUBMIT=("$VENV/bin/spark-submit" --master "local[2]" --conf spark.ui.enabled=false
    --conf spark.sql.files.maxPartitionBytes=16m --driver-memory 2g)
[[ $ONLY == *spark* ]] || exit 0
for n in 1000 "$N"; do
    echo "Spark mapInPandas, $n rows: $(cpu "${SUBMIT[@]}" examples/spark/score_pandas.py "$WORK/$n/comments.parquet" "$WORK/$n/pandas.parquet")"
    echo "Spark RDD.pipe, $n rows: $(cpu "${SUBMIT[@]}" examples/spark/score_pipe.py "$WORK/$n/comments.parquet" "$WORK/$n/pipe.parquet" --bin "$BIN")"
done
