package io.sparkfederated.connector.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Cast;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Extract;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.GeneralAggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.query.ValueKind;
import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.pushdown.ExpressionCompiler;

/**
 * Spark V2 predicates and sort orders as PostgreSQL SQL, only where PostgreSQL returns what Spark
 * would:
 * <ul>
 *   <li>strings compare, sort and match LIKE in byte order ({@code COLLATE "C"}), which is Spark's
 *       code-point order only in a UTF-8 database, so string predicates are pushed only there;
 *       {@code char(n)} is never pushed (PostgreSQL ignores its trailing blanks, Spark does not);</li>
 *   <li>NULL ordering is always explicit (PostgreSQL sorts NULLs last ascending, Spark first);</li>
 *   <li>floats: PostgreSQL, like Spark, treats NaN as equal to NaN and above every number, and -0 = 0;</li>
 *   <li>casts only where the value cannot change (integer and decimal widening, float to double,
 *       integer to double, date to timestamp), and timestamps to dates (see {@link #dateOf});</li>
 *   <li>aggregates only where value and type match Spark's (see {@link #aggregate}); no float
 *       sums or averages (their rounding depends on the order of addition);</li>
 *   <li>arithmetic and functions are not pushed yet (overflow, division and time-zone rules differ).</li>
 * </ul>
 */
final class PostgresExpressions implements ExpressionCompiler {

    private static final String C_COLLATION = " COLLATE \"C\"";

    private final PostgresDialect dialect;
    private final RemoteTable table;

    PostgresExpressions(PostgresDialect dialect, RemoteTable table) {
        this.dialect = dialect;
        this.table = table;
    }

    /** A compiled value: its SQL, its Spark type, and whether it is a string Spark's way comparable. */
    private record Value(String sql, DataType type, boolean comparableText) {

        String sqlForComparison() {
            return type instanceof StringType ? "(" + sql + ")" + C_COLLATION : "(" + sql + ")";
        }
    }

    @Override
    public Optional<String> predicate(Predicate p) {
        Expression[] c = p.children();
        return switch (p.name()) {
            case "ALWAYS_TRUE" -> Optional.of("TRUE");
            case "ALWAYS_FALSE" -> Optional.of("FALSE");
            case "AND", "OR" -> both(c).flatMap(pair -> Optional.of("(" + pair[0] + ") " + p.name() + " (" + pair[1] + ")"));
            case "NOT" -> child(c[0]).map(x -> "NOT (" + x + ")");
            case "IS_NULL" -> value(c[0]).map(v -> "(" + v.sql() + ") IS NULL");
            case "IS_NOT_NULL" -> value(c[0]).map(v -> "(" + v.sql() + ") IS NOT NULL");
            case "=", "<>", "<", "<=", ">", ">=" -> comparison(c[0], c[1], " " + p.name() + " ");
            case "<=>" -> comparison(c[0], c[1], " IS NOT DISTINCT FROM ");
            case "IN" -> in(c);
            case "STARTS_WITH" -> like(c, false, true);
            case "ENDS_WITH" -> like(c, true, false);
            case "CONTAINS" -> like(c, true, true);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<String> sortOrder(SortOrder order) {
        return value(order.expression()).filter(this::comparable).map(v -> v.sqlForComparison()
                + (order.direction() == SortDirection.ASCENDING ? " ASC" : " DESC")
                + (order.nullOrdering() == NullOrdering.NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST"));
    }

    @Override
    public Optional<CompiledOutput> groupingKey(Expression key, String alias) {
        // floats: Spark outputs 0.0 for a group of -0.0 and 0.0, PostgreSQL whichever it met first
        Optional<Value> value = value(key).filter(v -> comparable(v) && !(v.type() instanceof FloatType)
                && !(v.type() instanceof DoubleType));
        if (key instanceof NamedReference ref) {
            return value.flatMap(v -> sourceColumn(ref).map(col -> new CompiledOutput(v.sqlForComparison(),
                    new RemoteColumn(alias, col.remoteType(), col.mapping().withRemoteCast(null), true))));
        }
        // an expression: cast to the type its Spark type is read from, so the reader gets what it expects
        return value.flatMap(v -> Optional.ofNullable(PostgresTypeMapping.typeFor(v.type())).map(pgType -> {
            String sql = new Value("CAST((" + v.sql() + ") AS " + pgType + ")", v.type(), v.comparableText()).sqlForComparison();
            return new CompiledOutput(sql, new RemoteColumn(alias, pgType, PostgresTypeMapping.mapComputed(v.type()), true));
        }));
    }

    @Override
    public Optional<CompiledOutput> aggregate(AggregateFunc function, String alias) {
        if (function instanceof CountStar) {
            return Optional.of(output("count(*)", alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), false));
        }
        if (function instanceof Count count) {
            Optional<Value> v = value(count.column()).filter(x -> !count.isDistinct() || comparable(x));
            return v.map(x -> output("count(" + (count.isDistinct() ? "DISTINCT " + x.sqlForComparison() : "(" + x.sql() + ")") + ")",
                    alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), false));
        }
        if (function instanceof Min || function instanceof Max) {
            Expression column = function instanceof Min min ? min.column() : ((Max) function).column();
            String name = function instanceof Min ? "min" : "max";
            if (!(column instanceof NamedReference ref)) {
                return Optional.empty();
            }
            Optional<Value> bool = value(ref).filter(v -> v.type() instanceof BooleanType);
            if (bool.isPresent()) {
                // Spark turns bool_and/bool_or into min/max (false < true), which PostgreSQL has only under those names
                return bool.map(v -> output((function instanceof Min ? "bool_and" : "bool_or") + "((" + v.sql() + "))", alias,
                        "boolean", ColumnMapping.of(DataTypes.BooleanType, ValueKind.BOOLEAN), true));
            }
            return value(ref).filter(this::comparable)
                    .flatMap(v -> sourceColumn(ref).map(col -> output(name + "(" + v.sqlForComparison() + ")", alias,
                            col.remoteType(), col.mapping().withRemoteCast(null), true)));
        }
        if (function instanceof Avg avg) {
            return value(avg.column()).filter(v -> v.type() instanceof ShortType || v.type() instanceof IntegerType
                    || v.type() instanceof ByteType).map(v -> {
                        String argument = (avg.isDistinct() ? "DISTINCT " : "") + "(" + v.sql() + ")";
                        // Spark sums integers as doubles (exact below 2^53) and divides by the count
                        return output("CAST(sum(" + argument + ") AS float8) / CAST(count(" + argument + ") AS float8)", alias,
                                "float8", ColumnMapping.of(DataTypes.DoubleType, ValueKind.DOUBLE), true);
                    });
        }
        if (function instanceof Sum sum) {
            String described = "sum(" + (sum.isDistinct() ? "DISTINCT " : "") + sum.column().describe() + ")";
            return value(sum.column()).flatMap(v -> sum(v, sum.isDistinct(), described, alias));
        }
        if (function instanceof GeneralAggregateFunc general
                && (general.name().equals("BOOL_AND") || general.name().equals("BOOL_OR")) && general.children().length == 1) {
            return value(general.children()[0]).filter(v -> v.type() instanceof BooleanType)
                    .map(v -> output(general.name().toLowerCase(java.util.Locale.ROOT) + "(" + (general.isDistinct() ? "DISTINCT " : "")
                            + "(" + v.sql() + "))", alias, "boolean", ColumnMapping.of(DataTypes.BooleanType, ValueKind.BOOLEAN), true));
        }
        return Optional.empty();
    }

    /**
     * SUM with Spark's result type. Integers sum into bigint on both sides (PostgreSQL's sum of int2/int4
     * is int8). bigint and decimals: PostgreSQL sums exactly, and a sum that does not fit the result
     * type is Spark's overflow: under ANSI mode an error that names the sum, without it NULL for
     * decimals. A non-ANSI bigint sum stays in Spark: Spark's wraps around, but try_sum (the same V2
     * aggregate) gives NULL. For the same reason an overflowing try_sum fails under ANSI mode. Float
     * sums depend on the order of addition and are left to Spark.
     */
    private Optional<CompiledOutput> sum(Value v, boolean distinct, String described, String alias) {
        String total = "sum(" + (distinct ? "DISTINCT " : "") + "(" + v.sql() + "))";
        boolean ansi = SQLConf.get().ansiEnabled();
        if (v.type() instanceof ShortType || v.type() instanceof IntegerType || v.type() instanceof ByteType) {
            return Optional.of(output(total, alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), true));
        }
        if (v.type() instanceof LongType && ansi) {
            String tooBig = total + " NOT BETWEEN " + Long.MIN_VALUE + " AND " + Long.MAX_VALUE;
            return Optional.of(output(failingWhen(tooBig, total, "int8", "[ARITHMETIC_OVERFLOW] " + described, "BIGINT"),
                    alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), true));
        }
        if (v.type() instanceof DecimalType d) {
            DecimalType result = DataTypes.createDecimalType(Math.min(DecimalType.MAX_PRECISION(), d.precision() + 10), d.scale());
            String pgType = "numeric(" + result.precision() + "," + result.scale() + ")";
            // exactly when the cast to the result type (which rounds to its scale) overflows
            String tooBig = "abs(round(" + total + ", " + result.scale() + ")) >= 1e" + (result.precision() - result.scale());
            String sql = ansi ? failingWhen(tooBig, total, pgType, "[NUMERIC_VALUE_OUT_OF_RANGE] " + described,
                    "Decimal(" + result.precision() + ", " + result.scale() + ")")
                    // the cast outside the CASE: the result keeps its declared type (an UNLOAD writes that type)
                    : "CAST(CASE WHEN " + tooBig + " THEN NULL ELSE " + total + " END AS " + pgType + ")";
            return Optional.of(output(sql, alias, pgType, ColumnMapping.of(result, ValueKind.DECIMAL), true));
        }
        return Optional.empty();
    }

    /**
     * The sum cast to its type, or an error naming it where it does not fit (PostgreSQL's own, "numeric
     * field overflow", names nothing): a text that is not a number, cast to one, carries the message
     * to {@link PostgresErrors#sumOverflow}. It includes the sum, so PostgreSQL cannot fold it while planning.
     */
    private String failingWhen(String tooBig, String total, String pgType, String described, String sparkType) {
        String message = dialect.quoteStringLiteral(PostgresErrors.SUM_OVERFLOW + described + " = ") + " || " + total
                + " || " + dialect.quoteStringLiteral(" cannot be represented as " + sparkType);
        return "CASE WHEN " + tooBig + " THEN CAST(" + message + " AS " + pgType + ") ELSE CAST(" + total + " AS " + pgType + ") END";
    }

    private static CompiledOutput output(String sql, String alias, String remoteType, ColumnMapping mapping, boolean nullable) {
        return new CompiledOutput(sql, new RemoteColumn(alias, remoteType, mapping, nullable));
    }

    private Optional<RemoteColumn> sourceColumn(NamedReference ref) {
        return ref.fieldNames().length != 1 ? Optional.empty()
                : table.columns().stream().filter(c -> c.name().equals(ref.fieldNames()[0])).findFirst();
    }

    private Optional<String[]> both(Expression[] c) {
        Optional<String> left = child(c[0]);
        Optional<String> right = child(c[1]);
        return left.isPresent() && right.isPresent() ? Optional.of(new String[] {left.get(), right.get()}) : Optional.empty();
    }

    private Optional<String> child(Expression e) {
        return e instanceof Predicate p ? predicate(p) : Optional.empty();
    }

    private Optional<String> comparison(Expression a, Expression b, String operator) {
        Optional<Value> left = value(a).filter(this::comparable);
        Optional<Value> right = value(b).filter(this::comparable);
        if (left.isEmpty() || right.isEmpty() || !sameFamily(left.get().type(), right.get().type())) {
            return Optional.empty();
        }
        return Optional.of(left.get().sqlForComparison() + operator + "(" + right.get().sql() + ")");
    }

    private Optional<String> in(Expression[] c) {
        Optional<Value> subject = value(c[0]).filter(this::comparable);
        if (subject.isEmpty() || c.length == 1) { // "IN ()" is no SQL (an empty runtime filter: RuntimeFilters.matchNothing)
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
            Optional<Value> item = c[i] instanceof Literal<?> ? value(c[i]) : Optional.empty();
            if (item.isEmpty() || !sameFamily(subject.get().type(), item.get().type())) {
                return Optional.empty();
            }
            items.add(item.get().sql());
        }
        return Optional.of(subject.get().sqlForComparison() + " IN (" + String.join(", ", items) + ")");
    }

    private Optional<String> like(Expression[] c, boolean anyPrefix, boolean anySuffix) {
        Optional<Value> subject = value(c[0]).filter(v -> v.type() instanceof StringType && comparable(v));
        if (subject.isEmpty() || !(c[1] instanceof Literal<?> literal) || literal.value() == null) {
            return Optional.empty();
        }
        String text = literal.value().toString();
        if (text.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        String pattern = (anyPrefix ? "%" : "") + escaped + (anySuffix ? "%" : "");
        return Optional.of(subject.get().sqlForComparison() + " LIKE " + dialect.quoteStringLiteral(pattern) + " ESCAPE '\\'");
    }

    private Optional<Value> value(Expression e) {
        if (e instanceof NamedReference ref) {
            return column(ref);
        }
        if (e instanceof Literal<?> literal) {
            return PostgresLiterals.of(dialect, literal.value(), literal.dataType())
                    .map(sql -> new Value(sql, literal.dataType(), table.utf8()));
        }
        if (e instanceof Cast cast) {
            return value(cast.expression()).flatMap(inner -> cast.dataType() instanceof DateType ? dateOf(inner)
                    : widening(inner.type(), cast.dataType())
                            .map(pgType -> new Value("CAST(" + inner.sql() + " AS " + pgType + ")", cast.dataType(), false)));
        }
        if (e instanceof Predicate p) {
            return predicate(p).map(sql -> new Value(sql, DataTypes.BooleanType, false));
        }
        if (e instanceof GeneralScalarExpression g) {
            return scalar(g);
        }
        if (e instanceof Extract extract) {
            return value(extract.source()).flatMap(v -> extract(extract.field(), v));
        }
        return Optional.empty();
    }

    /**
     * Integer arithmetic (+, -, *, %) under ANSI mode, where Spark and PostgreSQL both fail on overflow
     * and division by zero and {@code %} takes the dividend's sign; COALESCE and CASE WHEN over values
     * of one type. Not floats (PostgreSQL raises on overflow where Spark gives Infinity) and not
     * decimals (Spark rounds results beyond 38 digits).
     */
    private Optional<Value> scalar(GeneralScalarExpression g) {
        Expression[] c = g.children();
        switch (g.name()) {
            case "+", "-", "*", "%" -> {
                if (c.length == 1 && g.name().equals("-")) {
                    // unary minus: V2 gets it only under ANSI mode, where both sides fail on integer overflow
                    return value(c[0]).filter(v -> isNumber(v.type())).map(v -> new Value("-(" + v.sql() + ")", v.type(), false));
                }
                if (c.length != 2 || !SQLConf.get().ansiEnabled()) {
                    return Optional.empty();
                }
                Optional<Value> left = value(c[0]);
                Optional<Value> right = value(c[1]);
                if (left.isEmpty() || right.isEmpty() || !left.get().type().equals(right.get().type())
                        || !isInteger(left.get().type())) {
                    return Optional.empty();
                }
                return Optional.of(new Value("(" + left.get().sql() + ") " + g.name() + " (" + right.get().sql() + ")",
                        left.get().type(), false));
            }
            case "ABS" -> {
                // likewise only under ANSI mode (abs of the smallest integer fails on both sides)
                return value(c[0]).filter(v -> isNumber(v.type())).map(v -> new Value("abs(" + v.sql() + ")", v.type(), false));
            }
            case "GREATEST", "LEAST" -> {
                // both skip NULLs; NaN is above every number in both
                List<Value> values = sameTypedValues(c);
                if (values == null || !values.stream().allMatch(this::comparable)) {
                    return Optional.empty();
                }
                return Optional.of(new Value(g.name() + "(" + String.join(", ", values.stream().map(Value::sqlForComparison).toList())
                        + ")", values.get(0).type(), values.get(0).comparableText()));
            }
            case "CHAR_LENGTH" -> {
                // code points in both (UTF-8 text only: not char(n), whose trailing blanks PostgreSQL ignores)
                return value(c[0]).filter(v -> v.type() instanceof StringType && comparable(v))
                        .map(v -> new Value("char_length(" + v.sql() + ")", DataTypes.IntegerType, false));
            }
            case "CONCAT" -> {
                // || is NULL when any argument is, like Spark's concat (PostgreSQL's concat() skips NULLs)
                List<Value> values = sameTypedValues(c);
                if (values == null || !(values.get(0).type() instanceof StringType) || !values.stream().allMatch(this::comparable)) {
                    return Optional.empty();
                }
                return Optional.of(new Value(String.join(" || ", values.stream().map(v -> "(" + v.sql() + ")").toList()),
                        values.get(0).type(), true));
            }
            case "COALESCE" -> {
                List<Value> values = sameTypedValues(c);
                return values == null ? Optional.empty() : Optional.of(new Value("COALESCE(" + String.join(", ",
                        values.stream().map(v -> "(" + v.sql() + ")").toList()) + ")", values.get(0).type(),
                        values.stream().allMatch(Value::comparableText)));
            }
            case "CASE_WHEN" -> {
                List<String> parts = new ArrayList<>();
                List<Expression> results = new ArrayList<>();
                for (int i = 0; i + 1 < c.length; i += 2) {
                    Optional<String> condition = c[i] instanceof Predicate p ? predicate(p) : Optional.empty();
                    if (condition.isEmpty()) {
                        return Optional.empty();
                    }
                    parts.add("WHEN " + condition.get() + " THEN ");
                    results.add(c[i + 1]);
                }
                boolean hasElse = c.length % 2 == 1;
                if (hasElse) {
                    results.add(c[c.length - 1]);
                }
                List<Value> values = sameTypedValues(results.toArray(new Expression[0]));
                if (values == null) {
                    return Optional.empty();
                }
                StringBuilder sql = new StringBuilder("CASE");
                for (int i = 0; i < parts.size(); i++) {
                    sql.append(' ').append(parts.get(i)).append('(').append(values.get(i).sql()).append(')');
                }
                if (hasElse) {
                    sql.append(" ELSE (").append(values.get(values.size() - 1).sql()).append(')');
                }
                return Optional.of(new Value(sql.append(" END").toString(), values.get(0).type(),
                        values.stream().allMatch(Value::comparableText)));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * The date of a timestamp, as Spark's cast computes it: a wall-clock timestamp's own date, a
     * timestamptz's in the session time zone ({@link #wallClock}). Spark sends {@code year(ts)},
     * {@code month(ts)}, … as fields of this cast (under ANSI mode only: otherwise the cast is not
     * translated for data sources).
     */
    private static Optional<Value> dateOf(Value timestamp) {
        if (timestamp.type() instanceof TimestampType) {
            return wallClock(timestamp).flatMap(PostgresExpressions::dateOf);
        }
        return timestamp.type() instanceof TimestampNTZType
                ? Optional.of(new Value("CAST(" + timestamp.sql() + " AS date)", DataTypes.DateType, false)) : Optional.empty();
    }

    /**
     * A timestamptz as the wall-clock timestamp Spark sees in the session time zone, only for a zone of
     * one fixed offset (UTC, +05:30, …; rendered as that offset, not a name PostgreSQL might not know).
     * Zones with daylight saving and a history stay in Spark: PostgreSQL's time zone database may
     * differ from the JVM's, and the same instant would then fall on another day or hour.
     */
    private static Optional<Value> wallClock(Value timestamptz) {
        java.time.zone.ZoneRules rules = DateTimeUtils.getZoneId(SQLConf.get().sessionLocalTimeZone()).getRules();
        if (!rules.isFixedOffset()) {
            return Optional.empty();
        }
        int seconds = rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds();
        return Optional.of(new Value("((" + timestamptz.sql() + ") AT TIME ZONE INTERVAL '" + seconds + " seconds')",
                DataTypes.TimestampNTZType, false));
    }

    /**
     * Date and time fields of dates and timestamps (of a timestamptz in the session time zone, see
     * {@link #wallClock}). PostgreSQL numbers years BC as -1, -2, …; Spark's proleptic years count
     * 0, -1, …, hence the shift of negative years.
     */
    private Optional<Value> extract(String field, Value source) {
        if (source.type() instanceof TimestampType) {
            return wallClock(source).flatMap(local -> extract(field, local));
        }
        if (!(source.type() instanceof DateType) && !(source.type() instanceof TimestampNTZType)) {
            return Optional.empty();
        }
        String pgField = switch (field) {
            case "YEAR", "MONTH", "DAY", "QUARTER", "WEEK", "HOUR", "MINUTE" -> field;
            case "DAY_OF_YEAR" -> "DOY";
            case "DAY_OF_WEEK" -> "ISODOW";
            case "YEAR_OF_WEEK" -> "ISOYEAR";
            default -> null;
        };
        if (pgField == null || (source.type() instanceof DateType && (field.equals("HOUR") || field.equals("MINUTE")))) {
            return Optional.empty();
        }
        String value = "EXTRACT(" + pgField + " FROM (" + source.sql() + "))";
        if (pgField.endsWith("YEAR")) {
            value = "CASE WHEN " + value + " < 0 THEN " + value + " + 1 ELSE " + value + " END";
        }
        return Optional.of(new Value("CAST(" + value + " AS int4)", DataTypes.IntegerType, false));
    }

    private static boolean isNumber(DataType t) {
        return isInteger(t) || t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType;
    }

    /** The compiled values, or null unless all compile and share one type (NULL literals aside). */
    private List<Value> sameTypedValues(Expression[] expressions) {
        List<Value> values = new ArrayList<>();
        DataType type = null;
        for (Expression e : expressions) {
            Optional<Value> v = value(e);
            if (v.isEmpty()) {
                return null;
            }
            if (type != null && !type.equals(v.get().type())) {
                return null;
            }
            type = v.get().type();
            values.add(v.get());
        }
        return values.isEmpty() ? null : values;
    }

    private static boolean isInteger(DataType t) {
        return t instanceof ShortType || t instanceof IntegerType || t instanceof LongType;
    }

    private Optional<Value> column(NamedReference ref) {
        return sourceColumn(ref).map(col -> new Value(dialect.columnValue(col), col.mapping().sparkType(),
                col.mapping().kind() == ValueKind.STRING && table.utf8() && !"bpchar".equals(col.mapping().remoteBase())));
    }

    /** Types whose comparisons and ordering PostgreSQL evaluates as Spark does. */
    private boolean comparable(Value v) {
        DataType t = v.type();
        if (t instanceof StringType st) {
            // Spark 4 string collations (UTF8_LCASE, UNICODE_CI, …) compare otherwise: only the default pushes
            return SparkLine.current().comparesBytes(st) && v.comparableText();
        }
        return t instanceof BooleanType || t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType
                || t instanceof LongType || t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType
                || t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType;
    }

    private static boolean sameFamily(DataType a, DataType b) {
        return a.equals(b) || (a instanceof DecimalType && b instanceof DecimalType);
    }

    /** The PostgreSQL type for a cast that never changes a value, or empty. */
    private static Optional<String> widening(DataType from, DataType to) {
        int integerDigits = from instanceof ByteType ? 3 : from instanceof ShortType ? 5 : from instanceof IntegerType ? 10
                : from instanceof LongType ? 19 : -1;
        if (integerDigits > 0) {
            if (to instanceof IntegerType && integerDigits <= 5) {
                return Optional.of("int4");
            }
            if (to instanceof LongType) {
                return Optional.of("int8");
            }
            if (to instanceof DoubleType) {
                return Optional.of("float8"); // same IEEE round-to-nearest as Spark for bigint
            }
            if (to instanceof DecimalType d && d.precision() - d.scale() >= integerDigits) {
                return Optional.of("numeric(" + d.precision() + "," + d.scale() + ")");
            }
            return Optional.empty();
        }
        if (from instanceof DecimalType f && to instanceof DecimalType d
                && d.scale() >= f.scale() && d.precision() - d.scale() >= f.precision() - f.scale()) {
            return Optional.of("numeric(" + d.precision() + "," + d.scale() + ")");
        }
        if (from instanceof FloatType && to instanceof DoubleType) {
            return Optional.of("float8");
        }
        if (from instanceof DateType && to instanceof TimestampNTZType) {
            return Optional.of("timestamp");
        }
        return Optional.empty();
    }
}
