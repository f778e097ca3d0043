package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Library log records as one line each, prefixed like the command's own lines. */
class ConsoleLogTest {
    private static String format(Level level, String message, Object... parameters) {
        LogRecord r = new LogRecord(level, message);
        r.setParameters(parameters);
        r.setLoggerName("org.fedhaem.grpc.GrpcFleet");
        return new ConsoleLog.OneLine("fedhaem serve").format(r);
    }

    @Test
    void aRecordIsOneLineWithTheCommandAndTheMessageButNoDateOrClass() {
        assertThat(format(Level.INFO, "site {0} registered from {1}", "site3", "/127.0.0.1:51234"))
                .isEqualTo("fedhaem serve: site site3 registered from /127.0.0.1:51234" + System.lineSeparator());
        assertThat(format(Level.WARNING, "site {0} disconnected", "site1"))
                .isEqualTo("fedhaem serve: warning: site site1 disconnected" + System.lineSeparator());
        assertThat(format(Level.SEVERE, "the audit log failed"))
                .isEqualTo("fedhaem serve: error: the audit log failed" + System.lineSeparator());
    }

    @Test
    void anExceptionAddsItsMessageOnTheSameLine() {
        LogRecord r = new LogRecord(Level.WARNING, "refused a call");
        r.setThrown(new IllegalStateException("no client certificate"));
        assertThat(new ConsoleLog.OneLine("fedhaem site").format(r))
                .isEqualTo("fedhaem site: warning: refused a call (no client certificate)" + System.lineSeparator());
    }

    @Test
    void thePrefixIsTheCommandNamedOnTheCommandLine() {
        assertThat(ConsoleLog.command(new String[] {"serve", "e.toml", "--port", "7443"})).isEqualTo("fedhaem serve");
        assertThat(ConsoleLog.command(new String[] {"--debug", "site", "--name", "site1"})).isEqualTo("fedhaem site");
        assertThat(ConsoleLog.command(new String[] {"--help"})).isEqualTo("fedhaem");
    }

    @Test
    void resettingLoggingAtShutdownLeavesStandardErrorOpenForTheShutdownHooks() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream err = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try {
            ConsoleLog.install("fedhaem serve", err);
            LogManager.getLogManager().reset(); // what the JVM's shutdown does, beside the hooks
        } finally {
            LogManager.getLogManager().readConfiguration();
        }
        assertThat(closed[0]).isFalse();
    }

    @Test
    void installedTheSystemLoggersOfTheLibrariesWriteOneLinePerRecord() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            ConsoleLog.install("fedhaem serve", err);
            System.Logger log = System.getLogger("org.fedhaem.grpc.GrpcFleet$Service");
            log.log(System.Logger.Level.INFO, "site {0} registered from {1}", "site3", "/127.0.0.1:51234");
            log.log(System.Logger.Level.DEBUG, "not shown");
        } finally {
            LogManager.getLogManager().readConfiguration();
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("fedhaem serve: site site3 registered from /127.0.0.1:51234" + System.lineSeparator());
    }
}
