package io.oidcsso.plugin.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExternalIdTest {
    @Test
    void hashWhenBoundaryBetweenIssuerAndSubjectMovesThenDifferent() {
        assertNotEquals(new ExternalId("https://a", "bc").hash(), new ExternalId("https://ab", "c").hash());
    }

    @Test
    void hashWhenSamePairThenSameFixedLengthKey() {
        String hash = new ExternalId("https://idp", "alice").hash();
        assertEquals(hash, new ExternalId("https://idp", "alice").hash());
        assertEquals(43, hash.length());
    }

    @Test
    void constructWhenSubjectEmptyThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExternalId("https://idp", ""));
    }
}
