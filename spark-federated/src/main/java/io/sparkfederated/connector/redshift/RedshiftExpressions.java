package io.sparkfederated.connector.redshift;

import java.util.List;

import io.sparkfederated.connector.pgfamily.PgFamilyAvgRule;
import io.sparkfederated.connector.pgfamily.PgFamilyBoolAggregateRule;
import io.sparkfederated.connector.pgfamily.PgFamilyMinMaxRule;
import io.sparkfederated.connector.pgfamily.PgFamilySumRule;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.pushdown.PushdownRules;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.rules.BooleanLogic;
import io.sparkfederated.pushdown.rules.Comparisons;
import io.sparkfederated.pushdown.rules.CountAggregate;
import io.sparkfederated.pushdown.rules.InList;
import io.sparkfederated.pushdown.rules.NarrowingEquality;
import io.sparkfederated.pushdown.rules.NullTests;
import io.sparkfederated.pushdown.rules.PredicateValues;
import io.sparkfederated.query.RemoteTable;

/**
 * What is pushed to Redshift: comparisons, IN, IS [NOT] NULL, AND/OR/NOT over columns and literals,
 * sorting and grouping by columns, and COUNT, SUM, AVG, MIN, MAX, BOOL_AND/OR of columns, each as far
 * as {@link RedshiftTypeMapping#capabilities} allows (no exact string comparisons, no floats). String
 * equality and IN only narrow the rows Redshift returns ({@link NarrowingEquality}). Aggregate
 * arguments and keys are columns only: Redshift's numeric arithmetic differs from PostgreSQL's
 * (38 digits at most) and from Spark's; functions and arithmetic stay in Spark.
 */
final class RedshiftExpressions {

    static final PushdownRules RULES = new PushdownRules(
            List.of(new BooleanLogic(), new NullTests(), new Comparisons(), new InList()),
            List.of(new PredicateValues()),
            List.of(new CountAggregate(), new PgFamilyMinMaxRule(), new PgFamilyAvgRule(), new PgFamilySumRule(),
                    new PgFamilyBoolAggregateRule()),
            true, new NarrowingEquality());

    private RedshiftExpressions() {
    }

    static ExpressionCompiler compiler(RedshiftDialect dialect, RemoteTable table, PushdownContext context) {
        return new RuleCompiler(RULES, new RedshiftEngineSql(dialect), table, context);
    }
}
