package io.pybitbot.sim.engine;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.fill.Fill;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.LimitOrder;
import io.pybitbot.fill.LimitOutcome;
import io.pybitbot.fill.Liquidity;
import io.pybitbot.fill.PositionProtection;
import io.pybitbot.fill.TimeInForce;
import io.pybitbot.fill.Trigger;
import io.pybitbot.tpsl.ProtectionPlan;
import io.pybitbot.tpsl.TickGrid;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The simulated account and matching engine: one-way mode USDT linear perpetuals, cross margin, one USDT
 * wallet. Pure (no threads, no clock): every call takes the virtual time; all methods are synchronized so the
 * REST handlers and the market clock may call it from different threads.
 *
 * <p>Fills come only from {@link FillModel} and {@link PositionProtection}, the same code the backtester uses:
 * <ul>
 *   <li>{@link #place}: a market order fills on arrival at the last price shown to clients
 *       ({@link FillModel#market}: slipped, taker fee); a limit order that is marketable at that price takes the
 *       same way ({@link FillModel#arrival}), an IOC/FOK that is not is cancelled, the rest go on the book. Right
 *       after a close the last price is the next candle's open, which is where the backtester fills a decision
 *       taken on that close.</li>
 *   <li>{@link #onCandleClose}: first the open position's TP/SL/trailing stop walks the candle
 *       ({@link PositionProtection#onCandle}), from the moment the protection was set when that was inside this
 *       candle; then every resting limit order that was on the book before this candle's path is matched
 *       against it ({@link FillModel#limit}).</li>
 * </ul>
 */
public final class MatchingEngine {

    private static final Pattern LINK_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");
    private static final int MONEY_SCALE = 8;

    private final Map<String, InstrumentSpec> specs;
    private final FillModel fills;
    private final BigDecimal defaultLeverage;
    private final long idSeed;
    private long idCounter;
    private long seq;

    private BigDecimal walletBalance;
    private BigDecimal cumRealised = BigDecimal.ZERO;
    private final Map<String, Book> books = new LinkedHashMap<>();
    /** All orders ever accepted, by orderId, in creation order. */
    private final LinkedHashMap<String, SimOrder> orders = new LinkedHashMap<>();
    /** The open subset of {@link #orders}, so per-candle matching and margin sums do not scan the history. */
    private final LinkedHashMap<String, SimOrder> open = new LinkedHashMap<>();
    /** orderLinkId to orderId (link ids are unique forever). */
    private final Map<String, String> byLinkId = new HashMap<>();
    private final Set<String> usedLinkIds = new HashSet<>();
    private final List<SimExecution> executions = new ArrayList<>();
    private final List<EngineEvent> outbox = new ArrayList<>();
    /** Every stop-loss set on a position by trading-stop, kept like orders and executions: the record tests audit. */
    private final List<StopLossSet> stopLossesSet = new ArrayList<>();

    /** A stop-loss level a trading-stop call put on a position. */
    public record StopLossSet(String symbol, BigDecimal stopLoss, long timeMs) {}

    /** Per-symbol state: position, protection, last price, candle bookkeeping. */
    private static final class Book {
        final InstrumentSpec spec;
        final PositionProtection protection;
        BigDecimal leverage;
        Side side;
        BigDecimal size = BigDecimal.ZERO;
        BigDecimal avgPrice = BigDecimal.ZERO;
        BigDecimal curRealised = BigDecimal.ZERO;
        BigDecimal cumRealised = BigDecimal.ZERO;
        BigDecimal takeProfit;
        BigDecimal stopLoss;
        BigDecimal trailingStop;
        BigDecimal activePrice;
        boolean protecting;
        double last = Double.NaN;
        long candleStart = Long.MIN_VALUE;
        /** The candle forming now, and whether price has not yet moved off its open (see {@link #place}). */
        Candle current;
        boolean atOpen;
        long openedAt;
        /** Extremes of the forming candle as shown so far. */
        double formingHigh = Double.NaN;
        double formingLow = Double.NaN;
        /**
         * Where the protection was last set inside the candle starting at {@code walkCandle}: the price then and
         * the extremes shown until then; that candle's walk starts there (see {@link #remainder}).
         */
        long walkCandle = Long.MIN_VALUE;
        double walkFrom;
        double walkHigh;
        double walkLow;
        long createdTime;
        long updatedTime;

        Book(InstrumentSpec spec, BigDecimal leverage) {
            this.spec = spec;
            this.leverage = leverage;
            this.protection = new PositionProtection(TickGrid.of(spec));
        }

        boolean open() {
            return side != null && size.signum() > 0;
        }
    }

    /**
     * @param specs           tradable instruments by symbol
     * @param initialBalance  USDT deposited at start
     * @param defaultLeverage leverage of every symbol until set-leverage changes it
     * @param idSeed          makes order and execution ids reproducible
     */
    public MatchingEngine(Collection<InstrumentSpec> specs, FillModel fills, BigDecimal initialBalance,
                          BigDecimal defaultLeverage, long idSeed) {
        this.fills = Objects.requireNonNull(fills, "fills");
        this.walletBalance = Objects.requireNonNull(initialBalance, "initialBalance");
        this.defaultLeverage = Objects.requireNonNull(defaultLeverage, "defaultLeverage");
        this.idSeed = idSeed;
        this.specs = new LinkedHashMap<>();
        for (InstrumentSpec s : specs) {
            this.specs.put(s.symbol(), s);
            books.put(s.symbol(), new Book(s, defaultLeverage.min(s.maxLeverage())));
        }
    }

    public synchronized Map<String, InstrumentSpec> specs() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(specs));
    }

    // ------------------------------------------------------------------ requests

    /** Accepts or rejects a new order; an accepted order is New until a later candle fills it. */
    public synchronized SimOrder place(NewOrder o, long now) {
        Book b = book(o.symbol());
        InstrumentSpec spec = b.spec;
        if (!o.orderLinkId().isEmpty()) {
            if (!LINK_ID.matcher(o.orderLinkId()).matches()) {
                throw SimRejection.params("orderLinkId must be 1-36 characters of [A-Za-z0-9_-], got '"
                        + o.orderLinkId() + "'");
            }
            if (usedLinkIds.contains(o.orderLinkId())) {
                throw new SimRejection(SimRejection.DUPLICATE_LINK_ID, "OrderLinkedID is duplicate");
            }
        }
        BigDecimal qty = o.qty();
        boolean closeAll = qty.signum() == 0 && o.reduceOnly() && o.closeOnTrigger();
        if (o.reduceOnly() && (o.takeProfit() != null || o.stopLoss() != null)) {
            throw SimRejection.params("takeProfit/stopLoss cannot be set on a reduceOnly order");
        }
        if (o.reduceOnly() && (!b.open() || b.side == o.side())) {
            throw new SimRejection(SimRejection.REDUCE_ONLY, "Reduce-only rule not satisfied");
        }
        if (closeAll) {
            qty = b.size;
        } else {
            if (qty.signum() <= 0) {
                throw SimRejection.params("qty must be > 0, got " + qty.toPlainString());
            }
            if (!spec.isOnQtyStep(qty)) {
                throw SimRejection.params("qty " + qty.toPlainString() + " is not a multiple of qtyStep "
                        + spec.qtyStep().toPlainString());
            }
            if (qty.compareTo(spec.minOrderQty()) < 0) {
                throw SimRejection.params("The number of contracts exceeds minimum limit allowed: qty "
                        + qty.toPlainString() + " < minOrderQty " + spec.minOrderQty().toPlainString());
            }
            if (qty.compareTo(spec.maxOrderQty()) > 0) {
                throw SimRejection.params("The number of contracts exceeds maximum limit allowed: qty "
                        + qty.toPlainString() + " > maxOrderQty " + spec.maxOrderQty().toPlainString());
            }
        }
        BigDecimal refPrice;
        if (o.market()) {
            if (Double.isNaN(b.last)) {
                throw SimRejection.params("no market price yet for " + o.symbol());
            }
            refPrice = spec.roundPrice(b.last);
        } else {
            if (o.price() == null || o.price().signum() <= 0) {
                throw SimRejection.params("price is required for a Limit order and must be > 0");
            }
            if (!spec.isOnTick(o.price())) {
                throw SimRejection.params("price " + o.price().toPlainString() + " is not a multiple of tickSize "
                        + spec.tickSize().toPlainString());
            }
            refPrice = o.price();
        }
        if (!o.reduceOnly() && qty.multiply(refPrice).compareTo(spec.minNotional()) < 0) {
            throw new SimRejection(SimRejection.MIN_NOTIONAL, "The order value " + qty.multiply(refPrice)
                    .stripTrailingZeros().toPlainString() + " is below the minimum order value "
                    + spec.minNotional().toPlainString() + " USDT");
        }
        checkLevels(spec, o.side(), refPrice, o.takeProfit(), o.stopLoss(), "base_price");
        if (!o.reduceOnly()) {
            BigDecimal opening = b.open() && b.side != o.side() ? qty.subtract(b.size).max(BigDecimal.ZERO) : qty;
            BigDecimal im = opening.multiply(refPrice).divide(b.leverage, MONEY_SCALE, RoundingMode.HALF_UP);
            if (im.signum() > 0 && im.compareTo(wallet().availableBalance()) > 0) {
                throw new SimRejection(SimRejection.AVAILABLE_BALANCE, "ab not enough for new order");
            }
        }
        String id = nextId();
        boolean priced = !Double.isNaN(b.last);
        // a limit checked for marketability now is matched from here on: against this candle's remaining path
        // when it arrived at the open (price has not moved yet), else from the next candle
        SimOrder order = new SimOrder(id, o.orderLinkId(), o.symbol(), o.side(), o.market(),
                o.market() ? null : o.price(), qty, o.timeInForce(), o.reduceOnly(), o.closeOnTrigger(),
                o.takeProfit(), o.stopLoss(), "New", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null, "",
                "CreateByUser", "UNKNOWN", "EC_NoError", BigDecimal.ZERO, now, now,
                b.atOpen ? b.candleStart - 1 : b.candleStart, priced);
        if (!o.orderLinkId().isEmpty()) {
            usedLinkIds.add(o.orderLinkId());
        }
        if (o.market()) {
            // fills on arrival at the last price shown: one order event (Filled), then execution, position, wallet
            store(order);
            applyFill(b, order, fills.market(o.side(), qty.min(o.reduceOnly() ? b.size : qty), b.last, now, spec), now);
            return orders.get(id);
        }
        if (priced && arrive(b, order, now)) {
            return orders.get(id);
        }
        put(order);
        outbox.add(new EngineEvent.PositionChanged(positionView(b)));
        return order;
    }

    /**
     * A limit order reaching the book at the last price: takes liquidity when marketable, IOC/FOK with nothing to
     * take and PostOnly that would take are cancelled. Returns false when it rests (nothing recorded yet).
     */
    private boolean arrive(Book b, SimOrder order, long now) {
        BigDecimal qty = order.reduceOnly() ? order.qty().min(b.size) : order.qty();
        LimitOutcome arrived = fills.arrival(new LimitOrder(order.side(), qty, order.price(), order.timeInForce()),
                b.last, now, b.spec);
        switch (arrived.status()) {
            case FILLED -> {
                store(order);
                applyFill(b, order, arrived.fill(), now);
            }
            case CANCELLED -> put(order.withStatus("Cancelled", "CancelByUser", "EC_NoImmediateQtyToFill", now));
            case REJECTED -> put(order.withStatus("Cancelled", "CancelByUser", "EC_PostOnlyWillTakeLiquidity", now));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Cancels an open order by orderId (wins) or orderLinkId. */
    public synchronized SimOrder cancel(String symbol, String orderId, String orderLinkId, long now) {
        book(symbol);
        SimOrder found = find(symbol, orderId, orderLinkId);
        if (found == null || !found.isOpen()) {
            throw new SimRejection(SimRejection.ORDER_NOT_FOUND, "order not exists or too late to cancel");
        }
        SimOrder cancelled = found.withStatus("Cancelled", "CancelByUser", "EC_PerCancelRequest", now);
        put(cancelled);
        outbox.add(new EngineEvent.PositionChanged(positionView(books.get(symbol)))); // Bybit pushes one per cancel
        return cancelled;
    }

    /**
     * {@code /v5/order/amend}: new qty, price or TP/SL for an open order (null = unchanged; TP/SL "0" removes).
     * A changed price or qty puts the order back on the book: it is evaluated as arriving on the next candle,
     * as a new order would be.
     */
    public synchronized SimOrder amend(String symbol, String orderId, String orderLinkId, BigDecimal qty,
                                       BigDecimal price, BigDecimal takeProfit, BigDecimal stopLoss, long now) {
        Book b = book(symbol);
        SimOrder o = find(symbol, orderId, orderLinkId);
        if (o == null || !o.isOpen()) {
            throw new SimRejection(SimRejection.ORDER_NOT_FOUND, "order not exists or too late to replace");
        }
        InstrumentSpec spec = b.spec;
        BigDecimal newQty = qty == null ? o.qty() : qty;
        BigDecimal newPrice = price == null || o.market() ? o.price() : price;
        BigDecimal tp = takeProfit == null ? o.takeProfit() : (takeProfit.signum() == 0 ? null : takeProfit);
        BigDecimal sl = stopLoss == null ? o.stopLoss() : (stopLoss.signum() == 0 ? null : stopLoss);
        boolean bookChange = newQty.compareTo(o.qty()) != 0 || !same(newPrice, o.price());
        if (!bookChange && same(tp, o.takeProfit()) && same(sl, o.stopLoss())) {
            throw new SimRejection(SimRejection.NOT_MODIFIED, "order not modified");
        }
        if (!spec.isOnQtyStep(newQty) || newQty.compareTo(spec.minOrderQty()) < 0
                || newQty.compareTo(spec.maxOrderQty()) > 0) {
            throw SimRejection.params("qty " + newQty.toPlainString() + " must be a multiple of "
                    + spec.qtyStep().toPlainString() + " within [" + spec.minOrderQty().toPlainString() + ", "
                    + spec.maxOrderQty().toPlainString() + "]");
        }
        if (newPrice != null && (newPrice.signum() <= 0 || !spec.isOnTick(newPrice))) {
            throw SimRejection.params("price " + newPrice.toPlainString() + " is not a positive multiple of tickSize "
                    + spec.tickSize().toPlainString());
        }
        if ((tp != null || sl != null) && o.reduceOnly()) {
            throw SimRejection.params("takeProfit/stopLoss cannot be set on a reduceOnly order");
        }
        BigDecimal ref = newPrice != null ? newPrice : spec.roundPrice(b.last);
        checkLevels(spec, o.side(), ref, same(tp, o.takeProfit()) ? null : tp, same(sl, o.stopLoss()) ? null : sl,
                "base_price");
        if (!o.reduceOnly() && newQty.multiply(ref).compareTo(spec.minNotional()) < 0) {
            throw new SimRejection(SimRejection.MIN_NOTIONAL, "The order value " + newQty.multiply(ref)
                    .stripTrailingZeros().toPlainString() + " is below the minimum order value "
                    + spec.minNotional().toPlainString() + " USDT");
        }
        if (!o.reduceOnly()) {
            BigDecimal oldIm = o.leavesQty().multiply(o.price() != null ? o.price() : ref);
            BigDecimal extra = newQty.multiply(ref).subtract(oldIm).divide(b.leverage, MONEY_SCALE,
                    RoundingMode.HALF_UP);
            if (extra.signum() > 0 && extra.compareTo(wallet().availableBalance()) > 0) {
                throw new SimRejection(SimRejection.AVAILABLE_BALANCE, "ab not enough for new order");
            }
        }
        SimOrder amended = new SimOrder(o.orderId(), o.orderLinkId(), o.symbol(), o.side(), o.market(), newPrice,
                newQty, o.timeInForce(), o.reduceOnly(), o.closeOnTrigger(), tp, sl, o.status(), o.cumExecQty(),
                o.cumExecValue(), o.cumExecFee(), o.avgPrice(), o.stopOrderType(), o.createType(), o.cancelType(),
                o.rejectReason(), o.closedPnl(), o.createdTime(), now,
                bookChange ? (b.atOpen ? b.candleStart - 1 : b.candleStart) : o.placedInCandle(),
                bookChange ? !Double.isNaN(b.last) : o.evaluated());
        if (bookChange && !o.market() && !Double.isNaN(b.last) && arrive(b, amended, now)) {
            return orders.get(o.orderId()); // a new price or qty is a new arrival: marketable now, it takes now
        }
        put(amended);
        return amended;
    }

    /**
     * Cancels every open order of {@code symbol} (all symbols when null). Without an order filter Bybit also
     * removes TP/SL and trailing stops, so {@code includeStops} clears the position's protection too.
     */
    public synchronized List<SimOrder> cancelAll(String symbol, boolean includeStops, long now) {
        if (symbol != null) {
            book(symbol);
        }
        List<SimOrder> done = new ArrayList<>();
        for (SimOrder o : List.copyOf(open.values())) {
            if (o.isOpen() && (symbol == null || o.symbol().equals(symbol))) {
                SimOrder c = o.withStatus("Cancelled", "CancelByUser", "EC_PerCancelRequest", now);
                put(c);
                done.add(c);
            }
        }
        if (includeStops) {
            for (Book b : books.values()) {
                if ((symbol == null || b.spec.symbol().equals(symbol)) && b.open()
                        && (b.takeProfit != null || b.stopLoss != null || b.trailingStop != null)) {
                    b.takeProfit = null;
                    b.stopLoss = null;
                    b.trailingStop = null;
                    b.activePrice = null;
                    rebuildProtection(b, true);
                    b.updatedTime = now;
                    outbox.add(new EngineEvent.PositionChanged(positionView(b)));
                }
            }
        }
        return done;
    }

    /**
     * {@code /v5/position/trading-stop} in Full mode. A null argument leaves that level alone; zero removes it.
     */
    public synchronized void tradingStop(String symbol, BigDecimal takeProfit, BigDecimal stopLoss,
                                         BigDecimal trailingStop, BigDecimal activePrice, long now) {
        Book b = book(symbol);
        if (!b.open()) {
            throw SimRejection.params("can not set tp/sl/ts for zero position");
        }
        BigDecimal tp = resolve(takeProfit, b.takeProfit);
        BigDecimal sl = resolve(stopLoss, b.stopLoss);
        BigDecimal ts = resolve(trailingStop, b.trailingStop);
        BigDecimal ap = trailingStop != null && trailingStop.signum() == 0 ? null : resolve(activePrice, b.activePrice);
        if (same(tp, b.takeProfit) && same(sl, b.stopLoss) && same(ts, b.trailingStop) && same(ap, b.activePrice)) {
            throw new SimRejection(SimRejection.NOT_MODIFIED, "not modified");
        }
        BigDecimal last = b.spec.roundPrice(b.last);
        checkLevels(b.spec, b.side, last, same(tp, b.takeProfit) ? null : tp, same(sl, b.stopLoss) ? null : sl,
                "LastPrice");
        if (ts != null && !b.spec.isOnTick(ts)) {
            throw SimRejection.params("trailingStop " + ts.toPlainString() + " is not a multiple of tickSize "
                    + b.spec.tickSize().toPlainString());
        }
        if (ap != null && !b.spec.isOnTick(ap)) {
            throw SimRejection.params("activePrice " + ap.toPlainString() + " is not a multiple of tickSize "
                    + b.spec.tickSize().toPlainString());
        }
        boolean trailingChanged = !same(ts, b.trailingStop) || !same(ap, b.activePrice);
        if (sl != null && sl.signum() > 0 && !same(sl, b.stopLoss)) {
            stopLossesSet.add(new StopLossSet(symbol, sl, now));
        }
        b.takeProfit = tp;
        b.stopLoss = sl;
        b.trailingStop = ts;
        b.activePrice = ap;
        rebuildProtection(b, trailingChanged);
        b.updatedTime = now;
        outbox.add(new EngineEvent.PositionChanged(positionView(b)));
    }

    /** {@code /v5/position/set-leverage}; buy and sell leverage must be equal (one-way mode). */
    public synchronized void setLeverage(String symbol, BigDecimal buy, BigDecimal sell, long now) {
        Book b = book(symbol);
        if (buy == null || sell == null || buy.compareTo(sell) != 0) {
            throw SimRejection.params("buyLeverage must equal sellLeverage in one-way mode");
        }
        if (buy.compareTo(BigDecimal.ONE) < 0 || buy.compareTo(b.spec.maxLeverage()) > 0
                || buy.scale() > 2 && buy.stripTrailingZeros().scale() > 2) {
            throw SimRejection.params("leverage " + buy.toPlainString() + " must be in [1, "
                    + b.spec.maxLeverage().toPlainString() + "] in steps of 0.01");
        }
        if (buy.compareTo(b.leverage) == 0) {
            throw new SimRejection(SimRejection.LEVERAGE_NOT_MODIFIED, "Set leverage not modified");
        }
        BigDecimal old = b.leverage;
        b.leverage = buy;
        if (wallet().availableBalance().signum() < 0) {
            b.leverage = old;
            throw new SimRejection(SimRejection.AVAILABLE_BALANCE, "ab not enough for new leverage");
        }
        b.updatedTime = now;
        outbox.add(new EngineEvent.PositionChanged(positionView(b)));
    }

    // ------------------------------------------------------------------ market data

    /**
     * A price inside the forming candle (interim kline): updates the last/mark price only, fills nothing. A price
     * reported later than the candle's open ends the "at the open" window of {@link #place}.
     */
    public synchronized void onPrice(String symbol, double price, long now) {
        Book b = books.get(symbol);
        if (b != null) {
            shown(b, price, price, price, now);
        }
    }

    /** The forming candle as clients now see it ({@code confirm=false} kline): last price and extremes so far. */
    public synchronized void onForming(String symbol, Candle partial, long now) {
        Book b = books.get(symbol);
        if (b != null) {
            shown(b, partial.close(), partial.high(), partial.low(), now);
        }
    }

    private static void shown(Book b, double price, double high, double low, long now) {
        b.last = price;
        b.formingHigh = Double.isNaN(b.formingHigh) ? high : Math.max(b.formingHigh, high);
        b.formingLow = Double.isNaN(b.formingLow) ? low : Math.min(b.formingLow, low);
        if (now > b.openedAt) {
            b.atOpen = false;
        }
    }

    /** Candle {@code c} opens: its open becomes the last price (orders arriving now fill there). */
    public synchronized void onCandleOpen(String symbol, Candle c, long now) {
        Book b = books.get(symbol);
        if (b == null) {
            return;
        }
        b.candleStart = c.startMs();
        b.last = c.open();
        b.formingHigh = c.open();
        b.formingLow = c.open();
        b.current = c;
        b.atOpen = true;
        b.openedAt = now;
    }

    /** Candle {@code c} closed: TP/SL/trailing walk it, then resting limit orders are matched against it. */
    public synchronized void onCandleClose(String symbol, Candle c, long now) {
        Book b = books.get(symbol);
        if (b == null) {
            return;
        }
        b.atOpen = false;
        if (b.open() && b.protecting) {
            Trigger t = b.protection.onCandle(b.walkCandle == c.startMs() ? remainder(b, c) : c);
            if (t != Trigger.NONE) {
                triggerExit(b, t, now);
            } else if (b.protection.stopMoved()) {
                b.updatedTime = now;
            }
        }
        for (SimOrder o : openOrders(symbol)) {
            if (o.market() || o.placedInCandle() >= c.startMs()) {
                continue;
            }
            LimitOrder lo = new LimitOrder(o.side(), o.qty().subtract(o.cumExecQty()), o.price(), o.timeInForce());
            LimitOutcome out = fills.limit(lo, c, !o.evaluated(), b.spec);
            switch (out.status()) {
                case FILLED -> {
                    BigDecimal qty = clipReduceOnly(b, o, now);
                    if (qty != null) {
                        Fill f = out.fill();
                        if (qty.compareTo(f.qty()) != 0) {
                            f = new Fill(f.side(), qty, f.price(), fills.settings().fees().fee(qty, f.price(),
                                    f.liquidity()), f.liquidity(), f.timeMs());
                        }
                        applyFill(b, o, f, now);
                    }
                }
                case CANCELLED -> put(o.withStatus("Cancelled", "CancelByUser", "EC_NoImmediateQtyToFill", now));
                case REJECTED -> put(o.withStatus("Cancelled", "CancelByUser", "EC_PostOnlyWillTakeLiquidity", now));
                case RESTING -> store(o.evaluatedOnce());
                default -> throw new IllegalStateException("unexpected limit outcome " + out.status());
            }
        }
        b.last = c.close();
        liquidateIfBust(now);
        if (b.open()) {
            outbox.add(new EngineEvent.PositionChanged(positionView(b)));
            outbox.add(new EngineEvent.WalletChanged(wallet()));
        }
    }

    /**
     * Cross-margin liquidation, checked at each candle close: when equity falls to the maintenance margin, every
     * open order is cancelled and every position closed at the last price (a taker market order through the fill
     * model), reported with {@code createType CreateByLiq} and {@code execType BustTrade}.
     */
    private void liquidateIfBust(long now) {
        WalletView w = wallet();
        if (!io.pybitbot.fill.Liquidation.bust(w.equity().doubleValue(), w.maintenanceMargin().doubleValue())) {
            return;
        }
        for (SimOrder o : List.copyOf(open.values())) {
            if (o.isOpen()) {
                put(o.withStatus("Cancelled", "CancelByLiq", "EC_NoError", now));
            }
        }
        for (Book b : books.values()) {
            if (!b.open() || Double.isNaN(b.last)) {
                continue;
            }
            Fill fill = fills.market(b.side.opposite(), b.size, b.last, now, b.spec);
            SimOrder liq = new SimOrder(nextId(), "", b.spec.symbol(), fill.side(), true, null, b.size,
                    TimeInForce.IOC, true, true, null, null, "New", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    null, "", "CreateByLiq", "UNKNOWN", "EC_NoError", BigDecimal.ZERO, now, now, b.candleStart, true);
            store(liq);
            applyFill(b, liq, fill, now);
        }
    }

    /**
     * The part of {@code c}'s path after the protection was set inside it, as a candle: from the price then to the
     * close, through an extreme only if the candle went beyond what had been shown by then (an extreme reached
     * before is behind the position). Equal to {@code c} when the protection was set at the open.
     */
    private static Candle remainder(Book b, Candle c) {
        double high = c.high() > b.walkHigh ? c.high() : Math.max(b.walkFrom, c.close());
        double low = c.low() < b.walkLow ? c.low() : Math.min(b.walkFrom, c.close());
        return new Candle(c.startMs(), b.walkFrom, high, low, c.close(), c.volume(), c.turnover(), true);
    }

    /** Last traded price of {@code symbol}; NaN before the first candle. */
    public synchronized double lastPrice(String symbol) {
        return book(symbol).last;
    }

    // ------------------------------------------------------------------ queries

    public synchronized SimOrder order(String orderId) {
        return orders.get(orderId);
    }

    /** Orders matching {@code filter}, newest first. */
    public synchronized List<SimOrder> orders(Predicate<SimOrder> filter) {
        List<SimOrder> out = new ArrayList<>();
        for (SimOrder o : orders.values()) {
            if (filter.test(o)) {
                out.add(o);
            }
        }
        out.sort(Comparator.comparingLong(SimOrder::createdTime).reversed());
        return out;
    }

    /** Executions matching {@code filter}, newest first. */
    public synchronized List<StopLossSet> stopLossesSet() {
        return List.copyOf(stopLossesSet);
    }

    public synchronized List<SimExecution> executions(Predicate<SimExecution> filter) {
        List<SimExecution> out = new ArrayList<>();
        for (int i = executions.size() - 1; i >= 0; i--) {
            if (filter.test(executions.get(i))) {
                out.add(executions.get(i));
            }
        }
        return out;
    }

    public synchronized PositionView position(String symbol) {
        return positionView(book(symbol));
    }

    /** Open positions only. */
    public synchronized List<PositionView> openPositions() {
        List<PositionView> out = new ArrayList<>();
        for (Book b : books.values()) {
            if (b.open()) {
                out.add(positionView(b));
            }
        }
        return out;
    }

    public synchronized WalletView wallet() {
        BigDecimal upl = BigDecimal.ZERO;
        BigDecimal posIm = BigDecimal.ZERO;
        BigDecimal mm = BigDecimal.ZERO;
        for (Book b : books.values()) {
            if (b.open()) {
                upl = upl.add(unrealised(b));
                BigDecimal value = b.size.multiply(b.avgPrice);
                posIm = posIm.add(value.divide(b.leverage, MONEY_SCALE, RoundingMode.HALF_UP));
                mm = mm.add(io.pybitbot.fill.Liquidation.maintenanceMargin(b.size, b.avgPrice));
            }
        }
        BigDecimal orderIm = BigDecimal.ZERO;
        for (SimOrder o : open.values()) {
            if (o.isOpen() && !o.reduceOnly()) {
                Book b = books.get(o.symbol());
                BigDecimal price = o.price() != null ? o.price() : b.spec.roundPrice(b.last);
                orderIm = orderIm.add(o.leavesQty().multiply(price).divide(b.leverage, MONEY_SCALE,
                        RoundingMode.HALF_UP));
            }
        }
        BigDecimal equity = walletBalance.add(upl);
        return new WalletView(scaled(walletBalance), scaled(equity), scaled(upl), scaled(cumRealised), scaled(posIm),
                scaled(orderIm), scaled(mm), scaled(equity.subtract(posIm).subtract(orderIm)));
    }

    /** Events since the last drain, oldest first. */
    public synchronized List<EngineEvent> drainEvents() {
        List<EngineEvent> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    // ------------------------------------------------------------------ internals

    private Book book(String symbol) {
        Book b = symbol == null ? null : books.get(symbol);
        if (b == null) {
            throw SimRejection.params("symbol invalid: '" + symbol + "' is not listed");
        }
        return b;
    }

    private List<SimOrder> openOrders(String symbol) {
        List<SimOrder> out = new ArrayList<>();
        for (SimOrder o : open.values()) {
            if (o.symbol().equals(symbol)) {
                out.add(o);
            }
        }
        return out;
    }

    private SimOrder find(String symbol, String orderId, String orderLinkId) {
        if (orderId != null && !orderId.isEmpty()) {
            SimOrder o = orders.get(orderId);
            return o != null && o.symbol().equals(symbol) ? o : null;
        }
        if (orderLinkId != null && !orderLinkId.isEmpty()) {
            String id = byLinkId.get(orderLinkId);
            SimOrder o = id == null ? null : orders.get(id);
            return o != null && o.symbol().equals(symbol) ? o : null;
        }
        throw SimRejection.params("orderId or orderLinkId is required");
    }

    private void store(SimOrder o) {
        orders.put(o.orderId(), o);
        if (o.isOpen()) {
            open.put(o.orderId(), o);
        } else {
            open.remove(o.orderId());
        }
        if (!o.orderLinkId().isEmpty()) {
            byLinkId.put(o.orderLinkId(), o.orderId());
        }
    }

    private void put(SimOrder o) {
        store(o);
        outbox.add(new EngineEvent.OrderChanged(o));
    }

    /** Quantity a fill of {@code o} may take: reduce-only orders shrink to the position; null = cancelled. */
    private BigDecimal clipReduceOnly(Book b, SimOrder o, long now) {
        BigDecimal qty = o.qty().subtract(o.cumExecQty());
        if (!o.reduceOnly()) {
            return qty;
        }
        if (!b.open() || b.side == o.side()) {
            put(o.withStatus("Cancelled", "CancelByReduceOnly", "EC_ReduceOnlyNoPosition", now));
            return null;
        }
        return qty.min(b.size);
    }

    private void triggerExit(Book b, Trigger t, long now) {
        Fill fill = fills.protectiveExit(b.protection, b.size, now, b.spec);
        String kind = switch (t) {
            case TAKE_PROFIT -> "TakeProfit";
            case TRAILING_STOP -> "TrailingStop";
            default -> "StopLoss";
        };
        String id = nextId();
        SimOrder exit = new SimOrder(id, "", b.spec.symbol(), fill.side(), true, null, b.size, TimeInForce.IOC, true,
                true, null, null, "New", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null, kind,
                "CreateBy" + kind, "UNKNOWN", "EC_NoError", BigDecimal.ZERO, now, now, b.candleStart, true);
        store(exit);
        applyFill(b, exit, fill, now);
    }

    private void applyFill(Book b, SimOrder o, Fill fill, long now) {
        BigDecimal qty = fill.qty();
        BigDecimal price = fill.price();
        BigDecimal closed = BigDecimal.ZERO;
        BigDecimal pnl = BigDecimal.ZERO;
        if (b.open() && b.side != fill.side()) {
            closed = qty.min(b.size);
            pnl = FillModel.pnl(b.side, closed, b.avgPrice, price);
            b.size = b.size.subtract(closed);
            if (b.size.signum() == 0) {
                flatten(b);
            }
        }
        BigDecimal opening = qty.subtract(closed);
        boolean entryChanged = false;
        if (opening.signum() > 0) {
            if (!b.open()) {
                b.side = fill.side();
                b.size = opening;
                b.avgPrice = price;
                b.createdTime = now;
                b.curRealised = BigDecimal.ZERO;
            } else {
                BigDecimal total = b.size.add(opening);
                b.avgPrice = b.size.multiply(b.avgPrice).add(opening.multiply(price))
                        .divide(total, 10, RoundingMode.HALF_UP).stripTrailingZeros();
                b.size = total;
            }
            if (o.takeProfit() != null) {
                b.takeProfit = o.takeProfit();
            }
            if (o.stopLoss() != null) {
                b.stopLoss = o.stopLoss();
            }
            entryChanged = true;
        }
        BigDecimal realised = pnl.subtract(fill.fee());
        walletBalance = walletBalance.add(realised);
        cumRealised = cumRealised.add(realised);
        b.curRealised = b.curRealised.add(realised);
        b.cumRealised = b.cumRealised.add(realised);
        b.updatedTime = now;
        if (entryChanged) {
            rebuildProtection(b, true);
        }
        SimOrder done = o.filled(qty, price, fill.fee(), pnl, now);
        put(done);
        String execType = "CreateByLiq".equals(o.createType()) ? "BustTrade" : "Trade";
        SimExecution e = new SimExecution(nextId(), ++seq, execType, b.spec.symbol(), o.orderId(), o.orderLinkId(),
                fill.side(),
                price, qty, qty.multiply(price), fill.fee(), fills.settings().fees().rate(fill.liquidity()),
                fill.liquidity() == Liquidity.MAKER, o.orderType(), o.stopOrderType(),
                o.price() == null ? BigDecimal.ZERO : o.price(), done.qty(), BigDecimal.ZERO, closed, pnl,
                Double.isNaN(b.last) ? price : b.spec.roundPrice(b.last), now);
        executions.add(e);
        outbox.add(new EngineEvent.Executed(e));
        outbox.add(new EngineEvent.PositionChanged(positionView(b)));
        outbox.add(new EngineEvent.WalletChanged(wallet()));
        if (!b.open()) {
            for (SimOrder other : openOrders(b.spec.symbol())) {
                if (other.reduceOnly()) {
                    put(other.withStatus("Deactivated", "CancelByReduceOnly", "EC_ReduceOnlyNoPosition", now));
                }
            }
        }
    }

    /**
     * A funding settlement at {@code rate} (Bybit's sign: positive, longs pay shorts): the open position, valued at the
     * last price, pays or receives {@code value * rate} to the wallet, listed as an execution of type {@code Funding}
     * whose fee is what was paid (negative when received), as Bybit lists it.
     *
     * @return the amount received (negative when paid); zero without a position
     */
    public synchronized BigDecimal settleFunding(String symbol, BigDecimal rate, long now) {
        Book b = books.get(symbol);
        if (b == null || !b.open() || rate.signum() == 0 || Double.isNaN(b.last)) {
            return BigDecimal.ZERO;
        }
        BigDecimal mark = BigDecimal.valueOf(b.last);
        BigDecimal value = b.size.multiply(mark);
        BigDecimal paid = value.multiply(rate).setScale(io.pybitbot.fill.FeeSchedule.FEE_SCALE, RoundingMode.HALF_UP);
        BigDecimal received = b.side == Side.BUY ? paid.negate() : paid;
        walletBalance = walletBalance.add(received);
        b.updatedTime = now;
        SimExecution e = new SimExecution(nextId(), ++seq, "Funding", symbol, "", "", b.side, mark, b.size, value,
                received.negate(), rate, false, "UNKNOWN", "", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, mark, now);
        executions.add(e);
        outbox.add(new EngineEvent.Executed(e));
        outbox.add(new EngineEvent.WalletChanged(wallet()));
        return received;
    }

    private void flatten(Book b) {
        b.side = null;
        b.size = BigDecimal.ZERO;
        b.avgPrice = BigDecimal.ZERO;
        b.takeProfit = null;
        b.stopLoss = null;
        b.trailingStop = null;
        b.activePrice = null;
        b.protecting = false;
    }

    /**
     * Brings the shared {@link PositionProtection} in line with the position's levels. A new trailing stop (or a
     * new entry) restarts the walk from the entry and the last price; a TP/SL change keeps an armed trail.
     */
    private void rebuildProtection(Book b, boolean restart) {
        if (!b.open()) {
            b.protecting = false;
            return;
        }
        double tp = b.takeProfit == null ? Double.NaN : b.takeProfit.doubleValue();
        double sl = b.stopLoss == null ? Double.NaN : b.stopLoss.doubleValue();
        boolean any = b.takeProfit != null || b.stopLoss != null || b.trailingStop != null;
        if (!any) {
            b.protecting = false;
            return;
        }
        if (!Double.isNaN(b.last)) {
            b.walkCandle = b.candleStart;
            b.walkFrom = b.last;
            b.walkHigh = Double.isNaN(b.formingHigh) ? b.last : Math.max(b.formingHigh, b.last);
            b.walkLow = Double.isNaN(b.formingLow) ? b.last : Math.min(b.formingLow, b.last);
        }
        if (restart || !b.protecting) {
            double ts = b.trailingStop == null ? Double.NaN : b.trailingStop.doubleValue();
            double ap = b.activePrice == null ? Double.NaN : b.activePrice.doubleValue();
            b.protection.reset(new ProtectionPlan(b.side, b.avgPrice.doubleValue(), sl, tp, ts, ap, Double.NaN,
                    Double.NaN));
            if (!Double.isNaN(b.last)) {
                b.protection.onPrice(b.last);
            }
        } else {
            b.protection.setStopLoss(sl);
            b.protection.setTakeProfit(tp);
        }
        b.protecting = true;
    }

    private static void checkLevels(InstrumentSpec spec, Side side, BigDecimal base, BigDecimal tp, BigDecimal sl,
                                    String baseName) {
        int sign = side.sign();
        if (tp != null && tp.signum() != 0) {
            if (!spec.isOnTick(tp)) {
                throw SimRejection.params("takeProfit " + tp.toPlainString() + " is not a multiple of tickSize "
                        + spec.tickSize().toPlainString());
            }
            if (sign * tp.compareTo(base) <= 0) {
                throw SimRejection.params("TakeProfit:" + tp.toPlainString() + " set for " + side.wire()
                        + " position should be " + (sign > 0 ? "higher" : "lower") + " than " + baseName + ":"
                        + base.toPlainString());
            }
        }
        if (sl != null && sl.signum() != 0) {
            if (!spec.isOnTick(sl)) {
                throw SimRejection.params("stopLoss " + sl.toPlainString() + " is not a multiple of tickSize "
                        + spec.tickSize().toPlainString());
            }
            if (sign * sl.compareTo(base) >= 0) {
                throw SimRejection.params("StopLoss:" + sl.toPlainString() + " set for " + side.wire()
                        + " position should be " + (sign > 0 ? "lower" : "higher") + " than " + baseName + ":"
                        + base.toPlainString());
            }
        }
    }

    private static BigDecimal resolve(BigDecimal requested, BigDecimal current) {
        if (requested == null) {
            return current;
        }
        return requested.signum() == 0 ? null : requested;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private BigDecimal unrealised(Book b) {
        if (!b.open() || Double.isNaN(b.last)) {
            return BigDecimal.ZERO;
        }
        return FillModel.pnl(b.side, b.size, b.avgPrice, b.spec.roundPrice(b.last));
    }

    private PositionView positionView(Book b) {
        BigDecimal mark = Double.isNaN(b.last) ? BigDecimal.ZERO : b.spec.roundPrice(b.last);
        BigDecimal value = b.size.multiply(b.avgPrice);
        return new PositionView(b.spec.symbol(), b.open() ? b.side : null, b.size, b.avgPrice, mark, b.leverage,
                scaled(value), scaled(unrealised(b)), scaled(b.curRealised), scaled(b.cumRealised), b.takeProfit,
                b.stopLoss, b.trailingStop, b.activePrice,
                scaled(value.divide(b.leverage, MONEY_SCALE, RoundingMode.HALF_UP)),
                scaled(io.pybitbot.fill.Liquidation.maintenanceMargin(b.size, b.avgPrice)), ++seq, b.createdTime, b.updatedTime);
    }

    private static BigDecimal scaled(BigDecimal v) {
        BigDecimal s = v.setScale(MONEY_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return s.signum() == 0 ? BigDecimal.ZERO : s;
    }

    private String nextId() {
        return new UUID(idSeed, ++idCounter).toString();
    }
}
