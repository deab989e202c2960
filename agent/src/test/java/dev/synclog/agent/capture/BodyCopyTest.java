package dev.synclog.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A body copy sized for its declared length at once: never past the cap, and holding what was appended, no more. */
class BodyCopyTest {
    private static final byte[] BODY = "{\"members\":[{\"id\":\"C1\"}]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aDeclaredLengthIsRoomForTheWholeBodyAtOnce() {
        BodyCopy copy = new BodyCopy(1 << 20);
        copy.expect(BODY.length);
        byte[] room = copy.bytes();

        copy.append(BODY, 0, 10);
        copy.append(BODY, 10, BODY.length - 10);

        assertThat(copy.bytes()).isSameAs(room).hasSize(BODY.length);
        assertThat(Arrays.copyOf(copy.bytes(), copy.length())).isEqualTo(BODY);
        assertThat(copy.truncated()).isFalse();
    }

    @Test
    void aDeclaredLengthOverTheCapMakesRoomForTheCapOnlyAndAnUnknownOneForNothing() {
        BodyCopy copy = new BodyCopy(8);
        copy.expect(-1);
        assertThat(copy.bytes()).isEmpty();

        copy.expect(Integer.MAX_VALUE + 1L);
        copy.append(BODY, 0, BODY.length);

        assertThat(copy.bytes()).hasSize(8);
        assertThat(copy.length()).isEqualTo(8);
        assertThat(copy.truncated()).isTrue();
    }
}
