package dev.synclog.agent.bridge;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The app's stream, unchanged, also writing into a copy; a failing copy never affects the app's writes. Each write
 * goes to the copy first: a copy that journals the request's rows once it holds the whole body does so before the
 * app's stream can send the last bytes.
 */
public final class CopyingOutputStream extends OutputStream {
    private final OutputStream delegate;
    private final OutputStream copy;

    public CopyingOutputStream(OutputStream delegate, OutputStream copy) {
        this.delegate = delegate;
        this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            copy.write(b);
        } catch (Throwable ignored) {
            // the copy is ours; the app's write happens regardless
        }
        delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            copy.write(b, off, len);
        } catch (Throwable ignored) {
            // the copy is ours; the app's write happens regardless
        }
        delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    /** Closes the copy first: a copy may act on the request's end (journal it) before the app's stream sends it. */
    @Override
    public void close() throws IOException {
        try {
            copy.close();
        } catch (Throwable ignored) {
            // the copy is ours; the app's stream must close regardless
        }
        delegate.close();
    }
}
