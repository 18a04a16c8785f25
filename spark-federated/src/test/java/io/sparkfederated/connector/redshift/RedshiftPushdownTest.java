package io.sparkfederated.connector.redshift;

import static io.sparkfederated.pushdown.V2.col;
import static io.sparkfederated.pushdown.V2.fn;
import static io.sparkfederated.pushdown.V2.lit;
import static io.sparkfederated.pushdown.V2.pred;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.List;

import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.junit.jupiter.api.Test;

import io.sparkfederated.FederatedException;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/** Redshift's quoting and the narrower set of rules it composes, without a server. */
class RedshiftPushdownTest {

    private static final RedshiftDialect RS = RedshiftDialect.INSTANCE;

    private static RemoteColumn column(String name, String type) {
        return new RemoteColumn(name, type, RedshiftTypeMapping.map(type), true);
    }

    private static RemoteTable customer() {
        return new RemoteTable(null, RemoteRelation.table("public", "customer", "table"), List.of(column("id", "bigint"),
                column("name", "character varying(25)"), column("code", "character(4)"), column("rate", "real"),
                column("doc", "super"), column("since", "date")), true);
    }

    private static ExpressionCompiler compiler() {
        return RS.compiler(customer(), new PushdownContext(true, ZoneOffset.UTC));
    }

    @Test
    void stringLiteralsDoubleBackslashesAsRedshiftReadsEscapes() {
        assertThat(RS.quoteStringLiteral("it's")).isEqualTo("'it''s'");
        assertThat(RS.quoteStringLiteral("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(RS.quoteStringLiteral("größe 🙂")).isEqualTo("'größe 🙂'");
        assertThatThrownBy(() -> RS.quoteStringLiteral("a\0")).isInstanceOf(FederatedException.class);
        assertThat(RS.quoteIdentifier("My \"T\"")).isEqualTo("\"My \"\"T\"\"\"");
    }

    @Test
    void theTypeMappingGivesTextOnlyNarrowingEqualityAndFloatsAndCastsNothing() {
        assertThat(column("name", "character varying(25)").mapping().capabilities()).containsExactly(ColumnCapability.NARROWING_EQUALITY);
        assertThat(column("rate", "real").mapping().capabilities()).isEmpty();
        assertThat(column("doc", "super").mapping().capabilities()).isEmpty();
        assertThat(column("id", "bigint").mapping().capabilities()).containsAll(ColumnCapability.exact());
    }

    @Test
    void stringEqualityOnlyNarrowsAndValuesWithABackslashAreLeftToSpark() {
        ExpressionCompiler rs = compiler();
        assertThat(rs.predicate(pred("=", col("name"), lit("Bob")))).isEmpty();
        assertThat(rs.narrowingPredicate(pred("=", col("name"), lit("O'Neil")))).contains("\"name\" = 'O''Neil'");
        assertThat(rs.narrowingPredicate(pred("=", col("code"), lit("AB")))).contains("rtrim(\"code\") = 'AB'"); // char(n), as read
        assertThat(rs.narrowingPredicate(pred("=", col("name"), lit("a\\b")))).isEmpty();
        assertThat(rs.narrowingPredicate(pred("=", col("doc"), lit("x")))).isEmpty();
    }

    @Test
    void comparisonsOfIntegersAndDatesArePushedButNotOfFloatsOrThroughFunctions() {
        ExpressionCompiler rs = compiler();
        assertThat(rs.predicate(pred("AND", pred(">", col("id"), lit(5L)), pred("IS_NOT_NULL", col("since")))))
                .contains("((\"id\") > ((5))) AND ((\"since\") IS NOT NULL)");
        assertThat(rs.predicate(pred("IS_NULL", col("rate")))).isEmpty();
        assertThat(rs.predicate(pred("=", fn("+", col("id"), lit(1L)), lit(2L)))).isEmpty();
        assertThat(rs.predicate(pred("STARTS_WITH", col("name"), lit("a")))).isEmpty();
    }

    @Test
    void aggregatesAndKeysAreColumnsOnly() {
        ExpressionCompiler rs = compiler();
        assertThat(rs.aggregate(new Sum(col("id"), false), "s")).isPresent();
        assertThat(rs.aggregate(new Sum(fn("+", col("id"), lit(1L)), false), "s")).isEmpty();
        assertThat(rs.aggregate(new Count(col("doc"), false), "n")).get().extracting(o -> o.sql()).isEqualTo("count((json_serialize(\"doc\")))");
        assertThat(rs.aggregate(new Count(col("name"), true), "n")).isEmpty();
        assertThat(rs.groupingKey(col("id"), "k")).get().extracting(o -> o.sql()).isEqualTo("(\"id\")");
        assertThat(rs.groupingKey(col("name"), "k")).isEmpty();
        assertThat(rs.sortOrder(Expressions.sort(col("since"), SortDirection.ASCENDING, NullOrdering.NULLS_FIRST)))
                .contains("(\"since\") ASC NULLS FIRST");
    }

    @Test
    void aQueryOfNoColumnsSelectsTheFirstAsRedshiftHasNoEmptySelectList() {
        assertThat(RS.render(RemoteQuery.allColumns(customer()).withColumns(List.of())))
                .isEqualTo("SELECT \"id\" FROM \"public\".\"customer\"");
    }

    @Test
    void unloadEscapesTheSelectWithBackslashes() {
        assertThat(RS.unload("SELECT 'a' FROM t", "s3://b/p/", "default"))
                .isEqualTo("UNLOAD ('SELECT \\'a\\' FROM t') TO 's3://b/p/' IAM_ROLE default FORMAT AS PARQUET MANIFEST VERBOSE");
    }
}
