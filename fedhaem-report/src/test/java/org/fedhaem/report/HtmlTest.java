package org.fedhaem.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesTheFiveCharactersThatEndTextOrAttributes() {
        assertThat(Html.text("a<b>&\"c\"'d'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
        assertThat(Html.text("plain – ü")).isEqualTo("plain – ü");
    }

    @Test
    void metricsHaveFourDecimalsAsTheCommandLinesTable() {
        assertThat(Html.metric(0.73245)).isEqualTo("0.7325");
        assertThat(Html.metric(0.7)).isEqualTo("0.7000");
        assertThat(Html.metric(1234.5)).isEqualTo("1234.5000");
    }

    @Test
    void rawValuesAreIntegersOrFourSignificantDigits() {
        assertThat(Html.value(18.0)).isEqualTo("18");
        assertThat(Html.value(-3.0)).isEqualTo("-3");
        assertThat(Html.value(61.23456)).isEqualTo("61.23");
        assertThat(Html.value(0.000123456)).isEqualTo("0.0001235");
        assertThat(Html.value(14.75)).isEqualTo("14.75");
        assertThat(Html.value(123456.7)).isEqualTo("123500");
    }
}
