package io.oidcsso.plugin.engine;

import java.util.List;
import java.util.Objects;

/**
 * The core's answer to a {@code route} question (fixtures {@code RouteDecision.*.json}), one record per
 * {@code outcome}. {@link EngineCodec} reads and writes the {@code outcome} tag.
 */
public sealed interface RouteDecision {
    /** Start a login at {@code idpId}; {@code delayed}: show the countdown with a cancel link first. */
    record Redirect(String idpId, boolean delayed, long delaySeconds, String rule) implements RouteDecision {
        public Redirect {
            Objects.requireNonNull(idpId, "idpId");
        }

        public boolean isImmediate() {
            return !delayed;
        }
    }

    /** Show the chooser; {@code notice} is a code explaining why the user is here again. */
    record Chooser(List<Idp> idps, String preselected, boolean emailForm, boolean localLogin, String notice)
            implements RouteDecision {
        public Chooser {
            idps = List.copyOf(idps);
        }
    }

    /** The product's own login form. */
    record Local() implements RouteDecision {}

    /** Not a page that needs a login: let the request through. */
    record Pass() implements RouteDecision {}

    /** Look up the user named by the login hint (these groups, the directory) and ask again. */
    record NeedsUser(List<String> groups) implements RouteDecision {
        public NeedsUser {
            groups = List.copyOf(groups);
        }
    }

    /** One button of the chooser. */
    record Idp(String id, String displayName, String buttonLabel, String iconUrl) {
        public Idp {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(buttonLabel, "buttonLabel");
        }
    }
}
