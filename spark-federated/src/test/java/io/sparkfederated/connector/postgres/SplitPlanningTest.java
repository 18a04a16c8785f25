package io.sparkfederated.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How PostgreSQL scans are cut into page-range splits, from relation sizes alone: no server. */
class SplitPlanningTest {

    private static final long PAGE = 8192;
    private static final long MB = 1 << 20;

    private static PostgresScanPlanner.Leaf table(String name, long bytes) {
        return new PostgresScanPlanner.Leaf("public", name, 'r', bytes, true);
    }

    /** Every page of every leaf is read exactly once: ranges follow each other, the last is open-ended. */
    private static void assertEachPageOnce(List<PgSplit> splits, String name, long bytes) {
        List<PgSplit.Part> parts = splits.stream().flatMap(s -> s.parts().stream()).filter(p -> p.name().equals(name)).toList();
        long next = 0;
        for (int i = 0; i < parts.size(); i++) {
            PgSplit.Part p = parts.get(i);
            assertThat(p.fromPage()).isEqualTo(i == 0 && parts.size() == 1 ? -1 : next);
            next = p.toPage();
        }
        assertThat(next).isEqualTo(-1);
        assertThat(parts.get(parts.size() - 1).toPage()).isEqualTo(-1);
    }

    @Test
    void aBigTableIsCutIntoPageRangesOfTheSplitSize() {
        List<PgSplit> splits = PostgresScanPlanner.split(List.of(table("t", 64 * MB)), 8 * MB, 100, PAGE, true);
        assertThat(splits).hasSize(8);
        assertThat(splits.get(0).parts()).containsExactly(new PgSplit.Part("public", "t", 0, 1024));
        assertEachPageOnce(splits, "t", 64 * MB);
    }

    @Test
    void theConnectionLimitWidensSplitsInsteadOfAddingThem() {
        List<PgSplit> splits = PostgresScanPlanner.split(List.of(table("t", 64 * MB)), 8 * MB, 3, PAGE, true);
        assertThat(splits).hasSizeLessThanOrEqualTo(3).hasSizeGreaterThan(1);
        assertEachPageOnce(splits, "t", 64 * MB);
    }

    @Test
    void splitsUnderTheConnectionLimitHoldEqualPageCounts() {
        for (int maxSplits = 2; maxSplits <= 8; maxSplits++) {
            long bytes = 121_516 * PAGE; // TPC-H SF 1 lineitem
            List<PgSplit> splits = PostgresScanPlanner.split(List.of(table("t", bytes)), 64 * MB, maxSplits, PAGE, true);
            assertThat(splits).as("%d splits at most", maxSplits).hasSize(maxSplits);
            long pagesPerPiece = splits.get(0).parts().get(0).toPage();
            for (PgSplit split : splits.subList(0, splits.size() - 1)) {
                PgSplit.Part part = split.parts().get(0);
                assertThat(part.toPage() - part.fromPage()).isEqualTo(pagesPerPiece);
            }
            long last = 121_516 - splits.get(splits.size() - 1).parts().get(0).fromPage();
            assertThat(last).as("the last split's pages").isBetween(pagesPerPiece - maxSplits, pagesPerPiece);
            assertEachPageOnce(splits, "t", bytes);
        }
    }

    @Test
    void aSmallTableIsOneWholeRead() {
        assertThat(PostgresScanPlanner.split(List.of(table("t", MB)), 8 * MB, 8, PAGE, true)).isEmpty();
    }

    @Test
    void withoutTidRangeScansTablesAreReadWholeAndSmallPartitionsArePacked() {
        List<PgSplit> old = PostgresScanPlanner.split(List.of(table("t", 64 * MB)), 8 * MB, 8, PAGE, false);
        assertThat(old).isEmpty(); // one relation, not splittable by pages before PostgreSQL 14
        List<PostgresScanPlanner.Leaf> partitions = List.of(table("p1", 2 * MB), table("p2", 2 * MB), table("p3", 2 * MB),
                table("p4", 20 * MB));
        List<PgSplit> packed = PostgresScanPlanner.split(partitions, 8 * MB, 8, PAGE, false);
        assertThat(packed).hasSize(2);
        assertThat(packed.get(0).parts()).extracting(PgSplit.Part::name).containsExactly("p1", "p2", "p3");
        assertThat(packed.get(1).parts()).containsExactly(PgSplit.Part.whole("public", "p4"));
    }

    @Test
    void viewsAndForeignTablesAreNeverCutByPages() {
        var view = new PostgresScanPlanner.Leaf("public", "v", 'v', 64 * MB, true);
        var big = table("t", 64 * MB);
        List<PgSplit> splits = PostgresScanPlanner.split(List.of(view, big), 8 * MB, 100, PAGE, true);
        assertThat(splits.stream().flatMap(s -> s.parts().stream()).filter(p -> p.name().equals("v")))
                .containsExactly(PgSplit.Part.whole("public", "v"));
        assertEachPageOnce(splits, "t", 64 * MB);
    }
}
