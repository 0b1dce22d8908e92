package io.github.ccrhil.ccr.firmware.panel;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import java.util.Locale;

/** Renders a {@link PanelView} as a fixed-width text block (every line {@value #WIDTH} characters). */
public final class PanelText {

    public static final int WIDTH = 40;

    private PanelText() {
    }

    public static String render(PanelView v) {
        StringBuilder sb = new StringBuilder();
        line(sb, "+" + "-".repeat(WIDTH - 2) + "+");
        line(sb, row(String.format(Locale.ROOT, "STEP %d/%d  (cmd %d)", v.activeStep(), v.stepCount(), v.commandedStep()),
                v.selector().name()));
        line(sb, row(String.format(Locale.ROOT, "I %6.2f A", v.currentA()), String.format(Locale.ROOT, "U %7.0f V", v.voltageV())));
        line(sb, row(String.format(Locale.ROOT, "S %7.0f VA", v.apparentPowerVA()), String.format(Locale.ROOT, "P %7.0f W", v.realPowerW())));
        String lamps = v.failedLamps() < 0 ? "LAMPS  --" : String.format(Locale.ROOT, "LAMPS %3d", v.failedLamps());
        String ins = Double.isInfinite(v.insulationMegohms()) ? "ISO  >999 MOhm"
                : String.format(Locale.ROOT, "ISO %5.1f MOhm", StrictMath.min(999.9, v.insulationMegohms()));
        line(sb, row(lamps, ins));
        line(sb, row("STATE " + v.state(), v.settingsLocked() ? "SETTINGS LOCKED" : "SETTINGS OPEN"));
        line(sb, row(String.format(Locale.ROOT, "ALARMS %d (unack %d)", v.alarms().size(), v.unacknowledgedAlarmCount()),
                v.linkLost() ? "LINK LOST" : ""));
        StringBuilder names = new StringBuilder();
        for (Alarm a : v.alarms()) {
            if (names.length() > 0) {
                names.append(' ');
            }
            names.append(a.name());
        }
        String all = names.length() == 0 ? "-" : names.toString();
        int inner = WIDTH - 4;
        StringBuilder current = new StringBuilder();
        for (String word : all.split(" ")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > inner) {
                line(sb, "| " + pad(current.toString(), inner) + " |");
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(word.length() > inner ? word.substring(0, inner) : word);
        }
        line(sb, "| " + pad(current.toString(), inner) + " |");
        line(sb, "+" + "-".repeat(WIDTH - 2) + "+");
        return sb.toString();
    }

    private static String row(String left, String right) {
        int inner = WIDTH - 4;
        String l = left.length() > inner ? left.substring(0, inner) : left;
        int space = inner - l.length();
        String r = right.length() > space ? right.substring(0, StrictMath.max(0, space)) : right;
        return "| " + l + " ".repeat(inner - l.length() - r.length()) + r + " |";
    }

    private static String pad(String s, int n) {
        return s + " ".repeat(n - s.length());
    }

    private static void line(StringBuilder sb, String s) {
        sb.append(s).append('\n');
    }
}
