package io.sparkfederated.config;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One option: its name, what values it takes, its built-in default, whether a single read may set it
 * ({@code spark.read.option(...)} on a catalog table), and the one line the README's configuration
 * table says of it. The values are checked here, so every option of a kind gives the same error.
 *
 * @param defaultValue the built-in default in option form, or null for none
 * @param choices      the values a {@link Kind#CHOICE} takes (lower case); empty otherwise
 * @param unit         what a {@link Kind#COUNT} counts ("seconds", "MB", …); null otherwise
 * @param perRead      whether a read option may override the external schema's value
 */
public record OptionSpec(String name, Kind kind, String defaultValue, List<String> choices, String unit, boolean perRead,
                         String doc) implements Serializable {

    /** What values an option takes. */
    public enum Kind {
        /** any text; checked (if at all) by the code that uses it */
        TEXT,
        /** true/false (also on/off, yes/no) */
        BOOLEAN,
        /** an integer ≥ 1 */
        POSITIVE_INT,
        /** an integer ≥ 0 (0 turns something off or means "every time") */
        COUNT,
        /** one of {@link #choices()} */
        CHOICE
    }

    public OptionSpec {
        choices = List.copyOf(choices);
    }

    public static OptionSpec text(String name, String doc) {
        return new OptionSpec(name, Kind.TEXT, null, List.of(), null, false, doc);
    }

    public static OptionSpec bool(String name, boolean defaultValue, String doc) {
        return new OptionSpec(name, Kind.BOOLEAN, Boolean.toString(defaultValue), List.of(), null, false, doc);
    }

    public static OptionSpec positiveInt(String name, int defaultValue, String doc) {
        return new OptionSpec(name, Kind.POSITIVE_INT, Integer.toString(defaultValue), List.of(), null, false, doc);
    }

    /** An integer ≥ 0 counting {@code unit}s. */
    public static OptionSpec count(String name, int defaultValue, String unit, String doc) {
        return new OptionSpec(name, Kind.COUNT, Integer.toString(defaultValue), List.of(), unit, false, doc);
    }

    public static OptionSpec choice(String name, String defaultValue, List<String> choices, String doc) {
        return new OptionSpec(name, Kind.CHOICE, defaultValue, choices, null, false, doc);
    }

    /** This option, settable by a single read as well. */
    public OptionSpec perReadToo() {
        return new OptionSpec(name, kind, defaultValue, choices, unit, true, doc);
    }

    /** This option with another built-in default. */
    public OptionSpec withDefault(String value) {
        return new OptionSpec(name, kind, value, choices, unit, perRead, doc);
    }

    /**
     * Checks a value of this option and returns it in normal form (trimmed; booleans as true/false,
     * choices in lower case).
     *
     * @throws IllegalArgumentException with "option 'x' must be …, got '…'"
     */
    public String check(String value) {
        String v = value.trim();
        switch (kind) {
            case BOOLEAN -> {
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "on", "yes" -> "true";
                    case "false", "off", "no" -> "false";
                    default -> throw invalid("true or false", value);
                };
            }
            case POSITIVE_INT, COUNT -> {
                int min = kind == Kind.COUNT ? 0 : 1;
                try {
                    if (Integer.parseInt(v) >= min) {
                        return Integer.toString(Integer.parseInt(v));
                    }
                } catch (NumberFormatException ignored) {
                    // the error below says what is expected
                }
                throw invalid(kind == Kind.COUNT ? "a number of " + unit + " ≥ 0" : "a positive integer", value);
            }
            case CHOICE -> {
                String lower = v.toLowerCase(Locale.ROOT);
                if (choices.contains(lower)) {
                    return lower;
                }
                throw invalid(choiceList(), value);
            }
            default -> {
                return v;
            }
        }
    }

    /** "'auto', 'jdbc' or 'unload'" */
    private String choiceList() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < choices.size(); i++) {
            s.append(i == 0 ? "" : i == choices.size() - 1 ? " or " : ", ").append('\'').append(choices.get(i)).append('\'');
        }
        return s.toString();
    }

    private IllegalArgumentException invalid(String expected, String value) {
        return new IllegalArgumentException("option '" + name + "' must be " + expected + ", got '" + value + "'");
    }
}
