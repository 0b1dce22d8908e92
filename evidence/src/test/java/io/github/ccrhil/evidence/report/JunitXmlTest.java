package io.github.ccrhil.evidence.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** CI systems see a FAIL as a failure and an INCONCLUSIVE as an error. */
class JunitXmlTest {

    private static Verdict v(String id, Outcome o) {
        return new Verdict(id, "proc", "req <1>", "§1", o, "because & why", "plant-trace", false,
                List.of(new Check("r", "what", "lim", "≤ 1 A", "doc §1", true, "0.5 A", o, Double.NaN)), List.of());
    }

    @Test
    void aFailIsAFailureAndAnInconclusiveAnError() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seed", "42");
        props.put("dut", "a\"b");
        String xml = JunitXml.render("plan <x>", props, List.of(v("a", Outcome.PASS), v("b", Outcome.FAIL), v("c", Outcome.INCONCLUSIVE)));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var suite = d.getDocumentElement();
        assertEquals("plan <x>", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals(1, d.getElementsByTagName("failure").getLength());
        assertEquals(1, d.getElementsByTagName("error").getLength());
        assertEquals("plan <x>.proc", ((org.w3c.dom.Element) d.getElementsByTagName("testcase").item(0)).getAttribute("classname"));
        assertEquals("a\"b", ((org.w3c.dom.Element) d.getElementsByTagName("property").item(1)).getAttribute("value"));
        assertTrue(xml.contains("INCONCLUSIVE  r: what: measured 0.5 A, limit ≤ 1 A (lim; default: doc §1)"), xml);
    }
}
