package io.sparkfederated.pushdown;

import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.RemoteColumn;

/** The output of a compiled aggregate: its SQL and the column it is read as. */
public final class AggregateOutput {

    private AggregateOutput() {
    }

    public static CompiledOutput of(String sql, String alias, String remoteType, ColumnMapping mapping, boolean nullable) {
        return new CompiledOutput(sql, new RemoteColumn(alias, remoteType, mapping, nullable));
    }
}
