package cn.hotline12333.agi;

import cn.hotline12333.ivr.Hotline;

/**
 * The Netty FastAGI server: Asterisk connects once per call, we drive the call's IVR and close.
 */
public final class AgiServer implements AutoCloseable {

    public AgiServer(AgiServerSettings settings, Hotline hotline) {
    }

    /** Binds and returns at once; the port is known afterwards (useful with port 0 in tests). */
    public void start() {
        throw new UnsupportedOperationException("issue 3: AGI server not built yet");
    }

    public int port() {
        throw new UnsupportedOperationException("issue 3: AGI server not built yet");
    }

    @Override
    public void close() {
    }
}
