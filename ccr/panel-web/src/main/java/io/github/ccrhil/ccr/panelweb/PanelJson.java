package io.github.ccrhil.ccr.panelweb;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.Event;
import io.github.ccrhil.ccr.firmware.panel.PanelView;
import io.github.ccrhil.web.Json;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/** One panel snapshot as the page receives it (JSON, the same for the live stream and {@code GET /api/panel}). */
final class PanelJson {

    private PanelJson() {
    }

    static String write(long sequence, Instant sentAt, PanelView v, List<Event> events, boolean readOnly) {
        Json j = new Json().beginObject()
                .member("sequence", sequence)
                .member("sentAtMs", sentAt.toEpochMilli())
                .member("readOnly", readOnly)
                .member("activeStep", v.activeStep())
                .member("commandedStep", v.commandedStep())
                .member("stepCount", v.stepCount())
                .member("currentA", v.currentA(), 2)
                .member("voltageV", v.voltageV(), 0)
                .member("apparentPowerVA", v.apparentPowerVA(), 0)
                .member("realPowerW", v.realPowerW(), 0)
                .member("powerFactor", v.powerFactor(), 2);
        j.name("failedLamps");
        if (v.failedLamps() < 0) {
            j.value((String) null);
        } else {
            j.value(v.failedLamps());
        }
        j.member("insulationMegohms", v.insulationMegohms(), 1)
                .member("state", v.state())
                .member("tripCause", v.tripCause().map(Enum::name).orElse(null))
                .member("selector", v.selector().name())
                .member("settingsLocked", v.settingsLocked())
                .member("linkLost", v.linkLost());
        EnumSet<Alarm> shown = EnumSet.noneOf(Alarm.class);
        shown.addAll(v.alarms());
        shown.addAll(v.unacknowledgedAlarms());
        j.name("alarms").beginArray();
        for (Alarm a : shown) {
            j.beginObject()
                    .member("name", a.name())
                    .member("active", v.alarms().contains(a))
                    .member("acknowledged", !v.unacknowledgedAlarms().contains(a))
                    .endObject();
        }
        j.endArray();
        j.name("events").beginArray();
        for (Event e : events) {
            j.beginObject()
                    .member("sequence", e.sequence())
                    .member("at", e.timestamp().toString())
                    .member("kind", e.kind().name())
                    .member("detail", e.detail())
                    .endObject();
        }
        j.endArray();
        return j.endObject().toString();
    }
}
