package dev.synclog.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An audience SDK that takes typed rows, as the hot-path benchmark's {@code sdk-method} clients call it: the members
 * of one call as records, answered with one result a member (all accepted), at once, as a completed future, or to a callback. No call
 * leaves the process: what is measured is the agent's copy of the arguments and results around it.
 */
public final class AudienceSdk {
    /** One member, as the audience call's JSON body has it. */
    public record Member(String id, String email, String plan, int age) {
    }

    /** One member's result. */
    public record Result(boolean ok) {
    }

    private final List<Result> results;

    AudienceSdk(int rows) {
        List<Result> all = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            all.add(new Result(true));
        }
        results = List.copyOf(all);
    }

    /** The members of a call of {@code rows}, as {@link AudienceCallBodies#request(int)} has them. */
    static List<Member> members(int rows) {
        List<Member> members = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            members.add(new Member("C" + (1_000_000 + i), "person." + i + "@example.com", "pro", 42));
        }
        return List.copyOf(members);
    }

    public List<Result> addMembers(List<Member> members) {
        return results;
    }

    public CompletableFuture<List<Result>> addMembersAsync(List<Member> members) {
        return CompletableFuture.completedFuture(results);
    }

    /** Reports the results to {@code callback}, at once, as an SDK's I/O thread would once the API answered. */
    public void addMembersReporting(List<Member> members, Consumer<List<Result>> callback) {
        callback.accept(results);
    }
}
