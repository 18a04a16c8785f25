package io.sparkfederated.connector.redshift;

import java.util.List;
import java.util.function.Consumer;

import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.config.OptionValues;
import io.sparkfederated.connector.EngineProvider;
import io.sparkfederated.connector.SourceConnector;

/** Amazon Redshift: {@code engine=redshift}, {@code FROM REDSHIFT}. */
public final class RedshiftProvider implements EngineProvider {

    @Override
    public String name() {
        return "redshift";
    }

    @Override
    public String ddlKeyword() {
        return "REDSHIFT";
    }

    @Override
    public String displayName() {
        return "Redshift";
    }

    @Override
    public int defaultPort() {
        return 5439;
    }

    @Override
    public int redshiftKind() {
        return 5;
    }

    @Override
    public List<OptionSpec> options() {
        return UnloadOptions.ALL;
    }

    @Override
    public void checkOptions(OptionValues values, Consumer<String> problems) {
        UnloadOptions.check(values, problems);
    }

    @Override
    public SourceConnector connector() {
        return RedshiftConnector.INSTANCE;
    }
}
