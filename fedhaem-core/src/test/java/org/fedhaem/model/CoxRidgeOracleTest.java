package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Ridge Cox fits against R {@code coxph(... ridge(..., theta = l2, scale = FALSE))} run to eps 1e-14, written by
 * src/test/resources/oracle/cox_ridge/cox_ridge.R.
 */
class CoxRidgeOracleTest {

    @Test
    void ridgeFitsMatchCoxphRidge() throws IOException, URISyntaxException {
        Path csv = Path.of(getClass().getResource("/oracle/cox_ridge/cox_ridge.csv").toURI());
        List<String> lines = Files.readAllLines(csv);
        double worstCoef = 0;
        double worstSe = 0;
        double worstLoglik = 0;
        int checked = 0;
        String lastKey = "";
        CoxFit fit = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String key = f[0] + "," + f[1] + "," + f[2];
            if (!key.equals(lastKey)) {
                RTable data = RTable.completeCases(Oracle.dir().resolve("csv/survival/" + f[0] + ".csv"));
                List<String> covariates = data.covariates("time", "event");
                fit = CoxRegression.fit(data.matrix(covariates), data.column("time"), data.flag("event"), covariates,
                        Ties.valueOf(f[1].toUpperCase(Locale.ROOT)),
                        CoxRegression.Options.TIGHT.withL2(Double.parseDouble(f[2])));
                assertThat(fit.converged()).isTrue();
                worstLoglik = Math.max(worstLoglik, Math.abs(fit.logLikelihood() - Double.parseDouble(f[6])));
                assertThat(fit.logLikelihood()).as(key).isCloseTo(Double.parseDouble(f[6]), within(1e-8));
                lastKey = key;
            }
            int j = fit.names().indexOf(f[3]);
            double coefErr = Oracle.relError(fit.coefficients()[j], Double.parseDouble(f[4]), 1e-9);
            double seErr = Oracle.relError(fit.standardErrors()[j], Double.parseDouble(f[5]), 0);
            worstCoef = Math.max(worstCoef, coefErr);
            worstSe = Math.max(worstSe, seErr);
            assertThat(coefErr).as(key + " " + f[3]).isLessThanOrEqualTo(1e-6);
            assertThat(seErr).as(key + " " + f[3] + " se").isLessThanOrEqualTo(1e-6);
            checked++;
        }
        assertThat(checked).isEqualTo(2 * 2 * (5 + 11));
        System.out.printf(Locale.ROOT, "ridge cox vs R: coef rel %.2e, se rel %.2e, loglik abs %.2e%n", worstCoef,
                worstSe, worstLoglik);
    }
}
