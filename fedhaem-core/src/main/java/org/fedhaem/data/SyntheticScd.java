package org.fedhaem.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedhaem.random.Seeds;

/**
 * A synthetic cohort of children with sickle cell anaemia (HbSS) for the SCD use case, since no SCD data are
 * public: features {@code hemoglobin} (g/dL), {@code hbf} (% foetal haemoglobin), {@code systolic_bp} (mmHg),
 * {@code male}, {@code prior_seizures} (0/1), {@code age} (years), and {@code label} = silent cerebral infarct on
 * MRI (1), from a logistic model.
 *
 * <p>Sources of the directions and the prevalence:
 * <ul>
 * <li>DeBaun MR, Sarnaik SA, Rodeghier MJ et al. Associated risk factors for silent cerebral infarcts in sickle cell
 * anemia: low baseline hemoglobin, sex, and relative high systolic blood pressure. Blood 2012;119(16):3684-3690
 * (screening of the Silent Infarct Transfusion trial, children 5-15 years with HbSS or HbS-beta0: silent infarcts
 * in about 31 %; lower baseline haemoglobin, male sex and higher systolic blood pressure raise the risk).</li>
 * <li>DeBaun MR, Gordon M, McKinstry RC et al. Controlled trial of transfusions for silent cerebral infarcts in
 * sickle cell anemia. N Engl J Med 2014;371(8):699-710 (the SIT trial itself; its eligible ages 5-15).</li>
 * <li>Kinney TR, Sleeper LA, Wang WC et al. Silent cerebral infarcts in sickle cell anemia: a risk factor analysis.
 * Pediatrics 1999;103(3):640-645 (Cooperative Study of Sickle Cell Disease: a history of seizures raises the
 * risk).</li>
 * <li>Kwiatkowski JL, Zimmerman RA, Pollock AN et al. Silent infarcts in young children with sickle cell disease.
 * Br J Haematol 2009;146(3):300-305, and Bernaudin F, Verlhac S, Arnaud C et al., Blood 2011;117(4):1130-1140
 * (silent infarcts appear in early childhood and their cumulative risk grows with age; lower foetal haemoglobin
 * goes with more severe anaemia and more cerebral vasculopathy).</li>
 * </ul>
 * The odds ratios below (0.70 per g/dL of haemoglobin, 0.97 per % HbF, 1.02 per mmHg, 1.5 for male sex, 2.5 for
 * prior seizures, 1.06 per year of age) and the feature distributions are PLAUSIBLE MAGNITUDES in the directions
 * these studies report, not estimates from any data set; the intercept is set so that the prevalence is 31 %.
 */
public final class SyntheticScd {
    /** The SCD study's size: 65 patients over three sites. */
    public static final int DEFAULT_SIZE = 65;

    static final List<String> FEATURES = List.of("hemoglobin", "hbf", "systolic_bp", "male", "prior_seizures", "age");
    /** Log odds ratios per unit of each feature, in {@link #FEATURES} order. */
    static final double[] LOG_ODDS_RATIOS = {Math.log(0.70), Math.log(0.97), Math.log(1.02), Math.log(1.5),
        Math.log(2.5), Math.log(1.06)};
    /** The feature values at which the log odds equal {@link #INTERCEPT}. */
    private static final double[] CENTRE = {7.9, 9, 101, 0, 0, 10};
    /**
     * Log odds of a girl at the centre values without prior seizures; calibrated once by bisection on 2 million
     * draws (seed 99) so that the mean risk is 0.31 (checked by {@code SyntheticScdTest}).
     */
    static final double INTERCEPT = -1.0532;

    private SyntheticScd() {
    }

    /** The six feature columns, then {@code label}. */
    public static List<String> columns() {
        List<String> c = new ArrayList<>(FEATURES);
        c.add("label");
        return List.copyOf(c);
    }

    /**
     * {@code n} synthetic children: age uniform on 5-15 years (the SIT trial's range); half boys; HbF log-normal
     * (median 9 % at age 10, falling 4 % a year); haemoglobin normal around 7.9 g/dL (SD 0.9), higher with HbF;
     * systolic pressure normal around 101 mmHg (SD 9), rising 0.9 mmHg a year; prior seizures in 6 %. Values are
     * rounded as a clinic records them (0.1 g/dL, 0.1 %, 1 mmHg, 0.1 year) before the label is drawn.
     */
    public static Table table(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        SplittableRandom random = Seeds.random(seed, "synthetic-scd-features");
        SplittableRandom labelRandom = Seeds.random(seed, "synthetic-scd-label");
        int p = FEATURES.size();
        double[][] columns = new double[p + 1][n];
        double[] x = new double[p];
        for (int i = 0; i < n; i++) {
            draw(random, x);
            double logOdds = INTERCEPT;
            for (int j = 0; j < p; j++) {
                columns[j][i] = x[j];
                logOdds += LOG_ODDS_RATIOS[j] * (x[j] - CENTRE[j]);
            }
            columns[p][i] = labelRandom.nextDouble() < 1 / (1 + Math.exp(-logOdds)) ? 1 : 0;
        }
        return Table.ofNumeric(Path.of("synthetic-scd"), columns(), List.of(columns));
    }

    /** One child's features, in {@link #FEATURES} order. */
    private static void draw(SplittableRandom random, double[] x) {
        double age = round(5 + 10 * random.nextDouble(), 1);
        double male = random.nextDouble() < 0.5 ? 1 : 0;
        double hbf = round(clamp(9 * Math.exp(-0.04 * (age - 10) + 0.55 * random.nextGaussian()), 1, 40), 1);
        double hemoglobin = round(clamp(7.9 + 0.05 * (hbf - 9) + 0.9 * random.nextGaussian(), 5, 12), 1);
        double systolic = Math.rint(clamp(101 + 0.9 * (age - 10) + 9 * random.nextGaussian(), 75, 140));
        double seizures = random.nextDouble() < 0.06 ? 1 : 0;
        x[0] = hemoglobin;
        x[1] = hbf;
        x[2] = systolic;
        x[3] = male;
        x[4] = seizures;
        x[5] = age;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v, int decimals) {
        double unit = Math.pow(10, decimals);
        return Math.round(v * unit) / unit;
    }
}
