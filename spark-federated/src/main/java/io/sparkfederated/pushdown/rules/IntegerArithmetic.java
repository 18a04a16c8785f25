package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;

/**
 * Integer {@code + - * %} of two values of one type, under ANSI mode only, where Spark and the remote
 * database both fail on overflow and division by zero and {@code %} takes the dividend's sign. Unary
 * minus and {@code abs} of numbers (Spark hands them over only under ANSI mode, where the smallest
 * integer's fails on both sides). Not floats (overflow gives Infinity in Spark, an error remotely);
 * decimals have an engine's own rule (Spark rounds results beyond 38 digits).
 */
public final class IntegerArithmetic implements ValueRule {

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        if (!(e instanceof GeneralScalarExpression g)) {
            return Optional.empty();
        }
        Expression[] c = g.children();
        return switch (g.name()) {
            case "-" -> c.length == 1 ? unary("-(", c[0], compiler) : binary(g, compiler);
            case "+", "*", "%" -> binary(g, compiler);
            case "ABS" -> unary("abs(", c[0], compiler);
            default -> Optional.empty();
        };
    }

    private static Optional<SqlValue> unary(String function, Expression operand, RuleCompiler compiler) {
        return compiler.value(operand).filter(v -> isNumber(v.type()))
                .map(v -> compiler.computed(function + v.sql() + ")", v.type()));
    }

    private static Optional<SqlValue> binary(GeneralScalarExpression g, RuleCompiler compiler) {
        Expression[] c = g.children();
        if (c.length != 2 || !compiler.context().ansi()) {
            return Optional.empty();
        }
        Optional<SqlValue> left = compiler.value(c[0]);
        Optional<SqlValue> right = compiler.value(c[1]);
        if (left.isEmpty() || right.isEmpty() || !left.get().type().equals(right.get().type()) || !isInteger(left.get().type())) {
            return Optional.empty();
        }
        return Optional.of(compiler.computed("(" + left.get().sql() + ") " + g.name() + " (" + right.get().sql() + ")",
                left.get().type()));
    }

    static boolean isInteger(DataType t) {
        return t instanceof ShortType || t instanceof IntegerType || t instanceof LongType;
    }

    private static boolean isNumber(DataType t) {
        return isInteger(t) || t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType;
    }
}
