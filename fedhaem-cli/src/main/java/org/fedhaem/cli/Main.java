package org.fedhaem.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code fedhaem} command: the one composition root of the project. */
@Command(name = "fedhaem", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Federated learning for clinical data: survival and classification models across hospitals.",
        subcommands = {SimulateCommand.class, FitCommand.class, PredictCommand.class, MetricsCommand.class, ImportCommand.class,
                SynthCommand.class, SplitCommand.class, CertsCommand.class, ServeCommand.class, SiteCommand.class, ReportCommand.class})
public final class Main implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    public static void main(String[] args) {
        ConsoleLog.install(ConsoleLog.command(args), System.err);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests). */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Errors are for people: one line naming what is wrong; the stack trace only on request.
            commandLine.getErr().println("fedhaem: " + message(ex));
            if (main.debug) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((ex, params) -> {
            // A mistyped option gets the reason and a pointer to --help, not a wall of usage text.
            CommandLine c = ex.getCommandLine();
            c.getErr().println("fedhaem: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            c.getErr().flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli.execute(args);
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fedhaem " + (v == null ? "dev" : v)};
        }
    }
}
