package io.sparkfederated.connector.pgfamily;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;

/**
 * Decimal {@code + - *} under ANSI mode (the only mode Spark hands arithmetic over in), with Spark's
 * result type and answer. PostgreSQL's numeric arithmetic is exact; Spark's result type holds the
 * exact result whenever it needs at most 38 digits, so then the operation is sent as it is. Wider
 * results Spark fits into 38 digits: a sum or difference is rounded half up to the result's scale,
 * which PostgreSQL's cast to {@code numeric(38,s)} does alike (half away from zero); a product only
 * where its scale is kept whole (Spark multiplies to 38 significant digits first, so a product it
 * rounds could be rounded twice) — there the one difference left is overflow, which fails on both
 * sides (the cast's SQLSTATE 22003, translated to Spark's error class). Division and remainder stay in Spark.
 */
public final class PgFamilyDecimalArithmetic implements ValueRule {

    private static final int MAX = DecimalType.MAX_PRECISION();
    /** Spark keeps at least this many fraction digits when it narrows a result to 38 digits. */
    private static final int MINIMUM_ADJUSTED_SCALE = 6;

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        if (!(e instanceof GeneralScalarExpression g) || g.children().length != 2 || !compiler.context().ansi()
                || !(g.name().equals("+") || g.name().equals("-") || g.name().equals("*"))) {
            return Optional.empty();
        }
        Optional<SqlValue> left = compiler.value(g.children()[0]);
        Optional<SqlValue> right = compiler.value(g.children()[1]);
        if (left.isEmpty() || right.isEmpty() || !(left.get().type() instanceof DecimalType a)
                || !(right.get().type() instanceof DecimalType b) || a.scale() < 0 || b.scale() < 0) {
            return Optional.empty();
        }
        boolean product = g.name().equals("*");
        int exactScale = product ? a.scale() + b.scale() : Math.max(a.scale(), b.scale());
        int exactPrecision = product ? a.precision() + b.precision() + 1
                : Math.max(a.precision() - a.scale(), b.precision() - b.scale()) + exactScale + 1;
        String exact = "(" + left.get().sql() + ") " + g.name() + " (" + right.get().sql() + ")";
        if (exactPrecision <= MAX) {
            return Optional.of(compiler.computed("(" + exact + ")", DataTypes.createDecimalType(exactPrecision, exactScale)));
        }
        int scale = compiler.context().decimalPrecisionLoss()
                ? Math.max(MAX - (exactPrecision - exactScale), Math.min(exactScale, MINIMUM_ADJUSTED_SCALE))
                : Math.min(exactScale, MAX);
        if (product && scale != exactScale) {
            return Optional.empty();
        }
        // one cast per row: it rounds as Spark does and fails with "numeric field overflow" (SQLSTATE 22003,
        // which the engine's error translation names) where Spark's ANSI evaluation fails
        return Optional.of(compiler.computed("CAST(" + exact + " AS numeric(" + MAX + "," + scale + "))",
                DataTypes.createDecimalType(MAX, scale)));
    }
}
