package dev.synclog.agent.config;

/** A method whose every invocation is one sync run, written {@code com.acme.ContactSync#runOnce}. */
public record RunMethod(String className, String methodName) {

    static final String JAVA_NAME = "[\\p{L}_$][\\p{L}\\p{N}_$]*";

    /** @throws IllegalArgumentException with "problem; fix" text */
    public static RunMethod parse(String text) {
        int hash = text.indexOf('#');
        String className = hash < 0 ? "" : text.substring(0, hash).trim();
        String methodName = hash < 0 ? "" : text.substring(hash + 1).trim();
        if (hash < 0 || !className.matches(JAVA_NAME + "(\\." + JAVA_NAME + ")*") || !methodName.matches(JAVA_NAME)) {
            throw new IllegalArgumentException("run method '" + text + "' is not fully.qualified.Class#method"
                    + "; write e.g. com.acme.ContactSync#runOnce (nested classes as Outer$Inner, no parameters)");
        }
        return new RunMethod(className, methodName);
    }

    @Override
    public String toString() {
        return className + "#" + methodName;
    }
}
