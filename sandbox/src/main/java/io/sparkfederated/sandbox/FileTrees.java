package io.sparkfederated.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Deleting directory trees, for throwaway sandbox state. */
final class FileTrees {

    private FileTrees() {
    }

    static void deleteQuietly(Path tree) {
        if (tree == null || !Files.exists(tree)) {
            return;
        }
        try (var walk = Files.walk(tree)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a sandbox directory left in /tmp is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
