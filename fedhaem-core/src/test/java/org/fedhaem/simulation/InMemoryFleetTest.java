package org.fedhaem.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.fedhaem.federation.EvaluateInstruction;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.Site;
import org.junit.jupiter.api.Test;

class InMemoryFleetTest {

    private static Site site(String name, Function<Instruction, Reply> handler) {
        return new Site() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Reply handle(Instruction instruction) {
                return handler.apply(instruction);
            }
        };
    }

    private static EvaluateInstruction to(String site, int round) {
        return new EvaluateInstruction(round, site, new double[] {0});
    }

    private static Reply echo(Instruction in) {
        return new Failure(in.round(), in.site(), "echo " + in.site() + " " + in.round());
    }

    @Test
    void repliesComeBackInInstructionOrder() {
        try (InMemoryFleet fleet = new InMemoryFleet(List.of(site("b", InMemoryFleetTest::echo),
                site("a", InMemoryFleetTest::echo), site("c", InMemoryFleetTest::echo)), 3)) {
            assertThat(fleet.sites()).containsExactly("b", "a", "c");
            List<Reply> replies = fleet.send(List.of(to("c", 1), to("a", 2), to("b", 3), to("a", 4)));
            assertThat(replies).extracting(r -> ((Failure) r).reason())
                    .containsExactly("echo c 1", "echo a 2", "echo b 3", "echo a 4");
        }
    }

    /** Three sites that each wait for the other two can only all finish when they run at the same time. */
    @Test
    void instructionsOfOneSendRunConcurrently() {
        CyclicBarrier barrier = new CyclicBarrier(3);
        Function<Instruction, Reply> meet = in -> {
            try {
                barrier.await(30, TimeUnit.SECONDS);
                return echo(in);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("sites did not run concurrently", e);
            }
        };
        try (InMemoryFleet fleet = new InMemoryFleet(List.of(site("a", meet), site("b", meet), site("c", meet)), 3)) {
            assertThat(fleet.send(List.of(to("a", 1), to("b", 1), to("c", 1))))
                    .extracting(r -> ((Failure) r).reason()).containsExactly("echo a 1", "echo b 1", "echo c 1");
        }
    }

    @Test
    void exceptionsAndUnknownSitesBecomeFailures() {
        Site throwing = site("t", in -> {
            throw new IllegalArgumentException("bad data at t");
        });
        Site silent = site("s", in -> {
            throw new NullPointerException();
        });
        Site nothing = site("n", in -> null);
        try (InMemoryFleet fleet = new InMemoryFleet(List.of(throwing, silent, nothing), 2)) {
            List<Reply> replies = fleet.send(List.of(to("t", 2), to("s", 2), to("x", 2), to("n", 2)));
            assertThat(replies).containsExactly(new Failure(2, "t", "bad data at t"),
                    new Failure(2, "s", "java.lang.NullPointerException"), new Failure(2, "x", "unknown site x"),
                    new Failure(2, "n", "site returned no reply"));
        }
    }

    @Test
    void constructionIsValidatedAndAClosedFleetRefusesWork() {
        assertThatThrownBy(() -> new InMemoryFleet(List.of(site("a", InMemoryFleetTest::echo)), 0))
                .hasMessageContaining("threads must be >= 1, got 0");
        assertThatThrownBy(() -> new InMemoryFleet(List.of(site("a", InMemoryFleetTest::echo),
                site("a", InMemoryFleetTest::echo)), 1)).hasMessageContaining("duplicate site name a");
        assertThatThrownBy(() -> new InMemoryFleet(List.of(), 1)).hasMessageContaining("at least one site");
        InMemoryFleet fleet = new InMemoryFleet(List.of(site("a", InMemoryFleetTest::echo)), 1);
        fleet.close();
        assertThatThrownBy(() -> fleet.send(List.of(to("a", 1)))).hasMessageContaining("this fleet is closed");
    }
}
