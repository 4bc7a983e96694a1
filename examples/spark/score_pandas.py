"""Score a table of comments on Spark with the claimscore Python package, in mapInPandas.

    spark-submit examples/spark/score_pandas.py IN OUT [--text-column text] [--id-column id]
        [--model model.json] [--format parquet|csv]

IN is a Parquet directory or file (or a CSV with a header, --format csv); OUT is written as
Parquet: the id column (as a string), then label, sourced, unsourced, inflammatory, model_version, error,
the same values per row as `claimscore score` gives (a row that cannot be scored has null
scores and the CLI's error message). The package must be installed on every executor's
Python (pip install the wheel); each Python worker loads the model once.
"""

import argparse

from pyspark.sql import SparkSession
from pyspark.sql.functions import col
from pyspark.sql.types import DoubleType, StringType, StructField, StructType

OUTPUT = [
    ("label", StringType()),
    ("sourced", DoubleType()),
    ("unsourced", DoubleType()),
    ("inflammatory", DoubleType()),
    ("model_version", StringType()),
    ("error", StringType()),
]


def score_batches(text_column, id_column, model_path):
    """The function mapInPandas runs: pandas batches in, scored batches out."""

    def score(batches):
        import claimscore
        import pandas as pd

        model = claimscore.Classifier.load(model_path) if model_path else claimscore.default_model()
        for pdf in batches:
            texts = pdf[text_column].tolist()
            # The fast path: scores only, no per-sentence claims; the GIL is released.
            verdicts = model.classify(texts, claims=False)
            out = pd.DataFrame({id_column: pdf[id_column]}) if id_column else pd.DataFrame(index=pdf.index)
            for name, _ in OUTPUT:
                out[name] = [v[name] for v in verdicts]
            yield out

    return score


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--text-column", default="text")
    ap.add_argument("--id-column", default="id")
    ap.add_argument("--model", help="model file on every node (default: the bundled model)")
    ap.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    a = ap.parse_args()

    spark = SparkSession.builder.appName("claimscore-pandas").getOrCreate()
    if a.format == "parquet":
        df = spark.read.parquet(a.input)
    else:
        df = spark.read.csv(a.input, header=True, multiLine=True, escape='"')
    fields = [StructField(a.id_column, StringType())] if a.id_column else []
    schema = StructType(fields + [StructField(n, t) for n, t in OUTPUT])
    cols = [col(a.text_column)] + ([col(a.id_column).cast("string")] if a.id_column else [])
    scored = df.select(*cols).mapInPandas(score_batches(a.text_column, a.id_column, a.model), schema)
    scored.write.mode("overwrite").parquet(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
