package dev.synclog.agent.it.apps;

import com.stripe.Stripe;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;

/**
 * A sync service on Stripe's stripe-java SDK (HttpURLConnection underneath, form-encoded bodies, its own retries):
 * creates one customer a call and prints what the SDK returned or threw. Args: the API's base URL, then
 * {@code email:name} pairs.
 */
public final class StripeApp {
    public static void main(String[] args) {
        Stripe.apiKey = "sk_test_STRIPE_SECRET";
        Stripe.overrideApiBase(args[0]);
        for (int i = 1; i < args.length; i++) {
            String[] customer = args[i].split(":", 2);
            CustomerCreateParams params = CustomerCreateParams.builder().setEmail(customer[0]).setName(customer[1]).build();
            try {
                Customer created = Customer.create(params);
                System.out.println(customer[0] + " created " + created.getId());
            } catch (StripeException e) {
                System.out.println(customer[0] + " " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
