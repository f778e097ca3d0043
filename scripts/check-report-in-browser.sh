#!/usr/bin/env bash
# Renders a run directory's report.html in headless Chromium (Debian's `chromium` package), takes a screenshot and
# checks it is not blank. No network: the page is self-contained and the browser's background traffic is off.
# Usage: scripts/check-report-in-browser.sh RUNDIR [SCREENSHOT.png]
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 RUNDIR [SCREENSHOT.png]" >&2
  exit 2
fi
report="$(cd "$1" 2>/dev/null && pwd)/report.html" || { echo "$0: $1: no such folder" >&2; exit 2; }
[ -f "$report" ] || { echo "$0: $report: no such file (run fedhaem report $1 first)" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "$0: chromium is not installed (apt-get install -y --no-install-recommends chromium)" >&2; exit 2; }
command -v java >/dev/null || { echo "$0: java (a JDK 17) is needed to read the screenshot" >&2; exit 2; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
shot="${2:-$profile/screenshot.png}"
rm -f "$shot"

start=$(date +%s%N)
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$shot" --window-size=1280,4000 "file://$report" >"$profile/chromium.log" 2>&1 || {
    echo "$0: chromium failed; its log:" >&2; cat "$profile/chromium.log" >&2; exit 1; }
end=$(date +%s%N)
[ -s "$shot" ] || { echo "$0: chromium wrote no screenshot; its log:" >&2; cat "$profile/chromium.log" >&2; exit 1; }

# A blank page renders as one colour. A report has black text on white, grey table headers and antialiased edges:
# many distinct colours, and dark pixels spread down the page. Java reads the PNG (a JDK is all fedhaem needs).
cat >"$profile/CheckScreenshot.java" <<'JAVA'
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

public class CheckScreenshot {
    public static void main(String[] a) throws Exception {
        BufferedImage image = ImageIO.read(new File(a[0]));
        if (image == null) {
            System.out.println("FAIL: " + a[0] + " is not an image");
            System.exit(1);
        }
        int w = image.getWidth(), h = image.getHeight();
        Set<Integer> colours = new HashSet<>();
        long dark = 0;
        int darkRows = 0;
        for (int y = 0; y < h; y++) {
            boolean rowDark = false;
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255) < 200) {
                    dark++;
                    rowDark = true;
                }
            }
            darkRows += rowDark ? 1 : 0;
        }
        long total = (long) w * h;
        System.out.printf("report:     %s%n", a[1]);
        System.out.printf("screenshot: %s (%dx%d px, rendered in %s s)%n", a[3], w, h, a[2]);
        System.out.printf("distinct colours: %d (need >= 16); dark pixels: %d (%.2f %%, need >= 0.5 %%); "
                + "rows with dark pixels: %d of %d (need >= 200)%n", colours.size(), dark, 100.0 * dark / total,
                darkRows, h);
        boolean ok = colours.size() >= 16 && dark >= 0.005 * total && darkRows >= 200;
        System.out.println(ok ? "OK: the report renders, not blank" : "FAIL: the screenshot looks blank");
        System.exit(ok ? 0 : 1);
    }
}
JAVA
shown="$shot"
[ -n "${2:-}" ] || shown="(deleted on exit; give a second argument to keep it)"
java "$profile/CheckScreenshot.java" "$shot" "$report" "$(( (end - start) / 1000000000 )).$(( (end - start) / 100000000 % 10 ))" "$shown"
