package org.fedhaem.cli;

import java.io.OutputStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The libraries' log records (java.util.logging, e.g. the gRPC fleet's "site site3 registered") as one line each on
 * standard error, prefixed like the command's own lines: {@code fedhaem serve: site site3 registered from ...}. The
 * JDK's default is two lines per record with a date and a class name, which buries what the operator needs to read.
 */
final class ConsoleLog {
    private ConsoleLog() {
    }

    /** Replaces the root logger's handlers with one that writes {@link OneLine} records to {@code err}. */
    static void install(String command, OutputStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        Handler handler = new StreamHandler(err, new OneLine(command)) {
            @Override
            public synchronized void publish(LogRecord r) {
                // flushed at once: the operator watches these lines as they come
                super.publish(r);
                flush();
            }

            @Override
            public synchronized void close() {
                // Standard error outlives logging: the JVM's shutdown resets logging while shutdown hooks still
                // write there (serve's "stopped" message).
                flush();
            }
        };
        handler.setLevel(Level.INFO);
        root.addHandler(handler);
    }

    /** The command's name for the prefix: the first argument that is not an option ({@code serve}), if any. */
    static String command(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return "fedhaem " + a;
            }
        }
        return "fedhaem";
    }

    /** {@code <command>: [warning: |error: ]<message>[ (<exception>)]}, one line. */
    static final class OneLine extends Formatter {
        private final String command;

        OneLine(String command) {
            this.command = command;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder line = new StringBuilder(command).append(": ");
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                line.append("error: ");
            } else if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                line.append("warning: ");
            }
            line.append(formatMessage(r));
            if (r.getThrown() != null) {
                String m = r.getThrown().getMessage();
                line.append(" (").append(m == null ? r.getThrown().getClass().getSimpleName() : m).append(')');
            }
            return line.append(System.lineSeparator()).toString();
        }
    }
}
