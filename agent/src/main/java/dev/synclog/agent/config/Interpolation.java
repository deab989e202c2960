package dev.synclog.agent.config;

import java.util.Map;
import java.util.Properties;

/**
 * Resolves {@code ${env:NAME}}, {@code ${sys:name}} and their {@code :-default} forms in config text, so one
 * config file serves several deployments. {@code $${} writes a literal {@code ${}.
 */
final class Interpolation {
    private final Map<String, String> env;
    private final Properties systemProperties;

    Interpolation(Map<String, String> env, Properties systemProperties) {
        this.env = env;
        this.systemProperties = systemProperties;
    }

    /** @throws IllegalArgumentException with "problem; fix" text when a reference cannot be resolved */
    String resolve(String text) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '${' in '" + text + "'; close it with '}', e.g. ${env:SYNC_ID}");
                }
                out.append(lookup(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String lookup(String reference) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        String fallback = sep < 0 ? null : reference.substring(sep + 2);
        String value;
        if (name.startsWith("env:")) {
            value = env.get(name.substring(4));
        } else if (name.startsWith("sys:")) {
            value = systemProperties.getProperty(name.substring(4));
        } else {
            throw new IllegalArgumentException("'${" + reference + "}' is neither ${env:NAME} nor ${sys:name}"
                    + "; write ${env:NAME} for an environment variable or ${sys:name} for a -D system property");
        }
        if (value == null || value.isEmpty()) {
            if (fallback != null) {
                return fallback;
            }
            String what = name.startsWith("env:") ? "environment variable " + name.substring(4) : "system property " + name.substring(4);
            throw new IllegalArgumentException(what + " is not set; set it, or give a default: ${" + name + ":-value}");
        }
        return value;
    }
}
