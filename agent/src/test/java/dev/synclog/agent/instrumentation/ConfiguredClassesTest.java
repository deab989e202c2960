package dev.synclog.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.instrumentation.okhttp.OkHttpInstrumentation;
import dev.synclog.agent.instrumentation.runmethod.RunMethodInstrumentation;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodCalls;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodInstrumentation;
import org.junit.jupiter.api.Test;

/**
 * The config's part of a named class's cache key: it changes with whatever the transformation reads (the run method's
 * name, an SDK endpoint's index, method and parameters), not with what it does not (a response rule, the queue), and
 * a class whose transformation reads more (a callback's type, a library's checks) is not cached at all.
 */
class ConfiguredClassesTest {
    private static final String SYNC = "sync:\n  sync_id: contacts\ncapture:\n  log_unmatched: true\n";
    private static final String RUN_ONCE = "runs:\n  method: com.acme.ContactSync#runOnce\n";
    private static final String APP = "com/acme/ContactSync";
    private static final String API = "com/acme/crm/ContactsApi";

    private static String endpoints(String... javaMethods) {
        StringBuilder yaml = new StringBuilder("endpoints:\n");
        for (String method : javaMethods) {
            yaml.append("  - java_method:\n").append(method).append("    request:\n      rows: \"\"\n      row_id: /id\n");
        }
        return yaml.toString();
    }

    private static String method(String className, String name, String more) {
        return "      class: " + className + "\n      name: " + name + "\n" + more;
    }

    private static ConfiguredClasses of(String yaml) throws ConfigException {
        AgentConfig config = AgentConfig.parse(yaml, "synclog.yaml", Map.of(), new Properties());
        List<ClientInstrumentation> instrumentations = new ArrayList<>();
        config.runMethod().ifPresent(m -> instrumentations.add(new RunMethodInstrumentation(m)));
        List<dev.synclog.agent.config.EndpointRule> sdkMethods = SdkMethodCalls.endpointsOf(config.endpoints());
        if (!sdkMethods.isEmpty()) {
            instrumentations.add(new SdkMethodInstrumentation(sdkMethods));
        }
        instrumentations.add(new OkHttpInstrumentation());
        return new ConfiguredClasses(instrumentations);
    }

    @Test
    void theRunMethodsNameIsPartOfItsClasssKeyAndOtherSettingsAreNot() throws ConfigException {
        String runOnce = of(SYNC + RUN_ONCE).cacheInputs(APP);
        assertThat(runOnce).isNotNull().contains("runOnce");
        assertThat(of(SYNC + "runs:\n  method: com.acme.ContactSync#runAll\n").cacheInputs(APP)).isNotEqualTo(runOnce);
        assertThat(of(SYNC + RUN_ONCE + "queue:\n  dir: /var/lib/other-queue\n").cacheInputs(APP)).isEqualTo(runOnce);
        assertThat(of(SYNC + RUN_ONCE).cacheInputs("com/acme/Other")).as("a class the config does not name").isNull();
        assertThat(of(SYNC).cacheInputs(APP)).as("no run method").isNull();
    }

    @Test
    void anSdkMethodsIndexNameAndParametersArePartOfItsClasssKey() throws ConfigException {
        String upsert = method("com.acme.crm.ContactsApi", "batchUpsert", "");
        String other = method("com.acme.crm.DealsApi", "push", "");
        String inputs = of(SYNC + endpoints(upsert)).cacheInputs(API);
        assertThat(inputs).isNotNull();
        assertThat(of(SYNC + endpoints(other, upsert)).cacheInputs(API)).as("the endpoint's index").isNotEqualTo(inputs);
        assertThat(of(SYNC + endpoints(method("com.acme.crm.ContactsApi", "batchDelete", ""))).cacheInputs(API))
                .as("the method's name").isNotEqualTo(inputs);
        assertThat(of(SYNC + endpoints(method("com.acme.crm.ContactsApi", "batchUpsert", "      parameters: [java.util.List]\n")))
                .cacheInputs(API)).as("its parameters").isNotEqualTo(inputs);
        assertThat(of(SYNC + endpoints(upsert).replace("    request:\n", "    request:\n      argument: 0\n")).cacheInputs(API)).as("which argument holds the rows: read at the call, not woven in").isEqualTo(inputs);
        assertThat(of(SYNC + RUN_ONCE + endpoints(upsert)).cacheInputs(API)).as("a run method on another class")
                .isEqualTo(inputs);
    }

    @Test
    void aClassWithACallbackMethodOrInALibrarysPackageIsNotCached() throws ConfigException {
        String send = method("com.acme.crm.ContactsApi", "send", "      parameters: [java.util.List, java.util.function.Consumer]\n");
        String withCallback = SYNC + endpoints(send).replace("      row_id: /id\n",
                "      row_id: /id\n    response:\n      callback_argument: 1\n");
        assertThat(of(withCallback).cacheInputs(API)).isNull();
        assertThat(of(SYNC + "runs:\n  method: okhttp3.OkHttpClient#newCall\n").cacheInputs("okhttp3/OkHttpClient"))
                .as("OkHttp's instrumentation may transform it too").isNull();
    }
}
