package io.sparkfederated.read;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.join.JoinType;
import org.apache.spark.sql.connector.read.SupportsPushDownJoin;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.RemoteTable;

/** Spark 4.1's join pushdown ({@link SupportsPushDownJoin}) on the shared scan builder. */
public final class JoinPushingScanBuilder extends FederatedScanBuilder implements SupportsPushDownJoin {

    public JoinPushingScanBuilder(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap options,
                                  EstimateCache estimates) {
        super(table, connector, options, estimates);
    }

    @Override
    public boolean isOtherSideCompatibleForJoin(SupportsPushDownJoin other) {
        return other instanceof FederatedScanBuilder right && joinableWith(right);
    }

    /**
     * Replaces this scan's relation by the join of both sides, computed remotely. Called with the
     * filters of both sides already pushed and nothing else; the joined relation then takes more
     * joins, aggregates, top-N and pruning like any other.
     */
    @Override
    public boolean pushDownJoin(SupportsPushDownJoin other, JoinType joinType, ColumnWithAlias[] leftColumns,
                                ColumnWithAlias[] rightColumns, Predicate condition) {
        return other instanceof FederatedScanBuilder right
                && pushJoin(right, kind(joinType), columns(leftColumns), columns(rightColumns), condition);
    }

    private static JoinKind kind(JoinType joinType) {
        return switch (joinType) {
            case INNER_JOIN -> JoinKind.INNER;
            case LEFT_OUTER_JOIN -> JoinKind.LEFT_OUTER;
            case RIGHT_OUTER_JOIN -> JoinKind.RIGHT_OUTER;
        };
    }

    private static List<JoinColumn> columns(ColumnWithAlias[] columns) {
        return Arrays.stream(columns).map(c -> new JoinColumn(c.colName(), c.alias())).toList();
    }
}
