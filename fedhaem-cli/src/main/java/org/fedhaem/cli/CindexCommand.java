package org.fedhaem.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.HarrellC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fedhaem metrics cindex}: Harrell's C of a risk column, with R's five pair counts. */
@Command(name = "cindex", mixinStandardHelpOptions = true,
        description = {"Harrell's C of a risk column (higher risk = shorter survival), counted as R "
                + "survival::concordance counts pairs, with the five pair counts.",
                "Rows with a missing time, event or risk are left out, as R does."})
final class CindexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV or TSV file with a header row.")
    Path data;

    @Option(names = "--time", defaultValue = "time", description = "Follow-up time column (default: ${DEFAULT-VALUE}).")
    String time;

    @Option(names = "--event", defaultValue = "event",
            description = "Event column, 1 = event, 0 = censored (default: ${DEFAULT-VALUE}).")
    String event;

    @Option(names = "--risk", required = true, paramLabel = "COLUMN",
            description = "Column holding the predicted risk (e.g. a linear predictor or a published score).")
    String risk;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        Schema schema = Schema.survival(time, event).withFeatures(List.of(risk));
        Table table = TableReader.read(data, schema);
        int[] all = Rows.all(table.rows());
        FittedPreprocessing prep = new Preprocessing(Preprocessing.Missing.DROP, Preprocessing.Scaling.NONE)
                .fit(table, schema, all);
        Design d = prep.apply(table, all);
        double[] r = new double[d.rows()];
        for (int i = 0; i < r.length; i++) {
            r[i] = d.x()[i][0];
        }
        Concordance c = HarrellC.concordance(d.survival().time(), d.survival().event(), r);
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("c_index", Json.number(c.c()));
            o.put("concordant", c.concordant());
            o.put("discordant", c.discordant());
            o.put("tied_risk", c.tiedRisk());
            o.put("tied_time", c.tiedTime());
            o.put("tied_both", c.tiedBoth());
            o.put("n", d.rows());
            o.put("rows_left_out", table.rows() - d.rows());
            out.println(Json.write(o));
        } else {
            out.printf("Harrell's C of '%s' on %s: %s%n", risk, data.getFileName(), Text.metric(c.value()));
            out.printf("  n = %d (%d rows with a missing value left out), events = %d%n", d.rows(),
                    table.rows() - d.rows(), d.survival().events());
            out.printf("  concordant %d, discordant %d, tied risk %d, tied time %d, tied both %d%n",
                    c.concordant(), c.discordant(), c.tiedRisk(), c.tiedTime(), c.tiedBoth());
        }
        out.flush();
        return 0;
    }
}
