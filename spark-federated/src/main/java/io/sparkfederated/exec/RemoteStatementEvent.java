package io.sparkfederated.exec;

import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * A remote statement the connector ran, posted on Spark's listener bus when the driver logs it, so
 * listeners see it and the event log (and the History Server reading it) keeps it.
 */
public record RemoteStatementEvent(RemoteStatement statement) implements SparkListenerEvent {
}
