package cn.hotline12333.workorder;

/**
 * What an agent fills in to create a work order (the desktop prefills most of it from the call). Every field is
 * text as the client sent it; {@link WorkOrders#create} checks each and names the one at fault.
 *
 * @param idempotencyKey the client's key for this creation: a retry with the same key returns the same order
 * @param createAnyway   create even though a possible duplicate exists
 * @param linkTo         instead of creating, link this call to that existing order (a duplicate offered earlier)
 */
public record Draft(String idempotencyKey, String type, String callId, String callerName, String callerPhone,
                    String citizenId, String topic, String employer, String description, String department,
                    String notes, String assignee, boolean createAnyway, String linkTo) {
}
