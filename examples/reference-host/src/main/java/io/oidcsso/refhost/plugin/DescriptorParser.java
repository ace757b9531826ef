package io.oidcsso.refhost.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.servlet.DispatcherType;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the servlet-filter, servlet and web-item modules of an atlassian-plugin.xml (and in Bitbucket mode
 * its http-auth-handler modules), and the plugin-info's {@code configure.url} parameter. Other module types
 * are skipped, as the products' plugin framework skips module types it does not know.
 */
public final class DescriptorParser {
    private static final int DEFAULT_WEIGHT = 100;

    /** Whether {@code <http-auth-handler>} is a module type here (Bitbucket mode); elsewhere it is skipped. */
    private final boolean httpAuthHandlers;

    /** A parser for a product without Bitbucket's module types. */
    public DescriptorParser() {
        this(false);
    }

    public DescriptorParser(boolean httpAuthHandlers) {
        this.httpAuthHandlers = httpAuthHandlers;
    }

    /** Parses the descriptor; a malformed module is an error, not something to skip. */
    public PluginDescriptor parse(InputStream xml) {
        Element root = load(xml).getDocumentElement();
        if (!"atlassian-plugin".equals(root.getTagName())) {
            throw new DescriptorException("root element is <" + root.getTagName() + ">, expected <atlassian-plugin>");
        }
        List<FilterModuleDescriptor> filters = new ArrayList<>();
        List<ServletModuleDescriptor> servlets = new ArrayList<>();
        List<WebItemDescriptor> webItems = new ArrayList<>();
        List<AuthHandlerDescriptor> authHandlers = new ArrayList<>();
        List<String> order = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        String configureUrl = null;
        for (Element module : children(root)) {
            switch (module.getTagName()) {
                case "servlet-filter" -> filters.add(filter(module));
                case "servlet" -> servlets.add(servlet(module));
                case "web-item" -> webItems.add(webItem(module));
                case "http-auth-handler" -> {
                    if (!httpAuthHandlers || !forBitbucket(module)) {
                        continue;
                    }
                    authHandlers.add(authHandler(module));
                }
                case "plugin-info" -> {
                    configureUrl = configureUrl(module);
                    continue;
                }
                default -> {
                    continue;
                }
            }
            String key = module.getAttribute("key");
            if (!keys.add(key)) {
                throw new DescriptorException("two modules share the key `" + key + "`");
            }
            order.add(key);
        }
        return new PluginDescriptor(root.getAttribute("key"), root.getAttribute("name"), filters, servlets, order,
                configureUrl, webItems, authHandlers);
    }

    private static String configureUrl(Element info) {
        for (Element param : children(info, "param")) {
            if ("configure.url".equals(param.getAttribute("name"))) {
                String url = param.getTextContent().trim();
                if (!url.startsWith("/") || url.startsWith("//")) {
                    throw new DescriptorException("plugin-info's configure.url `" + url
                            + "` is not a path on this host (it must start with one /)");
                }
                return url;
            }
        }
        return null;
    }

    /** A web-item; one without a label or link is kept (the products allow it) but never shown in a menu. */
    private static WebItemDescriptor webItem(Element e) {
        String key = required(e, "key", "web-item");
        String label = text(e, "label");
        List<Element> links = children(e, "link");
        return new WebItemDescriptor(key, e.getAttribute("application").trim(), e.getAttribute("section").trim(),
                weight(e, "web-item `" + key + "`"), label == null ? "" : label,
                links.isEmpty() ? "" : links.get(0).getAttribute("linkId").trim(),
                links.isEmpty() ? "" : links.get(0).getTextContent().trim());
    }

    /** No {@code application} attribute, or one naming Bitbucket. */
    private static boolean forBitbucket(Element e) {
        String application = e.getAttribute("application").trim();
        return application.isEmpty() || application.equals("bitbucket");
    }

    private static AuthHandlerDescriptor authHandler(Element e) {
        String key = required(e, "key", "http-auth-handler");
        return new AuthHandlerDescriptor(key, required(e, "class", "http-auth-handler `" + key + "`"),
                weight(e, "http-auth-handler `" + key + "`"));
    }

    private static FilterModuleDescriptor filter(Element e) {
        String key = required(e, "key", "servlet-filter");
        return new FilterModuleDescriptor(
                key,
                required(e, "class", "servlet-filter `" + key + "`"),
                FilterLocation.fromAttribute(e.getAttribute("location")),
                weight(e, "servlet-filter `" + key + "`"),
                patterns(e, key),
                dispatchers(e, key),
                initParams(e));
    }

    private static ServletModuleDescriptor servlet(Element e) {
        String key = required(e, "key", "servlet");
        return new ServletModuleDescriptor(
                key, required(e, "class", "servlet `" + key + "`"), patterns(e, key), initParams(e));
    }

    private static String required(Element e, String attribute, String what) {
        String value = e.getAttribute(attribute).trim();
        if (value.isEmpty()) {
            throw new DescriptorException(what + " has no `" + attribute + "` attribute");
        }
        return value;
    }

    private static int weight(Element e, String what) {
        String value = e.getAttribute("weight").trim();
        if (value.isEmpty()) {
            return DEFAULT_WEIGHT;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException ex) {
            throw new DescriptorException(what + " has weight `" + value + "`, not an integer", ex);
        }
    }

    private static List<UrlPattern> patterns(Element e, String key) {
        List<UrlPattern> patterns = new ArrayList<>();
        for (Element child : children(e, "url-pattern")) {
            patterns.add(new UrlPattern(child.getTextContent()));
        }
        if (patterns.isEmpty()) {
            throw new DescriptorException("module `" + key + "` has no <url-pattern>");
        }
        return patterns;
    }

    private static Set<DispatcherType> dispatchers(Element e, String key) {
        Set<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        for (Element child : children(e, "dispatcher")) {
            String name = child.getTextContent().trim().toUpperCase(Locale.ROOT);
            try {
                DispatcherType type = DispatcherType.valueOf(name);
                if (type == DispatcherType.ASYNC) {
                    throw new IllegalArgumentException(name);
                }
                types.add(type);
            } catch (IllegalArgumentException ex) {
                throw new DescriptorException("servlet-filter `" + key + "` has <dispatcher>" + name
                        + "</dispatcher>; expected REQUEST, FORWARD, INCLUDE or ERROR", ex);
            }
        }
        return types.isEmpty() ? EnumSet.of(DispatcherType.REQUEST) : types;
    }

    private static Map<String, String> initParams(Element e) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element param : children(e, "init-param")) {
            String name = text(param, "param-name");
            if (name != null) {
                params.put(name, text(param, "param-value") == null ? "" : text(param, "param-value"));
            }
        }
        return params;
    }

    private static String text(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element element) {
                out.add(element);
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String tag) {
        return children(parent).stream().filter(c -> c.getTagName().equals(tag)).toList();
    }

    private static Document load(InputStream xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // Errors become our exception; the default handler would also print them to stderr.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder.parse(xml);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new DescriptorException("atlassian-plugin.xml is not well-formed XML: " + e.getMessage(), e);
        }
    }
}
