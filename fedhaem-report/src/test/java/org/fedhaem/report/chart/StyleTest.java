package org.fedhaem.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StyleTest {

    @Test
    void theFirstSevenSeriesDifferInMarkerAndDashAndColour() {
        for (int i = 0; i < 7; i++) {
            for (int j = i + 1; j < 7; j++) {
                Style a = Style.of(i);
                Style b = Style.of(j);
                assertThat(a.marker()).as("marker %d vs %d", i, j).isNotEqualTo(b.marker());
                assertThat(Arrays.equals(a.dash(), b.dash())).as("dash %d vs %d", i, j).isFalse();
                assertThat(a.colour()).as("colour %d vs %d", i, j).isNotEqualTo(b.colour());
            }
        }
    }

    @Test
    void laterSeriesStillDifferFromTheFirstInDash() {
        for (int i = 0; i < 7; i++) {
            assertThat(Arrays.equals(Style.of(i).dash(), Style.of(i + 7).dash())).as("dash %d", i).isFalse();
        }
    }

    @Test
    void aNegativeIndexIsRefused() {
        assertThatThrownBy(() -> Style.of(-1)).hasMessageContaining("-1");
    }
}
