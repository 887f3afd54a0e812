package cn.hotline12333.ivr;

import java.util.ArrayList;
import java.util.List;

/**
 * The menus a call has come through, for the {@code *} key ("back to the previous menu"). Coming back to a
 * menu already on the trail, by {@code *}, by a key that leads there or through a goto, cuts the trail back to
 * it, so a caller going round in circles never has to press {@code *} more often than the menus are deep.
 */
final class MenuTrail {
    record Place(String flow, String menu) {
    }

    private final List<Place> trail = new ArrayList<>();

    void entered(String flow, String menu) {
        Place here = new Place(flow, menu);
        int seen = trail.indexOf(here);
        if (seen >= 0) {
            trail.subList(seen + 1, trail.size()).clear();
        } else {
            trail.add(here);
        }
    }

    /** The menu before the current one, or null at the top. */
    Place back() {
        return trail.size() < 2 ? null : trail.get(trail.size() - 2);
    }
}
