package dev.synclog.agent.it.apps;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * A host that runs a plugin in its own child class loader, as plugin systems do: the plugin's classes and its
 * libraries are seen by that loader only, not by the system class loader.
 * Args: pluginClassPath (jars, separated as on a class path) pluginMainClass pluginArgs...
 */
public final class PluginHostApp {
    public static void main(String[] args) throws Exception {
        String[] jars = args[0].split(File.pathSeparator);
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = new File(jars[i]).toURI().toURL();
        }
        try (URLClassLoader plugin = new URLClassLoader("plugin", urls, PluginHostApp.class.getClassLoader())) {
            Class<?> main = Class.forName(args[1], true, plugin);
            System.out.println("plugin main loaded by " + main.getClassLoader().getName());
            Method entry = main.getMethod("main", String[].class);
            entry.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        }
    }
}
