package org.fedhaem.grpc;

import io.grpc.Attributes;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.Fleet;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Reply;
import org.fedhaem.grpc.proto.FederationGrpc;
import org.fedhaem.grpc.proto.GoodbyeRequest;
import org.fedhaem.grpc.proto.GoodbyeResponse;
import org.fedhaem.grpc.proto.HeartbeatRequest;
import org.fedhaem.grpc.proto.HeartbeatResponse;
import org.fedhaem.grpc.proto.Nothing;
import org.fedhaem.grpc.proto.PullRequest;
import org.fedhaem.grpc.proto.PullResponse;
import org.fedhaem.grpc.proto.PushRequest;
import org.fedhaem.grpc.proto.PushResponse;
import org.fedhaem.grpc.proto.RegisterRequest;
import org.fedhaem.grpc.proto.RegisterResponse;
import org.fedhaem.grpc.tls.CertificateCheck;
import org.fedhaem.grpc.tls.Role;
import org.fedhaem.grpc.tls.TlsException;
import org.fedhaem.grpc.tls.TlsIdentity;

/**
 * The coordinator's fleet over gRPC: a server the sites dial out to. Only sites on the allow-list whose client
 * certificate chains to the federation CA (CN = the site name, extended key usage clientAuth) are served; any other
 * connection is refused with UNAUTHENTICATED or PERMISSION_DENIED and a WARNING naming the reason and the peer.
 *
 * <p>The certificate is checked per call rather than in the TLS handshake (the handshake asks for a client
 * certificate and proves the peer holds its key; the chain, name and usage are then checked with
 * {@link CertificateCheck}): that way every refusal reaches the log with its reason, and the site receives a status
 * that says why instead of a broken connection.
 *
 * <p>{@link #send} hands each instruction to its site's parked long poll (a Pull waiting holds no thread) or
 * queues it for the next, and waits until the round deadline; a site that is not connected, disconnects
 * (connection closed, goodbye, no heartbeat) or misses the deadline yields a {@link Failure}.
 * A reply that arrives after its instruction was given up is dropped with a log line.
 *
 * <p>A message that cannot be recorded in the {@link AuditLog} is not delivered, and the fleet stops: every later
 * {@link #send} (and the one under way, at once) throws {@link AuditFailedException}.
 */
public final class GrpcFleet implements Fleet, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GrpcFleet.class.getName());
    private static final Object GOODBYE = new Object();
    private static final Status STOPPING = Status.UNAVAILABLE.withDescription("the coordinator is stopping");
    private static final Status AUDIT_STOPPED = Status.INTERNAL.withDescription("the coordinator cannot keep its "
            + "audit log and stops");

    /**
     * @param roundDeadline    how long {@link #send} waits for replies (never infinite)
     * @param pullWait         how long a Pull waits for an instruction before answering "nothing yet"
     * @param heartbeatTimeout a connected site silent this long is taken as gone
     * @param experiment       sent to each site at Register (e.g. the experiment file), opaque here
     * @param audit            records every message to and from the sites ({@link AuditLog#NONE}: none)
     */
    public record Options(Duration roundDeadline, Duration pullWait, Duration heartbeatTimeout, String experiment,
                          AuditLog audit) {
        public Options {
            positive("roundDeadline", roundDeadline);
            positive("pullWait", pullWait);
            positive("heartbeatTimeout", heartbeatTimeout);
            Objects.requireNonNull(experiment, "experiment");
            Objects.requireNonNull(audit, "audit");
        }

        /** Options without an audit log. */
        public Options(Duration roundDeadline, Duration pullWait, Duration heartbeatTimeout, String experiment) {
            this(roundDeadline, pullWait, heartbeatTimeout, experiment, AuditLog.NONE);
        }

        /** 300 s round deadline, 20 s long polls, 60 s heartbeat timeout, no experiment text, no audit log. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(300), Duration.ofSeconds(20), Duration.ofSeconds(60), "");
        }

        public Options withRoundDeadline(Duration d) {
            return new Options(d, pullWait, heartbeatTimeout, experiment, audit);
        }

        public Options withExperiment(String text) {
            return new Options(roundDeadline, pullWait, heartbeatTimeout, text, audit);
        }

        public Options withAudit(AuditLog log) {
            return new Options(roundDeadline, pullWait, heartbeatTimeout, experiment, log);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
            }
        }
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Options options;
    private final Server server;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService handing;
    private long sessions;
    private boolean closed;
    private AuditFailedException auditFailure;

    /** A site on the allow-list: its registration (session 0 = not connected) and its queue of instructions. */
    private static final class Slot {
        final String name;
        final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
        /** Pulls parked until an instruction comes (guarded by the fleet). */
        final Deque<Waiter> waiters = new ArrayDeque<>();
        long session;
        SocketAddress remote;
        long lastSeen;

        Slot(String name) {
            this.name = name;
        }
    }

    /**
     * A Pull parked, holding no thread, until an instruction is handed to it or its long poll expires: exactly one
     * of the handover, the expiry and the call's cancellation {@link #claim}s it.
     */
    private static final class Waiter {
        final long session;
        final ServerCallStreamObserver<PullResponse> call;
        final AtomicBoolean answered = new AtomicBoolean();
        ScheduledFuture<?> expiry; // guarded by the fleet

        Waiter(long session, ServerCallStreamObserver<PullResponse> call) {
            this.session = session;
            this.call = call;
        }

        boolean claim() {
            return answered.compareAndSet(false, true);
        }
    }

    /** An instruction sent and not yet answered. */
    private record Pending(long id, Instruction instruction, Slot slot, long session, CompletableFuture<Reply> reply) {
    }

    /**
     * A coordinator with mutual TLS on {@code bind} (port 0: any free port) serving {@code identity} (the
     * coordinator's), admitting the certificates of the allow-listed {@code sites}.
     */
    /** A site agent needs a handful of concurrent calls (pull, push, heartbeat, goodbye). */
    static final int MAX_CALLS_PER_CONNECTION = 16;

    public static GrpcFleet secure(TlsIdentity identity, InetSocketAddress bind, List<String> sites, Options options) {
        if (identity.role() != Role.COORDINATOR) {
            throw new IllegalArgumentException("the coordinator needs a coordinator identity, got " + identity.name());
        }
        ServerCredentials credentials;
        try {
            credentials = TlsServerCredentials.newBuilder()
                    .keyManager(identity.certificateFile().toFile(), identity.keyFile().toFile())
                    .trustManager(new AnyClientCertificate())
                    .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the coordinator's key or certificate", e);
        }
        return new GrpcFleet(credentials, identity.ca(), bind, sites, options);
    }

    /**
     * A coordinator without TLS for experiments on one machine: it binds only a loopback address, and sites name
     * themselves (anyone on this machine could claim any name).
     */
    public static GrpcFleet insecure(InetSocketAddress bind, List<String> sites, Options options) {
        if (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("--insecure binds a loopback address only (127.0.0.1 or ::1), not "
                    + bind);
        }
        LOG.log(System.Logger.Level.WARNING, "INSECURE MODE: no TLS, sites are not authenticated and traffic is "
                + "not encrypted. For experiments on this machine only; never with patient data on a network.");
        return new GrpcFleet(InsecureServerCredentials.create(), null, bind, sites, options);
    }

    private GrpcFleet(ServerCredentials credentials, X509Certificate ca, InetSocketAddress bind, List<String> sites,
                      Options options) {
        this.options = Objects.requireNonNull(options, "options");
        for (String s : sites) {
            if (slots.put(s, new Slot(s)) != null) {
                throw new IllegalArgumentException("site " + s + " is listed twice");
            }
        }
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("the allow-list of sites is empty");
        }
        // One thread for every timer: the heartbeat watch and the end of every parked long poll.
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fedhaem-coordinator-timers");
            t.setDaemon(true);
            return t;
        });
        handing = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fedhaem-coordinator-send");
            t.setDaemon(true);
            return t;
        });
        // Bounds against a peer that connects but never authenticates or floods calls: every call is admitted only
        // with an allowed certificate, but a connection itself costs a descriptor and threads.
        server = NettyServerBuilder.forAddress(bind, credentials)
                .maxInboundMessageSize(Protocol.MAX_MESSAGE_BYTES)
                .handshakeTimeout(10, TimeUnit.SECONDS)
                .maxConnectionIdle(5, TimeUnit.MINUTES)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .addService(ServerInterceptors.intercept(new Service(), new Admission(ca)))
                .addTransportFilter(new ConnectionWatch())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            watchdog.shutdownNow();
            handing.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        watchdog.scheduleWithFixedDelay(this::dropSilentSites, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** The allow-list, in the experiment's order. */
    @Override
    public List<String> sites() {
        return List.copyOf(slots.keySet());
    }

    /** The sites registered now, in allow-list order. */
    public synchronized List<String> connected() {
        List<String> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.session != 0) {
                out.add(s.name);
            }
        }
        return out;
    }

    /** Blocks until at least {@code min} sites are registered; after {@code timeout} throws naming the missing. */
    public synchronized void awaitSites(int min, Duration timeout) throws InterruptedException {
        if (min < 1 || min > slots.size()) {
            throw new IllegalArgumentException("min must be in 1.." + slots.size() + ", got " + min);
        }
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            // Before the count: a stopped coordinator never reports its sites ready.
            if (auditFailure != null) {
                throw auditFailure;
            }
            if (connected().size() >= min) {
                return;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                List<String> missing = new ArrayList<>(slots.keySet());
                missing.removeAll(connected());
                throw new IllegalStateException(connected().size() + " of the " + min + " sites needed registered within "
                        + timeout.toSeconds() + " s; missing: " + missing);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public List<Reply> send(List<? extends Instruction> instructions) {
        List<Object> waits = new ArrayList<>(instructions.size());
        List<Pending> queued = new ArrayList<>(instructions.size());
        synchronized (this) {
            if (auditFailure != null) {
                throw auditFailure;
            }
            if (closed) {
                throw new IllegalStateException("this fleet is closed");
            }
            for (Instruction in : instructions) {
                Slot slot = slots.get(in.site());
                if (slot == null) {
                    waits.add(new Failure(in.round(), in.site(), "site " + in.site() + " is not on the allow-list"));
                } else if (slot.session == 0) {
                    waits.add(new Failure(in.round(), in.site(), "site " + in.site() + " is not connected"));
                } else {
                    Pending p = new Pending(ids.incrementAndGet(), in, slot, slot.session, new CompletableFuture<>());
                    pending.put(p.id(), p);
                    queued.add(p);
                    waits.add(p);
                }
            }
        }
        // Each site's instruction is serialised and sent on its own thread, as the sites then work in parallel.
        for (int i = 0; i < queued.size() - 1; i++) {
            Pending p = queued.get(i);
            handing.execute(() -> hand(p.slot(), p, false));
        }
        if (!queued.isEmpty()) {
            hand(queued.get(queued.size() - 1).slot(), queued.get(queued.size() - 1), false);
        }
        long end = System.nanoTime() + options.roundDeadline().toNanos();
        List<Reply> replies = new ArrayList<>(instructions.size());
        for (Object w : waits) {
            replies.add(w instanceof Pending p ? await(p, end) : (Reply) w);
        }
        return replies;
    }

    private Reply await(Pending p, long end) {
        Instruction in = p.instruction();
        try {
            return p.reply().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            giveUp(p);
            String reason = "site " + in.site() + " missed the round deadline of "
                    + options.roundDeadline().toSeconds() + " s";
            LOG.log(System.Logger.Level.WARNING, "round {0}: {1}", in.round(), reason);
            return p.reply().getNow(new Failure(in.round(), in.site(), reason));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuditFailedException failure) {
                throw failure;
            }
            return new Failure(in.round(), in.site(), String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(p);
            return new Failure(in.round(), in.site(), "interrupted while waiting for site " + in.site());
        }
    }

    private void giveUp(Pending p) {
        pending.remove(p.id());
        p.slot().queue.remove(p);
    }

    /** Ends a site's registration: its outstanding instructions fail with {@code reason}. */
    private synchronized void disconnect(Slot slot, long session, String reason) {
        if (slot.session != session || session == 0) {
            return;
        }
        // After close, sites leaving is the goodbye the coordinator asked for, not a fault.
        LOG.log(closed ? System.Logger.Level.INFO : System.Logger.Level.WARNING, reason);
        slot.session = 0;
        slot.remote = null;
        failOutstanding(slot, reason);
        notifyAll();
    }

    private void failOutstanding(Slot slot, String reason) {
        for (Pending p : new ArrayList<>(pending.values())) {
            if (p.slot() == slot) {
                giveUp(p);
                p.reply().complete(new Failure(p.instruction().round(), slot.name, reason));
            }
        }
        slot.queue.removeIf(o -> o != GOODBYE);
    }

    private void dropSilentSites() {
        long now = System.nanoTime();
        List<Slot> silent = new ArrayList<>();
        List<Long> sessionsOf = new ArrayList<>();
        synchronized (this) {
            for (Slot s : slots.values()) {
                if (s.session != 0 && now - s.lastSeen > options.heartbeatTimeout().toNanos()) {
                    silent.add(s);
                    sessionsOf.add(s.session);
                }
            }
        }
        for (int i = 0; i < silent.size(); i++) {
            disconnect(silent.get(i), sessionsOf.get(i), "site " + silent.get(i).name + " sent nothing for "
                    + options.heartbeatTimeout().toSeconds() + " s; taken as disconnected");
        }
    }

    /** Says goodbye to the connected sites (each receives it at its next Pull), then stops the server. */
    @Override
    public void close() {
        List<Slot> waiting = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Slot s : slots.values()) {
                failOutstanding(s, "the coordinator stopped");
                if (s.session != 0) {
                    waiting.add(s);
                }
            }
        }
        for (Slot s : waiting) {
            hand(s, GOODBYE, false);
        }
        // Give polling sites a moment to collect the goodbye; a site busy elsewhere finds the server gone.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Slot s : waiting) {
            while (s.queue.contains(GOODBYE) && System.nanoTime() < end) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<Waiter> parked = new ArrayList<>();
        synchronized (this) {
            for (Slot s : slots.values()) {
                parked.addAll(s.waiters);
                s.waiters.clear();
            }
        }
        for (Waiter w : parked) {
            if (w.claim()) {
                w.call.onError(STOPPING.asRuntimeException());
            }
        }
        watchdog.shutdownNow();
        handing.shutdown();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }

    /**
     * Hands {@code item} (a {@link Pending} or {@link #GOODBYE}) to a parked Pull of the slot's session, or queues it
     * for the next Pull ({@code first}: at the front).
     */
    private void hand(Slot slot, Object item, boolean first) {
        Waiter w = null;
        List<Waiter> stale = new ArrayList<>();
        synchronized (this) {
            for (Waiter next; w == null && (next = slot.waiters.poll()) != null; ) {
                // Unclaimed: its expiry or cancellation answers it.
                if (next.claim()) {
                    next.expiry.cancel(false);
                    if (next.session == slot.session) {
                        w = next;
                    } else {
                        stale.add(next); // this item is for the current session; the earlier one hears so now
                    }
                }
            }
            if (w == null) {
                if (first) {
                    slot.queue.addFirst(item);
                } else {
                    slot.queue.add(item);
                }
            }
        }
        for (Waiter old : stale) {
            old.call.onError(notCurrent(slot.name, old.session));
        }
        if (w != null) {
            deliver(slot, w, item);
        }
    }

    /** The slot's next queued item, skipping instructions given up meanwhile; null when none. Lock held. */
    private Object next(Slot slot) {
        for (Object o; (o = slot.queue.poll()) != null; ) {
            if (o == GOODBYE || pending.containsKey(((Pending) o).id())) {
                return o;
            }
        }
        return null;
    }

    /** Answers a claimed Pull with {@code item}, recorded first; a Pull cancelled meanwhile passes it on. */
    private void deliver(Slot slot, Waiter w, Object item) {
        PullResponse out;
        Integer round = null;
        String kind = "goodbye";
        com.google.protobuf.ByteString parameters = null;
        if (item == GOODBYE) {
            out = PullResponse.newBuilder().setGoodbye(Nothing.getDefaultInstance()).build();
        } else {
            Pending p = (Pending) item;
            if (!pending.containsKey(p.id())) {
                answerNothing(w);
                return;
            }
            var instruction = ProtoMapping.instruction(p.instruction(), p.id());
            out = PullResponse.newBuilder().setInstruction(instruction).build();
            round = instruction.getRound();
            kind = AuditKinds.of(instruction);
            parameters = AuditKinds.parameters(instruction);
        }
        if (w.call.isCancelled()) {
            hand(slot, item, true);
            return;
        }
        if (!audit(AuditLog.Direction.TO_SITE, slot.name, round, kind, out, parameters)) {
            w.call.onError(AUDIT_STOPPED.asRuntimeException());
            return;
        }
        w.call.onNext(out);
        w.call.onCompleted();
    }

    private static void answerNothing(Waiter w) {
        w.call.onNext(PullResponse.newBuilder().setNothing(Nothing.getDefaultInstance()).build());
        w.call.onCompleted();
    }

    /** The long poll ended with nothing for the site. */
    private void expire(Slot slot, Waiter w) {
        if (w.claim()) {
            withdraw(slot, w);
            answerNothing(w);
        }
    }

    private synchronized void withdraw(Slot slot, Waiter w) {
        slot.waiters.remove(w);
        if (w.expiry != null) {
            w.expiry.cancel(false);
        }
    }

    /** Tests: runs in every Pull between its session check and its turn at the queue. */
    volatile Runnable pullAdmitted = () -> { };

    /** Items queued for the sites' next Pulls (tests). */
    synchronized int queued() {
        int n = 0;
        for (Slot s : slots.values()) {
            n += s.queue.size();
        }
        return n;
    }

    /** Pulls parked now (tests: they hold no thread). */
    synchronized int parkedPulls() {
        int n = 0;
        for (Slot s : slots.values()) {
            n += s.waiters.size();
        }
        return n;
    }

    /**
     * Records a message; when that fails, the fleet stops (every waiting {@link #send} throws at once, not at the
     * round deadline) and the caller fails the call with {@link #AUDIT_STOPPED}, so the message is not delivered.
     *
     * @return whether the message was recorded
     */
    private boolean audit(AuditLog.Direction direction, String site, Integer round, String kind,
                       com.google.protobuf.MessageLite message, com.google.protobuf.ByteString parameters) {
        AuditLog.Message m = new AuditLog.Message(Instant.now(), direction, site, round, kind,
                message.getSerializedSize(), parameters == null ? null : AuditKinds.sha256(parameters));
        try {
            options.audit().record(m);
            return true;
        } catch (RuntimeException e) {
            stopForAudit(e, m);
            return false;
        }
    }

    private synchronized AuditFailedException auditFailure() {
        return auditFailure;
    }

    private synchronized void stopForAudit(RuntimeException cause, AuditLog.Message m) {
        if (auditFailure == null) {
            auditFailure = new AuditFailedException("the audit log failed (" + cause.getMessage() + ") on the "
                    + m.kind() + " message " + m.direction().label() + " " + m.site() + "; the coordinator stops: "
                    + "it exchanges no message it cannot record", cause);
            LOG.log(System.Logger.Level.ERROR, auditFailure.getMessage());
        }
        for (Pending p : new ArrayList<>(pending.values())) {
            giveUp(p);
            p.reply().completeExceptionally(auditFailure);
        }
        notifyAll();
    }

    private synchronized Slot current(long session) {
        Slot slot = slots.get(Protocol.SITE.get());
        if (slot == null || slot.session != session || session == 0) {
            throw notCurrent(Protocol.SITE.get(), session);
        }
        slot.lastSeen = System.nanoTime();
        return slot;
    }

    /** What a call of an ended session hears: the site agent registers again on it. */
    private static StatusRuntimeException notCurrent(String site, long session) {
        return Status.FAILED_PRECONDITION.withDescription("session " + session + " of site " + site
                + " is not current; register again").asRuntimeException();
    }

    /** The protocol's calls; the site is the authenticated one ({@link Protocol#SITE}). */
    private final class Service extends FederationGrpc.FederationImplBase {

        @Override
        public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
            String site = Protocol.SITE.get();
            if (!audit(AuditLog.Direction.FROM_SITE, site, null, "register", request, null)) {
                response.onError(AUDIT_STOPPED.asRuntimeException());
                return;
            }
            if (request.getProtocolVersion() != Protocol.VERSION) {
                LOG.log(System.Logger.Level.WARNING, "site {0} speaks protocol version {1}, this coordinator {2}",
                        site, request.getProtocolVersion(), Protocol.VERSION);
                response.onError(Status.FAILED_PRECONDITION.withDescription("protocol version "
                        + request.getProtocolVersion() + " is not supported: this coordinator speaks version "
                        + Protocol.VERSION + "; install the matching fedhaem release").asRuntimeException());
                return;
            }
            long session;
            synchronized (GrpcFleet.this) {
                if (closed) {
                    response.onError(STOPPING.asRuntimeException());
                    return;
                }
                session = ++sessions;
            }
            RegisterResponse registered = RegisterResponse.newBuilder().setProtocolVersion(Protocol.VERSION)
                    .setSession(session).setSite(site).setExperiment(options.experiment()).build();
            // Recorded before the session counts: a site whose reply cannot be recorded is never connected.
            if (!audit(AuditLog.Direction.TO_SITE, site, null, "register_reply", registered, null)) {
                response.onError(AUDIT_STOPPED.asRuntimeException());
                return;
            }
            synchronized (GrpcFleet.this) {
                if (closed) {
                    response.onError(STOPPING.asRuntimeException());
                    return;
                }
                Slot slot = slots.get(site);
                if (slot.session != 0) {
                    failOutstanding(slot, "site " + site + " registered again; its earlier instructions are lost");
                }
                slot.session = session;
                slot.remote = REMOTE.get();
                slot.lastSeen = System.nanoTime();
                GrpcFleet.this.notifyAll();
            }
            LOG.log(System.Logger.Level.INFO, "site {0} registered from {1}", site, REMOTE.get());
            response.onNext(registered);
            response.onCompleted();
        }

        /**
         * Answers at once when an instruction is queued, else parks the call without a thread (a long poll costs
         * no thread however many sites wait): {@link #hand} answers it, or the watchdog after the poll's wait.
         */
        @Override
        public void pull(PullRequest request, StreamObserver<PullResponse> response) {
            Slot slot = current(request.getSession());
            ServerCallStreamObserver<PullResponse> call = (ServerCallStreamObserver<PullResponse>) response;
            Waiter w = new Waiter(request.getSession(), call);
            call.setOnCancelHandler(() -> {
                if (w.claim()) {
                    withdraw(slot, w);
                }
            });
            pullAdmitted.run();
            Object next;
            synchronized (GrpcFleet.this) {
                if (slot.session != w.session) {
                    // Registered again since current(): the queue is the new session's.
                    if (w.claim()) {
                        call.onError(notCurrent(slot.name, w.session));
                    }
                    return;
                }
                next = next(slot);
                if (next == null) {
                    if (closed) {
                        w.claim();
                        call.onError(STOPPING.asRuntimeException());
                        return;
                    }
                    w.expiry = watchdog.schedule(() -> expire(slot, w), options.pullWait().toNanos(),
                            TimeUnit.NANOSECONDS);
                    slot.waiters.add(w);
                    return;
                }
                w.claim();
            }
            deliver(slot, w, next);
        }

        @Override
        public void push(PushRequest request, StreamObserver<PushResponse> response) {
            Slot slot = current(request.getSession());
            Pending p = pending.get(request.getInstructionId());
            boolean accepted = p != null && p.slot() == slot && p.session() == request.getSession()
                    && pending.remove(p.id(), p);
            if (!audit(AuditLog.Direction.FROM_SITE, slot.name, accepted ? p.instruction().round() : null,
                    AuditKinds.of(request.getReply()), request, AuditKinds.parameters(request.getReply()))) {
                if (accepted) {
                    // Taken out of the pending ones above: fail it as the fleet failed the others.
                    p.reply().completeExceptionally(auditFailure());
                }
                response.onError(AUDIT_STOPPED.asRuntimeException());
                return;
            }
            if (!accepted) {
                LOG.log(System.Logger.Level.INFO, "dropped a reply of site {0} to instruction {1}: the coordinator no "
                        + "longer waits for it", slot.name, request.getInstructionId());
            } else {
                Instruction in = p.instruction();
                Reply reply;
                try {
                    reply = ProtoMapping.reply(request.getReply(), in.round(), slot.name);
                } catch (RuntimeException e) {
                    reply = new Failure(in.round(), slot.name, "site " + slot.name + " sent an unreadable reply: "
                            + e.getMessage());
                }
                p.reply().complete(reply);
            }
            response.onNext(PushResponse.newBuilder().setAccepted(accepted).build());
            response.onCompleted();
        }

        @Override
        public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
            current(request.getSession());
            response.onNext(HeartbeatResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void goodbye(GoodbyeRequest request, StreamObserver<GoodbyeResponse> response) {
            Slot slot = current(request.getSession());
            if (!audit(AuditLog.Direction.FROM_SITE, slot.name, null, "goodbye", request, null)) {
                response.onError(AUDIT_STOPPED.asRuntimeException());
                return;
            }
            disconnect(slot, request.getSession(), "site " + slot.name + " left: "
                    + (request.getReason().isBlank() ? "goodbye" : request.getReason()));
            response.onNext(GoodbyeResponse.getDefaultInstance());
            response.onCompleted();
        }
    }

    private static final io.grpc.Context.Key<SocketAddress> REMOTE = io.grpc.Context.key("fedhaem-remote");

    /** Admits a call only from an allow-listed site with a valid certificate; logs every refusal. */
    private final class Admission implements ServerInterceptor {
        private final X509Certificate ca;

        Admission(X509Certificate ca) {
            this.ca = ca;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                            ServerCallHandler<Q, R> next) {
            Attributes attributes = call.getAttributes();
            SocketAddress peer = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            String site;
            try {
                site = ca == null ? headers.get(Protocol.INSECURE_SITE) : authenticate(attributes);
            } catch (StatusRuntimeException e) {
                return refuse(call, e.getStatus(), peer);
            }
            if (site == null || !slots.containsKey(site)) {
                return refuse(call, Status.PERMISSION_DENIED.withDescription("site '" + site
                        + "' is not on this federation's allow-list " + slots.keySet()), peer);
            }
            io.grpc.Context context = io.grpc.Context.current().withValue(Protocol.SITE, site)
                    .withValue(REMOTE, peer);
            return Contexts.interceptCall(context, call, headers, next);
        }

        private String authenticate(Attributes attributes) {
            SSLSession ssl = attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            Certificate[] chain;
            try {
                chain = ssl == null ? null : ssl.getPeerCertificates();
            } catch (SSLPeerUnverifiedException e) {
                chain = null;
            }
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
                throw Status.UNAUTHENTICATED.withDescription("no client certificate: a site must present the "
                        + "certificate issued to it by the federation CA").asRuntimeException();
            }
            String name = CertificateCheck.commonName(certificate);
            try {
                CertificateCheck.verify(certificate, ca, String.valueOf(name), Role.SITE);
            } catch (TlsException e) {
                throw Status.UNAUTHENTICATED.withDescription("certificate refused: " + e.getMessage())
                        .asRuntimeException();
            }
            return name;
        }

        private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, SocketAddress peer) {
            LOG.log(System.Logger.Level.WARNING, "refused a call from {0}: {1}", peer, status.getDescription());
            call.close(status, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
    }

    /** A closed connection ends the registration made over it. */
    private final class ConnectionWatch extends ServerTransportFilter {
        @Override
        public void transportTerminated(Attributes attributes) {
            SocketAddress peer = attributes == null ? null : attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            if (peer == null) {
                return;
            }
            List<Slot> gone = new ArrayList<>();
            List<Long> sessionsOf = new ArrayList<>();
            synchronized (GrpcFleet.this) {
                for (Slot s : slots.values()) {
                    if (peer.equals(s.remote)) {
                        gone.add(s);
                        sessionsOf.add(s.session);
                    }
                }
            }
            for (int i = 0; i < gone.size(); i++) {
                disconnect(gone.get(i), sessionsOf.get(i), "site " + gone.get(i).name + " disconnected (" + peer
                        + ")");
            }
        }
    }

    /**
     * Accepts any client certificate chain in the handshake (the handshake still proves the peer holds the key);
     * {@link Admission} then checks it against the federation CA, so that refusals are logged with their reason.
     */
    private static final class AnyClientCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // checked per call by Admission
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws
                java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the coordinator does not act as a TLS client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
