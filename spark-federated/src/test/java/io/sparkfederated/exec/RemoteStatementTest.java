package io.sparkfederated.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A logged statement as a row of svl_federated_query, and the credential clauses it never shows. */
class RemoteStatementTest {

    @Test
    void aRowHasAValueForEachColumnInOrder() {
        RemoteStatement s = StatementRingTest.statement("COPY (SELECT 1) TO STDOUT (FORMAT binary)");
        Object[] row = s.row();
        StructType columns = StructType.fromDDL(RemoteStatement.COLUMNS);
        assertThat(row).hasSize(columns.size());
        assertThat(columns.fieldNames()).startsWith("query", "job_id", "stage_id", "schemaname", "sourcetype")
                .contains("querytext", "num_rows", "num_bytes", "recordtime", "duration");
        assertThat(row[columns.fieldIndex("query")]).isEqualTo(7L);
        assertThat(row[columns.fieldIndex("querytext")]).isEqualTo("COPY (SELECT 1) TO STDOUT (FORMAT binary)");
        assertThat(row[columns.fieldIndex("read_method")]).isEqualTo("COPY");
        assertThat(row[columns.fieldIndex("recordtime")]).isEqualTo(1_700_000_000_123_000L); // microseconds, as Spark keeps them
        assertThat(row[columns.fieldIndex("duration")]).isEqualTo(4_500L);
        assertThat(row[columns.fieldIndex("status")]).isEqualTo("ok");
        assertThat(row[columns.fieldIndex("error")]).isNull();
    }

    @Test
    void unloadsRoleIsShownAsSentButCredentialValuesAreMasked() {
        String unload = "UNLOAD ('SELECT \\'x\\' FROM t') TO 's3://b/p/' IAM_ROLE 'arn:aws:iam::123456789012:role/u'"
                + " FORMAT AS PARQUET MANIFEST VERBOSE";
        assertThat(RemoteStatement.mask(unload)).isEqualTo(unload);
        assertThat(RemoteStatement.mask("UNLOAD ('SELECT 1') TO 's3://b/p/' CREDENTIALS"
                + " 'aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=wJalrSECRET'"))
                .isEqualTo("UNLOAD ('SELECT 1') TO 's3://b/p/' CREDENTIALS '***'");
        assertThat(RemoteStatement.mask("COPY t FROM 's3://b' ACCESS_KEY_ID 'AKIAEXAMPLE' SECRET_ACCESS_KEY 'wJalr''SECRET'"
                + " SESSION_TOKEN 'tok'")).isEqualTo("COPY t FROM 's3://b' ACCESS_KEY_ID '***' SECRET_ACCESS_KEY '***'"
                + " SESSION_TOKEN '***'");
        // inside UNLOAD's quoted query, quotes are escaped with a backslash
        assertThat(RemoteStatement.mask("UNLOAD ('SELECT dblink(\\'password=hunter2\\')') TO 's3://b/'"))
                .doesNotContain("hunter2");
        assertThat(RemoteStatement.mask("ALTER USER u PASSWORD 'hunter2'")).isEqualTo("ALTER USER u PASSWORD '***'");
    }

    @Test
    void theStatementAndItsErrorAreMaskedWhenTheRowIsMade() {
        RemoteStatement s = new RemoteStatement(null, null, null, "apg", "redshift", "h", 5439, "dev",
                "UNLOAD ('SELECT 1') TO 's3://b/' CREDENTIALS 'aws_secret_access_key=SECRET'", RemoteStatement.Method.UNLOAD,
                null, null, null, 0, 0, RemoteStatement.Status.FAILED, "failed [SQL: ... CREDENTIALS 'aws_secret_access_key=SECRET']");
        assertThat(String.join(" ", s.sql(), s.error())).doesNotContain("SECRET");
        assertThat(s.row()[StructType.fromDDL(RemoteStatement.COLUMNS).fieldIndex("status")]).isEqualTo("failed");
    }

    @Test
    void aLongKeyArrayIsShownByItsFirstValuesAndItsCount() {
        String keys = java.util.stream.IntStream.rangeClosed(1, 12_000).mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        String sql = "COPY (SELECT \"k\" FROM \"t\" WHERE ((\"k\") = ANY ('{" + keys + "}'::int8[]))) TO STDOUT (FORMAT binary)";
        String shown = "COPY (SELECT \"k\" FROM \"t\" WHERE ((\"k\") = ANY ('{1,2,3,4,5,…}'::int8[] /* 12,000 values */)))"
                + " TO STDOUT (FORMAT binary)";
        assertThat(ShownSql.of(sql)).isEqualTo(shown);
        assertThat(StatementRingTest.statement(sql).sql()).isEqualTo(shown);
        String few = "SELECT 1 WHERE k = ANY ('{1,-2,NULL,4,5}'::int8[]) AND s = '{1,2,3,4,5,6}'";
        assertThat(ShownSql.of(few)).isEqualTo(few);
        String texts = "SELECT 1 WHERE (s) COLLATE \"C\" = ANY ('{\"a,b\",\"it''s\",\"\\\"}\",NULL,\"\",\"x\",\"y\"}'::text[])"
                + " AND k = ANY ('{1,2,3,4,5,6,7}'::int8[]) AND i = ANY ('{1,2,3,4,5,6}'::int4[]) AND h = ANY ('{1,2,3,4,5,6}'::int2[])";
        assertThat(ShownSql.of(texts)).isEqualTo("SELECT 1 WHERE (s) COLLATE \"C\" = ANY ('{\"a,b\",\"it''s\",\"\\\"}\",NULL,\"\",…}'::text[]"
                + " /* 7 values */) AND k = ANY ('{1,2,3,4,5,…}'::int8[] /* 7 values */) AND i = ANY ('{1,2,3,4,5,…}'::int4[]"
                + " /* 6 values */) AND h = ANY ('{1,2,3,4,5,…}'::int2[] /* 6 values */)");
    }
}
