package io.oidcsso.refhost.plugin;

import java.util.Comparator;
import java.util.List;

/**
 * The parts of atlassian-plugin.xml this host acts on. Filters are kept in chain order:
 * by location, then weight (lower first), then declaration order. {@code configureUrl} is the
 * plugin-info's {@code <param name="configure.url">} (null when absent), where the plugin admin
 * links "Configure"; web items are the menu links the host's pages show; auth handlers are the Bitbucket
 * {@code http-auth-handler} modules (empty in the other modes), by weight.
 */
public record PluginDescriptor(
        String key, String name, List<FilterModuleDescriptor> filters, List<ServletModuleDescriptor> servlets,
        List<String> declarationOrder, String configureUrl, List<WebItemDescriptor> webItems,
        List<AuthHandlerDescriptor> authHandlers) {

    public PluginDescriptor {
        webItems = webItems.stream().sorted(Comparator.comparingInt(WebItemDescriptor::weight)).toList();
        filters = filters.stream()
                .sorted(Comparator.comparing(FilterModuleDescriptor::location)
                        .thenComparingInt(FilterModuleDescriptor::weight))
                .toList();
        servlets = List.copyOf(servlets);
        authHandlers = authHandlers.stream().sorted(Comparator.comparingInt(AuthHandlerDescriptor::weight)).toList();
        declarationOrder = List.copyOf(declarationOrder);
    }

    /** A plugin without a descriptor (a bare bundle): no modules. */
    public static PluginDescriptor empty(String key) {
        return new PluginDescriptor(key == null ? "" : key, "", List.of(), List.of(), List.of(), null, List.of(), List.of());
    }

    /** The filters of one location, in the order they run. */
    public List<FilterModuleDescriptor> filtersAt(FilterLocation location) {
        return filters.stream().filter(f -> f.location() == location).toList();
    }
}
