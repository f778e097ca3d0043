package org.fedhaem.cli;

import picocli.CommandLine.Command;

/** {@code fedhaem metrics}: metrics computed on a file of predictions. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Compute a metric from a file that already holds predictions.",
        subcommands = {CindexCommand.class})
final class MetricsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
