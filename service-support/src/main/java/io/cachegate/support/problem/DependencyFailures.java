package io.cachegate.support.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a dependency that could not be reached or did not answer in time (the database
 * down or its pool exhausted, a connection refused or cut) from a fault of the service
 * itself. The services answer the first with {@code 503 service-unavailable} and
 * {@code Retry-After}, since the same request may succeed shortly, and the second with
 * {@code 500}.
 *
 * <p>
 * Spring wraps such failures differently depending on where they happen: a query gets a
 * {@link DataAccessResourceFailureException}, opening a transaction a
 * {@link CannotCreateTransactionException} around the driver's own error, a pool that
 * waited too long a {@link TimeoutException}. So the whole cause chain is looked at, not
 * only the outer type. For the services that reach PostgreSQL through R2DBC (spring-tx
 * and r2dbc-spi on the class path).
 */
public final class DependencyFailures {

	/** Enough for any wrapping Spring and the driver do; guards against cause cycles. */
	private static final int MAX_DEPTH = 16;

	private DependencyFailures() {
	}

	/**
	 * Whether the error, or any of its causes, says a dependency was unavailable.
	 * @param error what reached the web layer
	 * @return true for a 503, false for anything else
	 */
	public static boolean unavailable(Throwable error) {
		Throwable cause = error;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof R2dbcNonTransientResourceException
					|| cause instanceof R2dbcTransientResourceException || cause instanceof R2dbcTimeoutException
					|| cause instanceof ConnectException || cause instanceof TimeoutException) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

}
