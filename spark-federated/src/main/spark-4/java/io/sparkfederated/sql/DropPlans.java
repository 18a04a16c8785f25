package io.sparkfederated.sql;

import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/** Spark 4: {@code CALL <catalog>.system.drop_external_schemas(…)}, the catalog's procedure. */
final class DropPlans {

    private DropPlans() {
    }

    static LogicalPlan dropExternalSchemas(DropExternalSchemas drop, ParserInterface sparkParser) throws ParseException {
        return sparkParser.parsePlan(drop.callSql());
    }
}
