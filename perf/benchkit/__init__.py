"""The parts of perf/bench, the benchmark harness (perf/bench is the command; see its header for what it measures).

  settings  paths, ports and the settings every service measured runs with
  shell     running commands, HTTP, waiting for health, the tools the harness needs
  stack     the stack under test: joined or started, the extra gateways, the fixed-body ceiling, PostgreSQL, Redis
  nginx     nginx proxy_cache in front of user-service, the comparison
  wrk       wrk and redis-benchmark: their command lines and what their output says
  jfr       what a JFR recording of the gateway says: hot methods, allocation per request
  session   one benchmark session: seeding, priming, the scenarios, the load curve, the profile, the cost growth
  report    performance.md and performance.svg from a session's results
  modes     what a run does from start to end (the full run, the cost growth only); a new mode is one function
            there and its flag in cli
  faults    the fault matrix (--faults): its own Redis, fault proxies, services it kills and restarts, a prober
  faultproxy  the fault-injecting TCP proxy it puts in front of Redis and PostgreSQL
  faultreport what a fault row's probes say, its goal's criteria and the table
  soak      the soak (--soak): the mixed workload held below the maximum for the whole duration on the fault
            matrix's stack, a row a minute, an idle period and a Redis restart, the warm-up curves, soak.md and soak.svg
  cluster   on a Redis Cluster (--cluster): the spread over the masters, hits against a single Redis with the node
            load, a master killed under the mixed workload; the report's Redis Cluster section
  cli       the command line
"""
