package dev.synclog.agent.instrumentation.urlconnection;

import java.io.IOException;
import java.io.InputStream;

/**
 * The app's response stream, unchanged, copying what is read; its end or close completes the call, and so does a
 * read that fails (a body cut short, broken chunking), with that failure as the call's error: the app saw it.
 * {@code skip} is InputStream's own, which reads through {@link #read(byte[], int, int)}: bytes the app skips must
 * still reach the copy, or the body the agent reads would have a hole.
 */
final class TeeInputStream extends InputStream {
    private final InputStream delegate;
    private final UrlConnectionCall call;

    TeeInputStream(InputStream delegate, UrlConnectionCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = delegate.read();
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        }
        try {
            if (b < 0) {
                call.finish(null);
            } else {
                synchronized (call.response) {
                    call.response.append(b);
                }
            }
        } catch (Throwable ignored) {
            // the copy is ours; the app gets its byte regardless
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = delegate.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        }
        try {
            if (n < 0) {
                call.finish(null);
            } else {
                synchronized (call.response) {
                    call.response.append(b, off, n);
                }
                call.touch();
            }
        } catch (Throwable ignored) {
            // the copy is ours; the app gets its bytes regardless
        }
        return n;
    }

    private void failed(Exception e) {
        try {
            call.finish(e);
        } catch (Throwable ignored) {
            // the app gets its exception regardless
        }
    }

    @Override
    public int available() throws IOException {
        return delegate.available();
    }

    @Override
    public void close() throws IOException {
        try {
            delegate.close();
        } finally {
            try {
                call.finish(null);
            } catch (Throwable ignored) {
                // never let the agent change how close behaves
            }
        }
    }
}
