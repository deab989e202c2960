package dev.synclog.agent.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A body is read as its bytes only when each is one of 1 to 127, wherever in a word of eight the others fall. */
class JsonTextTest {

    @Test
    void aNulOrAByteOver127AnywhereMakesTheBodyDecoded() {
        for (int length = 0; length <= 40; length++) {
            byte[] body = new byte[length + 3];
            Arrays.fill(body, (byte) '1');
            body[length] = 0;
            assertThat(JsonText.ofUtf8(body, length, "body").ascii()).as("%d ASCII bytes", length).isSameAs(body);
            for (int at = 0; at < length; at++) {
                for (int bad : new int[] {0, 0x80, 0xC3, 0xFF}) {
                    body[at] = (byte) bad;
                    assertThat(JsonText.isAscii(body, length)).as("byte %d of %d is %d", at, length, bad).isFalse();
                }
                body[at] = 0x7F;
                assertThat(JsonText.isAscii(body, length)).as("byte %d of %d is 127", at, length).isTrue();
                body[at] = 1;
                assertThat(JsonText.isAscii(body, length)).as("byte %d of %d is 1", at, length).isTrue();
            }
        }
    }
}
