package dev.synclog.agent.it.apps;

import com.facebook.ads.sdk.APIContext;
import com.facebook.ads.sdk.APIException;
import com.facebook.ads.sdk.APIResponse;
import com.facebook.ads.sdk.CustomAudience;

/**
 * A sync service on Meta's facebook-java-business-sdk (HttpsURLConnection underneath, multipart forms): adds users to
 * a Custom Audience, then removes some, and prints what the SDK returned or threw. Args: the Graph API's base URL,
 * then calls as {@code add|remove:<audience id>:<payload JSON>}.
 */
public final class MetaAudiencesApp {
    public static void main(String[] args) {
        APIContext context = new APIContext(args[0], args[0], "v23.0", "EAAB_ACCESS_TOKEN", null, null, false);
        for (int i = 1; i < args.length; i++) {
            String[] call = args[i].split(":", 3);
            CustomAudience audience = new CustomAudience(call[1], context);
            try {
                APIResponse answer = call[0].equals("add")
                        ? audience.createUser().setPayload(call[2]).execute()
                        : audience.deleteUsers().setPayload(call[2]).execute();
                System.out.println(call[0] + " " + call[1] + " " + answer.getRawResponse());
            } catch (APIException e) {
                System.out.println(call[0] + " " + call[1] + " " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
