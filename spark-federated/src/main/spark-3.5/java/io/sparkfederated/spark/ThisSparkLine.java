package io.sparkfederated.spark;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SessionState;

/** Spark 3.5 (Scala 2.12 and 2.13): one session class. */
final class ThisSparkLine implements SparkLine {

    static final SparkLine INSTANCE = new ThisSparkLine();

    @Override
    public String line() {
        return "3.5";
    }

    @Override
    public Optional<SessionState> sessionState(SparkSession session) {
        return Optional.of(session.sessionState());
    }
}
