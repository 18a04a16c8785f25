package io.sparkfederated.spark;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SessionState;

/**
 * What differs between the Spark lines at the bottom of the connector: the line's name and how to
 * reach a session's state. Each line's source folder ({@code src/main/spark-<line>/java}, chosen by
 * the Maven profile) holds the implementation, {@code ThisSparkLine}. What differs higher up lives
 * beside the code that needs it, one small class per layer and line ({@code read.ScanBuilders},
 * {@code sql.DropPlans}, {@code pushdown.StringCollations}, {@code catalog.CatalogProcedures}), so
 * this package imports nothing of ours.
 */
public interface SparkLine {

    /** The line this jar is built for: the one it runs on. */
    static SparkLine current() {
        return ThisSparkLine.INSTANCE;
    }

    /** "3.5", "4.0", "4.1" (4.2 runs the 4.1 build's code). */
    String line();

    /** The session's state (catalogs, Hadoop configuration); from 4.0 only a classic session has one. */
    Optional<SessionState> sessionState(SparkSession session);
}
