#!/usr/bin/env bash
# Runs both Spark jobs (mapInPandas with the Python package, RDD.pipe with the CLI) in
# local mode on a few thousand generated rows, and checks that every row equals a plain
# `claimscore score` run.
#
#   examples/spark/test.sh [ROWS]        (default 3000)
#
# Needs the CLI ($CLAIMSCORE_BIN, default target/release/claimscore) and a wheel of the
# Python package ($CLAIMSCORE_WHEEL, default the newest target/wheels/claimscore-*.whl).
# Installs pyspark, pandas and pyarrow with pip into $SPARK_VENV (default
# target/spark-venv). When Java or pyspark cannot be had, prints `SKIP: <why>` and exits
# 0; any other failure exits 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-3000}
BIN=${CLAIMSCORE_BIN:-target/release/claimscore}
VENV=${SPARK_VENV:-target/spark-venv}
WORK=target/spark-test
skip() { echo "SKIP: Spark test: $*"; exit 0; }

[ -x "$BIN" ] || { echo "FAIL: no CLI at $BIN (cargo build --release)"; exit 1; }
WHEEL=${CLAIMSCORE_WHEEL:-$(ls -t target/wheels/claimscore-*.whl 2>/dev/null | head -1)}
[ -n "$WHEEL" ] && [ -f "$WHEEL" ] || { echo "FAIL: no claimscore wheel (maturin build, see README)"; exit 1; }
command -v java >/dev/null || skip "no java on PATH (Spark needs Java 17 or 21)"
java -version 2>&1 | head -1

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV" || skip "cannot create a venv with python3 -m venv"
fi
if ! "$VENV/bin/python" -c 'import pyspark, pandas, pyarrow' 2>/dev/null; then
    echo "== pip install pyspark 'pandas<3' pyarrow (about 2 minutes; pyspark 4 does not support pandas 3 yet)"
    "$VENV/bin/pip" install -q pyspark 'pandas<3' pyarrow || skip "pip could not install pyspark, pandas and pyarrow"
fi
"$VENV/bin/pip" install -q --force-reinstall --no-deps "$WHEEL"
"$VENV/bin/pip" install -q numpy

rm -rf "$WORK"
mkdir -p "$WORK"
"$VENV/bin/python" examples/spark/make_data.py "$ROWS" "$WORK"
echo "== plain CLI run (the reference)"
"$BIN" score --quiet --no-fail-on-row-errors --precision full --input "$WORK/comments.csv" --output "$WORK/reference.csv"

export PYSPARK_PYTHON="$PWD/$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$VENV/bin/python"
SUBMIT=("$VENV/bin/spark-submit" --master "local[2]" --conf spark.ui.enabled=false
    --conf spark.sql.execution.arrow.maxRecordsPerBatch=1000 --driver-memory 1g)
export SPARK_LOCAL_IP=127.0.0.1
echo "== mapInPandas with the Python package"
"${SUBMIT[@]}" examples/spark/score_pandas.py "$WORK/comments.parquet" "$WORK/pandas.parquet" 2> "$WORK/pandas.log" \
    || { tail -30 "$WORK/pandas.log"; echo "FAIL: the mapInPandas job failed"; exit 1; }
"$VENV/bin/python" examples/spark/check.py "$WORK/reference.csv" "$WORK/pandas.parquet"
echo "== RDD.pipe with the CLI"
"${SUBMIT[@]}" examples/spark/score_pipe.py "$WORK/comments.parquet" "$WORK/pipe.parquet" --bin "$BIN" \
    --model models/claimscore-default.json 2> "$WORK/pipe.log" \
    || { tail -30 "$WORK/pipe.log"; echo "FAIL: the RDD.pipe job failed"; exit 1; }
"$VENV/bin/python" examples/spark/check.py "$WORK/reference.csv" "$WORK/pipe.parquet"
echo "ok: both Spark jobs equal the plain CLI run on $ROWS rows"
