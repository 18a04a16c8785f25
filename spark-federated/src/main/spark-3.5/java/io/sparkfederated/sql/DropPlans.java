package io.sparkfederated.sql;

import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.ExternalCommandExecutor;

/** Spark 3.5 has no CALL: the drop is a command that runs when the statement executes. */
final class DropPlans {

    private DropPlans() {
    }

    static LogicalPlan dropExternalSchemas(DropExternalSchemas drop, ParserInterface sparkParser) {
        scala.collection.immutable.Map<String, String> noOptions = scala.collection.immutable.Map$.MODULE$.empty();
        return new ExternalCommandExecutor(new DropExternalSchemasCommand(drop), drop.describe(), noOptions);
    }
}
