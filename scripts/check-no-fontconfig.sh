#!/usr/bin/env bash
# Shows that report charts render text with no font system: hides libfontconfig in a private mount namespace,
# checks that java.awt.Font now fails there (so the check means something), then renders a line of text to a PNG
# with the report's own Typeface (TypefaceSmoke). Needs root (unshare -m) and a prior
# `./mvnw -B -o install -DskipTests` (which compiles the test classes too). Linux only.
# With a run directory (`scripts/check-no-fontconfig.sh RUNDIR`) it also rebuilds that run's whole report there, with
# the system's fonts hidden too, and checks every chart is byte-identical to RUNDIR's.
set -euo pipefail

cd "$(dirname "$0")/.."
classes=fedhaem-report/target/classes:fedhaem-report/target/test-classes
if [[ ! -f fedhaem-report/target/test-classes/org/fedhaem/report/chart/TypefaceSmoke.class ]]; then
  echo "no compiled TypefaceSmoke: run ./mvnw -B -o install -DskipTests first" >&2
  exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "needs root to hide libfontconfig with unshare -m (try sudo)" >&2
  exit 2
fi
mapfile -t libs < <(ldconfig -p | awk '/libfontconfig\.so/ {print $NF}' | xargs -r readlink -f | sort -u)
if [[ ${#libs[@]} -eq 0 ]]; then
  echo "libfontconfig is not installed here at all: nothing to hide, the smoke run below is the whole check"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/AwtFont.java" <<'JAVA'
public class AwtFont {
    public static void main(String[] args) throws Exception {
        try (var in = AwtFont.class.getResourceAsStream("/org/fedhaem/report/fonts/DejaVuSans.ttf")) {
            var font = java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, in).deriveFont(12f);
            var frc = new java.awt.font.FontRenderContext(null, true, true);
            System.out.println(font.createGlyphVector(frc, "x").getOutline().getBounds2D());
        }
    }
}
JAVA

run="${1:-}"
if [[ -n "$run" ]]; then
  [[ -f "$run/results.json" && -f fedhaem-cli/target/fedhaem.jar ]] \
    || { echo "need RUNDIR/results.json and fedhaem-cli/target/fedhaem.jar (./fedhaem builds it)" >&2; exit 2; }
  mkdir "$out/run" && cp "$run/results.json" "$out/run/"
fi
export CLASSES="$classes" OUT="$out" LIBS="${libs[*]}" RUN="$run"
unshare -m bash -c '
  set -uo pipefail
  for lib in $LIBS; do mount --bind /dev/null "$lib"; echo "hidden: $lib (now /dev/null)"; done
  echo "check 1: java.awt.Font must fail without fontconfig"
  if java -Djava.awt.headless=true -cp "$CLASSES" "$OUT/AwtFont.java" >"$OUT/awt.log" 2>&1; then
    if [[ -n "$LIBS" ]]; then echo "  FAIL: java.awt.Font still works, fontconfig was not hidden"; exit 1; fi
    echo "  (java.awt.Font works here even so)"
  else
    echo "  ok, it fails: $(grep -m1 -E "Error|Exception" "$OUT/awt.log")"
  fi
  echo "check 2: Typeface renders text to a PNG in the same namespace"
  java -Djava.awt.headless=true -cp "$CLASSES" org.fedhaem.report.chart.TypefaceSmoke "$OUT/text.png" || exit 1
  if [[ "$(head -c 8 "$OUT/text.png" | od -An -tx1 | tr -d " \n")" != 89504e470d0a1a0a ]]; then
    echo "  FAIL: $OUT/text.png is not a PNG"; exit 1
  fi
  echo "  ok: a PNG of $(stat -c %s "$OUT/text.png") bytes"
  if [[ -n "$RUN" ]]; then
    for dir in /usr/share/fonts /etc/fonts; do [[ -d $dir ]] && mount -t tmpfs none "$dir"; done
    echo "check 3: fedhaem report rebuilds $RUN'"'"'s charts with no font system and no fonts installed"
    java -jar fedhaem-cli/target/fedhaem.jar report "$OUT/run" >/dev/null || exit 1
    n=0
    for png in "$RUN"/*.png; do
      cmp -s "$png" "$OUT/run/$(basename "$png")" || { echo "  FAIL: $(basename "$png") differs"; exit 1; }
      n=$((n + 1))
    done
    echo "  ok: $n charts, byte for byte those of $RUN"
  fi
'
echo "PASS: text renders with no font system"
