"""Score a table of comments on Spark by piping JSON lines through the `claimscore` CLI.

    spark-submit examples/spark/score_pipe.py IN OUT --bin path/to/claimscore
        [--model model.json] [--text-column text] [--id-column id] [--format parquet|csv]

The binary and the model are shipped to the executors with SparkContext.addFile; each
partition starts one `claimscore score` process (rows go through its stdin and stdout as
JSON lines), which scores in parallel with one thread per core of its executor
(`--threads`). `--no-fail-on-row-errors` keeps a bad row (written with its `error`) from
failing the task, while a fatal error (exit 1) still does. OUT is Parquet with the same
columns as score_pandas.py.

For nodes older than the build machine, build the binary for glibc 2.17 (README,
"Scoring on Spark").
"""

import argparse
import json
import os

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql.functions import col
from pyspark.sql.types import DoubleType, StringType, StructField, StructType


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--bin", required=True, help="the claimscore binary to ship")
    ap.add_argument("--model", help="a model file to ship (default: the bundled model)")
    ap.add_argument("--text-column", default="text")
    ap.add_argument("--id-column", default="id")
    ap.add_argument("--threads", type=int, default=1, help="scoring threads per task")
    ap.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    a = ap.parse_args()

    spark = SparkSession.builder.appName("claimscore-pipe").getOrCreate()
    sc = spark.sparkContext
    sc.addFile(a.bin)
    if a.model:
        sc.addFile(a.model)

    def shipped(path):
        # Local mode: the driver's copy. On a cluster, executors fetch added files into
        # their working directory, where the Python worker that runs the pipe starts.
        name = os.path.basename(path)
        return SparkFiles.get(name) if sc.master.startswith("local") else "./" + name

    command = [shipped(a.bin), "score", "--input-format", "jsonl", "--format", "jsonl", "--quiet"]
    # Full precision: the scores land in DoubleType columns, equal to the Python package's.
    command += ["--no-fail-on-row-errors", "--precision", "full", "--threads", str(a.threads)]
    command += ["--text-column", a.text_column]
    if a.id_column:
        command += ["--id-column", a.id_column, "--keep", a.id_column]
    if a.model:
        command += ["--model", shipped(a.model)]

    if a.format == "parquet":
        df = spark.read.parquet(a.input)
    else:
        df = spark.read.csv(a.input, header=True, multiLine=True, escape='"')
    cols = [col(a.text_column)] + ([col(a.id_column).cast("string")] if a.id_column else [])

    def to_json(row):
        # One object per line: JSON escapes newlines, so a text cannot break a line.
        return json.dumps(row.asDict(), ensure_ascii=False)

    lines = df.select(*cols).rdd.map(to_json)
    # Popen with an empty environment: the binary's path is absolute or ./relative.
    scored = lines.pipe(" ".join(_quote(c) for c in command), checkCode=True).map(json.loads)

    fields = [StructField(a.id_column, StringType())] if a.id_column else []
    schema = StructType(
        fields
        + [
            StructField("label", StringType()),
            StructField("sourced", DoubleType()),
            StructField("unsourced", DoubleType()),
            StructField("inflammatory", DoubleType()),
            StructField("model_version", StringType()),
            StructField("error", StringType()),
        ]
    )
    names = [f.name for f in schema.fields]
    spark.createDataFrame(scored.map(lambda d: tuple(d.get(n) for n in names)), schema).write.mode(
        "overwrite"
    ).parquet(a.output)
    spark.stop()


def _quote(s):
    import shlex

    return shlex.quote(s)


if __name__ == "__main__":
    main()
