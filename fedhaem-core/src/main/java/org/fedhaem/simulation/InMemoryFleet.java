package org.fedhaem.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.Fleet;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.Site;

/**
 * Virtual sites in one process: the instructions of one {@link #send} run concurrently on a fixed pool of
 * {@code threads} threads and the replies come back in instruction order. Sites share no mutable state and take
 * every random stream from their instruction's seed, so the replies, and the run, are bit-identical for any
 * number of threads. A site that throws yields a {@link Failure} whose reason is the exception's message. There is
 * no deadline: a simulated site always finishes (a deadline would make results depend on the machine's speed).
 */
public final class InMemoryFleet implements Fleet, AutoCloseable {
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final ExecutorService pool;

    public InMemoryFleet(List<? extends Site> sites, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        for (Site s : sites) {
            if (this.sites.put(s.name(), s) != null) {
                throw new IllegalArgumentException("duplicate site name " + s.name());
            }
        }
        if (this.sites.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one site");
        }
        AtomicInteger count = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "fedhaem-site-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<String> sites() {
        return List.copyOf(sites.keySet());
    }

    @Override
    public List<Reply> send(List<? extends Instruction> instructions) {
        if (pool.isShutdown()) {
            throw new IllegalStateException("this fleet is closed");
        }
        List<Future<Reply>> futures = new ArrayList<>(instructions.size());
        for (Instruction in : instructions) {
            Site site = sites.get(in.site());
            futures.add(site == null ? null : pool.submit(() -> site.handle(in)));
        }
        List<Reply> replies = new ArrayList<>(instructions.size());
        for (int i = 0; i < instructions.size(); i++) {
            Instruction in = instructions.get(i);
            Future<Reply> future = futures.get(i);
            replies.add(future == null ? new Failure(in.round(), in.site(), "unknown site " + in.site())
                    : await(in, future));
        }
        return replies;
    }

    private static Reply await(Instruction in, Future<Reply> future) {
        try {
            Reply reply = future.get();
            return reply != null ? reply : new Failure(in.round(), in.site(), "site returned no reply");
        } catch (ExecutionException e) {
            return new Failure(in.round(), in.site(), reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new Failure(in.round(), in.site(), "interrupted while waiting for the site");
        }
    }

    private static String reason(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    /** Stops the pool's threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
