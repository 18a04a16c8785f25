package io.sparkfederated.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One {@link MetadataView} as a read-only Spark table. Its rows are computed on the driver when the
 * query is planned; equality and IN filters on the schema and table name columns narrow which
 * external schemas and tables are asked (Spark still applies every filter itself).
 */
public final class MetadataTable implements SupportsRead {

    private final String name;
    private final MetadataView view;
    private final CatalogContents contents;

    public MetadataTable(String name, MetadataView view, CatalogContents contents) {
        this.name = name;
        this.view = view;
        this.contents = contents;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
        return view.schema();
    }

    @Override
    public java.util.Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return new Builder();
    }

    private final class Builder implements ScanBuilder, SupportsPushDownFilters {
        private Set<String> schemas;
        private Set<String> tables;
        private Filter[] used = new Filter[0];

        @Override
        public Filter[] pushFilters(Filter[] filters) {
            List<Filter> narrowing = new ArrayList<>();
            for (Filter f : filters) {
                Set<String> values = valuesOf(f, view.schemaColumn());
                if (values != null) {
                    schemas = intersect(schemas, values);
                    narrowing.add(f);
                }
                values = view.tableColumn() == null ? null : valuesOf(f, view.tableColumn());
                if (values != null) {
                    tables = intersect(tables, values);
                    narrowing.add(f);
                }
            }
            used = narrowing.toArray(new Filter[0]);
            return filters; // all of them are still evaluated by Spark
        }

        @Override
        public Filter[] pushedFilters() {
            return used;
        }

        @Override
        public Scan build() {
            Predicate<String> schemaTest = schemas == null ? s -> true : schemas::contains;
            Predicate<String> tableTest = tables == null ? t -> true : tables::contains;
            return new RowsScan(schemaTest, tableTest);
        }
    }

    private final class RowsScan implements LocalScan {
        private final Predicate<String> schemas;
        private final Predicate<String> tables;
        private InternalRow[] rows;

        RowsScan(Predicate<String> schemas, Predicate<String> tables) {
            this.schemas = schemas;
            this.tables = tables;
        }

        @Override
        public StructType readSchema() {
            return view.schema();
        }

        @Override
        public synchronized InternalRow[] rows() {
            if (rows == null) {
                rows = view.rows(contents, schemas, tables).stream().map(MetadataTable::toInternalRow).toArray(InternalRow[]::new);
            }
            return rows;
        }

        @Override
        public String description() {
            return "FederatedMetadata " + name;
        }
    }

    private static Set<String> valuesOf(Filter f, String column) {
        if (f instanceof EqualTo eq && eq.attribute().equals(column) && eq.value() instanceof String s) {
            return Set.of(s);
        }
        if (f instanceof In in && in.attribute().equals(column)
                && Arrays.stream(in.values()).allMatch(v -> v instanceof String)) {
            Set<String> values = new HashSet<>();
            Arrays.stream(in.values()).forEach(v -> values.add((String) v));
            return values;
        }
        return null;
    }

    private static Set<String> intersect(Set<String> current, Set<String> values) {
        if (current == null) {
            return values;
        }
        Set<String> both = new HashSet<>(current);
        both.retainAll(values);
        return both;
    }

    private static InternalRow toInternalRow(Object[] values) {
        Object[] converted = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            converted[i] = values[i] instanceof String s ? UTF8String.fromString(s) : values[i];
        }
        return new GenericInternalRow(converted);
    }
}
