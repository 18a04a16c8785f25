"""spark-federated from PySpark: runs the same SQL as examples/sql/tour.sql (the logic lives in SQL).

    spark-submit --master local[2] --jars spark-federated-spark-4.1_2.13-0.1.0-SNAPSHOT-bundle.jar \
      --conf spark.sql.extensions=io.sparkfederated.FederatedSqlExtensions \
      --conf spark.sql.catalog.fed=io.sparkfederated.FederatedCatalog \
      --conf spark.sql.catalog.fed.registry=/tmp/spark-federated-registry \
      examples/python/tour.py examples/sql/tour.sql

(or paste the loop into `pyspark` started with the same --jars/--conf). Not run in CI: PySpark
cannot be installed there; CI runs tour.sql itself through spark-submit.
"""
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("spark-federated tour (PySpark)").getOrCreate()
script = open(sys.argv[1] if len(sys.argv) > 1 else "examples/sql/tour.sql").read()
for statement in script.split(";\n"):
    sql = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--")).strip()
    if sql:
        print(">", sql)
        spark.sql(sql).show(1000, truncate=False)
spark.stop()
