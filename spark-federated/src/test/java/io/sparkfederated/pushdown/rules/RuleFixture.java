package io.sparkfederated.pushdown.rules;

import static io.sparkfederated.pushdown.V2.column;

import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import org.apache.spark.sql.types.DataTypes;

import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.PredicateRule;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.pushdown.PushdownRules;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.TestEngineSql;
import io.sparkfederated.pushdown.V2;
import io.sparkfederated.pushdown.ValueRule;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ValueKind;

/**
 * One relation whose columns cover the capability cases: {@code id} (int, everything), {@code name}
 * (text taking everything), {@code padded} (text taking only IS NULL, like char(n)), {@code ratio}
 * (double: no grouping), {@code loose} (text whose equality only narrows).
 */
final class RuleFixture {

    private RuleFixture() {
    }

    static RuleCompiler compiler(boolean ansi, List<PredicateRule> predicates, List<ValueRule> values,
                                 List<AggregateRule> aggregates, PredicateRule narrowing) {
        EnumSet<ColumnCapability> text = EnumSet.copyOf(ColumnCapability.exact());
        text.add(ColumnCapability.TEXT);
        return new RuleCompiler(new PushdownRules(predicates, values, aggregates, false, narrowing), new TestEngineSql(),
                V2.table(List.of(
                        column("id", "int4", DataTypes.IntegerType, ValueKind.INT, ColumnCapability.exact()),
                        column("big", "int8", DataTypes.LongType, ValueKind.LONG, ColumnCapability.exact()),
                        column("name", "text", DataTypes.StringType, ValueKind.STRING, text),
                        column("padded", "bpchar", DataTypes.StringType, ValueKind.STRING, EnumSet.of(ColumnCapability.FILTER)),
                        column("ratio", "float8", DataTypes.DoubleType, ValueKind.DOUBLE,
                                EnumSet.of(ColumnCapability.FILTER, ColumnCapability.EQUALITY, ColumnCapability.ORDER)),
                        column("loose", "varchar", DataTypes.StringType, ValueKind.STRING,
                                EnumSet.of(ColumnCapability.NARROWING_EQUALITY))), true),
                new PushdownContext(ansi, ZoneOffset.UTC));
    }

    /** All generic predicate rules, with values compiled by the given rules. */
    static RuleCompiler predicates(ValueRule... values) {
        return compiler(true, List.of(new BooleanLogic(), new NullTests(), new Comparisons(), new InList(), new LikePatterns()),
                List.of(values), List.of(), null);
    }

    static RuleCompiler values(boolean ansi, ValueRule... values) {
        return compiler(ansi, List.of(new BooleanLogic(), new Comparisons()), List.of(values), List.of(), null);
    }
}
