package io.pybitbot.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses a point in time given on the command line: epoch milliseconds, an ISO date or date-time (UTC). */
public final class TimeArg {
    private TimeArg() {
    }

    public static long parseMillis(String option, String s) {
        String v = s.strip();
        if (v.matches("-?\\d{10,}")) {
            return Long.parseLong(v);
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Instant.parse(v.endsWith("Z") ? v : java.time.OffsetDateTime.parse(v).toInstant().toString())
                        .toEpochMilli();
            }
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ExitCodes.UsageException(option + ": cannot read '" + s
                    + "' as a time; use epoch milliseconds, 2023-03-13, or 2023-03-13T12:00 (UTC)");
        }
    }
}
