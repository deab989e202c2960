package dev.synclog.example;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The example sync service's entry point: wires the two destination clients and runs {@link ContactSync}
 * one or more times, printing a {@code RUN {...}} line after each run.
 */
public final class ContactSyncService {
    static final String USAGE = """
            usage: java -jar synclog-example.jar --source FILE --state DIR
                     (--destinations PORT_FILE | --crm-url URL --audience-url URL)
                     [--token TOKEN] [--audience-id ID] [--runs N] [--mutate-seed SEED]
                     [--crm-batch N] [--audience-batch N]
              --source FILE          the contacts table (CSV; make one with SourceMutator)
              --state DIR            where the service remembers what each destination accepted
              --destinations FILE    the port file written by DestinationServers (crm.url, audience.url)
              --token TOKEN          bearer token for both APIs (default: demo-token)
              --audience-id ID       audience to add members to and remove them from (default: newsletter)
              --runs N               runs in this process, one ContactSync#runOnce() each (default: 1)
              --mutate-seed SEED     before each run but the first, change the source as SourceMutator
                                     would for that run number (so one process can play runs 1-3)
              --crm-batch N          contacts per CRM call (default: 100, HubSpot's limit)
              --audience-batch N     members per audience call (default: 100)""";

    private ContactSyncService() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine.run(args, ContactSyncService::run);
    }

    private static void run(String[] args) throws IOException {
        CommandLine cli = new CommandLine(USAGE,
                Set.of("source", "state", "destinations", "crm-url", "audience-url", "token", "audience-id", "runs",
                        "mutate-seed", "crm-batch", "audience-batch"),
                Set.of(), args);
        Map<String, String> urls = destinationUrls(cli);
        String token = cli.optional("token", "demo-token");
        ObjectMapper json = new ObjectMapper();
        Duration timeout = Duration.ofSeconds(30);
        Duration maxRetryWait = Duration.ofSeconds(5);
        CrmClient crm = new CrmClient(
                new BatchPoster(new RetryingTransport(new JdkHttpClientTransport(timeout), 4, maxRetryWait), token, json),
                URI.create(urls.get("crm.url")));
        AudienceClient audience = new AudienceClient(
                new BatchPoster(new RetryingTransport(new UrlConnectionTransport(timeout), 4, maxRetryWait), token, json),
                URI.create(urls.get("audience.url")), cli.optional("audience-id", "newsletter"));
        Path source = Path.of(cli.required("source"));
        ContactSync sync = new ContactSync(source, Path.of(cli.required("state")), crm, audience,
                cli.integer("crm-batch", 100), cli.integer("audience-batch", 100));

        int runs = cli.integer("runs", 1);
        for (int i = 1; i <= runs; i++) {
            if (i > 1 && cli.has("mutate-seed")) {
                SourceMutator.mutateFile(source, SyncState.load(Path.of(cli.required("state"))).lastRun() + 1,
                        cli.wholeNumber("mutate-seed"));
            }
            RunReport report = sync.runOnce();
            System.out.println("RUN " + json.writeValueAsString(Map.of("run", report.run(), "rows", report.rows(),
                    "elapsedMillis", report.elapsedMillis())));
            System.out.flush();
        }
    }

    /** From {@code --destinations} (the servers' port file) or from the explicit URLs, which win. */
    private static Map<String, String> destinationUrls(CommandLine cli) throws IOException {
        Map<String, String> urls = new LinkedHashMap<>();
        if (cli.has("destinations")) {
            Properties ports = new Properties();
            Path file = Path.of(cli.required("destinations"));
            try (InputStream in = Files.newInputStream(file)) {
                ports.load(in);
            }
            ports.stringPropertyNames().forEach(key -> urls.put(key, ports.getProperty(key)));
        }
        urls.put("crm.url", cli.optional("crm-url", urls.get("crm.url")));
        urls.put("audience.url", cli.optional("audience-url", urls.get("audience.url")));
        for (String key : new String[] {"crm.url", "audience.url"}) {
            if (urls.get(key) == null) {
                throw new IllegalArgumentException("no " + key + ": pass --destinations with the servers' port file, "
                        + "or --" + key.replace('.', '-') + "\n" + USAGE);
            }
        }
        return urls;
    }
}
