package dev.synclog.agent.it.apps;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * A sync service on Elasticsearch's low-level client ({@code Rest5Client}, on Apache HttpClient 5's async client):
 * one {@code performRequest} POST of a JSON body per call argument (its text is only printed), to the path of the url.
 * Args: url contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class ElasticsearchRest5App {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        try (Rest5Client client = Rest5Client.builder(new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort())).build()) {
            for (int n = 0; n + 3 < args.length; n++) {
                Request request = new Request("POST", uri.getRawPath());
                request.setJsonEntity(template.replace("{n}", Integer.toString(n)));
                String result;
                try {
                    Response response = client.performRequest(request);
                    result = "RESPONSE " + response.getStatusCode() + " "
                            + Base64.getEncoder().encodeToString(EntityUtils.toByteArray(response.getEntity()));
                } catch (ResponseException e) {
                    result = "RESPONSE " + e.getResponse().getStatusCode();
                } catch (java.io.IOException e) {
                    result = "ERROR " + e.getClass().getName();
                }
                System.out.println(args[n + 3] + " " + result);
            }
        }
    }
}
