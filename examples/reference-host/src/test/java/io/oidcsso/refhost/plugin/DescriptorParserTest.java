package io.oidcsso.refhost.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.servlet.DispatcherType;
import org.junit.jupiter.api.Test;

class DescriptorParserTest {
    private static PluginDescriptor parse(String modules) {
        String xml = "<atlassian-plugin key=\"k\" name=\"n\" plugins-version=\"2\">" + modules + "</atlassian-plugin>";
        return new DescriptorParser().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String filter(String key, String location, String weight, String extra) {
        return "<servlet-filter key=\"" + key + "\" class=\"x." + key + "\""
                + (location == null ? "" : " location=\"" + location + "\"")
                + (weight == null ? "" : " weight=\"" + weight + "\"")
                + "><url-pattern>/*</url-pattern>" + extra + "</servlet-filter>";
    }

    @Test
    void parseWhenBitbucketThenHttpAuthHandlersByWeightElseSkipped() {
        String xml = "<atlassian-plugin key=\"k\" name=\"n\" plugins-version=\"2\">"
                + "<http-auth-handler key=\"heavy\" class=\"x.Heavy\"/>"
                + "<http-auth-handler key=\"light\" class=\"x.Light\" weight=\"50\" application=\"bitbucket\"/>"
                + "<http-auth-handler key=\"jiraOnly\" class=\"x.Jira\" weight=\"10\" application=\"jira\"/>"
                + "</atlassian-plugin>";

        PluginDescriptor bitbucket = new DescriptorParser(true)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        PluginDescriptor other = new DescriptorParser()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(new AuthHandlerDescriptor("light", "x.Light", 50), new AuthHandlerDescriptor("heavy", "x.Heavy", 100)),
                bitbucket.authHandlers());
        assertEquals(List.of("heavy", "light"), bitbucket.declarationOrder());
        assertEquals(List.of(), other.authHandlers(), "an unknown module type is skipped");
        assertEquals(List.of(), other.declarationOrder());
        DescriptorException noClass = assertThrows(DescriptorException.class, () -> new DescriptorParser(true).parse(
                new ByteArrayInputStream("<atlassian-plugin key=\"k\"><http-auth-handler key=\"h\"/></atlassian-plugin>"
                        .getBytes(StandardCharsets.UTF_8))));
        assertTrue(noClass.getMessage().contains("http-auth-handler `h` has no `class`"), noClass.getMessage());
    }

    @Test
    void parseWhenFiltersInMixedLocationsThenOrderedByLocationThenWeightThenDeclaration() {
        PluginDescriptor d = parse(filter("dispatch", "before-dispatch", "1", "")
                + filter("loginHeavy", "before-login", "200", "")
                + filter("decoration", "before-decoration", null, "")
                + filter("loginLight", "before-login", "100", "")
                + filter("loginLightToo", "before-login", "100", "")
                + filter("encoding", "after-encoding", "999", ""));
        List<String> keys = d.filters().stream().map(FilterModuleDescriptor::key).toList();
        assertEquals(List.of("encoding", "loginLight", "loginLightToo", "loginHeavy", "decoration", "dispatch"), keys);
    }

    @Test
    void parseWhenLocationAndWeightMissingThenBeforeDispatchAndWeight100() {
        FilterModuleDescriptor f = parse(filter("plain", null, null, "")).filters().get(0);
        assertEquals(FilterLocation.BEFORE_DISPATCH, f.location());
        assertEquals(100, f.weight());
    }

    @Test
    void parseWhenNoDispatcherThenRequestOnly() {
        FilterModuleDescriptor f = parse(filter("plain", "before-login", null, "")).filters().get(0);
        assertEquals(Set.of(DispatcherType.REQUEST), f.dispatchers());
        assertTrue(f.appliesTo("/anything", DispatcherType.REQUEST));
        assertFalse(f.appliesTo("/anything", DispatcherType.FORWARD));
    }

    @Test
    void parseWhenSeveralDispatchersAndPatternsThenAllKept() {
        FilterModuleDescriptor f = parse("<servlet-filter key=\"f\" class=\"x.F\" location=\"before-login\">"
                + "<url-pattern>/logout</url-pattern><url-pattern>/plugins/servlet/*</url-pattern>"
                + "<dispatcher>REQUEST</dispatcher><dispatcher>forward</dispatcher></servlet-filter>").filters().get(0);
        assertEquals(Set.of(DispatcherType.REQUEST, DispatcherType.FORWARD), f.dispatchers());
        assertTrue(f.appliesTo("/logout", DispatcherType.FORWARD));
        assertTrue(f.appliesTo("/plugins/servlet/oidc/callback", DispatcherType.REQUEST));
        assertFalse(f.appliesTo("/logout2", DispatcherType.REQUEST));
        assertFalse(f.appliesTo("/logout", DispatcherType.ERROR));
    }

    @Test
    void parseWhenServletModuleThenPatternsAndInitParamsKept() {
        ServletModuleDescriptor s = parse("<servlet key=\"cb\" class=\"x.Cb\"><url-pattern>/oidc/callback</url-pattern>"
                + "<init-param><param-name>a</param-name><param-value>b</param-value></init-param></servlet>").servlets().get(0);
        assertEquals("x.Cb", s.className());
        assertEquals("/oidc/callback", s.urlPatterns().get(0).pattern());
        assertEquals("b", s.initParams().get("a"));
    }

    @Test
    void parseWhenLocationUnknownThenError() {
        DescriptorException e = assertThrows(DescriptorException.class, () -> parse(filter("f", "before-anything", null, "")));
        assertTrue(e.getMessage().contains("before-anything"), e.getMessage());
    }

    @Test
    void parseWhenWeightNotANumberThenError() {
        assertThrows(DescriptorException.class, () -> parse(filter("f", "before-login", "heavy", "")));
    }

    @Test
    void parseWhenDispatcherUnknownThenError() {
        assertThrows(DescriptorException.class, () -> parse(filter("f", "before-login", null, "<dispatcher>ASYNC</dispatcher>")));
    }

    @Test
    void parseWhenModuleHasNoUrlPatternThenError() {
        assertThrows(DescriptorException.class, () -> parse("<servlet key=\"s\" class=\"x.S\"/>"));
    }

    @Test
    void parseWhenTwoModulesShareAKeyThenError() {
        assertThrows(DescriptorException.class, () -> parse(filter("same", null, null, "") + filter("same", null, null, "")));
    }

    @Test
    void parseWhenDoctypeDeclaredThenRejected() {
        String xml = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><atlassian-plugin key=\"k\">&e;</atlassian-plugin>";
        assertThrows(DescriptorException.class,
                () -> new DescriptorParser().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void parseWhenOtherModuleTypesPresentThenIgnored() {
        PluginDescriptor d = parse("<web-item key=\"w\" section=\"s\"/><rest key=\"r\" path=\"/x\"/>");
        assertTrue(d.filters().isEmpty());
        assertTrue(d.servlets().isEmpty());
    }

    @Test
    void parseWhenWebItemsThenSectionApplicationLabelAndLinkKeptInWeightOrder() {
        PluginDescriptor d = parse("<web-item key=\"b\" section=\"system.admin/security\" weight=\"70\">"
                + "<label>B</label><link linkId=\"b-link\">/plugins/servlet/b</link></web-item>"
                + "<web-item key=\"a\" application=\"jira\" section=\"top_system_section/security_section\" weight=\"5\">"
                + "<label>A</label><link>/plugins/servlet/a</link></web-item>");
        assertEquals(List.of(new WebItemDescriptor("a", "jira", "top_system_section/security_section", 5, "A", "",
                "/plugins/servlet/a"), new WebItemDescriptor("b", "", "system.admin/security", 70, "B", "b-link",
                "/plugins/servlet/b")), d.webItems());
        assertTrue(d.webItems().get(0).shownIn("jira", "top_system_section/security_section"));
        assertFalse(d.webItems().get(0).shownIn("confluence", "top_system_section/security_section"));
        assertTrue(d.webItems().get(1).shownIn("bamboo", "system.admin/security"));
        assertEquals(List.of("b", "a"), d.declarationOrder());
    }

    @Test
    void parseWhenWebItemWithoutLinkOrLinkingOffSiteThenKeptButNeverShown() {
        PluginDescriptor d = parse("<web-item key=\"x\" section=\"s\"><label>X</label></web-item>"
                + "<web-item key=\"y\" section=\"s\"><label>Y</label><link>//evil.test/</link></web-item>"
                + "<web-item key=\"z\" section=\"s\"><link>/plugins/servlet/z</link></web-item>");
        assertEquals(3, d.webItems().size());
        assertTrue(d.webItems().stream().noneMatch(item -> item.shownIn("refapp", "s")), d.webItems().toString());
    }

    @Test
    void parseWhenPluginInfoHasConfigureUrlThenKeptElseNull() {
        assertEquals("/plugins/servlet/x/admin", parse("<plugin-info><version>1</version>"
                + "<param name=\"configure.url\"> /plugins/servlet/x/admin </param></plugin-info>").configureUrl());
        assertEquals(null, parse("<plugin-info><version>1</version></plugin-info>").configureUrl());
        assertThrows(DescriptorException.class, () -> parse("<plugin-info><param name=\"configure.url\">"
                + "https://elsewhere.test/</param></plugin-info>"));
    }
}
