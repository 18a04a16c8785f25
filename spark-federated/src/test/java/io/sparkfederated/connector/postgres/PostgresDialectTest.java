package io.sparkfederated.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import io.sparkfederated.FederatedException;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.RemoteAggregation;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.ValueKind;

/** PostgreSQL's quoting and the rendering of a remote query, without a server. */
class PostgresDialectTest {

    private static final PostgresDialect PG = PostgresDialect.INSTANCE;

    private static RemoteColumn column(String name, String type) {
        return new RemoteColumn(name, type, PostgresTypeMapping.map(PgType.scalar(type, 'b', -1)), true);
    }

    private static RemoteTable orders() {
        return new RemoteTable(null, RemoteRelation.table("public", "Orders", "table"),
                List.of(column("id", "int8"), column("status", "text"), column("ip", "inet")), true);
    }

    @Test
    void identifiersDoubleTheirQuotesAndKeepCaseBackslashesAndUnicode() {
        assertThat(PG.quoteIdentifier("My \"Table\"")).isEqualTo("\"My \"\"Table\"\"\"");
        assertThat(PG.quoteIdentifier("a\\b")).isEqualTo("\"a\\b\"");
        assertThat(PG.quoteIdentifier("größe_表")).isEqualTo("\"größe_表\"");
        assertThatThrownBy(() -> PG.quoteIdentifier("a\0b")).isInstanceOf(FederatedException.class);
    }

    @Test
    void stringLiteralsDoubleQuotesAndKeepBackslashesAsTheyAre() {
        assertThat(PG.quoteStringLiteral("it's")).isEqualTo("'it''s'");
        assertThat(PG.quoteStringLiteral("C:\\dir\\n")).isEqualTo("'C:\\dir\\n'");
        assertThat(PG.quoteStringLiteral("naïve 🙂")).isEqualTo("'naïve 🙂'");
        assertThatThrownBy(() -> PG.quoteStringLiteral("a\0")).isInstanceOf(FederatedException.class);
    }

    @Test
    void qualifiedNamesSplitOnDotsOutsideQuotes() {
        assertThat(PG.parseQualifiedName("sales.\"My.Table\"")).containsExactly("sales", "My.Table");
        assertThat(PG.parseQualifiedName(" sales . orders ")).containsExactly("sales", "orders");
        assertThat(PG.parseQualifiedName("\"a\".\"b\"\"c\"")).containsExactly("a", "b\"c");
        assertThatThrownBy(() -> PG.parseQualifiedName("a.\"b")).isInstanceOf(FederatedException.class);
    }

    @Test
    void aScanSelectsItsColumnsWithTheirReadCastsAndAppliesFiltersOrderLimitAndOffset() {
        RemoteQuery query = RemoteQuery.allColumns(orders()).withFilters(List.of("(\"id\") > (5)", "TRUE"))
                .withOrderAndLimit(List.of("(\"id\") ASC NULLS FIRST"), 10).withOffset(3);
        assertThat(PG.render(query)).isEqualTo("SELECT \"id\", \"status\", abbrev(\"ip\") AS \"ip\" FROM \"public\".\"Orders\""
                + " WHERE ((\"id\") > (5)) AND (TRUE) ORDER BY (\"id\") ASC NULLS FIRST LIMIT 10 OFFSET 3");
    }

    @Test
    void anEmptySelectListIsValidPostgres() {
        assertThat(PG.render(RemoteQuery.allColumns(orders()).withColumns(List.of()))).isEqualTo("SELECT  FROM \"public\".\"Orders\"");
    }

    @Test
    void anAggregationSelectsItsOutputsAndGroupsByItsKeys() {
        RemoteColumn status = new RemoteColumn("k", "text", ColumnMapping.of(DataTypes.StringType, ValueKind.STRING), true);
        RemoteColumn count = new RemoteColumn("n", "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), false);
        RemoteQuery query = RemoteQuery.allColumns(orders()).withAggregation(new RemoteAggregation(
                List.of(new CompiledOutput("(\"status\") COLLATE \"C\"", status), new CompiledOutput("count(*)", count)),
                List.of("(\"status\") COLLATE \"C\"")));
        assertThat(PG.render(query)).isEqualTo("SELECT (\"status\") COLLATE \"C\" AS \"k\", count(*) AS \"n\""
                + " FROM \"public\".\"Orders\" GROUP BY (\"status\") COLLATE \"C\"");
    }

    @Test
    void aQueryRelationEndingInACommentClosesOnANewLine() {
        RemoteTable fromQuery = new RemoteTable(null, RemoteRelation.query("SELECT 1 AS id -- one"), List.of(column("id", "int4")), true);
        assertThat(PG.render(RemoteQuery.allColumns(fromQuery))).isEqualTo("SELECT \"id\" FROM (SELECT 1 AS id -- one\n) AS \"q\"");
    }
}
