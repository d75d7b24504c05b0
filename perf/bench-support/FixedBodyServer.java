// Purpose: the throughput ceiling for the benchmark: a bare Reactor Netty HTTP server (the same server the
// gateway runs on) that answers every request with one fixed body, so the gap between it and the gateway's
// hits is the gateway's own work (authentication, the Redis round trip, headers).
// Command (perf/bench runs it; from the repository root):
//   ./mvnw -q -pl gateway dependency:build-classpath -Dmdep.outputFile=perf/out/ceiling.classpath
//   java -cp "$(cat perf/out/ceiling.classpath)" perf/bench-support/FixedBodyServer.java 8891 perf/out/ceiling-body.json
import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

public class FixedBodyServer {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		byte[] body = Files.readAllBytes(Path.of(args[1]));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> response.header("Content-Type", "application/json")
				.header("Content-Length", Integer.toString(body.length))
				.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body))))
			.bindNow();
		System.out.println("fixed-body server on port " + port + ", " + body.length + " bytes");
		server.onDispose().block();
	}

}
