package io.cachegate.gateway.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The series a Grafana dashboard's PromQL queries select: each selector's metric name,
 * the jobs its {@code job} matcher allows (empty: any) and the other label names it
 * matches on. A small reader of PromQL, enough for dashboards: functions, aggregations
 * with {@code by}/{@code without}, binary operators with {@code on}/{@code ignoring}/
 * {@code group_*}, ranges, {@code offset} and Grafana's {@code $variables}.
 */
final class DashboardQueries {

	/** One selector: {@code metric{label="value", ...}}. */
	record Selector(String metric, Set<String> jobs, Set<String> labels, String expression) {
	}

	/**
	 * Words that are never metric names here: keywords, and aggregations (which may be
	 * followed by {@code by (...)} before their parenthesis).
	 */
	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev",
			"stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	/** Keywords followed by a parenthesised list of label names, not an expression. */
	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$");

	private static final Pattern MATCHER = Pattern
		.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

	private DashboardQueries() {
	}

	/** Every query of the dashboard file: panel targets (rows included) and variables. */
	static List<String> expressions(Path dashboard) throws IOException {
		JsonNode root = JsonMapper.builder().build().readTree(Files.readString(dashboard));
		List<String> expressions = new ArrayList<>();
		collectPanels(root.path("panels"), expressions);
		for (JsonNode variable : root.path("templating").path("list")) {
			JsonNode query = variable.path("query");
			String text = query.isObject() ? query.path("query").asString("") : query.asString("");
			if (!text.isBlank()) {
				Matcher labelValues = LABEL_VALUES.matcher(text);
				expressions.add(labelValues.matches() ? labelValues.group(1) : text);
			}
		}
		return expressions;
	}

	private static void collectPanels(JsonNode panels, List<String> expressions) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asString("");
				if (!expr.isBlank()) {
					expressions.add(expr);
				}
			}
			collectPanels(panel.path("panels"), expressions);
		}
	}

	/** The selectors of one PromQL expression. */
	static List<Selector> selectors(String expression) {
		String text = expression.replaceAll("\\$\\{[^}]*}", "1m").replaceAll("\\$[A-Za-z_]+", "1m");
		List<Selector> selectors = new ArrayList<>();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = skipString(text, i);
			}
			else if (c == '[') {
				i = text.indexOf(']', i) + 1;
			}
			else if (c == '{') {
				int end = closingBrace(text, i);
				selectors.add(selector(null, text.substring(i + 1, end), expression));
				i = end + 1;
			}
			else if (Character.isLetter(c) || c == '_' || c == ':') {
				int start = i;
				while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
						|| text.charAt(i) == ':')) {
					i++;
				}
				String word = text.substring(start, i);
				int next = skipSpaces(text, i);
				boolean call = next < text.length() && text.charAt(next) == '(';
				if (LABEL_LISTS.contains(word) && call) {
					i = text.indexOf(')', next) + 1;
				}
				else if (word.equals("offset")) {
					i = skipWord(text, next);
				}
				else if (!call && !KEYWORDS.contains(word.toLowerCase())) {
					if (next < text.length() && text.charAt(next) == '{') {
						int end = closingBrace(text, next);
						selectors.add(selector(word, text.substring(next + 1, end), expression));
						i = end + 1;
					}
					else {
						selectors.add(new Selector(word, Set.of(), Set.of(), expression));
					}
				}
			}
			else if (Character.isDigit(c) || c == '.') {
				i = skipWord(text, i);
			}
			else {
				i++;
			}
		}
		return selectors;
	}

	private static Selector selector(String name, String matchers, String expression) {
		String metric = name;
		Set<String> jobs = new LinkedHashSet<>();
		Set<String> labels = new LinkedHashSet<>();
		Matcher matcher = MATCHER.matcher(matchers);
		int at = 0;
		while (at < matchers.length() && matcher.find(at) && matcher.start() == at) {
			String label = matcher.group(1);
			String op = matcher.group(2);
			String value = matcher.group(3);
			if (label.equals("__name__") && op.equals("=")) {
				metric = value;
			}
			else if (label.equals("job") && op.equals("=")) {
				jobs.add(value);
			}
			else if (label.equals("job") && op.equals("=~")) {
				jobs.addAll(List.of(value.split("\\|")));
			}
			else if (!label.equals("instance") && !label.equals("job")) {
				labels.add(label.startsWith("exported_") ? label.substring("exported_".length()) : label);
			}
			at = matcher.end();
		}
		if (!matchers.substring(at).isBlank()) {
			throw new IllegalArgumentException("Cannot read the label matchers {" + matchers + "} in " + expression);
		}
		if (metric == null) {
			throw new IllegalArgumentException("A selector without a metric name in " + expression);
		}
		return new Selector(metric, Set.copyOf(jobs), Set.copyOf(labels), expression);
	}

	/**
	 * The names of the samples in a Prometheus text exposition, with the label names each
	 * carries.
	 */
	static Map<String, Set<String>> scrapedSeries(String exposition) {
		Map<String, Set<String>> series = new TreeMap<>();
		Pattern sample = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
		Pattern label = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"");
		for (String line : exposition.split("\n")) {
			Matcher matched = sample.matcher(line);
			if (line.startsWith("#") || !matched.matches()) {
				continue;
			}
			Set<String> labels = series.computeIfAbsent(matched.group(1), ignored -> new LinkedHashSet<>());
			if (matched.group(3) != null) {
				Matcher names = label.matcher(matched.group(3));
				while (names.find()) {
					labels.add(names.group(1));
				}
			}
		}
		return series;
	}

	private static int skipString(String text, int start) {
		char quote = text.charAt(start);
		int i = start + 1;
		while (i < text.length() && text.charAt(i) != quote) {
			i += (text.charAt(i) == '\\') ? 2 : 1;
		}
		return i + 1;
	}

	private static int closingBrace(String text, int open) {
		int i = open + 1;
		while (i < text.length() && text.charAt(i) != '}') {
			i = (text.charAt(i) == '"') ? skipString(text, i) : i + 1;
		}
		return i;
	}

	private static int skipSpaces(String text, int from) {
		int i = from;
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static int skipWord(String text, int from) {
		int i = from;
		while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
			i++;
		}
		return i;
	}

}
