package org.fedhaem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fedhaem} command: the one composition root of the project. */
@Command(name = "fedhaem", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Federated learning for clinical data: survival and classification models across hospitals.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
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
