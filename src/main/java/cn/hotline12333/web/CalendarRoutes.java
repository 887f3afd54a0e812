package cn.hotline12333.web;

import cn.hotline12333.workorder.Deadlines;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/calendar/due?accepted=2025-09-26&workingDays=7}: the working-day deadline on China's calendar
 * (the IVR's calendar files), so that anyone who promises a date can check it first. A year the calendar does not
 * know is a 422 naming the file to add, never a guess.
 */
public final class CalendarRoutes {
    private final Supplier<Deadlines.Calendar> calendar;

    public CalendarRoutes(Supplier<Deadlines.Calendar> calendar) {
        this.calendar = calendar;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/api/calendar/due", Role.AGENT, this::due));
    }

    private ApiResponse due(ApiRequest r) throws ApiError {
        String acceptedText = r.param("accepted");
        if (acceptedText == null || acceptedText.isEmpty()) {
            throw ApiError.badParameter("accepted", "is required (a date like 2025-09-26)");
        }
        LocalDate accepted;
        try {
            accepted = LocalDate.parse(acceptedText);
        } catch (DateTimeParseException e) {
            throw ApiError.badParameter("accepted", "must be a date like 2025-09-26");
        }
        if (accepted.getYear() < 2000 || accepted.getYear() > 2100) {
            throw ApiError.badParameter("accepted", "must be a date between 2000 and 2100");
        }
        if (r.param("workingDays") == null) {
            throw ApiError.badParameter("workingDays", "is required");
        }
        int days = r.intParam("workingDays", 0, 1, Deadlines.MAX_WORKING_DAYS);
        try {
            LocalDate due = Deadlines.due(calendar.get(), accepted, days);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accepted", accepted.toString());
            body.put("workingDays", days);
            body.put("countedFrom", accepted.plusDays(1).toString());
            body.put("due", due.toString());
            return ApiResponse.ok(body);
        } catch (Deadlines.UnknownYear e) {
            throw new ApiError(422, e.getMessage());
        }
    }
}
