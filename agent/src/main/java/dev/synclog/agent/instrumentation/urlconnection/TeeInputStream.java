package dev.synclog.agent.instrumentation.urlconnection;

import java.io.IOException;
import java.io.InputStream;

/** The app's response stream, unchanged, copying what is read; its end or close completes the call. */
final class TeeInputStream extends InputStream {
    private final InputStream delegate;
    private final UrlConnectionCall call;

    TeeInputStream(InputStream delegate, UrlConnectionCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public int read() throws IOException {
        int b = delegate.read();
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
        int n = delegate.read(b, off, len);
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

    @Override
    public long skip(long n) throws IOException {
        return delegate.skip(n);
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
