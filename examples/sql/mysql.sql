-- A MySQL external schema next to a PostgreSQL one, as a SQL file. The bundle jar leaves the MySQL
-- driver out (GPLv2 with the FOSS exception), so add it with --packages (what CI does):
--   spark-submit --master local[2] --jars spark-federated-0.1.0-SNAPSHOT-bundle.jar \
--     --packages com.mysql:mysql-connector-j:9.7.0 \
--     --conf … (the four of tour.sql) \
--     --class io.sparkfederated.examples.RunSqlFile examples-0.1.0-SNAPSHOT.jar examples/sql/mysql.sql
-- The MySQL database crm holds TPC-H customer: FED_MYSQL_HOST, FED_MYSQL_PORT, FED_MYSQL_SECRET_ARN
-- (read through FED_IAM_ROLE); sales (PostgreSQL, TPC-H orders) is tour.sql's, made here if missing.

CREATE EXTERNAL SCHEMA IF NOT EXISTS crm
FROM MYSQL
DATABASE 'crm'
URI '${env:FED_MYSQL_HOST}' PORT ${env:FED_MYSQL_PORT}
IAM_ROLE '${env:FED_IAM_ROLE}'
SECRET_ARN '${env:FED_MYSQL_SECRET_ARN}';

CREATE EXTERNAL SCHEMA IF NOT EXISTS sales
FROM POSTGRES
DATABASE 'sales' SCHEMA 'public'
URI '${env:FED_PG_HOST}' PORT ${env:FED_PG_PORT}
IAM_ROLE '${env:FED_IAM_ROLE}'
SECRET_ARN '${env:FED_SECRET_ARN}';

SHOW TABLES IN fed.crm;

-- the filter, count and GROUP BY on an integer column run in MySQL; EXPLAIN shows the SQL sent
EXPLAIN
SELECT c_nationkey, count(*) AS customers FROM fed.crm.customer WHERE c_nationkey <= 4 GROUP BY c_nationkey;

SELECT c_nationkey, count(*) AS customers FROM fed.crm.customer WHERE c_nationkey <= 4 GROUP BY c_nationkey
ORDER BY c_nationkey;

-- customers in MySQL joined with orders in PostgreSQL (the join runs in Spark)
SELECT c.c_mktsegment AS segment, count(*) AS orders, count(DISTINCT c.c_custkey) AS customers
FROM fed.sales.orders o
JOIN fed.crm.customer c ON c.c_custkey = o.o_custkey
WHERE o.o_orderdate >= DATE '1995-01-01' AND o.o_orderdate < DATE '1996-01-01'
GROUP BY c.c_mktsegment
ORDER BY segment;

-- eskind 8 is MySQL in Redshift's svv_external_schemas
SELECT schemaname, eskind, databasename FROM fed.pg_catalog.svv_external_schemas WHERE schemaname = 'crm';

DROP SCHEMA crm;
