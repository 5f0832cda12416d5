package io.pybitbot.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest when packaged, else from the build's resource. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        if (v == null) {
            try (var in = VersionProvider.class.getResourceAsStream("/pybit-bot-version.txt")) {
                v = in == null ? "dev" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            } catch (java.io.IOException e) {
                v = "dev";
            }
        }
        return new String[] {"pybit-bot " + v, "Java " + System.getProperty("java.version")};
    }
}
