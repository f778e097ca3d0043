package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fedhaem.model.Parameters.Tensor;
import org.junit.jupiter.api.Test;

class ParametersTest {

    private final Parameters p = new Parameters(List.of(
            new Tensor("w", new int[] {2, 2}, new double[] {1, 2, 3, 4}),
            new Tensor("b", new int[] {2}, new double[] {5, 6})));

    @Test
    void flattensInDeclarationOrderAndRoundTrips() {
        assertThat(p.flatten()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(p.size()).isEqualTo(6);
        Parameters q = p.withFlat(new double[] {6, 5, 4, 3, 2, 1});
        assertThat(q.get("w")).containsExactly(6, 5, 4, 3);
        assertThat(q.get("b")).containsExactly(2, 1);
        assertThat(q.sameLayout(p)).isTrue();
    }

    @Test
    void isImmutable() {
        double[] w = p.get("w");
        w[0] = 99;
        assertThat(p.get("w")[0]).isEqualTo(1);
        assertThat(p.with("b", new double[] {0, 0}).get("b")).containsExactly(0, 0);
        assertThat(p.get("b")).containsExactly(5, 6);
    }

    @Test
    void rejectsBadShapesAndNames() {
        assertThatThrownBy(() -> new Tensor("w", new int[] {2, 3}, new double[5]))
                .hasMessageContaining("shape [2, 3]").hasMessageContaining("5 values");
        assertThatThrownBy(() -> p.get("nope")).hasMessageContaining("nope");
        assertThatThrownBy(() -> p.with("b", new double[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.withFlat(new double[2])).hasMessageContaining("Expected 6");
    }
}
