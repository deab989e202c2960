package dev.synclog.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.HexDumpBytes;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;

/**
 * A call's rows gathered into blocks make the very excerpt that Chronicle's own call per value makes. Bytes that keep
 * a hex dump's description make the wire encode every value itself ({@link GatheredValues} gathers nothing for them),
 * so the same event written there is the reference: for generated calls whose texts cross every boundary of the
 * encoding (the 32-byte short text, one and two stop-bit bytes of length, the 32 KiB block, 2-, 3- and 4-byte UTF-8
 * characters, empty, null) and whose attempts cross 255.
 */
class GatheredValuesTest {
    /** The first four ASCII, the first seven without a character outside the Basic Multilingual Plane. */
    private static final String[] PIECES = {"a", "0123456789", "\"", "\n", "é", "ключ", "日本", "🚀", "\u0000", "\uffff",
        "{\"email\":\"user@example.com\"}"};
    private static final int[] LENGTHS = {0, 1, 2, 3, 5, 31, 32, 33, 127, 128, 200};
    /** Two and three stop-bit bytes of length, and past the 32 KiB block: in a few calls only. */
    private static final int[] HUGE_LENGTHS = {16_383, 16_384, 40_000};
    private static final int[] ATTEMPTS = {0, 1, 2, 127, 128, 255, 256, 32_767, 32_768, 65_535, 65_536,
        Integer.MAX_VALUE};

    @Test
    void gatheredRowsAreTheBytesOfTheWiresOwnCalls() {
        Random random = new Random(20261126);
        for (int call = 0; call < 200; call++) {
            int rows = random.nextInt(call % 10 == 0 ? 3 : 120);
            String[][] columns = new String[5][rows];
            int[] attempts = new int[rows];
            for (int i = 0; i < rows; i++) {
                for (String[] column : columns) {
                    column[i] = text(random, call % 50 == 25);
                }
                attempts[i] = random.nextInt(4) == 0 ? ATTEMPTS[random.nextInt(ATTEMPTS.length)] : 1 + random.nextInt(3);
            }
            CallRows fromStrings = CallRowsTest.sample().error(text(random, false))
                    .rows(rows, columns[0], columns[1], columns[2], columns[3], columns[4], attempts);
            CallRows fromBytes = CallRowsTest.sample().error(fromStrings.error()).rows(rows,
                    Utf8TextsTest.journaled(columns[0]), Utf8TextsTest.journaled(columns[1]),
                    Utf8TextsTest.journaled(columns[2]), Utf8TextsTest.journaled(columns[3]),
                    Utf8TextsTest.journaled(columns[4]), attempts);

            String expected = Bytes.wrapForRead(writtenByTheWire(fromStrings)).toHexString();
            assertThat(gathered(fromStrings)).as("call %d from Strings", call).isEqualTo(expected);
            assertThat(gathered(fromBytes)).as("call %d from UTF-8 bytes", call).isEqualTo(expected);
        }
    }

    /**
     * Mostly short ASCII, as rows are; now and then long, non-ASCII, empty or null; in a call that may have them, huge
     * texts without 4-byte characters (those are gathered, past the block when over 32 KiB).
     */
    private static String text(Random random, boolean mayBeHuge) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return null;
        }
        boolean huge = mayBeHuge && kind == 9;
        int length = kind < 6 ? random.nextInt(40)
                : huge ? HUGE_LENGTHS[random.nextInt(HUGE_LENGTHS.length)]
                : LENGTHS[random.nextInt(LENGTHS.length)];
        int pieces = kind < 6 ? 4 : huge ? 7 : PIECES.length;
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(PIECES[random.nextInt(pieces)]);
        }
        return text.substring(0, length).replaceAll("[\\ud800-\\udbff]$", "x");
    }

    private static String gathered(CallRows call) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        call.writeMarshallable(WireType.BINARY_LIGHT.apply(bytes));
        return bytes.toHexString();
    }

    private static byte[] writtenByTheWire(CallRows call) {
        HexDumpBytes bytes = new HexDumpBytes();
        call.writeMarshallable(WireType.BINARY_LIGHT.apply(bytes));
        return bytes.toByteArray();
    }
}
