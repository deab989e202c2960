package dev.synclog.agent.boot;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Entry point named in the manifest. It only creates the hidden loader, makes the bridge visible to every class
 * loader and hands over to the agent inside the hidden loader. An exception escaping premain would abort the
 * host JVM, so nothing escapes. Run as a program ({@code java -jar synclog.jar check CONFIG}), it hands the arguments
 * to the config check inside the same loader.
 */
public final class SynclogPremain {
    private static final String AGENT_STARTUP = "dev.synclog.agent.AgentStartup";
    private static final String BOOTSTRAP_BRIDGE = "dev.synclog.agent.BootstrapBridge";
    private static final String CHECK_COMMAND = "dev.synclog.agent.CheckCommand";
    private static volatile boolean started;

    private SynclogPremain() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    /** {@code java -jar synclog.jar check [CONFIG]}: exits 0 for a config the agent would run with, else 1 (2: usage). */
    public static void main(String[] args) throws Exception {
        File jar = agentJar();
        ClassLoader loader = new HiddenClassLoader(jar, new JarFile(jar, false), ClassLoader.getPlatformClassLoader());
        Object code = Class.forName(CHECK_COMMAND, true, loader).getMethod("run", String[].class)
                .invoke(null, (Object) args);
        System.exit((Integer) code);
    }

    private static File agentJar() throws Exception {
        return new File(SynclogPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static synchronized void start(String args, Instrumentation inst) {
        if (started) {
            return;
        }
        started = true;
        try {
            String enabled = System.getProperty("synclog.enabled", "true").trim();
            if ("false".equalsIgnoreCase(enabled)) {
                System.err.println("synclog: disabled by -Dsynclog.enabled=false; the agent does nothing");
                return;
            }
            if (!"true".equalsIgnoreCase(enabled)) {
                // Someone reached for the kill switch: a typo must not leave the agent running.
                System.err.println("synclog: -Dsynclog.enabled is '" + enabled + "', which is neither true nor false; set"
                        + " it to true or false (the agent stays off; the application runs normally)");
                return;
            }
            File jar = agentJar();
            JarFile agentJar = new JarFile(jar, false);
            HiddenClassLoader loader = new HiddenClassLoader(jar, agentJar, ClassLoader.getPlatformClassLoader());
            boolean defined = (Boolean) Class.forName(BOOTSTRAP_BRIDGE, true, loader)
                    .getMethod("define", Instrumentation.class, JarFile.class).invoke(null, inst, agentJar);
            if (!defined) {
                inst.appendToBootstrapClassLoaderSearch(agentJar);
            }
            Class<?> startup = Class.forName(AGENT_STARTUP, true, loader);
            startup.getMethod("start", String.class, Instrumentation.class, File.class).invoke(null, args, inst, jar);
        } catch (Throwable t) {
            System.err.println("synclog: the agent could not start and stays off; the application runs without it: " + t);
        }
    }
}
