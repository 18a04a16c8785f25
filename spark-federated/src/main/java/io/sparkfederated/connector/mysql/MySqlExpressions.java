package io.sparkfederated.connector.mysql;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.filter.Predicate;

import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.RemoteTable;

/** What MySQL may compute for Spark: nothing yet; Spark evaluates every filter, order and aggregate. */
final class MySqlExpressions implements ExpressionCompiler {

    private final MySqlDialect dialect;
    private final RemoteTable table;

    MySqlExpressions(MySqlDialect dialect, RemoteTable table) {
        this.dialect = dialect;
        this.table = table;
    }

    @Override
    public Optional<String> predicate(Predicate predicate) {
        return Optional.empty();
    }

    @Override
    public Optional<String> sortOrder(SortOrder order) {
        return Optional.empty();
    }

    @Override
    public Optional<CompiledOutput> groupingKey(Expression key, String alias) {
        return Optional.empty();
    }

    @Override
    public Optional<CompiledOutput> aggregate(AggregateFunc function, String alias) {
        return Optional.empty();
    }
}
