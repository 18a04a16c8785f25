package io.sparkfederated.connector.postgres;

import java.util.List;

import io.sparkfederated.connector.pgfamily.PgFamilyAvgRule;
import io.sparkfederated.connector.pgfamily.PgFamilyBoolAggregateRule;
import io.sparkfederated.connector.pgfamily.PgFamilyDecimalArithmetic;
import io.sparkfederated.connector.pgfamily.PgFamilyMinMaxRule;
import io.sparkfederated.connector.pgfamily.PgFamilySumRule;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.pushdown.PushdownRules;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.rules.BooleanLogic;
import io.sparkfederated.pushdown.rules.Comparisons;
import io.sparkfederated.pushdown.rules.Conditionals;
import io.sparkfederated.pushdown.rules.CountAggregate;
import io.sparkfederated.pushdown.rules.GreatestLeast;
import io.sparkfederated.pushdown.rules.InList;
import io.sparkfederated.pushdown.rules.IntegerArithmetic;
import io.sparkfederated.pushdown.rules.LikePatterns;
import io.sparkfederated.pushdown.rules.NullTests;
import io.sparkfederated.pushdown.rules.PredicateValues;
import io.sparkfederated.pushdown.rules.StringFunctions;
import io.sparkfederated.query.RemoteTable;

/**
 * What is pushed to PostgreSQL: the rules it composes. Each rule pushes only where PostgreSQL returns
 * what Spark would; what a column supports (text order, char(n), floats) comes from
 * {@link PostgresTypeMapping#capabilities}. Beyond Redshift's set: LIKE, integer and decimal arithmetic, CASE,
 * COALESCE, GREATEST/LEAST, long IN lists of integers or strings as one array, length and concat, widening casts, date fields, and aggregates and
 * sort and grouping keys over expressions.
 */
final class PostgresExpressions {

    static final PushdownRules RULES = new PushdownRules(
            List.of(new BooleanLogic(), new NullTests(), new Comparisons(), new PostgresValueSet(), new InList(), new LikePatterns()),
            List.of(new PredicateValues(), new IntegerArithmetic(), new PgFamilyDecimalArithmetic(), new GreatestLeast(), new StringFunctions(),
                    new Conditionals(), new PostgresCasts(), new PostgresDateFields()),
            List.of(new CountAggregate(), new PgFamilyMinMaxRule(), new PgFamilyAvgRule(), new PgFamilySumRule(),
                    new PgFamilyBoolAggregateRule()),
            false, null);

    private PostgresExpressions() {
    }

    static ExpressionCompiler compiler(PostgresDialect dialect, RemoteTable table, PushdownContext context) {
        return new RuleCompiler(RULES, new PostgresEngineSql(dialect, table.utf8()), PostgresTypeMapping.inItsEncoding(table),
                context);
    }
}
