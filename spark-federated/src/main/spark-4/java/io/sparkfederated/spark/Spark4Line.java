package io.sparkfederated.spark;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SessionState;

/** What every Spark 4 line shares: the classic session package. */
abstract class Spark4Line implements SparkLine {

    @Override
    public Optional<SessionState> sessionState(SparkSession session) {
        return session instanceof org.apache.spark.sql.classic.SparkSession classic
                ? Optional.of(classic.sessionState()) : Optional.empty();
    }
}
