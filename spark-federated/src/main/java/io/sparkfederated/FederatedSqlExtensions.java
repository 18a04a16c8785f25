package io.sparkfederated;

import org.apache.spark.sql.SparkSessionExtensions;

import io.sparkfederated.sql.FederatedSqlParser;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Redshift's external-schema DDL in Spark SQL: set
 * {@code spark.sql.extensions=io.sparkfederated.FederatedSqlExtensions} to run
 * {@code CREATE EXTERNAL SCHEMA … FROM POSTGRES …} and {@code DROP SCHEMA a, b} against a
 * federated catalog. Every other statement is parsed by Spark as before.
 */
public final class FederatedSqlExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectParser(new AbstractFunction2<>() {
            @Override
            public org.apache.spark.sql.catalyst.parser.ParserInterface apply(
                    org.apache.spark.sql.SparkSession session, org.apache.spark.sql.catalyst.parser.ParserInterface delegate) {
                return FederatedSqlParser.wrap(session, delegate);
            }
        });
        return BoxedUnit.UNIT;
    }
}
