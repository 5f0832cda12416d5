// Drives the simulator with ccxt's stock `bybit` class; only the base URLs are changed.
// Usage: node client.js BASE_URL API_KEY API_SECRET
// Prints one JSON object with what each call returned; exits 1 (with the error) on the first failure.
'use strict';
const ccxt = require('ccxt');

const [base, apiKey, secret] = process.argv.slice(2);
const SYMBOL = 'BTC/USDT:USDT';

async function main() {
  const exchange = new ccxt.bybit({ apiKey, secret });
  for (const k of Object.keys(exchange.urls.api)) {
    exchange.urls.api[k] = base;
  }
  const out = { version: ccxt.version };

  const markets = await exchange.loadMarkets();
  const m = markets[SYMBOL];
  out.markets = { count: Object.keys(markets).length, id: m.id, type: m.type, linear: m.linear, settle: m.settle,
                  tick: m.precision.price, step: m.precision.amount, minAmount: m.limits.amount.min };

  const candles = await exchange.fetchOHLCV(SYMBOL, '1m', undefined, 100);
  out.ohlcv = { count: candles.length, first: candles[0], last: candles[candles.length - 1] };

  const ticker = await exchange.fetchTicker(SYMBOL);
  out.ticker = { last: ticker.last, bid: ticker.bid, ask: ticker.ask };

  const balance = await exchange.fetchBalance();
  out.balance = { total: balance.total.USDT, free: balance.free.USDT };

  const amount = Math.max(m.limits.amount.min, 0.01);
  const stopLoss = exchange.priceToPrecision(SYMBOL, ticker.last * 0.9);
  const takeProfit = exchange.priceToPrecision(SYMBOL, ticker.last * 1.1);
  const entry = await exchange.createOrder(SYMBOL, 'market', 'buy', amount, undefined,
      { stopLoss: { triggerPrice: stopLoss }, takeProfit: { triggerPrice: takeProfit } });
  out.entry = { id: entry.id, amount, stopLoss, takeProfit };

  // no waiting: on Bybit a market order has filled by the time the create answers
  const positions = await exchange.fetchPositions([SYMBOL]);
  out.positions = positions.map(p => ({ symbol: p.symbol, side: p.side, contracts: p.contracts,
      entryPrice: p.entryPrice, stopLossPrice: p.stopLossPrice, takeProfitPrice: p.takeProfitPrice }));

  const close = await exchange.createOrder(SYMBOL, 'market', 'sell', amount, undefined, { reduceOnly: true });
  out.close = { id: close.id };

  const after = await exchange.fetchPositions([SYMBOL]);
  out.after = after.map(p => ({ side: p.side, contracts: p.contracts }));

  const trades = await exchange.fetchMyTrades(SYMBOL);
  out.trades = trades.map(t => ({ order: t.order, side: t.side, amount: t.amount, price: t.price,
      fee: t.fee && t.fee.cost, feeCurrency: t.fee && t.fee.currency, takerOrMaker: t.takerOrMaker }));

  const fee = await exchange.fetchTradingFee(SYMBOL);
  out.tradingFee = { taker: fee.taker, maker: fee.maker };

  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch(e => {
  process.stderr.write((e && e.constructor ? e.constructor.name + ': ' : '') + (e && e.message) + '\n');
  process.exit(1);
});
