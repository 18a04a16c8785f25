-- Run after tour.sql, in a new Spark application: the external schema was kept in the registry.
SELECT count(*) AS orders FROM fed.sales.orders;
DROP SCHEMA sales;
SHOW NAMESPACES IN fed;
