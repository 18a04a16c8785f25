package io.sparkfederated.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.sparkfederated.FederatedException;
import io.sparkfederated.catalog.FederatedOptions;
import io.sparkfederated.connector.RemoteColumn;
import io.sparkfederated.connector.ValueKind;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import io.sparkfederated.connector.RemoteTable;
import io.sparkfederated.connector.SourceConnector;

/** Collects what Spark pushes into a scan and produces an immutable {@link FederatedScan}. */
public final class FederatedScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {

    private final SourceConnector connector;
    private RemoteQuery query;

    public FederatedScanBuilder(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap readOptions) {
        this.connector = connector;
        this.query = RemoteQuery.allColumns(table);
        ColumnPartitioning partitioning = FederatedOptions.columnPartitioning(readOptions, table.schema().describe());
        if (partitioning != null) {
            requireRangeColumn(table, partitioning.column());
            query = query.withPartitioning(partitioning);
        }
    }

    private static void requireRangeColumn(RemoteTable table, String name) {
        RemoteColumn column = table.column(name).orElseThrow(() -> new FederatedException(table.schema().describe() + ": partitionColumn '" + name
                        + "' is not a column of " + table.relation().displayName()));
        ValueKind kind = column.mapping().kind();
        if (kind != ValueKind.SHORT && kind != ValueKind.INT && kind != ValueKind.LONG && kind != ValueKind.DATE) {
            throw new FederatedException(table.schema().describe() + ": partitionColumn '" + name + "' must be an integer"
                    + " or date column, not " + column.remoteType());
        }
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        Map<String, RemoteColumn> byName = query.table().columns().stream()
                .collect(Collectors.toMap(RemoteColumn::name, Function.identity()));
        List<RemoteColumn> selected = new ArrayList<>();
        for (StructField field : requiredSchema.fields()) {
            RemoteColumn column = byName.get(field.name());
            if (column != null) {
                selected.add(column);
            }
        }
        query = query.withColumns(selected);
    }

    @Override
    public Scan build() {
        return new FederatedScan(query, connector);
    }
}
