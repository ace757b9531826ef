package io.oidcsso.plugin.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static List<String> diff(String before, String after) {
        return ConfigDiff.between(before == null ? null : json(before), json(after)).stream()
                .map(e -> e.change().wire + " " + e.pointer()).toList();
    }

    @Test
    void betweenWhenIdpsOnlyReorderedThenNoChange() {
        assertEquals(List.of(), diff("{\"idps\":[{\"id\":\"a\",\"x\":1},{\"id\":\"b\"}]}",
                "{\"idps\":[{\"id\":\"b\"},{\"id\":\"a\",\"x\":1}]}"));
    }

    @Test
    void betweenWhenIdpAddedRemovedAndChangedThenPointersByNewOrOldIndex() {
        assertEquals(List.of("changed /idps/0/clientSecret", "added /idps/1", "removed /idps/1", "added /routing"),
                diff("{\"idps\":[{\"id\":\"a\",\"clientSecret\":\"s1\"},{\"id\":\"gone\"}]}",
                        "{\"idps\":[{\"id\":\"a\",\"clientSecret\":\"s2\"},{\"id\":\"new\"}],\"routing\":{}}"));
    }

    @Test
    void betweenWhenOtherArrayChangesThenTheArrayAsOneValue() {
        assertEquals(List.of("changed /routing/rules", "removed /schemaVersion"),
                diff("{\"schemaVersion\":1,\"routing\":{\"rules\":[1,2]}}", "{\"routing\":{\"rules\":[2,1]}}"));
    }

    @Test
    void betweenWhenNothingStoredThenTheWholeDocumentIsAdded() {
        assertEquals(List.of("added "), diff(null, "{}"));
    }

    @Test
    void betweenWhenMemberNameHasSlashOrTildeThenEscaped() {
        assertEquals(List.of("added /a~1b~0c"), diff("{}", "{\"a/b~c\":1}"));
    }
}
