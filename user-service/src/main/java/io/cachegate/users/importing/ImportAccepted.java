package io.cachegate.users.importing;

import java.util.UUID;

/**
 * The answer to an upload: where to follow the import.
 *
 * @param importId the import's id
 * @param statusUrl its status, {@code /imports/{id}}
 */
record ImportAccepted(UUID importId, String statusUrl) {

	static ImportAccepted of(UUID id) {
		return new ImportAccepted(id, statusUrl(id));
	}

	static String statusUrl(UUID id) {
		return "/imports/" + id;
	}

}
