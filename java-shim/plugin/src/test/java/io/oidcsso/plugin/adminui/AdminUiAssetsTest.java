package io.oidcsso.plugin.adminui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AdminUiAssetsTest {
    private static final Path FOLDER = Path.of("src/main/resources/io/oidcsso/adminui");

    @Test
    void filesWhenListedThenExactlyTheResourceFolder() throws IOException {
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(FOLDER)) {
            onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(onDisk, new TreeSet<>(AdminUiAssets.FILES));
    }

    @Test
    void scriptsWhenReadThenNoHtmlInjectionNoEvalAndEveryImportShipped() throws IOException {
        Pattern importFrom = Pattern.compile("from '\\./([^']+)'");
        for (String name : AdminUiAssets.FILES) {
            String source = Files.readString(FOLDER.resolve(name), StandardCharsets.UTF_8);
            for (String banned : new String[] {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                    "eval(", "new Function", ".style.", "setAttribute('style'"}) {
                assertFalse(source.contains(banned), name + " uses " + banned);
            }
            Matcher imports = importFrom.matcher(source);
            while (imports.find()) {
                assertTrue(AdminUiAssets.FILES.contains(imports.group(1)), name + " imports " + imports.group(1));
            }
        }
    }

    @Test
    void versionWhenLoadedTwiceThenSameHashOfTheFiles() {
        String version = AdminUiAssets.load().version();
        assertEquals(version, AdminUiAssets.load().version());
        assertTrue(version.matches("[0-9a-f]{16}"), version);
    }

    @Test
    void descriptorWhenPackagedThenAdminLinkForEveryProductAndConfigureUrl() throws IOException {
        String xml;
        try (InputStream in = AdminUiAssetsTest.class.getClassLoader().getResourceAsStream("atlassian-plugin.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("<param name=\"configure.url\">" + AdminUiHandler.ENTRY + "</param>"), xml);
        for (String[] product : new String[][] {{"jira", "top_system_section/security_section"},
                {"confluence", "system.admin/security"}, {"bitbucket", "atl.admin/admin-general-section"},
                {"bamboo", "system.admin/security"}, {"refapp", "system.admin/security"}}) {
            Pattern item = Pattern.compile("<web-item key=\"[^\"]+\" application=\"" + product[0] + "\" section=\""
                    + Pattern.quote(product[1]) + "\"[^>]*>\\s*<label>[^<]+</label>\\s*<link linkId=\"[^\"]+\">"
                    + Pattern.quote(AdminUiHandler.ENTRY) + "</link>");
            assertTrue(item.matcher(xml).find(), product[0]);
        }
        assertTrue(xml.contains("<url-pattern>/oidc-sso/admin</url-pattern>")
                && xml.contains("<url-pattern>/oidc-sso/admin/ui/*</url-pattern>"), xml);
    }
}
