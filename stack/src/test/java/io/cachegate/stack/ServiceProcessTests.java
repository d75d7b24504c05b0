package io.cachegate.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServiceProcessTests {

	@TempDir
	Path folder;

	@Test
	void refusesToStartOnAPortThatIsTaken() throws IOException {
		try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			ServiceProcess.ServiceSpec spec = new ServiceProcess.ServiceSpec("gateway", folder.resolve("gateway.jar"),
					holder.getLocalPort(), Map.of(), List.of(), folder.resolve("gateway.log"));

			assertThatIllegalStateException().isThrownBy(() -> ServiceProcess.start(spec, Duration.ofSeconds(1)))
				.withMessageContaining("port " + holder.getLocalPort() + " is taken");
		}
	}

}
