package io.sparkfederated.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.filter.Predicate;

import io.sparkfederated.connector.Dialect;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.RemoteQuery;

/**
 * Folds two scans of one remote database into one remote join. The result is a new remote relation
 * (a SELECT) whose columns are the join's outputs, so everything Spark pushes next (more joins,
 * aggregates, top-N, column pruning) applies to it as to any other relation.
 */
final class JoinPushdown {

    private JoinPushdown() {
    }

    /** Whether two scans may be joined remotely: one database and login, and nothing but filters pushed yet. */
    static boolean compatible(RemoteQuery left, RemoteQuery right, Dialect leftDialect, Dialect rightDialect) {
        return leftDialect == rightDialect
                && left.table().schema().connectionKey().equals(right.table().schema().connectionKey())
                && left.table().utf8() == right.table().utf8()
                && isPlainScan(left) && isPlainScan(right);
    }

    private static boolean isPlainScan(RemoteQuery query) {
        return query.partitioning() == null && query.aggregation() == null && !query.needsSingleStatement();
    }

    /** The joined relation, or empty when the condition cannot be evaluated remotely as Spark would. */
    static Optional<RemoteTable> join(RemoteQuery left, RemoteQuery right, JoinKind kind, List<JoinColumn> leftColumns,
                                      List<JoinColumn> rightColumns, Predicate condition, Dialect dialect,
                                      PushdownContext context) {
        Optional<JoinSide> leftSide = side(left, leftColumns, kind == JoinKind.RIGHT_OUTER);
        Optional<JoinSide> rightSide = side(right, rightColumns, kind == JoinKind.LEFT_OUTER);
        if (leftSide.isEmpty() || rightSide.isEmpty()) {
            return Optional.empty();
        }
        List<RemoteColumn> output = new ArrayList<>(leftSide.get().columns().size() + rightSide.get().columns().size());
        addOutputs(leftSide.get(), output);
        addOutputs(rightSide.get(), output);
        String label = left.table().relation().displayName() + " " + kind.sql() + " "
                + right.table().relation().displayName();
        RemoteTable outputs = new RemoteTable(left.table().schema(), RemoteRelation.join("", label), output, left.table().utf8());
        return dialect.compiler(outputs, context).predicate(condition)
                .map(on -> new RemoteTable(outputs.schema(),
                        dialect.joinRelation(leftSide.get(), rightSide.get(), kind, on, label),
                        output, outputs.utf8()));
    }

    /** One side as Spark would read it without the join: its filters, only the columns the join needs. */
    static RemoteQuery sideQuery(RemoteQuery query, List<JoinColumn> required) {
        List<RemoteColumn> columns = new ArrayList<>();
        for (JoinColumn c : required) {
            query.table().column(c.name()).ifPresent(columns::add);
        }
        return query.withColumns(columns);
    }

    /** One side's columns under their output names; an outer join's optional side becomes nullable. */
    private static Optional<JoinSide> side(RemoteQuery query, List<JoinColumn> required, boolean optionalSide) {
        List<RemoteColumn> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JoinColumn c : required) {
            Optional<RemoteColumn> column = query.table().column(c.name());
            if (column.isEmpty()) {
                return Optional.empty();
            }
            RemoteColumn source = column.get();
            columns.add(source);
            names.add(c.alias() != null ? c.alias() : source.name());
        }
        return Optional.of(new JoinSide(query, columns, names, optionalSide));
    }

    /** The joined relation's columns: already cast by the sides' SELECTs, so read as they arrive. */
    private static void addOutputs(JoinSide side, List<RemoteColumn> output) {
        for (int i = 0; i < side.columns().size(); i++) {
            RemoteColumn c = side.columns().get(i);
            output.add(new RemoteColumn(side.outputNames().get(i), c.remoteType(), c.mapping().withRemoteCast(null),
                    c.nullable() || side.optional()));
        }
    }
}
