package io.sparkfederated.pushdown;

import static io.sparkfederated.pushdown.V2.col;
import static io.sparkfederated.pushdown.V2.column;
import static io.sparkfederated.pushdown.V2.fn;
import static io.sparkfederated.pushdown.V2.lit;
import static io.sparkfederated.pushdown.V2.pred;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ValueKind;

class RuleCompilerTest {

    private static final PushdownContext ANSI = new PushdownContext(true, ZoneOffset.UTC);

    private static RuleCompiler compiler(PushdownRules rules) {
        return new RuleCompiler(rules, new TestEngineSql(), V2.table(List.of(
                column("id", "int4", DataTypes.IntegerType, ValueKind.INT, ColumnCapability.exact()),
                column("ratio", "float8", DataTypes.DoubleType, ValueKind.DOUBLE,
                        EnumSet.of(ColumnCapability.FILTER, ColumnCapability.EQUALITY, ColumnCapability.ORDER)),
                column("blob", "bytea", DataTypes.BinaryType, ValueKind.BINARY, EnumSet.of(ColumnCapability.FILTER))), true), ANSI);
    }

    private static PushdownRules rules(List<PredicateRule> predicates, List<ValueRule> values, boolean columnKeysOnly) {
        return new PushdownRules(predicates, values, List.of(), columnKeysOnly, null);
    }

    @Test
    void theFirstRuleThatCompilesAPredicateWins() {
        PredicateRule never = (p, c) -> Optional.empty();
        PredicateRule first = (p, c) -> Optional.of("first");
        PredicateRule second = (p, c) -> Optional.of("second");
        RuleCompiler compiler = compiler(rules(List.of(never, first, second), List.of(), false));
        assertThat(compiler.predicate(pred("=", col("id"), lit(1)))).contains("first");
    }

    @Test
    void withoutAMatchingRuleNothingIsPushed() {
        RuleCompiler compiler = compiler(rules(List.of(), List.of(), false));
        assertThat(compiler.predicate(pred("=", col("id"), lit(1)))).isEmpty();
        assertThat(compiler.value(fn("+", col("id"), lit(1)))).isEmpty();
        assertThat(compiler.narrowingPredicate(pred("=", col("id"), lit(1)))).isEmpty();
    }

    @Test
    void columnsAreResolvedByTheirExactNameAndCarryTheirCapabilities() {
        RuleCompiler compiler = compiler(rules(List.of(), List.of(), false));
        assertThat(compiler.value(col("id"))).get().satisfies(v -> {
            assertThat(v.sql()).isEqualTo("\"id\"");
            assertThat(v.can(ColumnCapability.GROUPING)).isTrue();
        });
        assertThat(compiler.value(col("ID"))).isEmpty();
        assertThat(compiler.value(col("missing"))).isEmpty();
    }

    @Test
    void sortKeysNeedOrderAndSpellOutNullOrdering() {
        RuleCompiler compiler = compiler(rules(List.of(), List.of(), false));
        assertThat(compiler.sortOrder(Expressions.sort(col("ratio"), SortDirection.DESCENDING, NullOrdering.NULLS_FIRST)))
                .contains("(\"ratio\") DESC NULLS FIRST");
        assertThat(compiler.sortOrder(Expressions.sort(col("blob"), SortDirection.ASCENDING, NullOrdering.NULLS_LAST))).isEmpty();
    }

    @Test
    void groupingByAFloatIsRefused() {
        RuleCompiler compiler = compiler(rules(List.of(), List.of(), false));
        assertThat(compiler.groupingKey(col("ratio"), "k")).isEmpty();
        assertThat(compiler.groupingKey(col("id"), "k")).get().satisfies(out -> {
            assertThat(out.sql()).isEqualTo("(\"id\")");
            assertThat(out.column().name()).isEqualTo("k");
            assertThat(out.column().remoteType()).isEqualTo("int4");
        });
    }

    @Test
    void anEngineOfColumnKeysOnlySortsByColumnsButNotByExpressions() {
        ValueRule plus = (e, c) -> Optional.of(c.computed("1 + 1", DataTypes.IntegerType));
        RuleCompiler expressions = compiler(rules(List.of(), List.of(plus), false));
        RuleCompiler columnsOnly = compiler(rules(List.of(), List.of(plus), true));
        var byExpression = Expressions.sort(fn("+", lit(1), lit(1)), SortDirection.ASCENDING, NullOrdering.NULLS_FIRST);
        assertThat(expressions.sortOrder(byExpression)).contains("(1 + 1) ASC NULLS FIRST");
        assertThat(columnsOnly.sortOrder(byExpression)).isEmpty();
        assertThat(columnsOnly.sortOrder(Expressions.sort(col("id"), SortDirection.ASCENDING, NullOrdering.NULLS_FIRST)))
                .contains("(\"id\") ASC NULLS FIRST");
    }

    @Test
    void valuesOfDifferentTypesAreNotSameTyped() {
        RuleCompiler compiler = compiler(rules(List.of(), List.of(), false));
        assertThat(compiler.sameTypedValues(col("id"), lit(2))).get().extracting(List::size).isEqualTo(2);
        assertThat(compiler.sameTypedValues(col("id"), lit(2L))).isEmpty();
    }
}
