package io.sparkfederated.connector.mysql;

import java.util.List;

import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.pushdown.PushdownRules;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.rules.BooleanLogic;
import io.sparkfederated.pushdown.rules.Comparisons;
import io.sparkfederated.pushdown.rules.CountAggregate;
import io.sparkfederated.pushdown.rules.InList;
import io.sparkfederated.pushdown.rules.MinMaxAggregate;
import io.sparkfederated.pushdown.rules.NarrowingEquality;
import io.sparkfederated.pushdown.rules.NullTests;
import io.sparkfederated.query.RemoteTable;

/**
 * What is pushed to MySQL: comparisons (with {@code <=>}), IN, IS [NOT] NULL and AND/OR/NOT over
 * columns and literals, sorting and grouping by columns, count, min, max, sum and avg, each as far as
 * {@link MySqlTypeMapping#capabilities} allows: integers, decimals, TINYINT(1) booleans and dates, in
 * the form they are read ({@link MySqlEngineSql}). Strings are never compared exactly (collations
 * ignore case, accents and trailing blanks): equality and IN only narrow the rows MySQL returns, and
 * Spark checks them again; LIKE stays in Spark (no form of it on such a collation is Spark's answer).
 * Floats, timestamps, arithmetic and functions stay in Spark.
 */
final class MySqlExpressions {

    static final PushdownRules RULES = new PushdownRules(
            List.of(new BooleanLogic(), new NullTests(), new Comparisons("<=>"), new InList()),
            List.of(),
            List.of(new CountAggregate(), new MinMaxAggregate(), new MySqlSumRule(), new MySqlAvgRule()),
            true, NarrowingEquality.inLists());

    private MySqlExpressions() {
    }

    static ExpressionCompiler compiler(RemoteTable table, PushdownContext context) {
        return new RuleCompiler(RULES, MySqlEngineSql.INSTANCE, table, context);
    }
}
