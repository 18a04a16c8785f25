package io.sparkfederated.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.sparkfederated.connector.Engines;

/**
 * The README's configuration table says what the option descriptors say (every option, and its
 * default), and its contents list every section.
 */
class ReadmeOptionsTest {

    /** The rows of the configuration reference: first cell (backticked names), second cell (the default). */
    private static List<String[]> rows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Configuration reference");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String[]> rows = new ArrayList<>();
        for (String line : section.split("\n")) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| `") && cells.length > 3) {
                rows.add(new String[] {cells[1], cells[2]});
            }
        }
        return rows;
    }

    private static String[] rowOf(List<String[]> rows, String option) {
        Pattern name = Pattern.compile("`" + Pattern.quote(option) + "`");
        return rows.stream().filter(r -> name.matcher(r[0]).find()).findFirst().orElse(null);
    }

    @Test
    void everyOptionIsDocumentedWithItsDefault() throws IOException {
        List<String[]> rows = rows();
        List<OptionSpec> specs = new ArrayList<>(CommonOptions.ALL);
        Engines.installed().forEach(e -> specs.addAll(e.options()));
        assertThat(specs).hasSizeGreaterThan(25);
        for (OptionSpec spec : specs) {
            String[] row = rowOf(rows, spec.name());
            assertThat(row).as("README row for option '%s'", spec.name()).isNotNull();
            if (spec.kind() != OptionSpec.Kind.TEXT && spec.defaultValue() != null) {
                Matcher given = Pattern.compile("`([^`]*)`").matcher(row[1]);
                assertThat(given.find() ? given.group(1) : row[1].trim()).as("README default of '%s'", spec.name())
                        .isEqualTo(spec.defaultValue());
            }
        }
        Engines.installed().forEach(engine -> engine.optionDefaults().forEach((spec, value) ->
                assertThat(rowOf(rows, spec.name())[1]).as("README default of '%s' for %s", spec.name(), engine.displayName())
                        .contains(engine.displayName() + " `" + value + "`")));
    }

    @Test
    void theContentsListEverySection() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md")).replaceAll("(?s)```.*?```", "");
        String contents = readme.substring(readme.indexOf("## Contents"), readme.indexOf("\n## ", readme.indexOf("## Contents") + 1));
        Matcher heading = Pattern.compile("(?m)^#{2,3} (.+)$").matcher(readme);
        int sections = 0;
        while (heading.find()) {
            if (!heading.group(1).equals("Contents")) {
                assertThat(contents).as("the README's contents").contains("[" + heading.group(1).replace("`", "") + "](#");
                sections++;
            }
        }
        assertThat(sections).isGreaterThan(20);
    }
}
