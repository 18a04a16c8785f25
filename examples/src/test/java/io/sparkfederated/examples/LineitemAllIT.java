package io.sparkfederated.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The Redshift documentation's example (S3 + Redshift + PostgreSQL in one view) runs and gives the reference answers. */
class LineitemAllIT {

    @Test
    void threeSourcesAnswerLikeOne() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean same;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            same = LineitemAll.run();
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(same).as(out).isTrue();
        assertThat(out).contains("lineitem_all: all answers match")
                .contains("Federated warehouse [public.lineitem] RemoteSQL: SELECT")   // the Redshift side
                .contains("Federated apg [public.lineitem] RemoteSQL: SELECT")         // the PostgreSQL side
                .contains("WHERE ((\"l_quantity\") = ('10.0'::float8))")              // a filter PostgreSQL applied
                .contains("s3a://lake/lineitem_1t_part")                               // the S3 side
                .contains("ReadMethod: UNLOAD to s3://lake/redshift-unload/")           // Redshift's bulk path
                .containsPattern("UNLOAD statements Redshift ran: [1-9][0-9]*; files left under s3://lake/redshift-unload/: 0");
    }
}
