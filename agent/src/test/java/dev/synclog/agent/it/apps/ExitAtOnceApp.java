package dev.synclog.agent.it.apps;

/** A service that exits as soon as it starts, making no call: the agent's queue opens during the JVM's exit. */
public final class ExitAtOnceApp {
    public static void main(String[] args) {
        System.out.println("exiting");
    }
}
