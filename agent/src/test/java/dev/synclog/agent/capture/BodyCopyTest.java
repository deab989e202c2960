package dev.synclog.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
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

    @Test
    void aBufferThatIsTheWholeBodyIsTakenAsItIsAndAnyOtherIsCopied() {
        BodyCopy whole = new BodyCopy(1 << 20);
        ByteBuffer buffer = ByteBuffer.wrap(BODY.clone());
        assertThat(whole.adopt(buffer, BODY.length)).isTrue();
        assertThat(whole.bytes()).isSameAs(buffer.array());
        assertThat(whole.length()).isEqualTo(BODY.length);

        BodyCopy part = new BodyCopy(1 << 20);
        assertThat(part.adopt(ByteBuffer.wrap(BODY, 0, 10), BODY.length)).isFalse();
        assertThat(part.adopt(ByteBuffer.wrap(BODY), BODY.length + 1)).as("a first part of a longer body").isFalse();
        BodyCopy capped = new BodyCopy(8);
        assertThat(capped.adopt(ByteBuffer.wrap(BODY), BODY.length)).as("a body over the cap").isFalse();
        assertThat(part.length()).isZero();
        assertThat(capped.length()).isZero();
        assertThat(capped.truncated()).isFalse();
    }
}
