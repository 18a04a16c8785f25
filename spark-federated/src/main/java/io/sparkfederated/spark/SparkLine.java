package io.sparkfederated.spark;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.internal.SessionState;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.sql.DropExternalSchemas;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.read.EstimateCache;

/**
 * What differs between the Spark lines the connector is built for. The shared code calls this
 * interface only; each line's source folder ({@code src/main/spark-<line>/java}, chosen by the
 * Maven profile) holds its implementation, {@code ThisSparkLine}.
 */
public interface SparkLine {

    /** The line this jar is built for: the one it runs on. */
    static SparkLine current() {
        return ThisSparkLine.INSTANCE;
    }

    /** "3.5", "4.0", "4.1" (4.2 runs the 4.1 build's code). */
    String line();

    /** Whether Spark offers joins of two scans to the data source ({@code SupportsPushDownJoin}, from 4.1). */
    boolean pushesJoins();

    /** A scan builder, taking the joins Spark offers where {@link #pushesJoins()}. */
    ScanBuilder newScanBuilder(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap options,
                               EstimateCache estimates);

    /** The session's state (catalogs, Hadoop configuration); from 4.0 only a classic session has one. */
    Optional<SessionState> sessionState(SparkSession session);

    /** The plan that runs Redshift's {@code DROP SCHEMA} of external schemas. */
    LogicalPlan dropExternalSchemas(DropExternalSchemas drop, ParserInterface sparkParser) throws ParseException;
}
