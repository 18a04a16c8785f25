package io.sparkfederated.connector.postgres.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.ValueKind;

/** Binary values whose length does not fit their type (the remote column was retyped) fail; no Spark, no server. */
class ValueDecodersTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void aFixedWidthValueOfAnotherLengthIsAClearErrorNotGarbage() {
        ValueDecoder decoder = ValueDecoders.forMapping(ColumnMapping.of(DataTypes.IntegerType, ValueKind.INT), "a");
        try (OnHeapColumnVector vector = new OnHeapColumnVector(4, DataTypes.IntegerType)) {
            decoder.append(new byte[] {0, 0, 0, 7}, 0, 4, vector);
            assertThat(vector.getInt(0)).isEqualTo(7);
            assertThatThrownBy(() -> decoder.append(HELLO, 0, 4 + 1, vector))
                    .hasMessageContaining("column 'a': the remote server sent a 5-byte value where a 4-byte one was expected")
                    .hasMessageContaining("REFRESH TABLE");
            // an int8 value read as int4 (ALTER COLUMN ... TYPE bigint)
            assertThatThrownBy(() -> decoder.append(new byte[8], 0, 8, vector)).hasMessageContaining("8-byte value");
        }
    }

    @Test
    void aNumericWhoseLengthDoesNotMatchItsDigitsIsAClearError() {
        ValueDecoder decoder = ValueDecoders.forMapping(
                ColumnMapping.of(DataTypes.createDecimalType(10, 2), ValueKind.DECIMAL), "n");
        try (OnHeapColumnVector vector = new OnHeapColumnVector(4, DataTypes.createDecimalType(10, 2))) {
            assertThatThrownBy(() -> decoder.append(HELLO, 0, HELLO.length, vector))
                    .hasMessageContaining("column 'n': the remote server sent a 5-byte value that is not a numeric");
        }
    }
}
