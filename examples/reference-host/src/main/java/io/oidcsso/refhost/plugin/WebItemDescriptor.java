package io.oidcsso.refhost.plugin;

/**
 * A {@code web-item} module: a link the product shows in one of its menus ({@code section}, e.g. the
 * administration menu's security section), ordered by {@code weight} (lower first). {@code application},
 * when given, keeps the item to that product (as the products' plugin framework filters modules by
 * their {@code application} attribute); empty means every product.
 */
public record WebItemDescriptor(String key, String application, String section, int weight, String label,
        String linkId, String link) {

    /**
     * True when the item belongs in {@code section} of the product with this application key and has
     * something to show: a label and a link on this host (a path; the menu never links elsewhere).
     */
    public boolean shownIn(String applicationKey, String menuSection) {
        return section.equals(menuSection) && (application.isEmpty() || application.equals(applicationKey))
                && !label.isEmpty() && link.startsWith("/") && !link.startsWith("//");
    }
}
