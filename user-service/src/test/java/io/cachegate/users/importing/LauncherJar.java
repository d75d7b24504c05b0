package io.cachegate.users.importing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.cachegate.users.UserServiceApplication;

/**
 * A jar that holds only a manifest: {@code Main-Class} the service and {@code Class-Path}
 * this test JVM's main classes and libraries. With it,
 * {@code io.cachegate.stack.ServiceProcess} can start a second, real user-service process
 * during {@code test}, before {@code package} has built the real jar.
 */
final class LauncherJar {

	private LauncherJar() {
	}

	static Path create(Path directory) {
		Set<String> entries = new LinkedHashSet<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			expand(Path.of(entry).toAbsolutePath(), entries);
		}
		List<String> urls = new ArrayList<>();
		for (String entry : entries) {
			if (!entry.contains("test-classes") && !entry.contains("surefire")) {
				urls.add(Path.of(entry).toUri().toString());
			}
		}
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, UserServiceApplication.class.getName());
		manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
		try {
			Files.createDirectories(directory);
			Path jar = directory.resolve("user-service-launcher.jar");
			try (OutputStream out = Files.newOutputStream(jar);
					JarOutputStream ignored = new JarOutputStream(out, manifest)) {
				// The manifest is all there is.
			}
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Surefire may start the JVM with one manifest-only jar whose Class-Path lists the
	 * real classpath.
	 */
	private static void expand(Path entry, Set<String> entries) {
		if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
			try (JarFile jar = new JarFile(entry.toFile())) {
				Manifest manifest = jar.getManifest();
				String classPath = (manifest != null)
						? manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) : null;
				if (classPath != null && entry.getFileName().toString().startsWith("surefire")) {
					for (String url : classPath.trim().split("\\s+")) {
						expand(Path.of(entry.getParent().toUri().resolve(url)), entries);
					}
					return;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		entries.add(entry.toString());
	}

}
