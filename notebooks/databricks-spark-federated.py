# Databricks notebook source
# MAGIC %md
# MAGIC # spark-federated on Databricks
# MAGIC
# MAGIC Query RDS / Aurora PostgreSQL and MySQL from Databricks the way Redshift's federated query does:
# MAGIC map each database as an **external schema** and join its tables with Parquet on S3 in SQL. Filters,
# MAGIC aggregates, top-N and same-database joins run in PostgreSQL; `EXPLAIN` shows the SQL sent.
# MAGIC
# MAGIC **Cluster setup** (see the README's *Databricks* section), no init script needed:
# MAGIC 1. *Libraries*: install the bundle of the runtime's Spark line, e.g. `spark-federated-spark-4.1_2.13-0.1.0-SNAPSHOT-bundle.jar` for 18 LTS (README, *Supported Spark versions*; upload it to a volume or workspace files),
# MAGIC    and for MySQL the Maven library `com.mysql:mysql-connector-j:9.7.0` (the bundle leaves the MySQL driver out: GPLv2 with the FOSS exception).
# MAGIC 2. *Access mode*: dedicated (single user) or no-isolation shared (standard access mode restricts third-party jars and Spark extensions).
# MAGIC 3. *Instance profile*: one whose role may assume `emr-federated-reader` (or read the secret itself).
# MAGIC 4. *Advanced options → Spark config* (a Databricks Runtime whose Spark is 4.1.x):
# MAGIC
# MAGIC ```
# MAGIC spark.sql.extensions io.sparkfederated.FederatedSqlExtensions
# MAGIC spark.sql.catalog.fed io.sparkfederated.FederatedCatalog
# MAGIC spark.sql.catalog.fed.registry s3://my-bucket/spark-federated/registry
# MAGIC spark.sql.optimizer.datasourceV2JoinPushdown true
# MAGIC ```

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. An external schema from configuration, set in the notebook
# MAGIC Catalog settings other than `spark.sql.extensions` can also be set at run time.

# COMMAND ----------

# MAGIC %sql
# MAGIC SET spark.sql.catalog.fed.schemas.crm.engine = postgres;
# MAGIC SET spark.sql.catalog.fed.schemas.crm.uri = mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com;
# MAGIC SET spark.sql.catalog.fed.schemas.crm.port = 5432;
# MAGIC SET spark.sql.catalog.fed.schemas.crm.database = sales;
# MAGIC SET spark.sql.catalog.fed.schemas.crm.secret_arn = arn:aws:secretsmanager:us-east-1:123456789012:secret:emr/sales-reader-AbCdEf;
# MAGIC SET spark.sql.catalog.fed.schemas.crm.iam_role = arn:aws:iam::123456789012:role/emr-federated-reader

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. An external schema with Redshift's DDL (kept in the registry for every cluster that uses it)

# COMMAND ----------

# MAGIC %sql
# MAGIC CREATE EXTERNAL SCHEMA IF NOT EXISTS apg
# MAGIC FROM POSTGRES
# MAGIC DATABASE 'sales' SCHEMA 'public'
# MAGIC URI 'mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com' PORT 5432
# MAGIC IAM_ROLE 'arn:aws:iam::123456789012:role/emr-federated-reader'
# MAGIC SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:emr/sales-reader-AbCdEf'

# COMMAND ----------

# MAGIC %sql
# MAGIC SHOW TABLES IN fed.apg

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Join PostgreSQL with Parquet on S3

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT n.n_name AS nation, count(*) AS orders, sum(o.o_totalprice) AS total
# MAGIC FROM fed.apg.orders o
# MAGIC JOIN fed.crm.customer c ON c.c_custkey = o.o_custkey
# MAGIC JOIN parquet.`s3://my-bucket/tpch/nation/` n ON n.n_nationkey = c.c_nationkey
# MAGIC WHERE o.o_orderdate >= DATE '1995-01-01'
# MAGIC GROUP BY n.n_name
# MAGIC ORDER BY total DESC
# MAGIC LIMIT 5

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Add Aurora MySQL: customers in MySQL, orders in PostgreSQL
# MAGIC `FROM MYSQL` takes no `SCHEMA` clause (the MySQL database is the schema). The join runs in Spark.

# COMMAND ----------

# MAGIC %sql
# MAGIC CREATE EXTERNAL SCHEMA IF NOT EXISTS amysql
# MAGIC FROM MYSQL
# MAGIC DATABASE 'crm'
# MAGIC URI 'crm.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com' PORT 3306
# MAGIC IAM_ROLE 'arn:aws:iam::123456789012:role/emr-federated-reader'
# MAGIC SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:emr/crm-reader-AbCdEf'

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT c.c_mktsegment AS segment, count(*) AS orders, count(DISTINCT c.c_custkey) AS customers
# MAGIC FROM fed.apg.orders o
# MAGIC JOIN fed.amysql.customer c ON c.c_custkey = o.o_custkey
# MAGIC WHERE o.o_orderdate >= DATE '1995-01-01' AND o.o_orderdate < DATE '1996-01-01'
# MAGIC GROUP BY c.c_mktsegment
# MAGIC ORDER BY segment

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. EXPLAIN: `RemoteSQL` is the statement PostgreSQL runs

# COMMAND ----------

# MAGIC %sql
# MAGIC EXPLAIN FORMATTED
# MAGIC SELECT o_orderpriority, count(*) AS orders
# MAGIC FROM fed.apg.orders
# MAGIC WHERE o_orderdate >= DATE '1995-01-01'
# MAGIC GROUP BY o_orderpriority

# COMMAND ----------

# MAGIC %md
# MAGIC ## 6. Metrics
# MAGIC The query's *SQL / DataFrame* page in the Spark UI shows, per federated scan, rows and bytes read
# MAGIC from PostgreSQL (`federatedRows`, `federatedBytes`), splits and remote wait time. From Python:

# COMMAND ----------

df = spark.sql("SELECT count(*) FROM fed.apg.orders WHERE o_orderstatus = 'F'")
df.collect()
print(df._jdf.queryExecution().executedPlan().toString())

# COMMAND ----------

# MAGIC %md
# MAGIC ## 7. Metadata for BI tools, and cleaning up

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT table_schema, table_name, table_type FROM fed.information_schema.tables WHERE table_schema = 'apg'

# COMMAND ----------

# MAGIC %sql
# MAGIC DROP SCHEMA apg

# COMMAND ----------

# MAGIC %sql
# MAGIC DROP SCHEMA amysql
