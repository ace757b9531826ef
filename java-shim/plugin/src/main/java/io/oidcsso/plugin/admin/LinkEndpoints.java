package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.engine.EngineInfo;
import io.oidcsso.plugin.engine.LoginEngine;
import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.ExternalId;
import io.oidcsso.plugin.host.LinkedIdentity;
import io.oidcsso.plugin.host.UserDirectory;
import io.oidcsso.plugin.host.UserDirectoryException;
import io.oidcsso.plugin.login.AuditLog;
import io.oidcsso.plugin.login.PendingLinks;
import io.oidcsso.plugin.runtime.PluginRuntime;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;

/**
 * Account linking by the administrator (docs/admin-guide.md "Accounts"): {@code GET links/pending}
 * (recent logins refused with {@code account_exists_not_linked}), {@code GET links?user=} or
 * {@code ?idp=&sub=} (existing links), {@code POST links} (link an IdP identity to an existing
 * account) and {@code DELETE links} (unlink). An identity is linked to at most one account: a link
 * never moves it from another account (409), so an admin cannot hand someone's IdP identity a second
 * account by mistake. A link confirmed from a refused login ({@code reference} in the request) is made only
 * to the account that login claimed, by its user key: when that account was renamed, or deleted and its name
 * given to a new account, since the refusal, the confirmation is refused (409 {@code account_changed}).
 * Every change is audited with the administrator who made it.
 */
final class LinkEndpoints {
    static final int MAX_VALUE = 255;

    private final PluginRuntime runtime;
    private final UserDirectory directory;
    private final PendingLinks pending;

    LinkEndpoints(PluginRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.directory = runtime.adapters().userDirectory();
        this.pending = new PendingLinks(runtime.adapters().clusterState(), directory, runtime.clock());
    }

    JsonObject pending() {
        JsonArray list = new JsonArray();
        for (PendingLinks.Refusal refusal : pending.list()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("reference", refusal.reference());
            entry.addProperty("idp", refusal.idp());
            entry.addProperty("issuer", refusal.issuer());
            entry.addProperty("sub", refusal.subject());
            entry.addProperty("username", refusal.username());
            entry.addProperty("email", refusal.email());
            entry.addProperty("at", Instant.ofEpochSecond(refusal.atEpochSeconds()).toString());
            Optional<DirectoryUser> named = guarded(() -> directory.findByUsername(refusal.username()));
            entry.addProperty("accountExists", named.isPresent());
            // The claimed account now (by the key the refusal bound); changed when linking the claimed name
            // would be refused: renamed, deleted, its name taken by another account, or no key kept.
            Optional<DirectoryUser> claimed = guarded(() -> pending.accountNow(refusal));
            entry.addProperty("account", claimed.map(DirectoryUser::username).orElse(null));
            entry.addProperty("accountChanged", claimed.isEmpty() || named.isEmpty()
                    || !claimed.get().key().equals(named.get().key()));
            list.add(entry);
        }
        JsonObject body = new JsonObject();
        body.add("pending", list);
        return body;
    }

    /** {@code ?user=} lists the account's links; {@code ?idp=&sub=} names the account the identity is linked to. */
    JsonObject find(HttpServletRequest request) {
        Optional<String> user = query(request, "user");
        Optional<String> idp = query(request, "idp");
        Optional<String> sub = query(request, "sub");
        if (user.isPresent() == (idp.isPresent() || sub.isPresent())) {
            throw ApiException.badRequest("ask with ?user=<username>, or with ?idp=<IdP id>&sub=<subject>");
        }
        JsonObject body = new JsonObject();
        if (user.isPresent()) {
            DirectoryUser account = guarded(() -> directory.findByUsername(user.get())).orElseThrow(() ->
                    noSuchUser(user.get()));
            body.addProperty("user", account.username());
            JsonArray links = new JsonArray();
            List<EngineInfo.Idp> idps = idps();
            for (LinkedIdentity link : guarded(() -> directory.links(account.username()))) {
                JsonObject entry = new JsonObject();
                entry.addProperty("hash", link.hash());
                ExternalId identity = link.identity();
                entry.addProperty("idp", identity == null ? null : idps.stream()
                        .filter(i -> i.issuer().equals(identity.issuer())).map(EngineInfo.Idp::id).findFirst()
                        .orElse(null));
                entry.addProperty("issuer", identity == null ? null : identity.issuer());
                entry.addProperty("sub", identity == null ? null : identity.subject());
                links.add(entry);
            }
            body.add("links", links);
            return body;
        }
        String idpId = idp.orElseThrow(() -> ApiException.badRequest("idp is missing"));
        String subject = sub.orElseThrow(() -> ApiException.badRequest("sub is missing"));
        ExternalId identity = new ExternalId(issuerOf(idpId), subject);
        body.addProperty("idp", idpId);
        body.addProperty("issuer", identity.issuer());
        body.addProperty("sub", subject);
        Optional<DirectoryUser> linked = guarded(() -> directory.findByExternalId(identity));
        if (linked.isPresent()) {
            body.addProperty("user", linked.get().username());
        } else {
            body.add("user", JsonNull.INSTANCE);
        }
        return body;
    }

    /**
     * {@code POST links}: 404 when there is no such account, 409 when the identity is another account's, or,
     * with {@code reference}, when the account is not the one that refused login claimed.
     */
    JsonObject link(JsonObject request, String admin) {
        String idpId = required(request, "idp");
        String subject = required(request, "sub");
        String username = required(request, "user");
        Optional<String> reference = Fields.optionalString(request, "reference").map(String::strip)
                .filter(v -> !v.isEmpty());
        ExternalId identity = new ExternalId(issuerOf(idpId), subject);
        String claimedKey = reference.isPresent() ? checkClaimedAccount(identity, reference.get(), username) : null;
        Optional<DirectoryUser> before = guarded(() -> directory.findByExternalId(identity));
        boolean changed = false;
        String linkedTo;
        if (before.isPresent()) {
            linkedTo = before.get().username();
        } else {
            linkedTo = guarded(() -> directory.linkUnlessLinked(username, identity)).orElseThrow(() ->
                    noSuchUser(username));
            changed = linkedTo.equalsIgnoreCase(username);
            if (changed && claimedKey != null) {
                undoUnlessStillTheClaimedAccount(identity, claimedKey, linkedTo, admin);
            }
        }
        if (!linkedTo.equalsIgnoreCase(username)) {
            throw new ApiException(409, "linked_elsewhere", "this identity (" + idpId + ", sub " + subject
                    + ") is linked to the account " + linkedTo + "; unlink it there first");
        }
        if (changed) {
            runtime.bearerAccounts().linksChanged();
            runtime.audit().record("account.linked", AuditLog.fields("user", linkedTo, "idp", idpId, "subject",
                    subject, "by", admin, "source", "admin"));
        }
        pending.forget(identity);
        JsonObject body = new JsonObject();
        body.addProperty("user", linkedTo);
        body.addProperty("idp", idpId);
        body.addProperty("sub", subject);
        body.addProperty("changed", changed);
        return body;
    }

    /**
     * A confirmation of the refused login {@code reference}: {@code username} must name the account that login
     * claimed, by the user key its record bound (a rename keeps the key; a new account under the name has
     * another one).
     */
    private String checkClaimedAccount(ExternalId identity, String reference, String username) {
        PendingLinks.Refusal refusal = guarded(() -> pending.find(identity)).filter(r -> r.reference()
                .equals(reference)).orElseThrow(() -> new ApiException(409, "pending_link_changed", "the refused"
                + " login " + reference + " is no longer waiting for a link (linked, expired, or refused again"
                + " since under another reference): refresh the list"));
        if (refusal.accountKey() == null) {
            throw new ApiException(409, "pending_link_outdated", "the refused login " + reference + " was kept"
                    + " without the user key of the account it claimed, so that account cannot be told apart from"
                    + " a new one under the name " + refusal.username() + "; ask the user to sign in again (the new"
                    + " refusal keeps the key) and link that one");
        }
        DirectoryUser target = guarded(() -> directory.findByUsername(username)).orElseThrow(() ->
                noSuchUser(username));
        if (!refusal.accountKey().equals(target.key())) {
            Optional<DirectoryUser> claimed = guarded(() -> pending.accountNow(refusal));
            throw new ApiException(409, "account_changed", "the account " + target.username() + " is not the"
                    + " account the refused login " + reference + " claimed (" + refusal.username() + "): "
                    + claimed.map(c -> "that account was renamed to " + c.username())
                            .orElse("that account no longer exists")
                    + ". Nothing was linked; link only after checking which account is this person's");
        }
        return refusal.accountKey();
    }

    /**
     * The directory links by name, so a rename (and a new account under the name) between
     * {@link #checkClaimedAccount} and the link would put the link on another account: read the claimed account
     * by its key again and, unless it is the one linked, take the link off and refuse (fail closed, audited).
     */
    private void undoUnlessStillTheClaimedAccount(ExternalId identity, String claimedKey, String linkedTo,
            String admin) {
        Optional<DirectoryUser> claimed = guarded(() -> directory.findByKey(claimedKey));
        if (claimed.isPresent() && claimed.get().username().equalsIgnoreCase(linkedTo)) {
            return;
        }
        guarded(() -> directory.unlink(linkedTo, identity.hash()));
        runtime.audit().record("account.link_undone", AuditLog.fields("user", linkedTo, "issuer",
                identity.issuer(), "subject", identity.subject(), "by", admin, "reason", "account_changed"));
        throw new ApiException(409, "account_changed", "the account " + linkedTo + " changed while it was linked: "
                + claimed.map(c -> "the claimed account is now " + c.username()).orElse("the claimed account no"
                + " longer exists") + ". The link was taken off again; link only after checking which account is"
                + " this person's");
    }

    /** {@code DELETE links}: {@code {"user", "idp", "sub"}} or {@code {"user", "hash"}}; 404 when not linked. */
    JsonObject unlink(JsonObject request, String admin) {
        String username = required(request, "user");
        Optional<String> hash = Fields.optionalString(request, "hash");
        String idpId = null;
        String subject = null;
        String externalIdHash;
        if (hash.isPresent()) {
            if (request.has("idp") || request.has("sub")) {
                throw ApiException.badRequest("send either hash, or idp and sub");
            }
            externalIdHash = hash.get();
        } else {
            idpId = required(request, "idp");
            subject = required(request, "sub");
            externalIdHash = new ExternalId(issuerOf(idpId), subject).hash();
        }
        DirectoryUser account = guarded(() -> directory.findByUsername(username)).orElseThrow(() ->
                noSuchUser(username));
        if (!guarded(() -> directory.unlink(account.username(), externalIdHash))) {
            throw new ApiException(404, "not_linked", "this identity is not linked to the account "
                    + account.username());
        }
        // Bearer requests of this identity stop at once on this node, within 2 s on the others.
        runtime.bearerAccounts().linksChanged();
        runtime.audit().record("account.unlinked", AuditLog.fields("user", account.username(), "idp", idpId,
                "subject", subject, "hash", externalIdHash, "by", admin, "source", "admin"));
        JsonObject body = new JsonObject();
        body.addProperty("user", account.username());
        body.addProperty("hash", externalIdHash);
        body.addProperty("changed", true);
        return body;
    }

    private List<EngineInfo.Idp> idps() {
        Optional<LoginEngine> engine = runtime.engineSlot().current();
        if (engine.isEmpty()) {
            return List.of();
        }
        try {
            return engine.get().info().idps();
        } catch (IllegalStateException | io.oidcsso.plugin.nativebridge.OidcSsoException e) {
            return List.of();
        }
    }

    /** The issuer of a configured IdP: the identity is (iss, sub), and the admin names the IdP by its id. */
    private String issuerOf(String idpId) {
        List<EngineInfo.Idp> idps = idps();
        if (idps.isEmpty()) {
            throw new ApiException(503, "unavailable", "no configuration is running on this node, so the IdP "
                    + idpId + " and its issuer are unknown here");
        }
        return idps.stream().filter(i -> i.id().equals(idpId)).map(EngineInfo.Idp::issuer).findFirst()
                .orElseThrow(() -> ApiException.badRequest("idp must be the id of a configured IdP: " + String.join(
                        ", ", idps.stream().map(EngineInfo.Idp::id).toList())));
    }

    private static String required(JsonObject body, String name) {
        String value = Fields.optionalString(body, name).map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> ApiException.badRequest(name + " is required"));
        if (value.length() > MAX_VALUE) {
            throw ApiException.badRequest(name + " is longer than " + MAX_VALUE + " characters");
        }
        return value;
    }

    /** One query parameter, once; blank counts as absent. */
    private static Optional<String> query(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0 || values[0].isBlank()) {
            return Optional.empty();
        }
        if (values.length > 1) {
            throw ApiException.badRequest(name + " is given more than once");
        }
        if (values[0].length() > MAX_VALUE) {
            throw ApiException.badRequest(name + " is longer than " + MAX_VALUE + " characters");
        }
        return Optional.of(values[0].strip());
    }

    private static ApiException noSuchUser(String username) {
        return new ApiException(404, "no_such_user", "there is no account named " + username);
    }

    /** A directory failure is the directory's answer (read-only 409, otherwise 503), not a server error. */
    private static <T> T guarded(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (UserDirectoryException e) {
            boolean readOnly = UserDirectoryException.READ_ONLY.equals(e.code());
            throw new ApiException(readOnly ? 409 : 503, e.code(), e.getMessage());
        }
    }
}
