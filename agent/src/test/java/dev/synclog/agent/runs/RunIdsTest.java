package dev.synclog.agent.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

class RunIdsTest {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    @Test
    void formatsTheTimestampAsTheJdkFormatterWould() {
        RunIds ids = new RunIds();
        for (long micros : new long[] {0L, 1L, 999_999L, 1_764_134_700_000_001L, 1_709_164_799_123_456L, 4_102_444_799_999_999L}) {
            String id = ids.format(micros);
            Instant at = Instant.ofEpochSecond(micros / 1_000_000);
            assertThat(id).startsWith(STAMP.format(at) + "." + String.format("%06d", micros % 1_000_000) + "Z-");
            assertThat(id).matches("\\d{8}T\\d{6}\\.\\d{6}Z-[0-9a-f]{6}");
        }
    }

    @Test
    void idsOfOneProcessSortInStartOrder() {
        RunIds ids = new RunIds();
        String earlier = ids.format(ids.nextMicros(1_764_134_709_999_999L));
        String later = ids.format(ids.nextMicros(1_764_134_709_999_999L));
        assertThat(earlier).isLessThan(later);
    }
}
