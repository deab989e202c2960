package dev.synclog.agent.instrumentation.sdkmethod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synclog.agent.capture.CallRecord;
import org.junit.jupiter.api.Test;

class AwaitedCallsTest {
    private final AwaitedCalls awaited = new AwaitedCalls(2);

    @Test
    void aCallIsClaimedOnce() {
        CallRecord call = new CallRecord();
        long key = awaited.add(call, 0);
        assertThat(awaited.claim(key)).isSameAs(call);
        assertThat(awaited.claim(key)).isNull();
        assertThat(awaited.size()).isZero();
    }

    @Test
    void atTheBoundTheOldestAreClaimedToMakeRoom() {
        CallRecord first = new CallRecord();
        long firstKey = awaited.add(first, 0);
        assertThat(awaited.claimToMakeRoom()).isEmpty();
        awaited.add(new CallRecord(), 1);
        assertThat(awaited.claimToMakeRoom()).containsExactly(first);
        assertThat(awaited.claim(firstKey)).as("claimed already").isNull();
        assertThat(awaited.size()).isEqualTo(1);
    }

    @Test
    void callsAddedBeforeATimeAreClaimedAndTheLaterOnesWait() {
        CallRecord old = new CallRecord();
        awaited.add(old, 100);
        long recentKey = awaited.add(new CallRecord(), 300);
        assertThat(awaited.claimAddedBefore(200)).containsExactly(old);
        assertThat(awaited.claimAddedBefore(200)).isEmpty();
        assertThat(awaited.claim(recentKey)).isNotNull();
    }

    @Test
    void atExitTheCallsStillWaitingAreClaimedOnceTheWaitIsOver() throws Exception {
        CallRecord completes = new CallRecord();
        CallRecord never = new CallRecord();
        long key = awaited.add(completes, 0);
        awaited.add(never, 0);
        assertThat(awaited.claim(key)).isSameAs(completes);
        assertThat(awaited.claimAllBy(System.nanoTime())).containsExactly(never);
        assertThat(awaited.size()).isZero();
    }
}
