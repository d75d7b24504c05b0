package io.cachegate.stack.test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The part of an OpenAPI document that code and documentation must agree on, as a sorted
 * set of lines: each operation ({@code GET /users/{id}}), its security schemes, its
 * parameters (where, name, required), its request body and its responses (status, media
 * type and the names of the schema's properties, nested ones as {@code errors[].field}).
 * Descriptions, examples, types, formats and schema names are left out, so the file in
 * {@code docs/} can say more than the generated document without counting as a
 * difference.
 *
 * <p>
 * {@code $ref}s are followed, into other files too
 * ({@code problem.yaml#/components/schemas/Problem}), relative to the document's
 * directory.
 *
 * <p>
 * Shared by the drift tests of auth-service and user-service and the gateway's document
 * tests.
 */
public final class OpenApiShape {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private static final int MAX_DEPTH = 8;

	private final Function<String, Map<String, Object>> files;

	private OpenApiShape(Function<String, Map<String, Object>> files) {
		this.files = files;
	}

	/**
	 * Reads a YAML (or JSON) OpenAPI file.
	 * @param file the file
	 * @return its content as maps and lists
	 */
	public static Map<String, Object> load(Path file) {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			Map<String, Object> document = new Yaml(new LoaderOptions()).load(reader);
			return document;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file.toAbsolutePath().normalize(), ex);
		}
	}

	/**
	 * The reduced view of a document.
	 * @param document the parsed document
	 * @param directory where files named by external {@code $ref}s are, or {@code null}
	 * when there are none
	 * @return the lines, sorted
	 */
	public static SortedSet<String> of(Map<String, Object> document, Path directory) {
		OpenApiShape shape = new OpenApiShape((name) -> {
			if (directory == null) {
				throw new IllegalArgumentException("External $ref " + name + " in a document without a directory");
			}
			return load(directory.resolve(name));
		});
		return shape.lines(document);
	}

	/**
	 * What differs between the documented and the live shape, one line per difference;
	 * empty when they agree.
	 * @param documented the shape of the file in {@code docs/}
	 * @param documentedName how to name it in messages
	 * @param live the shape of the running service's {@code /v3/api-docs}
	 * @return the differences
	 */
	public static List<String> differences(Set<String> documented, String documentedName, Set<String> live) {
		List<String> differences = new ArrayList<>();
		for (String line : documented) {
			if (!live.contains(line)) {
				differences.add("only in " + documentedName + ": " + line);
			}
		}
		for (String line : live) {
			if (!documented.contains(line)) {
				differences.add("only in the live /v3/api-docs: " + line);
			}
		}
		return differences;
	}

	/**
	 * The response headers each operation documents, as {@code GET /users/{id} 200 header
	 * x-cache} lines (names in lower case). Not part of {@link #of}: generated documents
	 * name few headers, so the services' drift tests do not compare them.
	 * @param document the parsed document
	 * @param directory where files named by external {@code $ref}s are
	 * @return the lines, sorted
	 */
	public static SortedSet<String> responseHeaders(Map<String, Object> document, Path directory) {
		OpenApiShape shape = new OpenApiShape((name) -> load(directory.resolve(name)));
		SortedSet<String> lines = new TreeSet<>();
		Context root = shape.new Context(document);
		for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
			for (Map.Entry<String, Object> entry : map(path.getValue()).entrySet()) {
				if (!METHODS.contains(entry.getKey())) {
					continue;
				}
				String name = entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
				for (Map.Entry<String, Object> response : map(map(entry.getValue()).get("responses")).entrySet()) {
					for (String header : map(root.resolve(response.getValue()).node.get("headers")).keySet()) {
						lines.add(name + " " + response.getKey() + " header " + header.toLowerCase(Locale.ROOT));
					}
				}
			}
		}
		return lines;
	}

	private SortedSet<String> lines(Map<String, Object> document) {
		SortedSet<String> lines = new TreeSet<>();
		Context root = new Context(document);
		Map<String, Object> paths = map(document.get("paths"));
		for (Map.Entry<String, Object> path : paths.entrySet()) {
			Map<String, Object> item = map(path.getValue());
			for (Map.Entry<String, Object> entry : item.entrySet()) {
				if (METHODS.contains(entry.getKey())) {
					operation(root, entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), item,
							map(entry.getValue()), lines);
				}
			}
		}
		return lines;
	}

	private void operation(Context root, String name, Map<String, Object> pathItem, Map<String, Object> operation,
			Set<String> lines) {
		lines.add(name);
		Object security = operation.containsKey("security") ? operation.get("security") : root.document.get("security");
		List<String> schemes = new ArrayList<>();
		for (Object requirement : list(security)) {
			schemes.add(String.join("+", new TreeSet<>(map(requirement).keySet())));
		}
		if (!schemes.isEmpty()) {
			lines.add(name + " security " + String.join(" | ", new TreeSet<>(schemes)));
		}
		List<Object> parameters = new ArrayList<>(list(pathItem.get("parameters")));
		parameters.addAll(list(operation.get("parameters")));
		for (Object parameter : parameters) {
			Resolved resolved = root.resolve(parameter);
			Map<String, Object> p = resolved.node;
			String in = String.valueOf(p.get("in"));
			String parameterName = String.valueOf(p.get("name"));
			if ("header".equals(in)) {
				parameterName = parameterName.toLowerCase(Locale.ROOT);
			}
			lines.add(name + " parameter " + in + " " + parameterName
					+ (Boolean.TRUE.equals(p.get("required")) ? " required" : ""));
		}
		if (operation.get("requestBody") != null) {
			Resolved body = root.resolve(operation.get("requestBody"));
			String required = Boolean.TRUE.equals(body.node.get("required")) ? " required" : "";
			lines.add(name + " request" + required);
			content(body, name + " request", lines);
		}
		for (Map.Entry<String, Object> response : map(operation.get("responses")).entrySet()) {
			String status = name + " " + response.getKey();
			lines.add(status);
			content(root.resolve(response.getValue()), status, lines);
		}
	}

	private void content(Resolved owner, String prefix, Set<String> lines) {
		for (Map.Entry<String, Object> media : map(owner.node.get("content")).entrySet()) {
			Object schema = map(media.getValue()).get("schema");
			SortedSet<String> properties = new TreeSet<>();
			if (schema != null) {
				properties(owner.context, schema, "", properties, 0);
			}
			lines.add(prefix + " " + media.getKey() + " {" + String.join(", ", properties) + "}");
		}
	}

	private void properties(Context context, Object schema, String prefix, Set<String> out, int depth) {
		if (depth > MAX_DEPTH) {
			return;
		}
		Resolved resolved = context.resolve(schema);
		Map<String, Object> node = resolved.node;
		for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
			for (Object part : list(node.get(combinator))) {
				properties(resolved.context, part, prefix, out, depth + 1);
			}
		}
		if (node.get("items") != null) {
			properties(resolved.context, node.get("items"), prefix.isEmpty() ? "[]." : prefix, out, depth + 1);
		}
		for (Map.Entry<String, Object> property : map(node.get("properties")).entrySet()) {
			String path = prefix + property.getKey();
			out.add(path);
			Resolved value = resolved.context.resolve(property.getValue());
			if (value.node.get("items") != null) {
				properties(value.context, value.node.get("items"), path + "[].", out, depth + 1);
			}
			else {
				properties(value.context, property.getValue(), path + ".", out, depth + 1);
			}
		}
	}

	private static String percentDecode(String token) {
		return (token.indexOf('%') < 0) ? token : URLDecoder.decode(token.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static Collection<Object> list(Object value) {
		if (value instanceof List<?> values) {
			return new ArrayList<>(values);
		}
		return List.of();
	}

	/** A node with the document its own {@code $ref}s are relative to. */
	private record Resolved(Map<String, Object> node, Context context) {
	}

	/** One document, for resolving {@code $ref}s against it. */
	private final class Context {

		private final Map<String, Object> document;

		Context(Map<String, Object> document) {
			this.document = document;
		}

		Resolved resolve(Object node) {
			Map<String, Object> current = map(node);
			Context context = this;
			for (int hops = 0; current.get("$ref") instanceof String ref; hops++) {
				if (hops > MAX_DEPTH) {
					throw new IllegalStateException("$ref chain too long at " + ref);
				}
				int hash = ref.indexOf('#');
				String file = (hash < 0) ? ref : ref.substring(0, hash);
				String pointer = (hash < 0) ? "" : ref.substring(hash + 1);
				if (!file.isEmpty()) {
					context = new Context(OpenApiShape.this.files.apply(file));
				}
				current = context.pointer(pointer, ref);
			}
			return new Resolved(current, context);
		}

		private Map<String, Object> pointer(String pointer, String ref) {
			Object node = this.document;
			for (String token : pointer.split("/")) {
				if (token.isEmpty()) {
					continue;
				}
				// A pointer in a URI fragment is percent-encoded ({id} as %7Bid%7D), then
				// ~-escaped (RFC 6901).
				String key = percentDecode(token).replace("~1", "/").replace("~0", "~");
				node = (node instanceof List<?> items && key.matches("\\d+") && Integer.parseInt(key) < items.size())
						? items.get(Integer.parseInt(key)) : map(node).get(key);
				if (node == null) {
					throw new IllegalStateException("Unresolvable $ref " + ref);
				}
			}
			return map(node);
		}

	}

}
