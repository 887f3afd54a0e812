package cn.hotline12333.web;

import cn.hotline12333.calllog.CallContexts;

/**
 * Which calls and callers a signed-in user may look at: managers (and admins) any; an agent only a call that rang
 * him, and only the history of a caller whose call rang him. Until the agent state knows which member a user is,
 * "rang him" means the agent side noted an offer under his login name ({@link CallContexts#offered}); the agent
 * work replaces this with its own answer (its live state and handled calls) without touching the routes.
 * Runs on the web workers: may block on Redis.
 */
public interface CallAccess {

    boolean mayReadCall(User user, String callId, CallContexts.Found stored);

    boolean mayReadCaller(User user, String callerHash);

    /** The rule above, on the offers the call contexts record. */
    static CallAccess byOffers(CallContexts contexts) {
        return new CallAccess() {
            @Override
            public boolean mayReadCall(User user, String callId, CallContexts.Found stored) {
                return user.may(Role.MANAGER) || stored.offeredTo(user.name());
            }

            @Override
            public boolean mayReadCaller(User user, String callerHash) {
                return user.may(Role.MANAGER) || contexts.rang(user.name(), callerHash);
            }
        };
    }
}
