package io.github.ccrhil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedObjectsAndArraysWithNumbersRoundedAndNonFiniteAsNull() {
        String s = new Json().beginObject()
                .member("step", 3)
                .member("current", 5.5049, 2)
                .member("insulation", Double.POSITIVE_INFINITY, 1)
                .member("locked", true)
                .name("alarms").beginArray().value("OPEN_CIRCUIT").value("I_MIN").endArray()
                .name("empty").beginObject().endObject()
                .endObject().toString();
        assertEquals("{\"step\":3,\"current\":5.50,\"insulation\":null,\"locked\":true,"
                + "\"alarms\":[\"OPEN_CIRCUIT\",\"I_MIN\"],\"empty\":{}}", s);
    }

    @Test
    void aValueThatRoundsToZeroIsWrittenWithoutASign() {
        assertEquals("[0,0.00,-0.01]", new Json().beginArray().value(-0.2, 0).value(-0.001, 2).value(-0.01, 2).endArray().toString());
    }

    @Test
    void escapesQuotesControlCharactersAndMarkup() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\\u003cscript>\"", Json.quote("a\"b\\c\n\u0001<script>"));
    }
}
