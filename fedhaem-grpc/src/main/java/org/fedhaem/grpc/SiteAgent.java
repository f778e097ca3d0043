package org.fedhaem.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.Site;
import org.fedhaem.grpc.proto.FederationGrpc;
import org.fedhaem.grpc.proto.GoodbyeRequest;
import org.fedhaem.grpc.proto.HeartbeatRequest;
import org.fedhaem.grpc.proto.PullRequest;
import org.fedhaem.grpc.proto.PullResponse;
import org.fedhaem.grpc.proto.PushRequest;
import org.fedhaem.grpc.proto.RegisterRequest;
import org.fedhaem.grpc.proto.RegisterResponse;
import org.fedhaem.grpc.tls.CertificateCheck;
import org.fedhaem.grpc.tls.FederationCa;
import org.fedhaem.grpc.tls.Role;
import org.fedhaem.grpc.tls.TlsException;
import org.fedhaem.grpc.tls.TlsIdentity;

/**
 * A site's agent: it dials out to the coordinator (no inbound port at the hospital), registers, then pulls
 * instructions, hands each to its {@link Site} and pushes back the reply, with heartbeats meanwhile. It sends only
 * what the Site returns (parameters, counts, sums and metrics: the federation's reply records); no row of the site's
 * data is ever put on the wire.
 *
 * <p>When the network fails it retries with exponential backoff (0.5 s doubling to 10 s by default) and registers
 * again; when the coordinator refuses its certificate it stops at once with {@link CertificateRefusedException},
 * when it does not trust the coordinator's certificate with {@link CoordinatorUntrustedException}; a
 * protocol version the coordinator does not speak stops it with an {@link IllegalStateException}. It returns from
 * {@link #run} when the coordinator says goodbye or {@link #close} is called.
 */
public final class SiteAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SiteAgent.class.getName());

    /** What the coordinator told the site at registration: its name there and the experiment text. */
    public record RegisterInfo(String site, String experiment) {
        public RegisterInfo {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(experiment, "experiment");
        }
    }

    /**
     * @param heartbeat  interval between heartbeats (well below the coordinator's heartbeat timeout)
     * @param minBackoff first wait after a network failure
     * @param maxBackoff longest wait between attempts
     * @param pullWait   the coordinator's long-poll wait; a Pull is given this plus a margin
     */
    public record Options(Duration heartbeat, Duration minBackoff, Duration maxBackoff, Duration pullWait) {
        public Options {
            for (Duration d : new Duration[] {heartbeat, minBackoff, maxBackoff, pullWait}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("durations must be positive, got " + d);
                }
            }
            if (maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below minBackoff " + minBackoff);
            }
        }

        /** Heartbeat every 5 s, backoff 0.5 s .. 10 s, 20 s long polls. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(10),
                    Duration.ofSeconds(20));
        }
    }

    private final String name;
    private final String host;
    private final int port;
    /** The federation CA (null without TLS), to say why the coordinator's certificate was refused. */
    private final X509Certificate ca;
    private final ManagedChannel channel;
    private final FederationGrpc.FederationBlockingStub stub;
    private final Function<RegisterInfo, Site> siteFactory;
    private final Options options;
    private final ScheduledExecutorService heartbeats;
    private volatile long session;
    private volatile boolean stopped;

    /** A site agent with mutual TLS: {@code identity} is the site's (key, certificate, federation CA). */
    public static SiteAgent secure(String host, int port, TlsIdentity identity, Function<RegisterInfo, Site> site,
                                   Options options) {
        if (identity.role() != Role.SITE) {
            throw new IllegalArgumentException("a site agent needs a site identity, got " + identity.name());
        }
        ChannelCredentials credentials;
        try {
            credentials = TlsChannelCredentials.newBuilder()
                    .keyManager(identity.certificateFile().toFile(), identity.keyFile().toFile())
                    .trustManager(new CoordinatorTrust(identity.ca()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files of site " + identity.name(), e);
        }
        return new SiteAgent(identity.name(), host, port, identity.ca(), Grpc.newChannelBuilderForAddress(host, port,
                credentials).maxInboundMessageSize(Protocol.MAX_MESSAGE_BYTES).build(), null, site, options);
    }

    /** A site agent without TLS, naming itself: for a coordinator in {@code --insecure} mode on this machine. */
    public static SiteAgent insecure(String host, int port, String name, Function<RegisterInfo, Site> site,
                                     Options options) {
        requireLoopback(host);
        LOG.log(System.Logger.Level.WARNING, "INSECURE MODE: site {0} connects without TLS; for experiments on "
                + "this machine only", name);
        Metadata headers = new Metadata();
        headers.put(Protocol.INSECURE_SITE, name);
        return new SiteAgent(name, host, port, null, Grpc.newChannelBuilderForAddress(host, port,
                InsecureChannelCredentials.create()).maxInboundMessageSize(Protocol.MAX_MESSAGE_BYTES).build(),
                headers, site, options);
    }

    /** Plaintext never leaves this machine: an insecure agent talks to a loopback address only. */
    private static void requireLoopback(String host) {
        java.net.InetAddress[] addresses;
        try {
            addresses = java.net.InetAddress.getAllByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--insecure: cannot resolve coordinator host " + host);
        }
        for (java.net.InetAddress a : addresses) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("--insecure connects to a coordinator on this machine only "
                        + "(127.0.0.1, ::1, localhost), not " + host + " (" + a.getHostAddress() + ")");
            }
        }
    }

    private SiteAgent(String name, String host, int port, X509Certificate ca, ManagedChannel channel, Metadata headers,
                      Function<RegisterInfo, Site> site, Options options) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.ca = ca;
        this.channel = channel;
        this.siteFactory = Objects.requireNonNull(site, "site");
        this.options = Objects.requireNonNull(options, "options");
        this.stub = FederationGrpc.newBlockingStub(headers == null ? channel
                : ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)))
                .withMaxInboundMessageSize(Protocol.MAX_MESSAGE_BYTES)
                .withMaxOutboundMessageSize(Protocol.MAX_MESSAGE_BYTES);
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fedhaem-heartbeat-" + name);
            t.setDaemon(true);
            return t;
        });
        long every = options.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Serves the coordinator until it says goodbye (normal return) or {@link #close} is called. */
    public void run() throws InterruptedException {
        Site site = null;
        long backoff = options.minBackoff().toMillis();
        while (!stopped) {
            try {
                RegisterResponse registered = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .register(RegisterRequest.newBuilder().setProtocolVersion(Protocol.VERSION).build());
                LOG.log(System.Logger.Level.INFO, "site {0} registered (session {1})", name, registered.getSession());
                if (site == null) {
                    site = siteFactory.apply(new RegisterInfo(registered.getSite(), registered.getExperiment()));
                    if (!site.name().equals(registered.getSite())) {
                        throw new IllegalStateException("the coordinator knows this site as " + registered.getSite()
                                + " but the site to serve is " + site.name());
                    }
                }
                session = registered.getSession();
                backoff = options.minBackoff().toMillis();
                if (serve(site)) {
                    // the coordinator said goodbye: the caller says so
                    return;
                }
            } catch (StatusRuntimeException e) {
                session = 0;
                if (stopped) {
                    return;
                }
                Status.Code code = e.getStatus().getCode();
                CoordinatorTrust.Refused refused = cause(e, CoordinatorTrust.Refused.class);
                if (refused != null || cause(e, CertificateException.class) != null) {
                    throw untrusted(e, refused);
                }
                if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED
                        || handshakeFailure(e)) {
                    throw new CertificateRefusedException("the coordinator refused the certificate of site " + name
                            + ": " + describe(e), e);
                }
                if (code == Status.Code.FAILED_PRECONDITION && e.getStatus().getDescription() != null
                        && e.getStatus().getDescription().startsWith("protocol version")) {
                    throw new IllegalStateException("site " + name + ": " + e.getStatus().getDescription(), e);
                }
                if (code != Status.Code.FAILED_PRECONDITION) {
                    LOG.log(System.Logger.Level.WARNING, "site {0}: {1}; retrying in {2} ms", name, describe(e),
                            Long.toString(backoff));
                    Thread.sleep(backoff);
                    backoff = Math.min(2 * backoff, options.maxBackoff().toMillis());
                    // The channel keeps its own reconnect backoff (growing to 2 minutes), during which calls fail
                    // without dialling: skip it, so that this loop's backoff is the only wait.
                    channel.resetConnectBackoff();
                }
            }
        }
    }

    /** Pull, handle, push until goodbye (true) or stop (false); network errors propagate. */
    private boolean serve(Site site) {
        long pullDeadline = options.pullWait().toMillis() + 10_000;
        while (!stopped) {
            long s = session;
            PullResponse next = stub.withDeadlineAfter(pullDeadline, TimeUnit.MILLISECONDS)
                    .pull(PullRequest.newBuilder().setSession(s).build());
            switch (next.getNextCase()) {
                case GOODBYE -> {
                    return true;
                }
                case INSTRUCTION -> {
                    var p = next.getInstruction();
                    Reply reply = handle(site, p);
                    stub.withDeadlineAfter(60, TimeUnit.SECONDS).push(PushRequest.newBuilder().setSession(s)
                            .setInstructionId(p.getId()).setReply(ProtoMapping.reply(reply)).build());
                }
                default -> {
                    // nothing yet: poll again
                }
            }
        }
        return false;
    }

    private Reply handle(Site site, org.fedhaem.grpc.proto.Instruction p) {
        Instruction instruction;
        try {
            instruction = ProtoMapping.instruction(p, site.name());
        } catch (RuntimeException e) {
            return new Failure(p.getRound(), site.name(), "site " + site.name() + " cannot read instruction "
                    + p.getId() + ": " + e.getMessage());
        }
        try {
            Reply reply = site.handle(instruction);
            return reply != null ? reply : new Failure(p.getRound(), site.name(), "site returned no reply");
        } catch (RuntimeException e) {
            String message = e.getMessage();
            return new Failure(p.getRound(), site.name(), message == null || message.isBlank()
                    ? e.getClass().getName() : message);
        }
    }

    private void heartbeat() {
        long s = session;
        if (s == 0 || stopped) {
            return;
        }
        try {
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).heartbeat(HeartbeatRequest.newBuilder().setSession(s).build());
        } catch (StatusRuntimeException e) {
            // the serving loop sees the same failure and retries
        }
    }

    private static boolean handshakeFailure(Throwable e) {
        return cause(e, SSLException.class) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Why this site refused the coordinator's certificate, as far as the certificate it presented tells. */
    private CoordinatorUntrustedException untrusted(StatusRuntimeException e, CoordinatorTrust.Refused refused) {
        String at = "site " + name + " does not trust the coordinator at " + host + ":" + port + ": ";
        if (refused == null || refused.chain().length == 0 || ca == null) {
            CertificateException c = cause(e, CertificateException.class);
            return new CoordinatorUntrustedException(at + c.getMessage(), CoordinatorUntrustedException.Reason.OTHER,
                    host, List.of(), e);
        }
        X509Certificate presented = refused.chain()[0];
        List<String> hosts = hosts(presented);
        try {
            presented.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException x) {
            return new CoordinatorUntrustedException(at + "its certificate is valid from "
                    + presented.getNotBefore().toInstant() + " to " + presented.getNotAfter().toInstant()
                    + ", not now (" + java.time.Instant.now() + ")", CoordinatorUntrustedException.Reason.NOT_VALID_NOW,
                    host, hosts, e);
        }
        try {
            CertificateCheck.verify(presented, ca, FederationCa.COORDINATOR_NAME, Role.COORDINATOR);
        } catch (TlsException x) {
            return new CoordinatorUntrustedException(at + "its certificate is not one of this site's federation CA ("
                    + x.getMessage() + ")", CoordinatorUntrustedException.Reason.OTHER_CA, host, hosts, e);
        }
        if (!hosts.isEmpty() && hosts.stream().noneMatch(h -> h.equalsIgnoreCase(host))) {
            return new CoordinatorUntrustedException(at + "its certificate is for " + String.join(", ", hosts)
                    + ", not " + host, CoordinatorUntrustedException.Reason.WRONG_HOST, host, hosts, e);
        }
        return new CoordinatorUntrustedException(at + refused.getMessage(), CoordinatorUntrustedException.Reason.OTHER,
                host, hosts, e);
    }

    /** The DNS names and IP addresses of a certificate's subject alternative names. */
    private static List<String> hosts(X509Certificate certificate) {
        List<String> hosts = new ArrayList<>();
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    // 2 = dNSName, 7 = iPAddress (RFC 5280); both arrive as strings
                    if ((Integer.valueOf(2).equals(n.get(0)) || Integer.valueOf(7).equals(n.get(0)))
                            && n.get(1) instanceof String h) {
                        hosts.add(h);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no readable names: the message then names none
        }
        return hosts;
    }

    private static String describe(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        Throwable cause = e.getCause();
        return e.getStatus().getCode() + (description != null ? ": " + description : "")
                + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "");
    }

    /** Says goodbye (when registered) and stops; {@link #run} then returns. */
    @Override
    public void close() {
        stopped = true;
        long s = session;
        if (s != 0) {
            try {
                stub.withDeadlineAfter(2, TimeUnit.SECONDS).goodbye(GoodbyeRequest.newBuilder().setSession(s)
                        .setReason("the site agent stopped").build());
            } catch (StatusRuntimeException e) {
                // leaving anyway
            }
        }
        shutdown();
    }

    /** Drops the connection without a goodbye, as a crash would (tests). */
    void dropConnection() {
        stopped = true;
        shutdown();
    }

    private void shutdown() {
        heartbeats.shutdownNow();
        channel.shutdownNow();
    }
}
