package io.sparkfederated.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a split tells a restarted server from another replica, by the servers' identities alone. */
class PgSplitSessionTest {

    @Test
    void theSameAddressWithAnotherStartTimeIsARestartAndAnotherAddressIsAnotherServer() {
        String exporter = "2026-12-06 22:46:14.244216+00 at 10.0.1.5:5432";
        assertThat(PgSplitSession.sameAddress("2026-12-06 22:46:55.462795+00 at 10.0.1.5:5432", exporter)).isTrue();
        assertThat(PgSplitSession.sameAddress("2026-12-06 22:46:14.244216+00 at 10.0.2.9:5432", exporter)).isFalse();
        assertThat(PgSplitSession.sameAddress("2026-12-06 22:46:14.244216+00 at 10.0.1.5:5433", exporter)).isFalse();
    }
}
