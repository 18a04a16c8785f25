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

import io.sparkfederated.connector.RemoteColumn;
import io.sparkfederated.connector.RemoteTable;
import io.sparkfederated.connector.SourceConnector;

/** Collects what Spark pushes into a scan and produces an immutable {@link FederatedScan}. */
public final class FederatedScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {

    private final SourceConnector connector;
    private RemoteQuery query;

    public FederatedScanBuilder(RemoteTable table, SourceConnector connector) {
        this.connector = connector;
        this.query = RemoteQuery.allColumns(table);
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
