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

    private static RemoteTable table(String name) {
        return new RemoteTable(null, RemoteRelation.table("public", name, "TABLE"),
                List.of(column("id", "int8"), column("status", "text")), true);
    }

    private static io.sparkfederated.query.JoinSide side(RemoteTable table, String idName, boolean optional, String... filters) {
        RemoteQuery query = RemoteQuery.allColumns(table).withFilters(List.of(filters));
        return new io.sparkfederated.query.JoinSide(query, List.of(table.columns().get(0)), List.of(idName), optional);
    }

    @Test
    void aJoinIsSplitByPageRangesOfATableEveryOutputRowTakesOneRowFrom() {
        RemoteRelation inner = PG.joinRelation(side(table("orders"), "id", false, "\"status\" = 'x'"),
                side(table("customers"), "id_1", false), io.sparkfederated.query.JoinKind.INNER, "\"id\" = \"id_1\"", "j");
        assertThat(inner.splitTargets()).extracting(t -> t.table()).containsExactly("orders", "customers");
        assertThat(PG.usableTargets(inner)).hasSize(2);

        RemoteRelation left = PG.joinRelation(side(table("orders"), "id", false), side(table("customers"), "id_1", true),
                io.sparkfederated.query.JoinKind.LEFT_OUTER, "\"id\" = \"id_1\"", "j");
        assertThat(left.splitTargets()).as("the optional side of an outer join is no target")
                .extracting(t -> t.table()).containsExactly("orders");

        RemoteTable joined = new RemoteTable(null, inner, List.of(column("id", "int8")), true);
        PgSplit split = new PgSplit(List.of(new PgSplit.Part("public", "orders", 10, 20)));
        String sql = PG.renderJoinSplit(RemoteQuery.allColumns(joined), split, inner.splitTargets().get(0));
        assertThat(sql).contains("FROM \"public\".\"orders\" WHERE ctid >= '(10,0)'::tid AND ctid < '(20,0)'::tid AND (\"status\" = 'x'))")
                .doesNotContain(inner.splitTargets().get(0).marker()).contains(inner.splitTargets().get(1).marker());
    }

    @Test
    void aJoinWhoseSqlHoldsAMarkerElsewhereIsNotSplitByThatTable() {
        RemoteTable orders = table("orders");
        String marker = new io.sparkfederated.query.SplitTarget("public", "orders", "TABLE").marker();
        RemoteRelation join = PG.joinRelation(side(orders, "id", false), side(table("customers"), "id_1", false,
                "\"status\" = '" + marker + "'"), io.sparkfederated.query.JoinKind.INNER, "\"id\" = \"id_1\"", "j");
        assertThat(PG.usableTargets(join)).extracting(t -> t.table()).containsExactly("customers");
    }

    @Test
    void aPartialAggregationGroupsEachSplit() {
        RemoteTable orders = table("orders");
        RemoteQuery query = RemoteQuery.allColumns(orders).withAggregation(new RemoteAggregation(
                List.of(new CompiledOutput("\"status\"", column("group_0", "text")),
                        new CompiledOutput("count(*)", column("agg_0", "int8"))), List.of("\"status\"")).asPartial());
        assertThat(query.needsSingleStatement()).isFalse();
        String sql = PG.renderSplit(query, new PgSplit(List.of(new PgSplit.Part("public", "orders", 0, 5))));
        assertThat(sql).isEqualTo("SELECT \"status\" AS \"group_0\", count(*) AS \"agg_0\" FROM \"public\".\"orders\""
                + " WHERE ctid < '(5,0)'::tid GROUP BY \"status\"");
    }
}
