package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config the agent cannot use, or an agent switched off: one line on stderr saying why (naming the file and
 * line when there is one), nothing else from the agent, no queue, and the app runs exactly as without it; and
 * {@code java -jar synclog.jar check} on the same config says the same before the app starts.
 */
class BadConfigIT {
    private static final String CLIENT = "jdk";

    @TempDir
    Path work;

    /** How a case attaches the agent, given the scenario (whose valid config it may break). */
    interface Attach {
        AgentProcess to(AudienceSync sync, Path work) throws IOException;
    }

    /**
     * @param lineStart      how the agent's one line starts: file, line, column and what is wrong; {@code {config}} and
     *                       {@code {work}} stand for the config file's path and the work directory
     * @param lineText       what else the line must say: the fix
     * @param checkExit      what {@code java -jar synclog.jar check} exits with for the same config, JVM and user
     * @param checkLineStart how its last line starts; null: it is the agent's line, but for the agent's "(the agent stays
     *                       off; …)", on stderr
     */
    record Case(String what, Attach attach, String lineStart, String lineText, int checkExit, String checkLineStart) {
        /** A config the agent refuses: the check refuses it with the same line. */
        Case(String what, Attach attach, String lineStart, String lineText) {
            this(what, attach, lineStart, lineText, 1, null);
        }

        /** A case the check answers otherwise: it reads the config file, not the JVM's kill switch. */
        Case checked(int exit, String lineStart) {
            return new Case(what, attach, this.lineStart, lineText, exit, lineStart);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> cases() {
        // Lines refer to AudienceSync's config: 1 sync, 2 sync_id, 3 destination, 4 queue, 8 match, 9 request; columns
        // to where the parser stopped or the value starts.
        return Stream.of(
                new Case("YAML syntax error", breaking("  destination: audiences", "  destination: audiences: crm"),
                        "synclog: {config}:3:25: YAML syntax error: mapping values are not allowed here;", "quote values"),
                new Case("unclosed '[' is reported where it opened", breaking("  destination: audiences", "  destination: [audiences"),
                        "synclog: {config}:3:16: YAML syntax error: the '[' opened here is never closed (the parser noticed at line",
                        "close it where the value ends"),
                new Case("empty file", writing(""),
                        "synclog: {config}:1:1: the config file is empty (or only comments);", "minimal config"),
                new Case("not YAML: the agent's jar given as config", (sync, work) -> AgentProcess.withConfig(jar()),
                        "synclog: {jar}:", "the file is not UTF-8 text"),
                new Case("unknown key", breaking("  destination:", "  destinaton:"),
                        "synclog: {config}:3:3: unknown key 'destinaton' in 'sync';", "use one of: sync_id"),
                new Case("wrong type", breaking("destination: audiences", "destination: [audiences, crm]"),
                        "synclog: {config}:3:16: 'sync.destination' must be a single value but is a list;", "write it on one line"),
                new Case("missing required value", breaking("  sync_id: audience-sync\n", ""),
                        "synclog: {config}:2:3: missing key 'sync_id' in 'sync';", "add it"),
                new Case("sync_id from an unset environment variable",
                        breaking("sync_id: audience-sync", "sync_id: ${env:SYNCLOG_TEST_UNSET_SYNC_ID}"),
                        "synclog: {config}:2:12: environment variable SYNCLOG_TEST_UNSET_SYNC_ID is not set;",
                        "give a default: ${env:SYNCLOG_TEST_UNSET_SYNC_ID:-value}"),
                new Case("invalid JSON pointer", breaking("row_id: /id", "row_id: id"),
                        "synclog: {config}:9:39: 'endpoints[0].request.row_id' value 'id' is not a JSON Pointer;", "e.g. /id"),
                new Case("conflicting rules", breaking("row_id: /id,", "row_id: /id, row_id_from_path: audience,"),
                        "synclog: {config}:9:62: both 'row_id' and 'row_id_from_path' are set in 'endpoints[0].request';",
                        "keep one"),
                new Case("invalid path template", breaking("{audience}", "{audience"),
                        "synclog: {config}:8:50: path template '/v1/audiences/{audience/members:add' has an unclosed '{';",
                        "e.g. /v2/accounts/{id}"),
                new Case("-Dsynclog.queue names a file", (sync, work) -> {
                    Path file = Files.writeString(work.resolve("a-file"), "not a directory");
                    return breaking("{dir: \"" + sync.queueDir() + "\"", "{dir: \"${sys:synclog.queue}\"").to(sync, work)
                            .jvmOption("-Dsynclog.queue=" + file);
                }, "synclog: {config}:4:14: 'queue.dir' is {work}/a-file, which is a file, not a directory;",
                        "set queue.dir (or the variable it reads, e.g. -Dsynclog.queue) to a directory"),
                new Case("queue directory the app's user may not create", (sync, work) -> {
                    Path readOnly = Files.createDirectory(work.resolve("read-only"));
                    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
                    return breaking("{dir: \"" + sync.queueDir() + "\"", "{dir: \"" + readOnly.resolve("queue") + "\"")
                            .to(sync, work).subjectToFilePermissions();
                }, "synclog: {config}:4:14: 'queue.dir' is {work}/read-only/queue, which cannot be created: the app's user"
                        + " may not write {work}/read-only;", "a directory the app's user can create and write"),
                new Case("missing config file", (sync, work) -> AgentProcess.withConfig(work.resolve("absent.yaml")),
                        "synclog: {work}/absent.yaml: cannot read the config file (NoSuchFileException", "check the path"),
                new Case("config file is a directory", (sync, work) -> AgentProcess.withConfig(Files.createDirectory(work.resolve("a-dir.yaml"))),
                        "synclog: {work}/a-dir.yaml: cannot read the config file (IOException: Is a directory)", "check the path"),
                new Case("config file the app's user may not read", (sync, work) -> {
                    Path config = sync.writeConfig("", "");
                    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("---------"));
                    return AgentProcess.withConfig(config).subjectToFilePermissions();
                }, "synclog: {config}: cannot read the config file (AccessDeniedException", "that the app's user may read it"),
                new Case("OTLP endpoint that is not a URL", (sync, work) -> AgentProcess.withConfig(sync.writeConfig("", ""))
                        .jvmOption("-Dsynclog.otel.exporter.otlp.endpoint=localhost:4318"),
                        "synclog: -Dsynclog.otel.exporter.otlp.endpoint is 'localhost:4318', not an http:// or https:// URL",
                        "e.g. -Dsynclog.otel.exporter.otlp.endpoint=http://localhost:4318 (the agent stays off"),
                new Case("metric interval that is not a number (environment)", (sync, work) ->
                        AgentProcess.withConfig(sync.writeConfig("", "")).env("SYNCLOG_OTEL_METRIC_EXPORT_INTERVAL", "1m"),
                        "synclog: SYNCLOG_OTEL_METRIC_EXPORT_INTERVAL is '1m', not a number of milliseconds;",
                        "write e.g. SYNCLOG_OTEL_METRIC_EXPORT_INTERVAL=60000"),
                new Case("no config given", (sync, work) -> AgentProcess.withoutAgent().jvmOption(javaAgentWithoutOptions()),
                        "synclog: WARNING: no configuration given", "-javaagent:synclog.jar=config=PATH")
                        .checked(2, "synclog: no configuration given; usage: java -jar synclog.jar check [CONFIG]"),
                new Case("-Dsynclog.enabled=false", (sync, work) ->
                        AgentProcess.withConfig(sync.writeConfig("", "")).jvmOption("-Dsynclog.enabled=false"),
                        "synclog: disabled by -Dsynclog.enabled=false", "does nothing")
                        .checked(0, "privacy: "),
                new Case("-Dsynclog.enabled=flase", (sync, work) ->
                        AgentProcess.withConfig(sync.writeConfig("", "")).jvmOption("-Dsynclog.enabled=flase"),
                        "synclog: -Dsynclog.enabled is 'flase', which is neither true nor false;", "the agent stays off")
                        .checked(0, "privacy: "),
                new Case("enabled: false", (sync, work) -> AgentProcess.withConfig(sync.writeConfig("", "enabled: false\n")),
                        "synclog: disabled by 'enabled: false' in {config}", "does nothing")
                        .checked(0, "synclog: {config} is valid, and sets enabled: false: the agent would do nothing"));
    }

    private static Attach writing(String config) {
        return (sync, work) -> AgentProcess.withConfig(Files.writeString(sync.configFile(), config));
    }

    private static Path jar() {
        return AgentProcess.AGENT_JAR.toAbsolutePath();
    }

    /** The scenario's valid config with one piece of text replaced. */
    private static Attach breaking(String valid, String broken) {
        return (sync, work) -> {
            String config = Files.readString(sync.writeConfig("", ""));
            assertThat(config).as("the text this case breaks").contains(valid);
            Files.writeString(sync.configFile(), config.replace(valid, broken));
            return AgentProcess.withConfig(sync.configFile());
        };
    }

    private static String javaAgentWithoutOptions() {
        return "-javaagent:" + jar();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agentSaysWhyInOneLineAndStaysPassiveAndTheCheckSaysTheSame(Case c) throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess attached = c.attach().to(sync, work);
            AgentProcess.Result result = sync.send(attached, CLIENT, body, 2, 1);

            assertThat(result.exitCode()).as("exit code; stderr:\n" + result.stderr()).isZero();
            assertThat(result.stdout()).as("what the app printed").isEqualTo(sync.stdoutWithoutAgent(CLIENT, body, 2, 1));
            String lineStart = c.lineStart().replace("{config}", sync.configFile().toString())
                    .replace("{work}", work.toString()).replace("{jar}", jar().toString());
            assertThat(result.agentLines()).as("the agent's lines on stderr").singleElement()
                    .satisfies(line -> assertThat(line).startsWith(lineStart).contains(c.lineText()));
            assertThat(sync.queueDir()).doesNotExist();
            assertThat(work.resolve("synclog-queue")).as("the default queue directory").doesNotExist();

            // The check a deployment pipeline runs before the service starts, on the same machine, gives the same
            // verdict: the agent's very line, and exit 1, for each config it would refuse.
            AgentProcess.Result check = attached.check(work);
            assertThat(check.exitCode()).as("the check's exit code; stdout:\n" + check.stdout() + "stderr:\n"
                    + check.stderr()).isEqualTo(c.checkExit());
            if (c.checkLineStart() == null) {
                assertThat(check.stderr()).isEqualTo(result.agentLines().get(0)
                        .replace(" (the agent stays off; the application runs normally)", "") + "\n");
                assertThat(check.stdout()).isEmpty();
            } else {
                String[] lines = (check.exitCode() == 0 ? check.stdout() : check.stderr()).split("\n");
                assertThat(lines[lines.length - 1]).startsWith(c.checkLineStart()
                        .replace("{config}", sync.configFile().toString()));
            }
            assertThat(sync.queueDir()).as("the check writes nothing").doesNotExist();
        }
    }

    /** A config the agent would run with: the check says what it would capture, and exits 0. */
    @Test
    void theCheckDescribesAConfigTheAgentWouldRunWith() throws Exception {
        Path queue = work.resolve("queue");
        Path config = Files.writeString(work.resolve("synclog.yaml"), """
                sync: {sync_id: contacts-to-crm, destination: crm}
                runs: {method: com.acme.ContactSync#runOnce}
                queue: {dir: %s}
                privacy: {hash: [email], exclude: [ssn]}
                endpoints:
                  - name: contacts-upsert
                    object: contacts
                    match: {host: api.example.com, method: POST, path: "/v3/contacts/{list}/batch"}
                    request: {rows: /inputs, row_id: /id}
                    response: {outcome: by_id, items: /errors, id: /id, reason: /message}
                  - name: sqs-send
                    sync_id: events-to-sqs
                    object: messages
                    match: {path: /, headers: {X-Amz-Target: AmazonSQS.SendMessageBatch}}
                    request: {rows: /Entries, row_id: /Id}
                  - name: sdk-upsert
                    object: contacts
                    java_method: {class: com.acme.crm.ContactsApi, name: batchUpsert}
                    request: {rows: "", row_id: /id}
                """.formatted(queue));

        AgentProcess.Result check = AgentProcess.withConfig(config).check(work);

        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderr()).isEmpty();
        assertThat(check.stdout().lines()).containsExactly(
                "synclog: " + config + " is valid; with it the agent would capture:",
                "  endpoint 'contacts-upsert': POST api.example.com /v3/contacts/{list}/batch -> sync contacts-to-crm,"
                        + " object contacts, outcome by_id",
                "  endpoint 'sqs-send': any method any host / with X-Amz-Target: AmazonSQS.SendMessageBatch -> sync"
                        + " events-to-sqs, object messages, outcome http_status",
                "  endpoint 'sdk-upsert': calls of com.acme.crm.ContactsApi#batchUpsert -> sync contacts-to-crm, object"
                        + " contacts, outcome exception_only",
                "runs: each call of com.acme.ContactSync#runOnce",
                "queue: " + queue + " (not there yet; can be made from here)",
                "privacy: exclude [ssn], hash [email], mask []");
        assertThat(queue).as("the check writes nothing").doesNotExist();
    }

    @Test
    void theCheckNamesItsUsageWhenCalledWithoutIt() throws Exception {
        AgentProcess.Result none = AgentProcess.withoutAgent().runJar(work, jar());
        AgentProcess.Result typo = AgentProcess.withoutAgent().runJar(work, jar(), "chek", "synclog.yaml");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).isEqualTo("synclog: no command given; usage: java -jar synclog.jar check [CONFIG]"
                + " [--class-path CLASSPATH]   (CONFIG: the agent's config file; without it, -Dsynclog.config or"
                + " SYNCLOG_CONFIG, as the agent reads them. CLASSPATH: the app's, as java -cp takes it, to look up the"
                + " classes the config names)\n");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).startsWith("synclog: unknown command 'chek'; usage: java -jar synclog.jar check");
    }

    /** Cases take permissions away; give them back so the work directory can be deleted by any user. */
    @AfterEach
    void restorePermissions() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
            }
        }
    }
}
