package io.cachegate.users.user;

import java.util.List;

/**
 * One page of a user search.
 *
 * @param items the users on this page, ordered by id
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many users match in all, counted up to 10,001: 10,001 means "more than
 * the 10,000 a search can page through"
 */
record UserPage(List<User> items, int page, int size, long total) {

	UserPage {
		items = List.copyOf(items);
	}

}
