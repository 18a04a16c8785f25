package io.sparkfederated.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the statements of a SQL file in order and prints each result, for {@code spark-submit}:
 * <pre>
 * spark-submit --jars spark-federated-…-bundle.jar --conf … \
 *   --class io.sparkfederated.examples.RunSqlFile examples-….jar examples/sql/tour.sql
 * </pre>
 * Statements end with {@code ;} at the end of a line (outside quotes); {@code --} comments are
 * dropped. It uses only Spark: the connector comes from {@code --jars}. The first failing
 * statement stops the run with a non-zero exit code.
 */
public final class RunSqlFile {

    private RunSqlFile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RunSqlFile <file.sql>");
            System.exit(2);
        }
        List<String> statements = statements(Files.readString(Path.of(args[0])));
        SparkSession spark = SparkSession.builder().appName("spark-federated: " + Path.of(args[0]).getFileName()).getOrCreate();
        int exit = 0;
        try {
            for (String sql : statements) {
                System.out.println("\n> " + sql.replace("\n", "\n  "));
                Dataset<Row> result = spark.sql(sql);
                if (result.columns().length > 0) {
                    result.show(1000, false);
                }
            }
            System.out.println("\nRunSqlFile: " + statements.size() + " statements OK");
        } catch (RuntimeException e) {
            System.out.println("\nRunSqlFile: FAILED: " + e.getMessage());
            e.printStackTrace();
            exit = 1;
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }

    /** Splits a script at {@code ;} outside quotes and comments; drops {@code --} comments and blank statements. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if (quote != 0) {
                current.append(ch);
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
                current.append(ch);
            } else if (ch == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                int eol = script.indexOf('\n', i);
                i = eol < 0 ? script.length() : eol - 1;
            } else if (ch == ';') {
                add(out, current);
            } else {
                current.append(ch);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder current) {
        String sql = current.toString().strip();
        if (!sql.isEmpty()) {
            out.add(sql);
        }
        current.setLength(0);
    }
}
