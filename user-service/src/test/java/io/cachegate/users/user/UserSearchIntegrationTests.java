package io.cachegate.users.user;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

class UserSearchIntegrationTests extends IntegrationTestBase {

	@Autowired
	private DatabaseClient db;

	@Autowired
	private TransactionalOperator transactions;

	@Test
	void findsByPrefixOfUsernameIgnoringCase() {
		String token = unique();
		long id = idOf(createUser(user(token + "Zed", "mail" + unique(), "Lastname" + unique())));
		searchFinds(token.toUpperCase().substring(0, 8), id);
	}

	@Test
	void findsByPrefixOfEmail() {
		String token = unique();
		long id = idOf(createUser(user("u" + unique(), token, "Lastname" + unique())));
		searchFinds(token + "@exa", id);
	}

	@Test
	void findsByPrefixOfLastName() {
		String token = unique();
		long id = idOf(createUser(user("u" + unique(), "mail" + unique(), "Mc" + token)));
		searchFinds("mc" + token.substring(0, 6), id);
	}

	@Test
	void prefixMustMatchTheStartNotTheMiddle() {
		String token = unique();
		createUser(user("x" + token, "mail" + unique(), "Lastname" + unique()));
		as("USER").get()
			.uri("/users?q={q}", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(0)
			.jsonPath("$.items.length()")
			.isEqualTo(0);
	}

	@Test
	void likeWildcardsInTheQueryAreTakenLiterally() {
		String token = unique();
		createUser(user(token + "ab", "mail" + unique(), "Lastname" + unique()));
		as("USER").get()
			.uri("/users?q={q}", token + "_b")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(0);
		as("USER").get()
			.uri("/users?q={q}", token + "%")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(0);
	}

	@Test
	void pagesAreOrderedByIdAndCountTheTotal() {
		String token = unique();
		long[] ids = new long[5];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = idOf(createUser(user(token + i, "mail" + unique(), "Lastname" + unique())));
		}
		as("USER").get()
			.uri("/users?q={q}&page=0&size=2", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Tag", "users")
			.expectHeader()
			.valueEquals("Cachegate-Cache-Control", "max-age=60")
			.expectHeader()
			.valueEquals("Cache-Control", "private, no-store")
			.expectBody()
			.jsonPath("$.page")
			.isEqualTo(0)
			.jsonPath("$.size")
			.isEqualTo(2)
			.jsonPath("$.total")
			.isEqualTo(5)
			.jsonPath("$.items[0].id")
			.isEqualTo(ids[0])
			.jsonPath("$.items[1].id")
			.isEqualTo(ids[1]);
		as("USER").get()
			.uri("/users?q={q}&page=2&size=2", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.page")
			.isEqualTo(2)
			.jsonPath("$.total")
			.isEqualTo(5)
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(ids[4]);
		as("USER").get()
			.uri("/users?q={q}&page=3&size=2", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(0)
			.jsonPath("$.total")
			.isEqualTo(5);
	}

	@Test
	void pageSizeDefaultsToTwentyAndMayBeOneHundred() {
		as("USER").get()
			.uri("/users")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.page")
			.isEqualTo(0)
			.jsonPath("$.size")
			.isEqualTo(20);
		as("USER").get().uri("/users?size=100").exchange().expectStatus().isOk();
	}

	@Test
	void pageSizeAboveOneHundredIsInvalid() {
		as("USER").get()
			.uri("/users?size=101")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-request")
			.jsonPath("$.errors[0].field")
			.isEqualTo("size");
	}

	@Test
	void everyBadPagingParameterIsNamed() {
		as("USER").get()
			.uri("/users?size=0&page=-1")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[?(@.field == 'page')]")
			.exists()
			.jsonPath("$.errors[?(@.field == 'size')]")
			.exists();
		as("USER").get()
			.uri("/users?page=first")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("page");
	}

	@Test
	void pagesDeeperThanTenThousandRowsAreRefused() {
		as("USER").get().uri("/users?page=99&size=100").exchange().expectStatus().isOk();
		for (String deep : new String[] { "/users?page=100&size=100", "/users?page=500", "/users?page=21474836" }) {
			as("USER").get()
				.uri(deep)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://cachegate.io/problems/invalid-request")
				.jsonPath("$.errors[0].field")
				.isEqualTo("page")
				.jsonPath("$.errors[0].message")
				.value((message) -> assertThat((String) message).contains("narrow the search"));
		}
	}

	@Test
	void theTotalIsCountedOnlyAsFarAsASearchCanPage() {
		String prefix = manyUsers(10_050);
		as("USER").get()
			.uri("/users?q={q}&size=1", prefix)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(10_001);
	}

	@Test
	void aFloodOfTheDeepestSearchesLeavesReadsAnswering() {
		String prefix = manyUsers(10_050);
		long id = idOf(createUser(user("r" + unique(), "mail" + unique(), "Lastname" + unique())));
		Flux<Integer> searches = Flux.range(0, 60)
			.flatMap((i) -> Mono
				.fromCallable(() -> as("USER").get()
					.uri("/users?q={q}&page=99&size=100", prefix)
					.exchange()
					.returnResult(Void.class)
					.getStatus()
					.value())
				.subscribeOn(Schedulers.boundedElastic()), 60);
		Flux<Integer> reads = Flux.range(0, 10)
			.concatMap((i) -> Mono.fromCallable(
					() -> as("USER").get().uri("/users/" + id).exchange().returnResult(Void.class).getStatus().value())
				.subscribeOn(Schedulers.boundedElastic()));
		List<Integer> readStatuses = Flux.merge(searches.then(Mono.<Integer>empty()), reads).collectList().block();
		assertThat(readStatuses).hasSize(10).containsOnly(200);
	}

	/**
	 * Inserts that many users whose usernames share a new prefix, in one statement, and
	 * answers the prefix.
	 */
	private String manyUsers(int count) {
		String prefix = "deep" + unique();
		this.db
			.sql("insert into users.users (username, email, first_name, last_name, birth_date) "
					+ "select :p || g, :p || g || '@example.com', 'Ana', 'Deep', date '1990-01-01' "
					+ "from generate_series(1, :n) g")
			.bind("p", prefix)
			.bind("n", count)
			.fetch()
			.rowsUpdated()
			.block();
		return prefix;
	}

	@Test
	void prefixSearchCanUseAnIndexOnEveryField() {
		// With sequential scans priced out, a plan without Seq Scan proves each branch of
		// the OR has a usable index
		// (on a tiny test table the planner would otherwise rightly prefer a scan).
		String plan = this.db.sql("set local enable_seqscan = off")
			.then()
			.then(this.db
				.sql("explain select id from users.users where lower(username) like 'abc%' "
						+ "or lower(email) like 'abc%' or lower(last_name) like 'abc%'")
				.map((row) -> row.get(0, String.class))
				.all()
				.collectList())
			.as(this.transactions::transactional)
			.map((lines) -> String.join("\n", lines))
			.block();
		assertThat(plan).doesNotContain("Seq Scan")
			.contains("users_username_lower_key")
			.contains("users_email_lower_key")
			.contains("users_last_name_lower_prefix_idx");
	}

	private void searchFinds(String q, long id) {
		as("USER").get()
			.uri("/users?q={q}", q)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(id);
	}

	private static Map<String, Object> user(String username, String emailLocalPart, String lastName) {
		Map<String, Object> body = new HashMap<>(validUser(username));
		body.put("email", emailLocalPart + "@example.com");
		body.put("lastName", lastName);
		return body;
	}

}
