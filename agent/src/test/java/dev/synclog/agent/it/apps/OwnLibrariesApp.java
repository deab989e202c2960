package dev.synclog.agent.it.apps;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An app that carries its own Jackson and Byte Buddy (older than the agent's), uses both, prints which ones
 * it got, then makes the calls {@link SendApp} makes with the same arguments.
 */
public final class OwnLibrariesApp {
    public static void main(String[] args) throws Exception {
        Map<String, Object> row = new TreeMap<>(Map.of("id", "j1", "n", 1));
        System.out.println("jackson-databind " + PackageVersion.VERSION + " from " + jarOf(ObjectMapper.class)
                + " wrote " + new ObjectMapper().writeValueAsString(row));
        System.out.println("ObjectMapper loaded by the app class loader: "
                + (ObjectMapper.class.getClassLoader() == ClassLoader.getSystemClassLoader()));

        Object made = new ByteBuddy().subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
                .make().load(OwnLibrariesApp.class.getClassLoader()).getLoaded()
                .getDeclaredConstructor().newInstance();
        System.out.println("byte-buddy from " + jarOf(ByteBuddy.class) + " made an object that says: " + made);
        System.out.println("ByteBuddy loaded by the app class loader: "
                + (ByteBuddy.class.getClassLoader() == ClassLoader.getSystemClassLoader()));

        // A class-path scan finds each library once: the agent's copies are hidden from it.
        System.out.println("ObjectMapper.class on the class path: " + copiesOf("com/fasterxml/jackson/databind/ObjectMapper.class"));
        System.out.println("ByteBuddy.class on the class path: " + copiesOf("net/bytebuddy/ByteBuddy.class"));

        SendApp.main(args);
    }

    private static String jarOf(Class<?> type) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static int copiesOf(String resource) throws IOException {
        return Collections.list(ClassLoader.getSystemClassLoader().getResources(resource)).size();
    }

    private OwnLibrariesApp() {
    }
}
