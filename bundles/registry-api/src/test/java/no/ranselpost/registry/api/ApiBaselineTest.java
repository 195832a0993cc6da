package no.ranselpost.registry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Delta;

/**
 * The baseline check of the build (bnd-baseline-maven-plugin, see the root pom) run by hand on
 * two builds of this bundle: the real one (target/classes, built the way maven-bundle-plugin
 * builds it) as the release before, and a copy of its sources compiled here with one change.
 * The same bnd differ the plugin runs must report a change that breaks connectors unless the
 * package version says so.
 */
class ApiBaselineTest {

    private static final String PACKAGE = "no.ranselpost.registry.api";
    private static final Path SOURCES = Path.of("src/main/java/no/ranselpost/registry/api");

    @TempDir
    Path work;

    @Test
    void aMethodRemovedFromTheSpiIsReportedAsAMajorChangeTheVersionDoesNotSay() throws Exception {
        Baseline.Info info = baseline(s -> s.name.equals("RegistrySource.java")
                ? s.replace("    boolean fullSnapshot();\n", "") : s.text);
        assertEquals(Delta.MAJOR, info.packageDiff.getDelta(), "removing a method connectors implement breaks them");
        assertTrue(info.mismatch, "the check fails the build: " + info.reason);
        assertEquals("1.2.0", info.newerVersion.toString());
        assertEquals("2.0.0", info.suggestedVersion.toString(), "and says which version would be right");
    }

    @Test
    void aMethodAddedToAnInterfaceConnectorsImplementIsMajorToo() throws Exception {
        Baseline.Info info = baseline(s -> s.name.equals("RegistrySource.java")
                ? s.replace("    String sourceId();\n", "    String sourceId();\n\n    String displayName();\n") : s.text);
        assertEquals(Delta.MAJOR, info.packageDiff.getDelta(), "a connector built before would not implement it");
        assertTrue(info.mismatch);
    }

    @Test
    void aMethodAddedToWhatOnlyTheEngineImplementsIsMinor() throws Exception {
        Baseline.Info info = baseline(s -> s.name.equals("ImportSink.java")
                ? s.replace("    void protect(String nationalId);\n", "    void protect(String nationalId);\n\n    void warn(String key, String message);\n") : s.text);
        assertEquals(Delta.MINOR, info.packageDiff.getDelta(), "ImportSink is a @ProviderType: connectors only call it");
        assertTrue(info.mismatch, "still to be said with a minor version: " + info.reason);
        assertEquals("1.3.0", info.suggestedVersion.toString());
    }

    @Test
    void theSameChangeWithTheMajorVersionRaisedPasses() throws Exception {
        Baseline.Info info = baseline(s -> switch (s.name) {
            case "RegistrySource.java" -> s.replace("    boolean fullSnapshot();\n", "");
            case "package-info.java" -> s.replace("@org.osgi.annotation.versioning.Version(\"1.2.0\")",
                    "@org.osgi.annotation.versioning.Version(\"2.0.0\")");
            default -> s.text;
        });
        assertEquals(Delta.MAJOR, info.packageDiff.getDelta());
        assertFalse(info.mismatch, "the version says so: " + info.reason);
    }

    @Test
    void aMethodAddedToTheCapabilityHandlerCapabilitiesImplementIsMajor() throws Exception {
        Baseline.Info info = baseline(s -> s.name.equals("CapabilityRecordHandler.java")
                ? s.replace("    long current(Run run, String type);\n", "    long current(Run run, String type);\n\n    void reset(Run run);\n") : s.text);
        assertEquals(Delta.MAJOR, info.packageDiff.getDelta(), "a capability's handler built before would not implement it");
        assertTrue(info.mismatch);
    }

    @Test
    void anUnchangedCopyPasses() throws Exception {
        Baseline.Info info = baseline(s -> s.text);
        assertFalse(info.mismatch, String.valueOf(info.reason));
        assertEquals("1.2.0", info.olderVersion.toString(), "the package carries its version from package-info.java");
    }

    // ---------------------------------------------------------------------------------------

    /** A source file of the package, by name. */
    record Source(String name, String text) {
        String replace(String what, String with) {
            assertTrue(text.contains(what), name + " still holds " + what.strip());
            return text.replace(what, with);
        }
    }

    /** Baselines a copy of the package's sources, each passed through {@code change}, against the real build. */
    private Baseline.Info baseline(java.util.function.Function<Source, String> change) throws Exception {
        Path src = Files.createDirectories(work.resolve("src/no/ranselpost/registry/api"));
        List<File> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SOURCES)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path copy = src.resolve(p.getFileName().toString());
                Files.writeString(copy, change.apply(new Source(copy.getFileName().toString(), Files.readString(p))));
                files.add(copy.toFile());
            }
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().equals(Path.of("target/classes").toAbsolutePath()))
                .collect(Collectors.joining(File.pathSeparator));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (var fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, null, List.of("--release", "17", "-classpath", classpath, "-d", classes.toString()),
                    null, fm.getJavaFileObjectsFromFiles(files)).call();
            assertTrue(ok, "the changed copy compiles");
        }
        try (Processor reporter = new Processor(); Jar older = bundle(Path.of("target/classes")); Jar newer = bundle(classes)) {
            Baseline baseline = new Baseline(reporter, new DiffPluginImpl());
            Baseline.Info info = baseline.baseline(newer, older, null).stream()
                    .filter(i -> i.packageName.equals(PACKAGE)).findFirst().orElseThrow();
            System.out.println("[baseline] " + PACKAGE + ": " + info.packageDiff.getDelta() + ", version " + info.newerVersion
                    + ", suggested " + info.suggestedVersion + (info.mismatch ? ", MISMATCH: " + info.reason : ""));
            return info;
        }
    }

    /** The bundle as the build makes it: the package exported from these classes. */
    private static Jar bundle(Path classes) throws Exception {
        Builder b = new Builder();
        b.setProperty("Bundle-SymbolicName", "no.ranselpost.ranselpost-registry-api");
        b.setProperty("Bundle-Version", "0.1.0");
        b.setProperty("Export-Package", PACKAGE);
        b.addClasspath(classes.toFile());
        Jar jar = b.build();
        assertTrue(b.getErrors().isEmpty(), "bnd: " + b.getErrors());
        return jar;
    }
}
