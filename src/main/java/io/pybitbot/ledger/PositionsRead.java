package io.pybitbot.ledger;

import io.pybitbot.account.AccountEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to {@link LedgerEffect.ReadPositions}.
 *
 * @param open       the open positions the venue lists (empty when the read failed)
 * @param failure    "" when the read succeeded, else why it did not
 * @param newsAtRead as given in the effect
 */
public record PositionsRead(List<AccountEvent.PositionUpdate> open, String failure, Map<String, Long> newsAtRead,
                            boolean startUp) {

    public PositionsRead {
        open = List.copyOf(open);
        failure = Objects.requireNonNull(failure, "failure");
        newsAtRead = Map.copyOf(newsAtRead);
    }

    public static PositionsRead ok(List<AccountEvent.PositionUpdate> open, LedgerEffect.ReadPositions asked) {
        return new PositionsRead(open.stream().filter(AccountEvent.PositionUpdate::open).toList(), "",
                asked.newsAtRead(), asked.startUp());
    }

    public static PositionsRead failed(String why, LedgerEffect.ReadPositions asked) {
        return new PositionsRead(List.of(), why.isEmpty() ? "read failed" : why, asked.newsAtRead(), asked.startUp());
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
