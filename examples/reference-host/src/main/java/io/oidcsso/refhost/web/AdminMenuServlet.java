package io.oidcsso.refhost.web;

import io.oidcsso.refhost.Product;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.plugin.PluginManager;
import io.oidcsso.refhost.plugin.WebItemDescriptor;
import io.oidcsso.refhost.sal.RefUserManager;
import io.oidcsso.refhost.security.AuthenticatedUser;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@value #PATH}: the product's administration page, for administrators ({@value RefUserManager#ADMIN_GROUP}).
 * Its "Security" menu lists the {@code web-item}s enabled plugins declare for that product's security
 * section ({@link Product#adminSecuritySection()}), in weight order, each linking exactly where the plugin
 * says: this is how an admin finds a plugin's configuration page in the products.
 */
public final class AdminMenuServlet extends HttpServlet {
    public static final String PATH = "/secure/admin";
    private static final long serialVersionUID = 1L;

    private final transient PluginManager plugins;
    private final transient FileCrowdService directory;
    private final transient Product product;

    public AdminMenuServlet(PluginManager plugins, FileCrowdService directory, Product product) {
        this.plugins = plugins;
        this.directory = directory;
        this.product = product;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AuthenticatedUser> user = CurrentUser.of(request);
        if (user.isEmpty() || !directory.isUserMemberOfGroup(user.get().name(), RefUserManager.ADMIN_GROUP)) {
            Html.messagePage(request, response, 403, "Administration",
                    "<p id=\"admin-forbidden\">The administration pages are for administrators.</p>");
            return;
        }
        List<WebItemDescriptor> items = plugins.webItems(product.applicationKey(), product.adminSecuritySection());
        StringBuilder links = new StringBuilder();
        for (WebItemDescriptor item : items) {
            links.append("<li>").append("<a").append(item.linkId().isEmpty() ? ""
                    : " id=\"" + Html.escape(item.linkId()) + "\"").append(" href=\"").append(Html.escape(item.link()))
                    .append("\">").append(Html.escape(item.label())).append("</a></li>");
        }
        String section = "<section class=\"card\" id=\"admin-security\"><h2>Security</h2>"
                + "<p class=\"muted\">Section <code id=\"admin-security-section\">"
                + Html.escape(product.adminSecuritySection()) + "</code></p>"
                + (items.isEmpty() ? "<p class=\"muted\" id=\"admin-security-empty\">No plugin adds a page here.</p>"
                        : "<ul id=\"admin-security-items\">" + links + "</ul>")
                + "</section>";
        Html.page(request, response, 200, "Administration",
                "<section class=\"card\"><h1 id=\"admin-heading\">Administration</h1><p class=\"muted\">Settings of "
                        + Html.SITE_NAME + " and its plugins.</p>" + Html.button("admin-plugins", "/rest/plugins/1.0/",
                                "Manage plugins (JSON)", false) + "</section>" + section);
    }
}
