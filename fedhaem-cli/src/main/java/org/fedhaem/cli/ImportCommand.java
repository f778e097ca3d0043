package org.fedhaem.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fedhaem import}: turns public data files into fedhaem tables. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Build a fedhaem table from the files of a public study.",
        subcommands = {IpssmImportCommand.class})
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
