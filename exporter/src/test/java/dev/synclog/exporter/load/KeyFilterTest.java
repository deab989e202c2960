package dev.synclog.exporter.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyFilterTest {
    private static final int KEYS = 300_000;

    @Test
    void everyKeyAddedIsMaybeHeldAndUnder1PercentOfOthersAreAcrossItsSegments() {
        KeyFilter filter = new KeyFilter();
        int added = 0;
        for (int i = 0; i < KEYS; i++) {
            added += filter.add("contact-" + i) ? 1 : 0;
        }
        for (int i = 0; i < KEYS; i++) {
            assertThat(filter.mightContain("contact-" + i)).as("contact-%d", i).isTrue();
        }
        int falsePositives = 0;
        for (int i = KEYS; i < 2 * KEYS; i++) {
            falsePositives += filter.mightContain("contact-" + i) ? 1 : 0;
        }
        // 300k keys need three segments (64k, 128k, 256k); a key already "maybe held" is not counted again.
        assertThat(filter.size()).isEqualTo(added).isBetween(KEYS - KEYS / 100L, (long) KEYS);
        assertThat(falsePositives).isLessThan(KEYS / 100);
        assertThat(filter.bytes()).isLessThan(4L * KEYS);
    }

    @Test
    void anEmptyFilterHoldsNothing() {
        assertThat(new KeyFilter().mightContain("")).isFalse();
    }
}
