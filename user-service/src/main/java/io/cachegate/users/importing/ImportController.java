package io.cachegate.users.importing;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;
import io.cachegate.support.problem.ProblemSchema;

/**
 * {@code POST /users/import} takes a file (CSV or NDJSON, as the body or as the multipart
 * part {@code file}) and answers {@code 202} with where to follow it; {@code GET
 * /imports/{id}} and {@code GET /imports} tell how imports went. MANAGER and ADMIN only
 * (the security configuration decides). The body is read as a stream, never through the
 * codecs' in-memory limit.
 */
@RestController
@Tag(name = "import-controller", description = "Bulk import of users")
@ApiResponse(responseCode = "401",
		description = "No token, or one that does not verify (expired, signature, issuer, audience)",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemSchema.class)))
@ApiResponse(responseCode = "403", description = "Only MANAGER and ADMIN import and read imports",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemSchema.class)))
class ImportController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final String CACHEGATE_CACHE_CONTROL = "Cachegate-Cache-Control";

	private static final int MAX_KEY_LENGTH = 255;

	private static final List<MediaType> ACCEPTED = List.of(ImportFormat.CSV.mediaType(),
			ImportFormat.NDJSON.mediaType(), MediaType.MULTIPART_FORM_DATA);

	private final ImportService imports;

	private final PartEventHttpMessageReader multipart = new PartEventHttpMessageReader();

	ImportController(ImportService imports) {
		this.imports = imports;
	}

	@Operation(summary = "Import users from a CSV or NDJSON file, streamed (MANAGER, ADMIN)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					description = "CSV with a header row naming the user fields, NDJSON (one object per line), or "
							+ "a multipart form whose part 'file' is either",
					content = { @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
							@Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
							@Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
									schema = @Schema(implementation = UploadForm.class)) }))
	@ApiResponse(responseCode = "202", description = "Received and queued; follow statusUrl (also in Location)")
	@ApiResponse(responseCode = "200",
			description = "An earlier upload with the same Idempotency-Key: the same import, nothing new queued")
	@ApiResponse(responseCode = "400",
			description = "Not a CSV/NDJSON text file (binary, not UTF-8), empty, no rows, or a header naming "
					+ "unknown or missing columns",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "413",
			description = "The file is larger than CACHEGATE_IMPORT_MAX_UPLOAD_SIZE; nothing of it is kept",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "415", description = "Neither text/csv, application/x-ndjson nor multipart/form-data",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@Parameter(name = "exchange", hidden = true)
	@PostMapping(path = "/users/import", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ImportAccepted>> upload(ServerWebExchange exchange,
			@Parameter(in = ParameterIn.HEADER,
					description = "Retries with the same key (per caller) return the same import") @RequestHeader(
							name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		ServerHttpRequest request = exchange.getRequest();
		MediaType contentType = request.getHeaders().getContentType();
		String key = idempotencyKey(idempotencyKey);
		return exchange.getPrincipal().map(Principal::getName).flatMap((owner) -> {
			if (contentType != null && contentType.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)) {
				return fromMultipart(owner, key, request);
			}
			ImportFormat format = ImportFormat.of(contentType, null);
			if (format == null) {
				return Mono.error(new UnsupportedMediaTypeStatusException(contentType, ACCEPTED));
			}
			return this.imports.receive(owner, key, format, null, request.getBody());
		}).map(ImportController::accepted);
	}

	@Operation(summary = "How an import stands: status, parts, row counts, invalid rows by reason (MANAGER, ADMIN)")
	@ApiResponse(responseCode = "200", description = "The status; not cacheable while running")
	@ApiResponse(responseCode = "404", description = "No import has this id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@GetMapping(path = "/imports/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ImportStatus>> status(@PathVariable("id") String id) {
		UUID importId;
		try {
			importId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new ImportNotFoundException(id));
		}
		return this.imports.status(importId)
			.switchIfEmpty(Mono.error(() -> new ImportNotFoundException(id)))
			.map((status) -> ResponseEntity.ok().headers((headers) -> freshness(headers, status)).body(status));
	}

	@Operation(summary = "Recent imports, newest first (MANAGER, ADMIN)")
	@ApiResponse(responseCode = "200", description = "One page of statuses (without examples)")
	@ApiResponse(responseCode = "400", description = "page or size out of range",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@GetMapping(path = "/imports", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ImportPage>> recent(@RequestParam(name = "page", required = false) String page,
			@RequestParam(name = "size", required = false) String size) {
		return Mono
			.fromCallable(() -> new int[] { number("page", page, 0, 0, Integer.MAX_VALUE / 100),
					number("size", size, 20, 1, 100) })
			.flatMap((paging) -> this.imports.recent(paging[0], paging[1]))
			.map((result) -> ResponseEntity.ok()
				.headers((headers) -> headers.setCacheControl("no-store"))
				.body(result));
	}

	/**
	 * The multipart form's part {@code file} (other parts are skipped), read as it
	 * streams in: nothing of the form is written to disk or held whole.
	 */
	private Mono<ImportService.Received> fromMultipart(String owner, String key, ServerHttpRequest request) {
		Flux<PartEvent> events = this.multipart.read(ResolvableType.forClass(PartEvent.class), request, Map.of());
		return events.windowUntil(PartEvent::isLast).concatMap((part) -> part.switchOnFirst((first, all) -> {
			if (first.hasValue() && "file".equals(first.get().name())) {
				PartEvent event = first.get();
				String fileName = (event instanceof FilePartEvent file) ? file.filename() : null;
				MediaType type = event.headers().getContentType();
				ImportFormat format = ImportFormat.of(type, fileName);
				if (format == null && (type == null || type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)
						|| type.isCompatibleWith(MediaType.TEXT_PLAIN))) {
					format = ImportFormat.CSV;
				}
				if (format == null) {
					return all.doOnNext(ImportController::release)
						.thenMany(Mono.error(new UnsupportedMediaTypeStatusException(type, ACCEPTED.subList(0, 2))));
				}
				Flux<DataBuffer> content = all.map(PartEvent::content);
				return this.imports.receive(owner, key, format, fileName, content).flux();
			}
			return all.doOnNext(ImportController::release).thenMany(Flux.<ImportService.Received>empty());
		}), 1)
			.next()
			.switchIfEmpty(Mono.error(() -> new InvalidRequestException(
					List.of(new FieldViolation("file", "is required: send the file as the multipart part 'file'")))));
	}

	/**
	 * Documentation only: the multipart form of an upload.
	 *
	 * @param file the CSV or NDJSON file
	 */
	record UploadForm(@Schema(type = "string", format = "binary") String file) {

	}

	private static void release(PartEvent event) {
		DataBufferUtils.release(event.content());
	}

	private static ResponseEntity<ImportAccepted> accepted(ImportService.Received received) {
		ImportAccepted body = ImportAccepted.of(received.id());
		// A retry with the same Idempotency-Key gets the same body; 200 says it is not a
		// new import.
		HttpStatus status = received.created() ? HttpStatus.ACCEPTED : HttpStatus.OK;
		return ResponseEntity.status(status).location(URI.create(body.statusUrl())).headers((headers) -> {
			headers.setCacheControl("no-store");
			if (!received.created()) {
				headers.set("Idempotent-Replayed", "true");
			}
		}).body(body);
	}

	/**
	 * Statuses change until the import finishes: never cached while running; a finished
	 * one may be kept by the gateway for a few seconds (no other cache: it is the
	 * importer's data).
	 */
	private static void freshness(HttpHeaders headers, ImportStatus status) {
		if (status.finished()) {
			headers.set(CACHEGATE_CACHE_CONTROL, "max-age=5");
			headers.setCacheControl("private, no-store");
		}
		else {
			headers.set(CACHEGATE_CACHE_CONTROL, "no-store");
			headers.setCacheControl("no-store");
		}
	}

	private static String idempotencyKey(String value) {
		if (value == null) {
			return null;
		}
		String key = value.strip();
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			throw new InvalidRequestException(List.of(new FieldViolation(IDEMPOTENCY_KEY,
					"must be 1 to " + MAX_KEY_LENGTH + " characters, for example a UUID")));
		}
		return key;
	}

	private static int number(String name, String value, int fallback, int min, int max) {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidRequestException(
				List.of(new FieldViolation(name, "must be a whole number from " + min + " to " + max)));
	}

}
