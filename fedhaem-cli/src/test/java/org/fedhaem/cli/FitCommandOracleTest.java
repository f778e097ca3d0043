package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fedhaem fit --json} and {@code fedhaem metrics cindex --json} against R: every survival and binary set of
 * {@code oracle/oracle_full.json}, through the command line a user types.
 */
class FitCommandOracleTest {

    static JsonNode oracle() throws IOException {
        return new ObjectMapper().readTree(SharedData.rDatasets().resolve("oracle/oracle_full.json").toFile());
    }

    static Stream<Arguments> coxCases() throws IOException {
        if (SharedData.root() == null) {
            return Stream.of(Arguments.of("(shared data absent)", "efron"));
        }
        List<Arguments> cases = new ArrayList<>();
        for (Iterator<String> it = oracle().get("survival").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            cases.add(Arguments.of(name, "efron"));
            cases.add(Arguments.of(name, "breslow"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("coxCases")
    void coxFitMatchesCoxph(String name, String ties) throws IOException {
        Path r = SharedData.rDatasets();
        JsonNode set = oracle().get("survival").get(name);
        JsonNode expected = set.get("cox").get(ties);
        Cli cli = Cli.run("fit", "--data", r.resolve(set.get("csv").asText()).toString(), "--time", "time",
                "--event", "event", "--model", "cox", "--ties", ties, "--missing", "drop", "--json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode got = cli.json();
        assertThat(got.get("n").asInt()).isEqualTo(expected.get("n").asInt());
        assertThat(got.get("events").asInt()).isEqualTo(expected.get("n_events").asInt());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("coefficients_tight").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double want = e.getValue().asDouble();
            assertThat(got.get("coefficients").get(e.getKey()).asDouble()).as(e.getKey())
                    .isCloseTo(want, within(Math.max(1e-6 * Math.abs(want), 1e-9)));
        }
        assertThat(got.get("loglik").asDouble()).isCloseTo(expected.get("loglik_tight").asDouble(), within(1e-8));
        // R's concordance(fit) uses R's own linear predictor; ours differs from it in the last bits only, so C and
        // every pair count agree exactly, with one explained exception below.
        JsonNode c = expected.get("concordance");
        JsonNode count = c.get("count");
        long concordant = count.get("concordant").asLong();
        long discordant = count.get("discordant").asLong();
        long tiedRisk = count.get("tied.x").asLong();
        if (name.equals("nwtco") && ties.equals("breslow")) {
            // R's X %*% beta (BLAS) gives two pairs of identical covariate rows linear predictors one ulp apart
            // (oracle/risk/nwtco_risk.csv, lp_breslow: rows (0,0,0,1,43,1) and (0,0,1,0,42,1)), so R counts 4
            // comparable pairs of identical patients as discordant; identical rows tie here, as they should.
            discordant -= 4;
            tiedRisk += 4;
        }
        double c0 = (concordant + 0.5 * tiedRisk) / (concordant + discordant + tiedRisk);
        assertThat(got.get("c_index").asDouble()).isCloseTo(c0, within(1e-12));
        JsonNode counts = got.get("concordance");
        assertThat(counts.get("concordant").asLong()).isEqualTo(concordant);
        assertThat(counts.get("discordant").asLong()).isEqualTo(discordant);
        assertThat(counts.get("tied_risk").asLong()).isEqualTo(tiedRisk);
        assertThat(counts.get("tied_time").asLong()).isEqualTo(count.get("tied.y").asLong());
        assertThat(counts.get("tied_both").asLong()).isEqualTo(count.get("tied.xy").asLong());
        if (!(name.equals("nwtco") && ties.equals("breslow"))) {
            assertThat(got.get("c_index").asDouble()).isCloseTo(c.get("C").asDouble(), within(1e-12));
        }
    }

    static Stream<String> binaryCases() throws IOException {
        if (SharedData.root() == null) {
            return Stream.of("(shared data absent)");
        }
        List<String> cases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = oracle().get("binary").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().get("oracle_available").asBoolean()) {
                cases.add(e.getKey());
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void logisticFitMatchesGlm(String name) throws IOException {
        Path r = SharedData.rDatasets();
        JsonNode set = oracle().get("binary").get(name);
        JsonNode glm = set.get("glm");
        Cli cli = Cli.run("fit", "--data", r.resolve(set.get("csv").asText()).toString(), "--model", "logistic",
                "--label", "label", "--json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode got = cli.json();
        assertThat(got.get("n").asInt()).isEqualTo(glm.get("n").asInt());
        for (Iterator<Map.Entry<String, JsonNode>> it = glm.get("coefficients").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double want = e.getValue().asDouble();
            // glm stops at its default epsilon; the CLI fits to convergence, so compare at 1e-6 relative.
            assertThat(got.get("coefficients").get(e.getKey()).asDouble()).as(e.getKey())
                    .isCloseTo(want, within(Math.max(1e-6 * Math.abs(want), 1e-9)));
        }
        JsonNode in = glm.get("in_sample");
        assertThat(got.get("f1").asDouble()).isCloseTo(in.get("F1").asDouble(), within(1e-12));
        assertThat(got.get("precision").asDouble()).isCloseTo(in.get("precision").asDouble(), within(1e-12));
        assertThat(got.get("recall").asDouble()).isCloseTo(in.get("recall").asDouble(), within(1e-12));
        assertThat(got.get("accuracy").asDouble()).isCloseTo(in.get("accuracy").asDouble(), within(1e-12));
        assertThat(got.get("auc").asDouble()).isCloseTo(in.get("AUC_mann_whitney").asDouble(), within(1e-12));
        assertThat(got.get("confusion").get("tp").asLong()).isEqualTo(in.get("TP").asLong());
        assertThat(got.get("confusion").get("fp").asLong()).isEqualTo(in.get("FP").asLong());
    }

    static Stream<Arguments> riskVectors() throws IOException {
        if (SharedData.root() == null) {
            return Stream.of(Arguments.of("(shared data absent)", "lp_efron"));
        }
        List<Arguments> cases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = oracle().get("survival").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (Iterator<String> cols = e.getValue().get("risk_vectors").fieldNames(); cols.hasNext(); ) {
                String col = cols.next();
                if (!col.equals("file") && !col.equals("note")) {
                    cases.add(Arguments.of(e.getKey(), col));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("riskVectors")
    void cindexCommandMatchesConcordance(String name, String column) throws IOException {
        Path r = SharedData.rDatasets();
        JsonNode vectors = oracle().get("survival").get(name).get("risk_vectors");
        JsonNode expected = vectors.get(column);
        Cli cli = Cli.run("metrics", "cindex", "--data", r.resolve(vectors.get("file").asText()).toString(),
                "--time", "time", "--event", "event", "--risk", column, "--json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode got = cli.json();
        assertThat(got.get("c_index").asDouble()).isCloseTo(expected.get("C").asDouble(), within(1e-12));
        JsonNode count = expected.get("count");
        assertThat(got.get("concordant").asLong()).isEqualTo(count.get("concordant").asLong());
        assertThat(got.get("discordant").asLong()).isEqualTo(count.get("discordant").asLong());
        assertThat(got.get("tied_risk").asLong()).isEqualTo(count.get("tied.x").asLong());
        assertThat(got.get("tied_time").asLong()).isEqualTo(count.get("tied.y").asLong());
        assertThat(got.get("tied_both").asLong()).isEqualTo(count.get("tied.xy").asLong());
    }
}
