package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Harrell's C against R survival::concordance on every fixed risk vector and the five hand-checkable cases. */
class HarrellCOracleTest {

    private static JsonNode oracle() throws IOException {
        return new ObjectMapper().readTree(SharedData.rDatasets().resolve("oracle/oracle_full.json").toFile());
    }

    @Test
    void everyRiskVectorMatchesR() throws IOException {
        JsonNode survival = oracle().get("survival");
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        double maxError = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = survival.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> set = it.next();
            JsonNode vectors = set.getValue().get("risk_vectors");
            Path file = SharedData.rDatasets().resolve(vectors.get("file").asText());
            Csv csv = Csv.read(file);
            double[] time = csv.column("time");
            boolean[] event = csv.flags("event");
            for (String column : csv.header()) {
                if (!column.startsWith("lp_") && !column.startsWith("cov_")) {
                    continue;
                }
                JsonNode expected = vectors.get(column);
                Concordance fast = HarrellC.concordance(time, event, csv.column(column));
                Concordance slow = HarrellC.concordanceBruteForce(time, event, csv.column(column));
                String where = set.getKey() + "." + column;
                JsonNode count = expected.get("count");
                soft.assertThat(fast).as(where).isEqualTo(new Concordance(count.get("concordant").asLong(),
                        count.get("discordant").asLong(), count.get("tied.x").asLong(),
                        count.get("tied.y").asLong(), count.get("tied.xy").asLong()));
                soft.assertThat(slow).as(where + " brute force").isEqualTo(fast);
                double error = Math.abs(fast.c() - expected.get("C").asDouble());
                maxError = Math.max(maxError, error);
                soft.assertThat(error).as(where + " |dC|").isLessThanOrEqualTo(1e-12);
                checked++;
            }
        }
        soft.assertAll();
        assertThat(checked).as("risk vectors checked").isEqualTo(4 * survival.size());
        System.out.println("HarrellC: " + checked + " R risk vectors, max |dC| = " + maxError);
    }

    @Test
    void theFiveUnitCasesMatchR() throws IOException {
        JsonNode cases = oracle().get("concordance_unit_cases");
        assertThat(cases.size()).isEqualTo(5);
        for (JsonNode c : cases) {
            double[] time = doubles(c.get("time"));
            double[] risk = doubles(c.get("risk"));
            double[] e = doubles(c.get("event"));
            boolean[] event = new boolean[e.length];
            for (int i = 0; i < e.length; i++) {
                event[i] = e[i] == 1;
            }
            JsonNode count = c.get("count");
            Concordance expected = new Concordance(count.get("concordant").asLong(), count.get("discordant").asLong(),
                    count.get("tied.x").asLong(), count.get("tied.y").asLong(), count.get("tied.xy").asLong());
            assertThat(HarrellC.concordance(time, event, risk)).isEqualTo(expected);
            assertThat(HarrellC.concordanceBruteForce(time, event, risk)).isEqualTo(expected);
            assertThat(HarrellC.concordance(time, event, risk).c()).isEqualTo(c.get("C").asDouble());
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
