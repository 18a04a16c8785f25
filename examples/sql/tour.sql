-- A tour of spark-federated as a SQL file. Run it with spark-submit (what CI does):
--   spark-submit --master local[2] --jars spark-federated-spark-4.1_2.13-0.1.0-SNAPSHOT-bundle.jar \
--     --conf spark.sql.extensions=io.sparkfederated.FederatedSqlExtensions \
--     --conf spark.sql.catalog.fed=io.sparkfederated.FederatedCatalog \
--     --conf spark.sql.catalog.fed.registry=/tmp/spark-federated-registry \
--     --conf spark.sql.optimizer.datasourceV2JoinPushdown=true \
--     --class io.sparkfederated.examples.RunSqlFile examples-0.1.0-SNAPSHOT.jar examples/sql/tour.sql
-- The database is described by environment variables (Spark substitutes ${env:…}):
--   FED_PG_HOST, FED_PG_PORT, FED_IAM_ROLE, FED_SECRET_ARN; it holds TPC-H orders and lineitem.

CREATE EXTERNAL SCHEMA IF NOT EXISTS sales
FROM POSTGRES
DATABASE 'sales' SCHEMA 'public'
URI '${env:FED_PG_HOST}' PORT ${env:FED_PG_PORT}
IAM_ROLE '${env:FED_IAM_ROLE}'
SECRET_ARN '${env:FED_SECRET_ARN}';

SHOW TABLES IN fed.sales;

-- filter, aggregate and top-N run in PostgreSQL; EXPLAIN shows the SQL sent
SELECT o_orderpriority, count(*) AS orders, sum(o_totalprice) AS total
FROM fed.sales.orders
WHERE o_orderdate >= DATE '1995-01-01' AND o_orderdate < DATE '1996-01-01'
GROUP BY o_orderpriority
ORDER BY o_orderpriority;

EXPLAIN
SELECT o_orderpriority, count(*) AS orders
FROM fed.sales.orders
WHERE o_orderdate >= DATE '1995-01-01'
GROUP BY o_orderpriority;

-- what BI tools see
SELECT schemaname, tablename, columnname, external_type, columnnum
FROM fed.pg_catalog.svv_external_columns
WHERE schemaname = 'sales' AND tablename = 'orders' AND columnnum <= 3
ORDER BY columnnum;
