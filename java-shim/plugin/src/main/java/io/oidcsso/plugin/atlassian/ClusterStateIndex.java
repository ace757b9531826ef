package io.oidcsso.plugin.atlassian;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The list of live records of {@link PluginSettingsClusterState}: one line {@code <hash> <expiresAtMillis>}
 * per record. Kept in one PluginSettings value, so its size bounds the store.
 */
final class ClusterStateIndex {
    /** 43-char hash, a space, up to 13 digits, a newline. */
    static final int LINE_LENGTH = 58;

    private final Map<String, Long> expiries = new LinkedHashMap<>();

    static ClusterStateIndex parse(Object stored) {
        ClusterStateIndex index = new ClusterStateIndex();
        if (!(stored instanceof String)) {
            return index;
        }
        for (String line : ((String) stored).split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                index.expiries.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
            } catch (NumberFormatException e) {
                // A damaged line only loses that record's bookkeeping; the record itself expires.
            }
        }
        return index;
    }

    String format() {
        StringBuilder out = new StringBuilder(expiries.size() * LINE_LENGTH);
        expiries.forEach((hash, expiry) -> out.append(hash).append(' ').append(expiry).append('\n'));
        return out.toString();
    }

    boolean contains(String hash) {
        return expiries.containsKey(hash);
    }

    int size() {
        return expiries.size();
    }

    void put(String hash, long expiresAtMillis) {
        expiries.put(hash, expiresAtMillis);
    }

    boolean remove(String hash) {
        return expiries.remove(hash) != null;
    }

    /** Removes and returns the hashes that expired at or before {@code nowMillis}. */
    List<String> removeExpired(long nowMillis) {
        List<String> expired = new ArrayList<>();
        expiries.entrySet().removeIf(entry -> {
            boolean gone = entry.getValue() <= nowMillis;
            if (gone) {
                expired.add(entry.getKey());
            }
            return gone;
        });
        return expired;
    }
}
