package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitterTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void largestRemainderSizesByHand() {
        // 2766 x (0.6, 0.3, 0.1) = 1659.6, 829.8, 276.6: floors sum to 2764, the remainders .8 then .6 (earlier) win
        assertThat(Splitter.largestRemainder(new double[] {0.6, 0.3, 0.1}, 2766)).containsExactly(1660, 830, 276);
        assertThat(Splitter.largestRemainder(new double[] {0.5, 0.5}, 3)).containsExactly(2, 1);
        assertThat(Splitter.largestRemainder(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, 10)).containsExactly(4, 3, 3);
    }

    @Test
    void randomSplitHasTheProtocolSizesCoversEveryRowOnceAndIsReproducible() {
        Partition p = Splitter.random(2766, new double[] {0.6, 0.3, 0.1}, 0.2, 42);
        assertThat(p.names()).containsExactly("site1", "site2", "site3");
        assertThat(p.sites()).extracting(SiteRows::size).containsExactly(1660, 830, 276);
        assertThat(p.sites()).extracting(s -> s.test().length).containsExactly(332, 166, 55);
        int[] all = concatSorted(p.pooledTrain(), p.pooledTest());
        assertThat(all).hasSize(2766);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
        assertThat(Splitter.random(2766, new double[] {0.6, 0.3, 0.1}, 0.2, 42)).isEqualTo(p);
        assertThat(Splitter.random(2766, new double[] {0.6, 0.3, 0.1}, 0.2, 43)).isNotEqualTo(p);
        // not simply the first rows: site1 must hold rows from the whole range
        int[] site1 = p.site("site1").train();
        assertThat(site1[site1.length - 1]).isGreaterThan(2500);
        assertThat(site1[0]).isLessThan(20);
    }

    @Test
    void stratifiedSplitSharesEventsProportionally() {
        boolean[] event = new boolean[1000];
        for (int i = 0; i < 300; i++) {
            event[i * 3] = true;
        }
        Partition p = Splitter.stratified(event, new double[] {0.5, 0.3, 0.2}, 0.2, 7);
        // 300 events -> 150/90/60, 700 others -> 350/210/140; test 20 % of each part
        int[] expectedEvents = {150, 90, 60};
        int[] expectedTestEvents = {30, 18, 12};
        for (int s = 0; s < 3; s++) {
            SiteRows site = p.sites().get(s);
            assertThat(count(event, site.train()) + count(event, site.test())).isEqualTo(expectedEvents[s]);
            assertThat(count(event, site.test())).isEqualTo(expectedTestEvents[s]);
        }
        assertThat(p.sites()).extracting(SiteRows::size).containsExactly(500, 300, 200);
    }

    @Test
    void countsAndBadFractions() {
        Partition p = Splitter.randomCounts(new int[] {5, 3, 2}, 0.2, 1);
        assertThat(p.sites()).extracting(s -> s.train().length).containsExactly(4, 2, 2);
        assertThat(p.sites()).extracting(s -> s.test().length).containsExactly(1, 1, 0);
        assertThatThrownBy(() -> Splitter.random(10, new double[] {0.6, 0.3}, 0.2, 1))
                .hasMessageContaining("must sum to 1");
        assertThatThrownBy(() -> Splitter.random(10, new double[] {1.2, -0.2}, 0.2, 1))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Splitter.random(10, new double[] {1}, 1.0, 1)).hasMessageContaining("test fraction");
        assertThat(Splitter.random(10, new double[] {0.6, 0.3, 0.1 + 5e-10}, 0, 1).pooledTrain()).hasSize(10);
    }

    @Test
    void mdsSplit42AssignmentFile() {
        Path mds = SharedData.mds();
        Table data = TableReader.read(mds.resolve("mds_iwgpm.csv"));
        Partition p = Splitter.fromAssignment(mds.resolve("split42_assignment.csv"), data);
        assertThat(p.names()).containsExactly("site1", "site2", "site3");
        assertThat(p.sites()).extracting(SiteRows::size).containsExactly(1660, 830, 276);
        assertThat(p.sites()).extracting(s -> s.test().length).containsExactly(332, 166, 55);
        assertThat(p.pooledTrain()).hasSize(2213);
        // line 2 of the assignment is "1,1,train": the first data row is a site1 training row
        assertThat(p.site("site1").train()[0]).isZero();
        // split42_oracle.json: centralized events_train 1088, isolated_site3 n_train 221 with 99 events
        double[] event = data.numeric("event");
        assertThat(sum(event, p.pooledTrain())).isEqualTo(1088);
        assertThat(p.site("site3").train()).hasSize(221);
        assertThat(sum(event, p.site("site3").train())).isEqualTo(99);
    }

    @Test
    void assignmentErrors() throws IOException {
        Table data = TableReader.read(write("d.csv", "x\n1\n2\n3\n"));
        assertThat(Splitter.fromAssignment(write("ok.csv", "row,site,role\n3,B,test\n1,A,train\n2,B,train\n"), data)
                .sites()).containsExactly(new SiteRows("A", new int[] {0}, new int[0]),
                        new SiteRows("B", new int[] {1}, new int[] {2}));
        assertThatThrownBy(() -> Splitter.fromAssignment(write("a1.csv", "row,site,role\n1,1,train\n4,1,test\n"
                + "2,1,train\n"), data)).isInstanceOf(DataException.class)
                .hasMessage("a1.csv:3: column 'row': value '4' is not a data row of d.csv (1..3)");
        assertThatThrownBy(() -> Splitter.fromAssignment(write("a2.csv", "row,site,role\n1,1,train\n1,2,test\n"), data))
                .hasMessage("a2.csv:3: column 'row': value '1' is assigned twice (also on line 2)");
        assertThatThrownBy(() -> Splitter.fromAssignment(write("a3.csv", "row,site,role\n1,1,valid\n"), data))
                .hasMessage("a3.csv:2: column 'role': value 'valid' is not a role (train or test)");
        assertThatThrownBy(() -> Splitter.fromAssignment(write("a4.csv", "row,site,role\n2,1,train\n"), data))
                .hasMessage("a4.csv: has no line for 2 data rows of d.csv: [1, 3]");
        assertThatThrownBy(() -> Splitter.fromAssignment(write("a5.csv", "row,site\n1,1\n"), data))
                .hasMessage("a5.csv: column 'role': does not exist; the columns are [row, site]");
        assertThatThrownBy(() -> Splitter.fromAssignment(write("a6.csv", "row,site,role\n1.5,1,train\n"), data))
                .hasMessageContaining("value '1.5' is not a data row");
    }

    @Test
    void siteColumnNamesBareIntegersAndKeepsRowsAscending() throws IOException {
        Schema s = Schema.survival("time", "event").withExclude(List.of("hospital"));
        Table t = TableReader.read(write("h.csv", "hospital,x,time,event\n2,1,1,1\n1,2,2,0\n2,3,3,1\n10,4,4,1\n"
                + "1,5,5,0\n"), s);
        Partition p = Splitter.bySiteColumn(t, "hospital", 0, 3);
        assertThat(p.sites()).containsExactly(new SiteRows("site1", new int[] {1, 4}, new int[0]),
                new SiteRows("site2", new int[] {0, 2}, new int[0]), new SiteRows("site10", new int[] {3}, new int[0]));
        Partition half = Splitter.bySiteColumn(t, "hospital", 0.5, 3);
        assertThat(half.site("site1").test()).hasSize(1);
        assertThat(half).isEqualTo(Splitter.bySiteColumn(t, "hospital", 0.5, 3));
        Table named = TableReader.read(write("n.csv", "centre,x,label\nOhio,1,1\nAlferd,2,0\n,3,1\n"),
                Schema.binary("label").withExclude(List.of("centre")));
        assertThatThrownBy(() -> Splitter.bySiteColumn(named, "centre", 0, 1)).isInstanceOf(DataException.class)
                .hasMessage("n.csv:4: column 'centre': is missing: every row needs a site");
        assertThat(Splitter.bySiteColumn(named.select(new int[] {0, 1}), "centre", 0, 1).names())
                .containsExactly("Alferd", "Ohio");
    }

    @Test
    void partitionRejectsOverlapsAndSiteRowsCopyArrays() {
        assertThatThrownBy(() -> new Partition(List.of(new SiteRows("a", new int[] {1}, new int[0]),
                new SiteRows("b", new int[] {1}, new int[0])))).hasMessageContaining("row 1 is used twice");
        assertThatThrownBy(() -> new SiteRows("a", new int[] {2, 1}, new int[0])).hasMessageContaining("ascending");
        int[] rows = {0, 1};
        SiteRows s = new SiteRows("a", rows, new int[0]);
        rows[0] = 5;
        s.train()[1] = 7;
        assertThat(s.train()).containsExactly(0, 1);
    }

    private static int count(boolean[] flag, int[] rows) {
        int n = 0;
        for (int r : rows) {
            if (flag[r]) {
                n++;
            }
        }
        return n;
    }

    private static double sum(double[] v, int[] rows) {
        double s = 0;
        for (int r : rows) {
            s += v[r];
        }
        return s;
    }

    private static int[] concatSorted(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        java.util.Arrays.sort(out);
        return out;
    }
}
