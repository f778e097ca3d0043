package org.fedhaem.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedhaem.experiment.Checkpoint;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.ResultsWriter;
import org.fedhaem.grpc.AuditFailedException;
import org.fedhaem.grpc.GrpcFleet;
import org.fedhaem.grpc.JsonLinesAuditLog;
import org.fedhaem.grpc.tls.CertificateDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedhaem serve}: the coordinator of a deployment. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Coordinate a deployment: wait for the sites of the experiment's [federation] sites to connect "
                + "(mutual TLS), run the federated regime (every strategy, every repeat) and, when listed, the isolated "
                + "models with cross-site evaluation, write the run "
                + "directory as simulate does (results.json, metrics.csv, rounds.csv, experiment.toml, models, report.html), "
                + "say goodbye to the sites and exit.",
                "The experiment needs [split] files (one per site, in the order of [federation] sites): each site "
                        + "runs on its own copy, given with fedhaem site --data. See docs/deployment.md."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.toml", description = "The experiment file (docs/experiments.md).")
    Path file;

    @Option(names = "--port", required = true, paramLabel = "P", description = "The port sites connect to.")
    int port;

    @Option(names = "--tls-dir", paramLabel = "DIR", description = "Folder with ca.pem, coordinator.pem and "
            + "coordinator.key (fedhaem certs init). Required unless --insecure.")
    Path tlsDir;

    @Option(names = "--out", paramLabel = "RUNDIR", description = "Run directory (created). Required unless "
            + "--resume.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUNDIR", description = "Continue the run in RUNDIR after a crash, "
            + "from its checkpoint.json (written after every completed round), with the same experiment file and "
            + "--set values; the results equal those of an uninterrupted run. Not for experiments with scaffold.")
    Path resume;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: all addresses; "
            + "with --insecure always 127.0.0.1).")
    String bind;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to wait for federation.min_sites sites to connect (default: ${DEFAULT-VALUE}).")
    double waitSeconds;

    @Option(names = "--insecure", description = "No TLS, loopback only, sites name themselves: for experiments on "
            + "one machine, never with real data.")
    boolean insecure;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the experiment.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ExperimentConfig config = ExperimentConfig.read(file, overrides);
        ExperimentConfig.Federation federation = config.federation();
        if (federation.sites().isEmpty()) {
            throw new IllegalArgumentException(file + ": a deployment needs [federation] sites = [\"site1\", ...] "
                    + "(the names in the sites' certificates)");
        }
        if (!insecure && tlsDir == null) {
            throw new IllegalArgumentException("--tls-dir DIR is required (or --insecure for loopback experiments)");
        }
        if (!(waitSeconds > 0)) {
            throw new IllegalArgumentException("--wait must be > 0 seconds, got " + waitSeconds);
        }
        if (resume != null) {
            if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--out " + out + " and --resume " + resume + " differ: a resumed "
                        + "run continues in its own run directory");
            }
            out = resume;
        } else if (out == null) {
            throw new IllegalArgumentException("--out RUNDIR is required (or --resume RUNDIR)");
        }
        // Read before any site connects: a run that cannot be resumed fails at once.
        Checkpoint from = resume == null ? null : Checkpoint.read(resume);
        PrintWriter err = spec.commandLine().getErr();
        ExperimentRunner runner = new ExperimentRunner(config, line -> {
            err.println(line);
            err.flush();
        });
        runner.checkDeployable();
        if (from != null) {
            runner.checkResumable(from);
        }
        RunDirectory.prepare(out);
        // Ctrl-C (or a service manager's stop) ends the JVM: say what is left and how to go on.
        Thread onStop = new Thread(() -> {
            err.println(stopped(out, resumeCommand()));
            err.flush();
        }, "fedhaem-serve-stopped");
        Runtime.getRuntime().addShutdownHook(onStop);
        try {
            return serve(config, runner, from, err);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it says what is left
            }
        }
    }

    private int serve(ExperimentConfig config, ExperimentRunner runner, Checkpoint from, PrintWriter err)
            throws InterruptedException {
        ExperimentConfig.Federation federation = config.federation();
        GrpcFleet.Options options = GrpcFleet.Options.defaults();
        if (federation.roundDeadlineS() > 0) {
            options = options.withRoundDeadline(Duration.ofMillis(Math.round(federation.roundDeadlineS() * 1000)));
        }
        options = options.withExperiment(config.toToml());
        // min_sites = 0 means every site.
        int min = federation.minSites() == 0 ? federation.sites().size() : federation.minSites();
        // Always on: what every message was, never what it said (docs/deployment.md).
        JsonLinesAuditLog audit = JsonLinesAuditLog.open(out.resolve(JsonLinesAuditLog.FILE_NAME));
        ExperimentResult result;
        try (audit; GrpcFleet fleet = fleet(federation.sites(), options.withAudit(audit), err)) {
            err.printf(Locale.ROOT, "fedhaem serve: listening on port %d; waiting for %d of the sites %s%n",
                    fleet.port(), min, federation.sites());
            err.flush();
            fleet.awaitSites(min, Duration.ofMillis(Math.round(waitSeconds * 1000)));
            err.println("fedhaem serve: sites connected: " + fleet.connected());
            err.flush();
            List<String> commandLine = new ArrayList<>(List.of("fedhaem", "serve", file.toString()));
            for (String o : overrides) {
                commandLine.add("--set");
                commandLine.add(o);
            }
            result = runner.deploy(fleet, commandLine, checkpoint -> checkpoint.write(out), from);
        } catch (AuditFailedException e) {
            throw new IllegalStateException(e.getMessage() + ". " + (Files.exists(out.resolve(Checkpoint.FILE_NAME))
                    ? "The checkpoint " + out.resolve(Checkpoint.FILE_NAME) + " is intact: once the audit log can "
                    + "be written, continue with --resume " + out : "No round was completed: start again once the "
                    + "audit log can be written"), e);
        }
        ResultsWriter.write(result, out);
        // The run is complete: nothing is left to resume.
        Checkpoint.delete(out);
        PrintWriter w = spec.commandLine().getOut();
        w.println();
        w.print(ResultsWriter.table(result));
        w.printf(Locale.ROOT, "%nwall time %.1f s; results in %s; the sites were told goodbye%n",
                result.wallSeconds(), out);
        w.flush();
        return RunReport.write(out, w, err);
    }

    /** What a stopped coordinator leaves in {@code out}, and what to do next. */
    static String stopped(Path out, String resumeCommand) {
        Path checkpoint = out.resolve(Checkpoint.FILE_NAME);
        if (Files.exists(checkpoint)) {
            return "fedhaem serve: stopped. " + checkpoint + " holds every round completed so far; continue the run "
                    + "(the same experiment file and --set values; the sites keep retrying) with:"
                    + System.lineSeparator() + "  " + resumeCommand;
        }
        return "fedhaem serve: stopped before any round completed: nothing to resume, start again. " + out
                + " holds only the audit log of the messages so far (" + JsonLinesAuditLog.FILE_NAME + ", empty when "
                + "no site registered); a new run with the same --out appends to it.";
    }

    /** The command line that resumes this run, quoted for a POSIX shell. */
    private String resumeCommand() {
        List<String> words = new ArrayList<>(List.of(Files.isExecutable(Path.of("fedhaem")) ? "./fedhaem" : "fedhaem",
                "serve", file.toString(), "--port", Integer.toString(port)));
        if (insecure) {
            words.add("--insecure");
        } else {
            words.addAll(List.of("--tls-dir", tlsDir.toString()));
        }
        if (bind != null) {
            words.addAll(List.of("--bind", bind));
        }
        for (String o : overrides) {
            words.addAll(List.of("--set", o));
        }
        words.addAll(List.of("--resume", out.toString()));
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            line.append(line.isEmpty() ? "" : " ").append(shellWord(w));
        }
        return line.toString();
    }

    /** {@code w} as one word of a POSIX shell: as it is when safe, else in single quotes. */
    static String shellWord(String w) {
        return !w.isEmpty() && w.matches("[A-Za-z0-9_./:=,@+%-]+") ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    private GrpcFleet fleet(List<String> sites, GrpcFleet.Options options, PrintWriter err) {
        if (insecure) {
            err.println("fedhaem serve: INSECURE MODE: no TLS, loopback only, sites are not authenticated; for "
                    + "experiments on this machine only");
            return GrpcFleet.insecure(new InetSocketAddress("127.0.0.1", port), sites, options);
        }
        InetSocketAddress address = bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
        return GrpcFleet.secure(new CertificateDirectory(tlsDir).load(CertificateDirectory.COORDINATOR), address,
                sites, options);
    }
}
