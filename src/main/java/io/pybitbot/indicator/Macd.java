package io.pybitbot.indicator;

/**
 * Moving Average Convergence/Divergence: {@code macd = EMA(fast) - EMA(slow)} of the close, the signal
 * line is {@code EMA(signal)} of the MACD line, and {@code histogram = macd - signal}.
 *
 * <p>Every EMA follows {@link Ema}'s convention (seeded with the SMA of its first inputs), and the
 * signal EMA starts with the first MACD value, i.e. once the slow EMA is ready. All outputs are
 * {@code NaN} until the signal is ready: {@code slow + signal - 1} closes. {@link #value()} is the MACD
 * line. ta4j's {@code MACDIndicator} and {@code getSignalLine} use first-value-seeded EMAs; the
 * outputs converge to ours (within 1e-9 relative after roughly {@code 14 * (slow + signal)} bars).
 */
public final class Macd extends SingleInputIndicator {

    private final int signalPeriod;
    private final Ema fast;
    private final Ema slow;
    private final Ema signal;
    private double macd = Double.NaN;
    private double signalValue = Double.NaN;

    public Macd(int fast, int slow, int signal) {
        Params.requirePositive("fast", fast);
        Params.requirePositive("slow", slow);
        this.signalPeriod = Params.requirePositive("signal", signal);
        if (fast >= slow) {
            throw new IllegalArgumentException("fast must be < slow, got fast=" + fast + " slow=" + slow);
        }
        this.fast = new Ema(fast);
        this.slow = new Ema(slow);
        this.signal = new Ema(signal);
    }

    @Override
    public double update(double close) {
        Params.requireFinite(this, close);
        double f = fast.update(close);
        double s = slow.update(close);
        if (slow.isReady()) {
            double line = f - s;
            double sig = signal.update(line);
            if (signal.isReady()) {
                macd = line;
                signalValue = sig;
            }
        }
        return macd;
    }

    public double macd() {
        return macd;
    }

    public double signal() {
        return signalValue;
    }

    public double histogram() {
        return macd - signalValue;
    }

    @Override
    public boolean isReady() {
        return signal.isReady();
    }

    @Override
    public double value() {
        return macd;
    }

    @Override
    public void reset() {
        fast.reset();
        slow.reset();
        signal.reset();
        macd = Double.NaN;
        signalValue = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return slow.period() + signalPeriod - 1;
    }

    @Override
    public String toString() {
        return "Macd(" + fast.period() + ", " + slow.period() + ", " + signalPeriod + ")";
    }
}
