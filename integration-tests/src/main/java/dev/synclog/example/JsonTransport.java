package dev.synclog.example;

import java.io.IOException;
import java.net.URI;

/**
 * Posts a JSON body to a destination. Two implementations on purpose, one per JDK HTTP client, because the
 * agent instruments each client separately and the example must exercise both.
 */
public interface JsonTransport {

    /**
     * @param run the service's run number, sent as {@code X-Sync-Run} so the destination servers can file
     *            their ground truth per run (real APIs ignore unknown headers)
     */
    HttpReply post(URI uri, String bearerToken, int run, byte[] json) throws IOException;
}
