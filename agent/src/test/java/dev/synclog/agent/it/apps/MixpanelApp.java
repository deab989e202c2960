package dev.synclog.agent.it.apps;

import com.mixpanel.mixpanelapi.ClientDelivery;
import com.mixpanel.mixpanelapi.MessageBuilder;
import com.mixpanel.mixpanelapi.MixpanelAPI;
import org.json.JSONObject;

/**
 * A sync service on Mixpanel's mixpanel-java SDK (HttpURLConnection underneath; each delivery is a form whose field
 * {@code data} holds the events as base64 JSON): two event deliveries and one profile update, printing what each
 * {@code deliver} returned or threw. Args: the API's base URL.
 */
public final class MixpanelApp {
    public static void main(String[] args) {
        MixpanelAPI mixpanel = new MixpanelAPI(args[0] + "/track", args[0] + "/engage");
        MessageBuilder messages = new MessageBuilder("mp_project_token");

        ClientDelivery signUps = new ClientDelivery();
        signUps.addMessage(messages.event("u1", "Signed Up", new JSONObject().put("$insert_id", "ev-1").put("plan", "pro")));
        signUps.addMessage(messages.event("u2", "Signed Up", new JSONObject().put("$insert_id", "ev-2").put("plan", "free")));
        deliver(mixpanel, "sign-ups", signUps);

        ClientDelivery orders = new ClientDelivery();
        orders.addMessage(messages.event("u1", "Order Completed", new JSONObject().put("$insert_id", "ev-3").put("total", 42)));
        deliver(mixpanel, "orders", orders);

        ClientDelivery profiles = new ClientDelivery();
        profiles.addMessage(messages.set("u1", new JSONObject().put("$email", "ann@example.com")));
        deliver(mixpanel, "profiles", profiles);
    }

    private static void deliver(MixpanelAPI mixpanel, String what, ClientDelivery delivery) {
        try {
            mixpanel.deliver(delivery);
            System.out.println(what + " delivered");
        } catch (Exception e) {
            System.out.println(what + " " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
