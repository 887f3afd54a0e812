package cn.hotline12333.agent;

import java.util.Collection;

/** Keeps the agents' views where another node can find them (Redis), without making the floor wait. */
interface ViewStore {
    ViewStore NONE = new ViewStore() {
        @Override
        public void save(AgentView view) {
        }

        @Override
        public boolean unsaved(String agent) {
            return false;
        }

        @Override
        public Collection<AgentView> loadAll() {
            return java.util.List.of();
        }
    };

    /** Called on the floor thread; copies what it needs and returns. */
    void save(AgentView view);

    /** The agent's last change has not reached Redis yet. */
    boolean unsaved(String agent);

    /** Every stored view (start, take-over of the AMI lease). */
    Collection<AgentView> loadAll();
}
