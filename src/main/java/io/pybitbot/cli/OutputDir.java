package io.pybitbot.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An output directory made ready before a command does its work, so a bad {@code --out} fails at once, not at the end. */
final class OutputDir {
    private OutputDir() {
    }

    /** Creates {@code dir} if needed; a path that cannot be a writable directory is a usage error naming the option. */
    static void prepare(Path dir, String option) {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ExitCodes.UsageException(option + " " + dir + ": is a file, not a directory");
        } catch (IOException | SecurityException e) {
            throw new ExitCodes.UsageException(option + " " + dir + ": cannot create the directory (" + reason(e) + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new ExitCodes.UsageException(option + " " + dir + ": the directory is not writable");
        }
    }

    /** The cause of a file-system failure without the path the user already sees. */
    static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its parent is missing or not writable";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
