package io.cachegate.gateway.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.cachegate.gateway.observability.DashboardQueries.Selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Reading the series a dashboard's PromQL selects, and the series a scrape exposes. */
class DashboardQueriesTests {

	@Test
	void findsTheMetricsOfARatioOfAggregatedRatesWithTheirJobsAndLabels() {
		List<Selector> selectors = DashboardQueries.selectors(
				"sum by (route) (rate(cachegate_cache_requests_total{job=\"gateway\",result=~\"hit|stale\"}[$__rate_interval]))"
						+ " / sum without (instance) (rate(cachegate_cache_requests_total{job=~\"gateway|edge\"}[5m] offset 1h))");
		assertThat(selectors).extracting(Selector::metric)
			.containsExactly("cachegate_cache_requests_total", "cachegate_cache_requests_total");
		assertThat(selectors.get(0).jobs()).containsExactly("gateway");
		assertThat(selectors.get(0).labels()).containsExactly("result");
		assertThat(selectors.get(1).jobs()).containsExactlyInAnyOrder("gateway", "edge");
		assertThat(selectors.get(1).labels()).isEmpty();
	}

	@Test
	void skipsFunctionsLabelListsNumbersAndStrings() {
		List<Selector> selectors = DashboardQueries
			.selectors("histogram_quantile(0.99, sum(rate(http_server_requests_seconds_bucket[1m])) by (le, outcome))"
					+ " > bool 0.5 or on (job) group_left (route) label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")"
					+ " + max by (exported_instance) (lag{quantile=\"0.99\", exported_instance!=\"x\"})");
		assertThat(selectors).extracting(Selector::metric)
			.containsExactly("http_server_requests_seconds_bucket", "up", "lag");
		assertThat(selectors.get(2).labels()).containsExactlyInAnyOrder("quantile", "instance");
	}

	@Test
	void readsNameMatchersAndRefusesWhatItCannotRead() {
		assertThat(DashboardQueries.selectors("{__name__=\"jvm_threads_live_threads\",job=\"user-service\"}"))
			.singleElement()
			.satisfies(s -> {
				assertThat(s.metric()).isEqualTo("jvm_threads_live_threads");
				assertThat(s.jobs()).containsExactly("user-service");
			});
		assertThatIllegalArgumentException().isThrownBy(() -> DashboardQueries.selectors("{job=\"gateway\"}"));
		assertThatIllegalArgumentException().isThrownBy(() -> DashboardQueries.selectors("up{job=gateway}"));
	}

	@Test
	void collectsTargetsOfPanelsNestedInRowsAndLabelValuesVariables(@TempDir Path folder) throws Exception {
		Path dashboard = folder.resolve("d.json");
		Files.writeString(dashboard, """
				{"panels": [
				  {"type": "row", "panels": [{"targets": [{"expr": "a_total"}]}]},
				  {"targets": [{"expr": "b_seconds_count"}, {"expr": ""}]}],
				 "templating": {"list": [
				  {"query": {"query": "label_values(c_total{job=\\"gateway\\"}, route)"}},
				  {"query": "label_values(d_total, instance)"}]}}
				""");
		assertThat(DashboardQueries.expressions(dashboard)).containsExactly("a_total", "b_seconds_count",
				"c_total{job=\"gateway\"}", "d_total");
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusScrapesExactlyTheJobsTheDashboardSelects() throws Exception {
		Set<String> selected = new TreeSet<>();
		for (String expression : DashboardQueries
			.expressions(Path.of("../docs/monitoring/grafana/cachegate-dashboard.json"))) {
			DashboardQueries.selectors(expression).forEach(selector -> selected.addAll(selector.jobs()));
		}
		Map<String, Object> config = new Yaml().load(Files.readString(Path.of("../docs/monitoring/prometheus.yml")));
		Set<String> scraped = new TreeSet<>();
		for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
			scraped.add((String) job.get("job_name"));
		}
		assertThat(selected).isEqualTo(scraped).containsExactly("auth-service", "gateway", "user-service");
	}

	@Test
	void readsSampleNamesAndTheirLabelNamesFromAnExposition() {
		Map<String, Set<String>> series = DashboardQueries.scrapedSeries("""
				# HELP cachegate_cache_requests_total Reads
				# TYPE cachegate_cache_requests_total counter
				cachegate_cache_requests_total{result="hit",route="users"} 3.0
				cachegate_cache_requests_total{result="miss",route="users"} 1.0
				process_uptime_seconds 12.5
				""");
		assertThat(series).containsOnlyKeys("cachegate_cache_requests_total", "process_uptime_seconds");
		assertThat(series.get("cachegate_cache_requests_total")).containsExactly("result", "route");
		assertThat(series.get("process_uptime_seconds")).isEmpty();
	}

}
