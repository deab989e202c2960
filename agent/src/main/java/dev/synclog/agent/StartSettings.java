package dev.synclog.agent;

import java.nio.file.Path;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.config.QueueDirCheck;
import dev.synclog.agent.telemetry.TelemetrySettings;

/**
 * What the agent's start reads and checks before it installs anything: the config file, then, when the config is
 * enabled, its queue directory on this machine and the {@code synclog.otel.*} settings. The agent's start and
 * {@link CheckCommand} both read it here, so that the check's verdict is the agent's.
 *
 * @param telemetry null when the config is disabled (nothing past the config is read then)
 */
record StartSettings(AgentConfig config, TelemetrySettings telemetry) {
    /** Why the agent would stay off: one line, {@code synclog: <where>: <what is wrong>; <how to fix>}. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String line, Throwable cause) {
            super(line, cause);
        }
    }

    static StartSettings read(Path configFile) throws Refused {
        try {
            AgentConfig config = AgentConfig.load(configFile, System.getenv(), System.getProperties());
            if (!config.enabled()) {
                return new StartSettings(config, null);
            }
            QueueDirCheck.check(config);
            return new StartSettings(config, TelemetrySettings.from(System::getProperty, System.getenv()));
        } catch (ConfigException e) {
            throw new Refused(e.getMessage(), e);
        } catch (IllegalArgumentException badSetting) {
            throw new Refused("synclog: " + badSetting.getMessage(), badSetting);
        }
    }
}
