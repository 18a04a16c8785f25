package io.sparkfederated.connector.mysql;

import java.io.Serializable;

/**
 * What a split needs to join its scan's snapshot: the named lock the driver holds while the scan's
 * tables are read-locked, and the name under which this split announces that its snapshot is open.
 * Null lock names: the split reads at its own moment.
 */
record MySqlSplitContext(String scanLock, String openedLock) implements Serializable {
}
