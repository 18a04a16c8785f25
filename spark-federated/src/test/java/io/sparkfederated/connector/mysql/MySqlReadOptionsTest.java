package io.sparkfederated.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;

import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import io.sparkfederated.config.OptionValues;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;

/** MySQL's own options and what they change in the type mapping, without a server. */
class MySqlReadOptionsTest {

    @Test
    void theProviderDeclaresBothOptionsWithRedshiftsReadingAsDefault() {
        assertThat(new MySqlProvider().options()).extracting(o -> o.name()).containsExactly("tinyint1_as_boolean", "zero_dates");
        assertThat(MySqlReadOptions.of(new OptionValues(Map.of()))).isEqualTo(MySqlReadOptions.DEFAULTS);
        assertThat(MySqlReadOptions.of(new OptionValues(Map.of("tinyint1_as_boolean", "false", "zero_dates", "fail"))))
                .isEqualTo(new MySqlReadOptions(false, true));
    }

    @Test
    void tinyint1IsANumberWhenAsked() {
        ColumnMapping number = MySqlTypeMapping.map("tinyint", "tinyint(1)", 3, 0, null, new MySqlReadOptions(false, false));
        assertThat(number.sparkType()).isEqualTo(DataTypes.ShortType);
        assertThat(number.capabilities()).isEqualTo(ColumnCapability.exact());
        assertThat(MySqlTypeMapping.map("tinyint", "tinyint(1)", 3, 0, null, MySqlReadOptions.DEFAULTS).sparkType())
                .isEqualTo(DataTypes.BooleanType);
    }

    @Test
    void failingZeroDatesOverflowWhereTheValueIsNotNullButHasNoDayNumber() {
        MySqlReadOptions fail = new MySqlReadOptions(true, true);
        ColumnMapping date = MySqlTypeMapping.map("date", "date", 0, 0, null, fail);
        assertThat(date.remoteCast()).isEqualTo("CASE WHEN DATEDIFF(%s, '1970-01-01') IS NULL AND CAST(%s AS CHAR) IS NOT NULL"
                + " THEN 9223372036854775807 + (CAST(%s AS CHAR) IS NOT NULL) ELSE DATEDIFF(%s, '1970-01-01') END");
        assertThat(date.capabilities()).isEqualTo(ColumnCapability.exact());
        assertThat(MySqlTypeMapping.map("datetime", "datetime(6)", 0, 0, null, fail).remoteCast())
                .startsWith("CASE WHEN TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', %s) IS NULL");
        assertThat(MySqlTypeMapping.map("date", "date", 0, 0, null, MySqlReadOptions.DEFAULTS).remoteCast())
                .isEqualTo(MySqlTypeMapping.EPOCH_DAYS);
    }

    @Test
    void theZeroDateErrorNamesTheColumnFromMySqlsMessage() {
        SQLException e = new SQLException("BIGINT value is out of range in '9223372036854775807 + (cast(`db`.`t`.`due date` as char"
                + " charset utf8mb4) is not null)'", "22003", MySqlErrors.OUT_OF_RANGE);
        assertThat(MySqlErrors.zeroDate("schema s", e)).startsWith("schema s: column 'due date' holds a zero or partly-zero date")
                .contains("zero_dates=null");
    }
}
