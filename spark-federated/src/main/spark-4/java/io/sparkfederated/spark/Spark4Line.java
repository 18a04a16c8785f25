package io.sparkfederated.spark;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.internal.SessionState;

import io.sparkfederated.sql.DropExternalSchemas;

/** What every Spark 4 line shares: string collations, the classic session package, and procedures (CALL). */
abstract class Spark4Line implements SparkLine {


    @Override
    public Optional<SessionState> sessionState(SparkSession session) {
        return session instanceof org.apache.spark.sql.classic.SparkSession classic
                ? Optional.of(classic.sessionState()) : Optional.empty();
    }

    /** {@code CALL <catalog>.system.drop_external_schemas(…)}, the catalog's procedure. */
    @Override
    public LogicalPlan dropExternalSchemas(DropExternalSchemas drop, ParserInterface sparkParser) throws ParseException {
        return sparkParser.parsePlan(drop.callSql());
    }
}
