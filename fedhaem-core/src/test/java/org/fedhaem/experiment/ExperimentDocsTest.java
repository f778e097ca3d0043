package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedhaem.experiment.ExperimentConfig.Assignment;
import org.fedhaem.experiment.ExperimentConfig.Counts;
import org.fedhaem.experiment.ExperimentConfig.Fractions;
import org.fedhaem.experiment.ExperimentConfig.ModelType;
import org.fedhaem.experiment.ExperimentConfig.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/experiments.md documents every key, and its examples are valid experiment files. */
class ExperimentDocsTest {
    private static final Path DOC = Path.of("..", "docs", "experiments.md");

    @TempDir
    Path dir;

    @Test
    void everyKeyHasARow() throws IOException {
        String doc = Files.readString(DOC);
        for (Map.Entry<String, List<String>> table : ConfigReader.KEYS.entrySet()) {
            String heading = table.getKey().isEmpty() ? "## Top level" : "## `[" + table.getKey() + "]`";
            int start = doc.indexOf(heading);
            assertThat(start).as(heading).isNotNegative();
            int end = doc.indexOf("\n## ", start + 1);
            String section = doc.substring(start, end < 0 ? doc.length() : end);
            for (String key : table.getValue()) {
                if (!ConfigReader.KEYS.containsKey(key) && !key.equals("strategy")) {
                    assertThat(section).as(heading + " documents " + key).contains("| `" + key + "` |");
                }
            }
        }
    }

    @Test
    void examplesAreValid() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```toml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSize(2);

        Path mdsFile = dir.resolve("mds-deepsurv.toml");
        Files.writeString(mdsFile, blocks.get(0));
        ExperimentConfig mds = ExperimentConfig.read(mdsFile);
        assertThat(mds.data().synthetic()).isEqualTo(Synthetic.MDS);
        assertThat(mds.split().sites()).isEqualTo(new Fractions(List.of(0.6, 0.3, 0.1)));
        assertThat(mds.model().type()).isEqualTo(ModelType.DEEPSURV);
        assertThat(mds.options("fedprox")).containsEntry("mu", 0.1);

        // the documented command for the real cohort
        ExperimentConfig real = ExperimentConfig.read(mdsFile, List.of(
                "data.path=../shared/data/mds-iwgpm/mds_iwgpm.csv", "data.exclude=[\"IPSSM_SCORE\",\"IPSSR_SCORE\"]",
                "split.assignment=../shared/data/mds-iwgpm/split42_assignment.csv"));
        assertThat(real.data().synthetic()).isNull();
        assertThat(real.data().path()).isEqualTo(dir.getParent().resolve("shared/data/mds-iwgpm/mds_iwgpm.csv"));
        assertThat(real.data().exclude()).containsExactly("IPSSM_SCORE", "IPSSR_SCORE");
        assertThat(real.split().sites()).isInstanceOf(Assignment.class);
        assertThat(real.split().testFraction()).isZero();

        Path scdFile = dir.resolve("scd-logistic.toml");
        Files.writeString(scdFile, blocks.get(1));
        ExperimentConfig scd = ExperimentConfig.read(scdFile);
        assertThat(scd.data().synthetic()).isEqualTo(Synthetic.SCD);
        assertThat(scd.split().sites()).isEqualTo(new Counts(List.of(30, 20, 15)));
        assertThat(scd.split().cvFolds()).isEqualTo(3);
        assertThat(scd.model().type()).isEqualTo(ModelType.LOGISTIC);
    }
}
