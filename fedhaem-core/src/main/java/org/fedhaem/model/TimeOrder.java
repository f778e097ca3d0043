package org.fedhaem.model;

/** A stable ordering of row indices by survival time, without boxing (it runs on every Cox fit and loss call). */
final class TimeOrder {
    private TimeOrder() {
    }

    /** Row indices sorted by {@code time} from the largest to the smallest; equal times keep their row order. */
    static int[] descending(double[] time) {
        int n = time.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] buf = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    buf[k++] = time[a[j]] > time[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    buf[k++] = a[i++];
                }
                while (j < hi) {
                    buf[k++] = a[j++];
                }
                System.arraycopy(buf, lo, a, lo, hi - lo);
            }
        }
        return a;
    }
}
