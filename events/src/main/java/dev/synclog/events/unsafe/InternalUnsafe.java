package dev.synclog.events.unsafe;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Stands in for {@code sun.misc.Unsafe} inside the agent jar and the exporter jar: their builds relocate every
 * reference their libraries make to {@code sun.misc.Unsafe} (Chronicle's memory access, Byte Buddy's class injector,
 * OpenTelemetry's string encoder) to this class, which passes each call to the JDK's internal
 * {@code jdk.internal.misc.Unsafe}. Java 24+ prints a warning on stderr the first time any code calls a memory-access
 * method of {@code sun.misc.Unsafe} (JEP 498), on the host application's stderr in the agent's case, and later
 * releases will refuse those calls; the internal class does neither. The agent exports {@code jdk.internal.misc} to
 * its own loader in premain, the exporter jar's manifest to the class path. Every method the libraries call is here,
 * with {@code sun.misc.Unsafe}'s name and signature; each is a short call the JIT inlines.
 *
 * <p>Ordered and volatile writes that span two cache lines are made as a plain write between fences. The interpreter
 * (a cold JVM: the agent's writer in a short job) makes them as a locked exchange on the target, and a locked access
 * across two cache lines is a split lock: Linux throttles it on recent x86 CPUs (split_lock_detect, on by default, and
 * on cloud VMs) by at least 10 ms an instruction, and the thread, stuck inside the VM, holds up every safepoint, so the
 * whole JVM stops, for minutes at worst. Chronicle writes the lengths of nested fields with ordered writes at any byte
 * offset, so events of some sizes hit it. Compiled code makes the same writes without a lock: the plain write between
 * fences is what the JIT would have done.
 */
@SuppressWarnings("unused") // called from the relocated libraries, which the compiler does not see
public final class InternalUnsafe {
    private static final jdk.internal.misc.Unsafe U = jdk.internal.misc.Unsafe.getUnsafe();
    /** Read reflectively by name, as the libraries read {@code sun.misc.Unsafe.theUnsafe}. */
    private static final InternalUnsafe theUnsafe = new InternalUnsafe();
    /** Returns int up to Java 23 and long from Java 24 on: called reflectively so one jar links on both. */
    private static final Method ARRAY_BASE_OFFSET = internalMethod("arrayBaseOffset", Class.class);
    /** Of the CPUs the JDK runs on (x86, ARM). */
    private static final int CACHE_LINE_BYTES = 64;

    public static final int ARRAY_BYTE_BASE_OFFSET = theUnsafe.arrayBaseOffset(byte[].class);
    public static final int ARRAY_CHAR_BASE_OFFSET = theUnsafe.arrayBaseOffset(char[].class);
    public static final int ARRAY_OBJECT_INDEX_SCALE = U.arrayIndexScale(Object[].class);

    private InternalUnsafe() {
    }

    public static InternalUnsafe getUnsafe() {
        return theUnsafe;
    }

    public int arrayBaseOffset(Class<?> arrayClass) {
        try {
            return ((Number) ARRAY_BASE_OFFSET.invoke(U, arrayClass)).intValue();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("jdk.internal.misc.Unsafe.arrayBaseOffset is not accessible", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** As {@code sun.misc.Unsafe.invokeCleaner}, which the internal class lacks: frees a direct buffer's memory now. */
    public void invokeCleaner(ByteBuffer directBuffer) {
        if (!directBuffer.isDirect()) {
            throw new IllegalArgumentException("buffer is non-direct");
        }
        sun.nio.ch.DirectBuffer buffer = (sun.nio.ch.DirectBuffer) directBuffer;
        if (buffer.attachment() != null) {
            throw new IllegalArgumentException("duplicate or slice");
        }
        jdk.internal.ref.Cleaner cleaner = buffer.cleaner();
        if (cleaner != null) {
            cleaner.clean();
        }
    }

    public int addressSize() {
        return U.addressSize();
    }

    public Object allocateInstance(Class<?> cls) throws InstantiationException {
        return U.allocateInstance(cls);
    }

    public long allocateMemory(long bytes) {
        return U.allocateMemory(bytes);
    }

    public boolean compareAndSwapInt(Object o, long offset, int expected, int x) {
        return U.compareAndSetInt(o, offset, expected, x);
    }

    public boolean compareAndSwapLong(Object o, long offset, long expected, long x) {
        return U.compareAndSetLong(o, offset, expected, x);
    }

    public void copyMemory(long srcAddress, long destAddress, long bytes) {
        U.copyMemory(srcAddress, destAddress, bytes);
    }

    public void copyMemory(Object srcBase, long srcOffset, Object destBase, long destOffset, long bytes) {
        U.copyMemory(srcBase, srcOffset, destBase, destOffset, bytes);
    }

    public void freeMemory(long address) {
        U.freeMemory(address);
    }

    public void fullFence() {
        U.fullFence();
    }

    public int getAndAddInt(Object o, long offset, int delta) {
        return U.getAndAddInt(o, offset, delta);
    }

    public long getAndAddLong(Object o, long offset, long delta) {
        return U.getAndAddLong(o, offset, delta);
    }

    public int getAndSetInt(Object o, long offset, int x) {
        return U.getAndSetInt(o, offset, x);
    }

    public boolean getBoolean(Object o, long offset) {
        return U.getBoolean(o, offset);
    }

    public byte getByte(long address) {
        return U.getByte(address);
    }

    public byte getByte(Object o, long offset) {
        return U.getByte(o, offset);
    }

    public byte getByteVolatile(Object o, long offset) {
        return U.getByteVolatile(o, offset);
    }

    public char getChar(Object o, long offset) {
        return U.getChar(o, offset);
    }

    public double getDouble(long address) {
        return U.getDouble(address);
    }

    public double getDouble(Object o, long offset) {
        return U.getDouble(o, offset);
    }

    public double getDoubleVolatile(Object o, long offset) {
        return U.getDoubleVolatile(o, offset);
    }

    public float getFloat(long address) {
        return U.getFloat(address);
    }

    public float getFloat(Object o, long offset) {
        return U.getFloat(o, offset);
    }

    public float getFloatVolatile(Object o, long offset) {
        return U.getFloatVolatile(o, offset);
    }

    public int getInt(long address) {
        return U.getInt(address);
    }

    public int getInt(Object o, long offset) {
        return U.getInt(o, offset);
    }

    public int getIntVolatile(Object o, long offset) {
        return U.getIntVolatile(o, offset);
    }

    public long getLong(long address) {
        return U.getLong(address);
    }

    public long getLong(Object o, long offset) {
        return U.getLong(o, offset);
    }

    public long getLongVolatile(Object o, long offset) {
        return U.getLongVolatile(o, offset);
    }

    public Object getObject(Object o, long offset) {
        return U.getReference(o, offset);
    }

    public short getShort(long address) {
        return U.getShort(address);
    }

    public short getShort(Object o, long offset) {
        return U.getShort(o, offset);
    }

    public short getShortVolatile(Object o, long offset) {
        return U.getShortVolatile(o, offset);
    }

    public void loadFence() {
        U.loadFence();
    }

    public long objectFieldOffset(Field f) {
        return U.objectFieldOffset(f);
    }

    public int pageSize() {
        return U.pageSize();
    }

    public void putBoolean(Object o, long offset, boolean x) {
        U.putBoolean(o, offset, x);
    }

    public void putByte(long address, byte x) {
        U.putByte(address, x);
    }

    public void putByte(Object o, long offset, byte x) {
        U.putByte(o, offset, x);
    }

    public void putByteVolatile(Object o, long offset, byte x) {
        U.putByteVolatile(o, offset, x);
    }

    public void putChar(Object o, long offset, char x) {
        U.putChar(o, offset, x);
    }

    public void putDouble(long address, double x) {
        U.putDouble(address, x);
    }

    public void putDouble(Object o, long offset, double x) {
        U.putDouble(o, offset, x);
    }

    public void putDoubleVolatile(Object o, long offset, double x) {
        U.putDoubleVolatile(o, offset, x);
    }

    public void putFloat(long address, float x) {
        U.putFloat(address, x);
    }

    public void putFloat(Object o, long offset, float x) {
        U.putFloat(o, offset, x);
    }

    public void putFloatVolatile(Object o, long offset, float x) {
        U.putFloatVolatile(o, offset, x);
    }

    public void putInt(long address, int x) {
        U.putInt(address, x);
    }

    public void putInt(Object o, long offset, int x) {
        U.putInt(o, offset, x);
    }

    public void putIntVolatile(Object o, long offset, int x) {
        if (spansCacheLines(o, offset, Integer.BYTES)) {
            U.storeFence();
            U.putInt(o, offset, x);
            U.fullFence();
        } else {
            U.putIntVolatile(o, offset, x);
        }
    }

    public void putLong(long address, long x) {
        U.putLong(address, x);
    }

    public void putLong(Object o, long offset, long x) {
        U.putLong(o, offset, x);
    }

    public void putLongVolatile(Object o, long offset, long x) {
        if (spansCacheLines(o, offset, Long.BYTES)) {
            U.storeFence();
            U.putLong(o, offset, x);
            U.fullFence();
        } else {
            U.putLongVolatile(o, offset, x);
        }
    }

    public void putObject(Object o, long offset, Object x) {
        U.putReference(o, offset, x);
    }

    public void putOrderedInt(Object o, long offset, int x) {
        if (spansCacheLines(o, offset, Integer.BYTES)) {
            U.storeFence();
            U.putInt(o, offset, x);
        } else {
            U.putIntRelease(o, offset, x);
        }
    }

    public void putOrderedLong(Object o, long offset, long x) {
        if (spansCacheLines(o, offset, Long.BYTES)) {
            U.storeFence();
            U.putLong(o, offset, x);
        } else {
            U.putLongRelease(o, offset, x);
        }
    }

    public void putShort(long address, short x) {
        U.putShort(address, x);
    }

    public void putShort(Object o, long offset, short x) {
        U.putShort(o, offset, x);
    }

    public void putShortVolatile(Object o, long offset, short x) {
        if (spansCacheLines(o, offset, Short.BYTES)) {
            U.storeFence();
            U.putShort(o, offset, x);
            U.fullFence();
        } else {
            U.putShortVolatile(o, offset, x);
        }
    }

    /**
     * Whether a write of {@code size} bytes at {@code offset} of {@code o} (an address when {@code o} is null) may span
     * two cache lines. An object's own address is not known here, only that it is a multiple of 8: on the heap, every
     * write at an offset its size does not divide counts.
     */
    static boolean spansCacheLines(Object o, long offset, int size) {
        if (o != null) {
            return offset % size != 0;
        }
        return (offset & (CACHE_LINE_BYTES - 1)) > CACHE_LINE_BYTES - size;
    }

    public void setMemory(long address, long bytes, byte value) {
        U.setMemory(address, bytes, value);
    }

    public void setMemory(Object o, long offset, long bytes, byte value) {
        U.setMemory(o, offset, bytes, value);
    }

    public void storeFence() {
        U.storeFence();
    }

    private static Method internalMethod(String name, Class<?>... parameterTypes) {
        try {
            return jdk.internal.misc.Unsafe.class.getMethod(name, parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this JVM's jdk.internal.misc.Unsafe has no " + name, e);
        }
    }
}
