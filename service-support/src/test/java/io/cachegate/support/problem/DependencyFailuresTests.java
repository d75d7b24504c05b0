package io.cachegate.support.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyFailuresTests {

	@Test
	void transactionThatCouldNotOpenAConnectionIsUnavailable() {
		assertThat(DependencyFailures.unavailable(new CannotCreateTransactionException(
				"Could not open R2DBC Connection for transaction", new ConnectException("Connection refused"))))
			.isTrue();
	}

	@Test
	void connectionFailuresAndTimeoutsAnywhereInTheChainAreUnavailable() {
		assertThat(DependencyFailures
			.unavailable(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection"))).isTrue();
		assertThat(DependencyFailures.unavailable(new QueryTimeoutException("pool exhausted"))).isTrue();
		assertThat(DependencyFailures
			.unavailable(new IllegalStateException("wrapped", new R2dbcNonTransientResourceException("closed"))))
			.isTrue();
		assertThat(DependencyFailures.unavailable(new RuntimeException(new TimeoutException("acquire")))).isTrue();
	}

	@Test
	void faultsOfTheServiceItselfAreNot() {
		assertThat(DependencyFailures.unavailable(new IllegalStateException("bug"))).isFalse();
		assertThat(DependencyFailures.unavailable(new DataIntegrityViolationException("duplicate key"))).isFalse();
		assertThat(DependencyFailures.unavailable(null)).isFalse();
	}

}
