package dev.synclog.agent.it.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;

/**
 * A sync service on SendGrid's Java SDK (on Apache HttpClient 4): upserts Marketing Campaigns contacts
 * ({@code PUT /v3/marketing/contacts}) once per call, and prints what the SDK gave back. The SDK's test mode
 * speaks plain HTTP, and its host is set to the loopback destination. Args: host:port bodyFile calls. A
 * {@code {n}} in the body is the call's number.
 */
public final class SendGridApp {
    public static void main(String[] args) throws Exception {
        String template = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        SendGrid sendGrid = new SendGrid("SG.TOPSECRET_KEY", true);
        sendGrid.setHost(args[0]);
        for (int n = 0; n < Integer.parseInt(args[2]); n++) {
            Request request = new Request();
            request.setMethod(Method.PUT);
            request.setEndpoint("marketing/contacts");
            request.setBody(template.replace("{n}", Integer.toString(n)));
            try {
                Response response = sendGrid.api(request);
                System.out.println("upsert " + n + " " + response.getStatusCode() + " " + response.getBody());
            } catch (IOException e) {
                System.out.println("upsert " + n + " ERROR " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
