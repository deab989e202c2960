package dev.synclog.agent.boot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent and its libraries from the jar's {@code inst/} folder, where class files are stored as
 * {@code .classdata} so that the host's class loaders and class-path scanners never see them. Its parent is
 * the platform loader: the host's own Jackson, Byte Buddy or Chronicle are never visible here, nor ours there.
 */
public final class HiddenClassLoader extends ClassLoader {
    private static final String PREFIX = "inst/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain domain;

    public HiddenClassLoader(File jarPath, JarFile jar, ClassLoader parent) throws MalformedURLException {
        super("synclog", parent);
        this.jar = jar;
        URL location = jarPath.toURI().toURL();
        this.jarUrl = "jar:" + location + "!/";
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(entryName(name.replace('.', '/') + ".class"));
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read it from the agent jar " + jar.getName(), e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException definedConcurrently) {
                    // another thread defined it first: fine
                }
            }
        }
    }

    @Override
    protected URL findResource(String name) {
        String entry = entryName(name);
        if (jar.getJarEntry(entry) == null) {
            return null;
        }
        try {
            return new URL(jarUrl + entry);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    private static String entryName(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        return path.endsWith(".class")
                ? PREFIX + path.substring(0, path.length() - ".class".length()) + ".classdata"
                : PREFIX + path;
    }
}
