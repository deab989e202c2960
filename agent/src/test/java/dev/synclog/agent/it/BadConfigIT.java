package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config the agent cannot use, or an agent switched off: one line on stderr saying why (naming the file and
 * line when there is one), nothing else from the agent, no queue, and the app runs exactly as without it.
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
     * @param lineStart how the agent's one line starts: file, line, column and what is wrong; {@code {config}} and
     *                  {@code {work}} stand for the config file's path and the work directory
     * @param lineText  what else the line must say: the fix
     */
    record Case(String what, Attach attach, String lineStart, String lineText) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> cases() {
        // Lines refer to AudienceSync's config: 1 sync, 2 sync_id, 3 destination, 8 match, 9 request; columns
        // to where the parser stopped or the value starts.
        return Stream.of(
                new Case("YAML syntax error", breaking("  destination: audiences", "  destination: audiences: crm"),
                        "synclog: {config}:3:25: YAML syntax error: mapping values are not allowed here;", "quote values"),
                new Case("unknown key", breaking("  destination:", "  destinaton:"),
                        "synclog: {config}:3:3: unknown key 'destinaton' in 'sync';", "use one of: sync_id"),
                new Case("missing required value", breaking("  sync_id: audience-sync\n", ""),
                        "synclog: {config}:2:3: missing key 'sync_id' in 'sync';", "add it"),
                new Case("invalid JSON pointer", breaking("row_id: /id", "row_id: id"),
                        "synclog: {config}:9:39: 'endpoints[0].request.row_id' value 'id' is not a JSON Pointer;", "e.g. /id"),
                new Case("invalid path template", breaking("{audience}", "{audience"),
                        "synclog: {config}:8:50: path template '/v1/audiences/{audience/members:add' has an unclosed '{';",
                        "e.g. /v2/accounts/{id}"),
                new Case("missing config file", (sync, work) -> AgentProcess.withConfig(work.resolve("absent.yaml")),
                        "synclog: {work}/absent.yaml: cannot read the config file (NoSuchFileException", "check the path"),
                new Case("unreadable config file", (sync, work) -> AgentProcess.withConfig(Files.createDirectory(work.resolve("a-dir.yaml"))),
                        "synclog: {work}/a-dir.yaml: cannot read the config file (IOException: Is a directory)", "check the path"),
                new Case("no config given", (sync, work) -> AgentProcess.withoutAgent().jvmOption(javaAgentWithoutOptions()),
                        "synclog: WARNING: no configuration given", "-javaagent:synclog.jar=config=PATH"),
                new Case("-Dsynclog.enabled=false", (sync, work) ->
                        AgentProcess.withConfig(sync.writeConfig("", "")).jvmOption("-Dsynclog.enabled=false"),
                        "synclog: disabled by -Dsynclog.enabled=false", "does nothing"),
                new Case("enabled: false", (sync, work) -> AgentProcess.withConfig(sync.writeConfig("", "enabled: false\n")),
                        "synclog: disabled by 'enabled: false' in {config}", "does nothing"));
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
        return "-javaagent:" + AgentProcess.AGENT_JAR.toAbsolutePath();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agentSaysWhyInOneLineAndStaysPassive(Case c) throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result result = sync.send(c.attach().to(sync, work), CLIENT, body, 2, 1);

            assertThat(result.exitCode()).as("exit code; stderr:\n" + result.stderr()).isZero();
            assertThat(result.stdout()).as("what the app printed").isEqualTo(sync.stdoutWithoutAgent(CLIENT, body, 2, 1));
            String lineStart = c.lineStart().replace("{config}", sync.configFile().toString()).replace("{work}", work.toString());
            assertThat(result.agentLines()).as("the agent's lines on stderr").singleElement()
                    .satisfies(line -> assertThat(line).startsWith(lineStart).contains(c.lineText()));
            assertThat(sync.queueDir()).doesNotExist();
            assertThat(work.resolve("synclog-queue")).as("the default queue directory").doesNotExist();
        }
    }
}
