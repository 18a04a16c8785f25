package io.sparkfederated.spark;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.execution.command.ExternalCommandExecutor;
import org.apache.spark.sql.internal.SessionState;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.read.EstimateCache;
import io.sparkfederated.read.FederatedScanBuilder;
import io.sparkfederated.sql.DropExternalSchemas;

/**
 * Spark 3.5 (Scala 2.12 and 2.13): no string collations, one session class, no procedures, and no
 * join pushdown for data sources (joins run in Spark).
 */
final class ThisSparkLine implements SparkLine {

    static final SparkLine INSTANCE = new ThisSparkLine();

    @Override
    public String line() {
        return "3.5";
    }

    @Override
    public boolean pushesJoins() {
        return false;
    }

    @Override
    public ScanBuilder newScanBuilder(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap options,
                                      EstimateCache estimates) {
        return new FederatedScanBuilder(table, connector, options, estimates);
    }


    @Override
    public Optional<SessionState> sessionState(SparkSession session) {
        return Optional.of(session.sessionState());
    }

    /** A command that drops the schemas when it runs (Spark 3.5 has no CALL). */
    @Override
    public LogicalPlan dropExternalSchemas(DropExternalSchemas drop, ParserInterface sparkParser) {
        scala.collection.immutable.Map<String, String> noOptions = scala.collection.immutable.Map$.MODULE$.empty();
        return new ExternalCommandExecutor(new DropExternalSchemasCommand(drop), drop.describe(), noOptions);
    }
}
