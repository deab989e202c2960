package dev.synclog.agent.instrumentation.urlconnection;

import java.io.IOException;
import java.io.OutputStream;

/** The app's request stream, unchanged, copying what is written (up to the cap). */
final class TeeOutputStream extends OutputStream {
    private final OutputStream delegate;
    private final UrlConnectionCall call;

    TeeOutputStream(OutputStream delegate, UrlConnectionCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public void write(int b) throws IOException {
        delegate.write(b);
        try {
            call.request.append(b);
        } catch (Throwable ignored) {
            // the copy is ours; the app's write already happened
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        delegate.write(b, off, len);
        try {
            call.request.append(b, off, len);
            call.touch();
        } catch (Throwable ignored) {
            // the copy is ours; the app's write already happened
        }
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
