package io.cachegate.users.importing;

import java.util.List;

/**
 * One page of {@code GET /imports}, newest first.
 *
 * @param items the imports on this page (without examples)
 * @param page the page number, from 0
 * @param size the page size
 * @param total imports in all
 */
record ImportPage(List<ImportStatus> items, int page, int size, long total) {

	ImportPage {
		items = List.copyOf(items);
	}

}
