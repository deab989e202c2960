package dev.synclog.events.unsafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The relocated libraries call InternalUnsafe exactly as they called sun.misc.Unsafe, and get the same answers. */
class InternalUnsafeTest {
    private static final InternalUnsafe UNSAFE = InternalUnsafe.getUnsafe();

    @Test
    void everyMethodHasSunMiscUnsafesNameAndSignature() throws Exception {
        for (Method method : InternalUnsafe.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())) {
                Method original = sun.misc.Unsafe.class.getMethod(method.getName(), method.getParameterTypes());
                assertThat(method.getReturnType()).as(method.toString()).isEqualTo(original.getReturnType());
            }
        }
        for (String constant : new String[] {"ARRAY_BYTE_BASE_OFFSET", "ARRAY_CHAR_BASE_OFFSET", "ARRAY_OBJECT_INDEX_SCALE"}) {
            assertThat(InternalUnsafe.class.getField(constant).getInt(null)).as(constant)
                    .isEqualTo(sun.misc.Unsafe.class.getField(constant).getInt(null));
        }
    }

    @Test
    void theInstanceIsWhereTheLibrariesLookForIt() throws Exception {
        Field theUnsafe = InternalUnsafe.class.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        assertThat(theUnsafe.get(null)).isSameAs(UNSAFE);
    }

    @Test
    void readsAndWritesNativeMemory() {
        long address = UNSAFE.allocateMemory(16);
        try {
            UNSAFE.setMemory(address, 16, (byte) 0);
            UNSAFE.putLong(address, 0x0102030405060708L);
            UNSAFE.putInt(address + 8, 42);
            assertThat(UNSAFE.getLong(address)).isEqualTo(0x0102030405060708L);
            assertThat(UNSAFE.getInt(address + 8)).isEqualTo(42);
            assertThat(UNSAFE.getByte(address + 12)).isZero();
        } finally {
            UNSAFE.freeMemory(address);
        }
    }

    @Test
    void atomicsAndOrderedWritesOnArrays() {
        long[] longs = new long[2];
        long base = UNSAFE.arrayBaseOffset(long[].class);
        assertThat(UNSAFE.compareAndSwapLong(longs, base, 0, 7)).isTrue();
        assertThat(UNSAFE.compareAndSwapLong(longs, base, 0, 9)).isFalse();
        UNSAFE.putOrderedLong(longs, base + 8, 3);
        assertThat(UNSAFE.getAndAddLong(longs, base + 8, 2)).isEqualTo(3);
        assertThat(longs).containsExactly(7, 5);

        byte[] bytes = new byte[4];
        UNSAFE.copyMemory(new byte[] {1, 2, 3, 4}, InternalUnsafe.ARRAY_BYTE_BASE_OFFSET, bytes,
                InternalUnsafe.ARRAY_BYTE_BASE_OFFSET, 4);
        assertThat(bytes).containsExactly(1, 2, 3, 4);

        Object[] objects = {"a", null};
        long objectBase = UNSAFE.arrayBaseOffset(Object[].class);
        UNSAFE.putObject(objects, objectBase + InternalUnsafe.ARRAY_OBJECT_INDEX_SCALE, "b");
        assertThat(UNSAFE.getObject(objects, objectBase)).isEqualTo("a");
        assertThat(Arrays.asList(objects)).containsExactly("a", "b");
    }

    @Test
    void aWriteSpansTwoCacheLinesWhenItCrossesA64ByteBoundary() {
        assertThat(InternalUnsafe.spansCacheLines(null, 64 * 7 + 60, Integer.BYTES)).isFalse();
        assertThat(InternalUnsafe.spansCacheLines(null, 64 * 7 + 61, Integer.BYTES)).isTrue();
        assertThat(InternalUnsafe.spansCacheLines(null, 64 * 7 + 63, Integer.BYTES)).isTrue();
        assertThat(InternalUnsafe.spansCacheLines(null, 64 * 8, Integer.BYTES)).isFalse();
        assertThat(InternalUnsafe.spansCacheLines(null, 64 * 8 + 3, Integer.BYTES)).isFalse();
        assertThat(InternalUnsafe.spansCacheLines(null, 56, Long.BYTES)).isFalse();
        assertThat(InternalUnsafe.spansCacheLines(null, 57, Long.BYTES)).isTrue();
        assertThat(InternalUnsafe.spansCacheLines(null, 62, Short.BYTES)).isFalse();
        assertThat(InternalUnsafe.spansCacheLines(null, 63, Short.BYTES)).isTrue();
        // On the heap the object's address is unknown: any offset the size does not divide may cross.
        assertThat(InternalUnsafe.spansCacheLines(new byte[128], 16 + 4, Integer.BYTES)).isFalse();
        assertThat(InternalUnsafe.spansCacheLines(new byte[128], 16 + 5, Integer.BYTES)).isTrue();
        assertThat(InternalUnsafe.spansCacheLines(new byte[128], 16 + 12, Long.BYTES)).isTrue();
    }

    /** Chronicle patches nested lengths at any byte offset: the writes that avoid a split lock still land whole. */
    @Test
    void orderedAndVolatileWritesAcrossACacheLineLandWhole() {
        long memory = UNSAFE.allocateMemory(320);
        try {
            UNSAFE.setMemory(memory, 320, (byte) 0);
            long line = (memory + 63) & ~63L;
            UNSAFE.putOrderedInt(null, line + 62, 0x11223344);
            UNSAFE.putIntVolatile(null, line + 64 + 63, 0x55667788);
            UNSAFE.putOrderedLong(null, line + 128 + 60, 0x0102030405060708L);
            UNSAFE.putLongVolatile(null, line + 192 + 57, 0x1112131415161718L);
            assertThat(UNSAFE.getInt(line + 62)).isEqualTo(0x11223344);
            assertThat(UNSAFE.getInt(line + 64 + 63)).isEqualTo(0x55667788);
            assertThat(UNSAFE.getLong(line + 128 + 60)).isEqualTo(0x0102030405060708L);
            assertThat(UNSAFE.getLong(line + 192 + 57)).isEqualTo(0x1112131415161718L);
            assertThat(UNSAFE.getByte(line + 61)).as("before the ordered int").isZero();

            byte[] heap = new byte[32];
            long base = InternalUnsafe.ARRAY_BYTE_BASE_OFFSET;
            UNSAFE.putOrderedInt(heap, base + 5, 0x0a0b0c0d);
            UNSAFE.putShortVolatile(heap, base + 11, (short) 0x0e0f);
            UNSAFE.putOrderedLong(heap, base + 17, -2L);
            assertThat(UNSAFE.getInt(heap, base + 5)).isEqualTo(0x0a0b0c0d);
            assertThat(UNSAFE.getShort(heap, base + 11)).isEqualTo((short) 0x0e0f);
            assertThat(UNSAFE.getLong(heap, base + 17)).isEqualTo(-2L);
            assertThat(heap[4]).isZero();
            assertThat(heap[25]).isZero();
        } finally {
            UNSAFE.freeMemory(memory);
        }
    }

    @Test
    void invokeCleanerFreesADirectBufferAndRefusesOthersAsSunMiscUnsafeDoes() {
        UNSAFE.invokeCleaner(ByteBuffer.allocateDirect(64));
        assertThatThrownBy(() -> UNSAFE.invokeCleaner(ByteBuffer.allocate(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UNSAFE.invokeCleaner(ByteBuffer.allocateDirect(64).slice()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
