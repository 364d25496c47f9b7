// The two source files of the scripted pull request, as functions of the script's state: which seeded bugs
// are in (and whether fixed), how often the lines next to each were edited, whether its own line was rewritten
// with the bug kept, and whether the `debugger;` statement is still there. Each bug is marked on its own line
// by a comment `// BUG <id> <severity>: <what>`, which the model stand-in reads as a real model would read the
// code; the fixed line carries no marker. Bugs sit in separate functions with bug-free code between them, so a
// push that edits one function shows no other bug's line in its diff (git's 3 lines of context).

/** The seeded bugs: where they are, how severe, and what a reviewer would say about them. */
export const BUGS = {
  b1: {
    path: 'src/cart.js',
    severity: 'major',
    what: 'the loop runs while i <= items.length, one past the last item, so items[i] is undefined and reading its price throws',
  },
  b2: {
    path: 'src/cart.js',
    severity: 'minor',
    what: 'a configured tax rate of 0 is falsy, so a tax-free shop silently gets the 0.2 default instead',
  },
  b3: {
    path: 'src/cart.js',
    severity: 'major',
    what: 'the expiry test is reversed, so valid coupons are refused and expired coupons still take their discount off',
  },
  b4: {
    path: 'src/cart.js',
    severity: 'minor',
    what: 'Math.round on the whole units drops the cents, so 1234 cents is shown as 12 instead of 12.34',
  },
  b5: {
    path: 'src/inventory.ts',
    severity: 'major',
    what: 'nothing checks that enough units are on hand, so the stock count goes negative and the shop oversells',
  },
  b6: {
    path: 'src/inventory.ts',
    severity: 'minor',
    what: 'the sku is lower-cased although every stored sku is upper-case, so lookups with a normalized sku never match',
  },
  b7: {
    path: 'src/inventory.ts',
    severity: 'major',
    what: 'when a later line throws, the lines already reserved are never released, so a failed order keeps holding stock',
  },
  b8: {
    path: 'src/inventory.ts',
    severity: 'minor',
    what: 'a corrupt snapshot is swallowed and loads as an empty stock, so every item looks sold out after a restart',
  },
  b9: {
    path: 'src/cart.js',
    severity: 'major',
    what: "the guest quantity replaces the user's quantity instead of adding to it, so units the user already had are lost",
  },
  b10: {
    path: 'src/inventory.ts',
    severity: 'minor',
    what: 'the comparison is strict, so a sku sitting exactly at the reorder threshold is never reordered',
  },
  b11: {
    path: 'src/inventory.ts',
    severity: 'major',
    what: 'the delivery overwrites the count on hand instead of adding to it, so the units already in the warehouse disappear',
  },
  b12: {
    path: 'src/cart.js',
    severity: 'major',
    what: 'the balance grows with each refund instead of shrinking, so the customer appears to be owed twice the refunded amount',
  },
  b13: {
    path: 'src/cart.js',
    severity: 'minor',
    what: 'an undefined userId gives the shared key cart:undefined, so anonymous sessions read and overwrite each other carts',
  },
  b14: {
    path: 'src/inventory.ts',
    severity: 'minor',
    what: 'the bitwise or truncates the sum to 32 bits, so a total above 2147483647 units turns negative',
  },
};

/** The marker comment of a bug: what the stand-in looks for, and what the bench checks the head for. */
export const markerOf = (id) => `// BUG ${id} ${BUGS[id].severity}: ${BUGS[id].what}`;
const marked = (code, id) => `${code} ${markerOf(id)}`;
/** The line as the bug has it, or as the fix writes it. */
const line = (s, id, buggy, fixed) => (s.bugs[id].fixed ? fixed : marked(buggy, id));
/** An edit next to a bug: the variant for how often that neighbourhood was edited so far. */
const touched = (s, id, variants) => variants[Math.min(s.bugs[id].touched, variants.length - 1)];

// Blocks: `base` (on the base branch), `bug` (comes with that bug, in the push that adds it), `since` (comes
// with that push). Each renders to text; blocks are separated by one blank line.

const CART = [
  {
    base: () => `// Shopping cart arithmetic for the storefront: line items, totals, tax, coupons and shipping.
// Every amount is in integer cents; only formatMoney turns cents into text.

import { log } from './log.js';

export const CURRENCY = 'EUR';
export const MAX_QTY = 99;
export const FREE_SHIPPING_CENTS = 5000;
export const DEFAULT_TAX_RATE = 0.2;`,
  },
  {
    base: () => `/** What is wrong with a line item as the storefront sends it; empty when it is fine. */
export function validateItem(item) {
  const problems = [];
  if (typeof item.sku !== 'string' || item.sku.length === 0) problems.push('sku is missing');
  if (!Number.isInteger(item.price) || item.price < 0) problems.push('price must be whole cents');
  if (!Number.isInteger(item.qty) || item.qty < 1) problems.push('qty must be at least 1');
  if (item.qty > MAX_QTY) problems.push(\`qty is over \${MAX_QTY}\`);
  return problems;
}`,
  },
  {
    bug: 'b1',
    render: (s) => `/** The sum of the items' prices times quantities, before tax, discounts and shipping. */
export function subtotal(items) {
  let total = 0;
  ${line(s, 'b1', 'for (let i = 0; i <= items.length; i++) {', 'for (let i = 0; i < items.length; i++) {')}
    const item = items[i];
    total += item.price * item.qty;
  }
  return total;
}`,
  },
  {
    base: () => `/** How many units the cart holds, over all of its lines. */
export function itemCount(cart) {
  let count = 0;
  for (const item of cart.items) count += item.qty;
  return count;
}`,
  },
  {
    base: () => `/** The cart without the line for \`sku\` (a new object: carts are never changed in place). */
export function removeItem(cart, sku) {
  const items = cart.items.filter((item) => item.sku !== sku);
  log.debug(\`removed \${cart.items.length - items.length} line(s) for \${sku}\`);
  return { ...cart, items };
}`,
  },
  {
    base: () => `/** The cart with \`qty\` more units of an item (a new line, or more of a line it has). */
export function addItem(cart, item, qty = 1) {
  const problems = validateItem({ ...item, qty });
  if (problems.length > 0) throw new TypeError(\`cannot add \${item.sku}: \${problems.join(', ')}\`);
  const existing = cart.items.find((line) => line.sku === item.sku);
  const items = existing
    ? cart.items.map((line) => (line === existing ? { ...line, qty: Math.min(line.qty + qty, MAX_QTY) } : line))
    : [...cart.items, { sku: item.sku, price: item.price, qty }];
  return { ...cart, items };
}`,
  },
  {
    bug: 'b2',
    render: (s) => `/** The tax rate from the environment, as a fraction (0.2 is 20%). */
export function taxRate(env = process.env) {
  ${touched(s, 'b2', ['const raw = env.CART_TAX_RATE;', 'const raw = env.CART_TAX_RATE?.trim();'])}
  ${line(s, 'b2', 'const rate = Number(raw) || DEFAULT_TAX_RATE;', "const rate = raw === undefined || raw === '' ? DEFAULT_TAX_RATE : Number(raw);")}
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(\`CART_TAX_RATE must be between 0 and 1, not \${raw}\`);
  return rate;
}`,
  },
  {
    base: () => `/** The tax on an amount at \`rate\`, rounded half up to the cent as the tax office does. */
export function taxOn(amount, rate) {
  return Math.floor(amount * rate + 0.5);
}`,
  },
  {
    bug: 'b3',
    render: (
      s,
    ) => `/** What a coupon takes off \`amount\`: a percentage or a fixed sum in cents, never more than the amount. */
export function couponDiscount(coupon, amount, now = Date.now()) {
  if (!coupon) return 0;
  ${line(s, 'b3', 'if (coupon.expiresAt > now) return 0;', 'if (coupon.expiresAt <= now) return 0;')}
  const off = coupon.percent ? Math.floor((amount * coupon.percent) / 100) : coupon.cents;
  return Math.min(off, amount);
}`,
  },
  {
    base: () => `/** Whether two carts hold the same lines, whatever their order. */
export function sameItems(a, b) {
  if (a.items.length !== b.items.length) return false;
  const key = (item) => \`\${item.sku}x\${item.qty}\`;
  const left = a.items.map(key).sort();
  const right = b.items.map(key).sort();
  return left.every((k, i) => k === right[i]);
}`,
  },
  {
    base: () => `/** The shipping zone of a country code: domestic, the EU, or the rest of the world. */
export function zoneFor(country) {
  const code = String(country ?? '').toUpperCase();
  if (code === 'DE') return 'domestic';
  const eu = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT'];
  const eu2 = ['LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];
  if (eu.includes(code) || eu2.includes(code)) return 'eu';
  return 'world';
}`,
  },
  {
    since: 1,
    render: (s) =>
      `/** Shipping for an order: free from FREE_SHIPPING_CENTS of goods, else the flat rate of its zone. */
export function shippingFor(order, rates) {
  const goods = subtotal(order.items);
${s.debugger ? '  debugger;\n' : ''}  if (goods >= FREE_SHIPPING_CENTS) return 0;
  const rate = rates[order.zone];
  if (rate === undefined) throw new Error(\`no shipping rate for zone \${order.zone}\`);
  return rate;
}`,
  },
  {
    since: 1,
    render: () => `/** The grand total of an order: goods, minus the coupon, plus tax and shipping. */
export function orderTotal(order, rates, env = process.env) {
  const goods = subtotal(order.items);
  const discounted = goods - couponDiscount(order.coupon, goods);
  return discounted + taxOn(discounted, taxRate(env)) + shippingFor(order, rates);
}`,
  },
  {
    bug: 'b4',
    render: (s) => `/** "12.34 EUR" for 1234 cents. */
export function formatMoney(cents, currency = CURRENCY) {
  const sign = cents < 0 ? '-' : '';
  ${line(s, 'b4', 'const units = Math.round(Math.abs(cents) / 100);', 'const units = (Math.abs(cents) / 100).toFixed(2);')}
  ${touched(s, 'b4', ['return `${sign}${units} ${currency}`;', 'return `${sign}${units} ${currency.toUpperCase()}`;'])}
}`,
  },
  {
    base: () => `/** A cart as JSON for the session store: only the fields the storefront needs back. */
export function serializeCart(cart) {
  return JSON.stringify({
    id: cart.id,
    currency: cart.currency ?? CURRENCY,
    items: cart.items.map(({ sku, price, qty }) => ({ sku, price, qty })),
  });
}`,
  },
  {
    base: () => `/** A cart read back from the session store; a broken entry gives an empty cart, logged. */
export function parseCart(text) {
  try {
    const cart = JSON.parse(text);
    return { id: cart.id, currency: cart.currency ?? CURRENCY, items: cart.items ?? [] };
  } catch (error) {
    log.warn(\`dropping an unreadable cart: \${error.message}\`);
    return { id: null, currency: CURRENCY, items: [] };
  }
}`,
  },
  {
    bug: 'b9',
    render: (
      s,
    ) => `/** A guest's cart merged into the signed-in user's at login: quantities of the same SKU add up. */
export function mergeCarts(userCart, guestCart) {
  const bySku = new Map(userCart.items.map((item) => [item.sku, { ...item }]));
  for (const item of guestCart.items) {
    const mine = bySku.get(item.sku);
    ${line(s, 'b9', 'if (mine) mine.qty = item.qty;', 'if (mine) mine.qty = Math.min(mine.qty + item.qty, MAX_QTY);')}
    else bySku.set(item.sku, { ...item });
  }
  return { ...userCart, items: [...bySku.values()] };
}`,
  },
  {
    base: () => `/** The line with the highest total, for the "top item" badge; undefined for an empty cart. */
export function topItem(cart) {
  let top;
  for (const item of cart.items) {
    if (!top || item.price * item.qty > top.price * top.qty) top = item;
  }
  return top;
}`,
  },
  {
    base: () => `/** The cart at the prices of \`priceList\` (cents by SKU); lines whose SKU has no price are dropped, logged. */
export function applyPriceList(cart, priceList) {
  const items = [];
  for (const item of cart.items) {
    const price = priceList.get(item.sku);
    if (price === undefined) {
      log.warn(\`no price for \${item.sku}: dropped from cart \${cart.id}\`);
      continue;
    }
    items.push({ ...item, price });
  }
  return { ...cart, items };
}`,
  },
  {
    bug: 'b12',
    render: (
      s,
    ) => `/** Records a refund of \`cents\` on a paid order; its balance is what the shop still owes the customer. */
export function refund(order, cents) {
  if (!(cents > 0)) throw new RangeError('a refund is a positive amount of cents');
  ${touched(s, 'b12', ['log.info(`refund of ${cents} on order ${order.id}`);', 'log.info(`refund of ${cents} on order ${order.id} (${order.currency ?? CURRENCY})`);'])}
  order.refunded += cents;
  ${line(s, 'b12', 'order.balance += cents;', 'order.balance -= cents;')}
  return order;
}`,
  },
  {
    base: () => `/** Quantities capped at MAX_QTY, as the storefront's quantity picker allows. */
export function clampQuantities(cart) {
  const items = cart.items.map((item) => ({ ...item, qty: Math.min(item.qty, MAX_QTY) }));
  return { ...cart, items };
}`,
  },
  {
    bug: 'b13',
    render: (s) => `/** The session-store key of a user's cart. */
export function cartKey(userId) {
${s.bugs.b13.fixed ? "  if (!userId) throw new TypeError('cartKey needs a user id');\n  return `cart:${userId}`;" : `  ${marked('return `cart:${userId}`;', 'b13')}`}
}`,
  },
  {
    base: () => `/** A one-line description of the cart for the order confirmation e-mail. */
export function describeCart(cart) {
  const count = itemCount(cart);
  const lines = cart.items.length;
  return \`\${count} item\${count === 1 ? '' : 's'} in \${lines} line\${lines === 1 ? '' : 's'}\`;
}`,
  },
];

const INVENTORY = [
  {
    base: () => `// Stock keeping for the warehouse: units on hand per SKU, reservations for orders, deliveries, snapshots.
// SKUs are stored upper-case ("AB-12"); every count is a whole number of units.

export type Stock = Map<string, number>;

export interface OrderLine {
  sku: string;
  qty: number;
}

export const REORDER_AT = 5;

export class OutOfStockError extends Error {
  constructor(
    readonly sku: string,
    readonly onHand: number,
    readonly wanted: number,
  ) {
    super(\`\${sku}: \${wanted} wanted, \${onHand} on hand\`);
  }
}`,
  },
  {
    base: () => `/** A fresh stock from [sku, count] pairs (a delivery note, a test fixture). */
export function stockOf(entries: Iterable<[string, number]>): Stock {
  const stock: Stock = new Map();
  for (const [sku, count] of entries) stock.set(sku.toUpperCase(), count);
  return stock;
}`,
  },
  {
    base: () => `/** Always throws: a reservation of \`wanted\` units that cannot be met. */
export function outOfStock(sku: string, onHand: number, wanted: number): never {
  throw new OutOfStockError(sku, onHand, wanted);
}`,
  },
  {
    base: () => `/** A delivery note's lines ("AB-12;40" per line, # for comments) as order lines; a bad line throws. */
export function parseDeliveryNote(text: string): OrderLine[] {
  const lines: OrderLine[] = [];
  for (const [index, raw] of text.split('\\n').entries()) {
    const entry = raw.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const [sku, qty] = entry.split(';');
    const count = Number(qty);
    if (!sku || !Number.isInteger(count) || count <= 0) throw new Error(\`delivery note line \${index + 1}: \${raw}\`);
    lines.push({ sku: sku.toUpperCase(), qty: count });
  }
  return lines;
}`,
  },
  {
    bug: 'b5',
    render: (s) => `/** Takes \`qty\` units of \`sku\` out of stock for an order; what is left on hand. */
export function reserve(stock: Stock, sku: string, qty: number): number {
  const onHand = stock.get(sku) ?? 0;
  ${line(s, 'b5', 'const left = onHand - qty;', 'const left = onHand >= qty ? onHand - qty : outOfStock(sku, onHand, qty);')}
  stock.set(sku, left);
  return left;
}`,
  },
  {
    base: () => `/** Gives back what a reservation took (an order cancelled, a payment refused). */
export function release(stock: Stock, sku: string, qty: number): number {
  const back = (stock.get(sku) ?? 0) + qty;
  stock.set(sku, back);
  return back;
}`,
  },
  {
    bug: 'b6',
    render: (s) => `/** SKUs compare upper-case and without surrounding spaces (" ab-12" is "AB-12"). */
export function normalizeSku(sku: string): string {
  ${touched(s, 'b6', ['const trimmed = sku.trim();', 'const trimmed = String(sku).trim();'])}
  ${line(s, 'b6', 'return trimmed.toLowerCase();', 'return trimmed.toUpperCase();')}
}`,
  },
  {
    base: () => `/** The SKU in one of our EAN-13 barcodes: prefix 200, five digits of product, five of price, a check digit. */
export function skuFromBarcode(barcode: string): string | undefined {
  if (!/^200\\d{10}$/.test(barcode)) return undefined;
  const product = barcode.slice(3, 8);
  return \`P-\${product}\`;
}`,
  },
  {
    bug: 'b7',
    render: (s) => `/** Reserves every line of an order, or none of them; the lines reserved. */
export function reserveAll(stock: Stock, lines: OrderLine[]): OrderLine[] {
  const done: OrderLine[] = [];
  for (const line of lines) {
    ${touched(s, 'b7', ['const sku = line.sku;', 'const sku = normalizeSku(line.sku);', 'const sku = normalizeSku(String(line.sku));'])}
${
  s.bugs.b7.fixed
    ? `    try {
      reserve(stock, sku, line.qty);
    } catch (error) {
      for (const back of done) release(stock, normalizeSku(back.sku), back.qty);
      throw error;
    }`
    : `    ${marked('reserve(stock, sku, line.qty);', 'b7')}`
}
    done.push(line);
  }
  return done;
}`,
  },
  {
    base: () => `/** What is on hand, valued at \`prices\` (cents per unit); SKUs without a price count as zero. */
export function stockValue(stock: Stock, prices: Map<string, number>): number {
  let value = 0;
  for (const [sku, count] of stock) value += count * (prices.get(sku) ?? 0);
  return value;
}`,
  },
  {
    base: () => `/** Moves \`qty\` units of \`sku\` from one warehouse's stock to another's; both change or neither. */
export function transfer(from: Stock, to: Stock, sku: string, qty: number): void {
  const onHand = from.get(sku) ?? 0;
  if (qty > onHand) throw new OutOfStockError(sku, onHand, qty);
  from.set(sku, onHand - qty);
  to.set(sku, (to.get(sku) ?? 0) + qty);
}`,
  },
  {
    bug: 'b8',
    render: (
      s,
    ) => `/** Stock as saveSnapshot wrote it; an unreadable snapshot is an error, not an empty warehouse. */
export function loadSnapshot(text: string): Stock {
  let entries: Array<[string, number]> = [];
  try {
    entries = JSON.parse(text) as Array<[string, number]>;
  ${
    s.bugs.b8.fixed
      ? '} catch (error) {\n    throw new Error(`unreadable stock snapshot: ${String(error)}`);\n  }'
      : marked(s.bugs.b8.rewritten > 0 ? '} catch { entries = []; }' : '} catch {}', 'b8')
  }
  return new Map(entries);
}`,
  },
  {
    base: () => `/** Stock as text for the nightly snapshot: [sku, count] pairs, sorted so that snapshots diff well. */
export function saveSnapshot(stock: Stock): string {
  const entries = [...stock.entries()].sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}`,
  },
  {
    bug: 'b10',
    render: (s) => `/** The SKUs whose stock fell to the reorder threshold or below, sorted. */
export function lowStock(stock: Stock, threshold = REORDER_AT): string[] {
  const low: string[] = [];
  for (const [sku, count] of stock) {
    ${line(s, 'b10', 'if (count < threshold) low.push(sku);', 'if (count <= threshold) low.push(sku);')}
  }
  ${touched(s, 'b10', ['return low.sort();', 'return low.sort((a, b) => a.localeCompare(b));'])}
}`,
  },
  {
    base: () => `/** Deliveries of the same SKU added up, for the goods-in report. */
export function mergeDeliveries(lines: OrderLine[]): OrderLine[] {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.qty);
  return [...bySku].map(([sku, qty]) => ({ sku, qty }));
}`,
  },
  {
    base: () => `/** How many units to order per SKU to get back to \`target\` units, for the SKUs under it. */
export function reorderQuantities(stock: Stock, target: number): OrderLine[] {
  const order: OrderLine[] = [];
  for (const [sku, count] of stock) {
    if (count < target) order.push({ sku, qty: target - count });
  }
  return order.sort((a, b) => b.qty - a.qty);
}`,
  },
  {
    bug: 'b11',
    render: (s) => `/** Adds a delivery of \`qty\` units to what is on hand. */
export function restock(stock: Stock, sku: string, qty: number): void {
  if (!Number.isInteger(qty) || qty <= 0) throw new RangeError(\`a delivery is a positive whole quantity, not \${qty}\`);
  ${line(s, 'b11', 'stock.set(sku, qty);', 'stock.set(sku, (stock.get(sku) ?? 0) + qty);')}
}`,
  },
  {
    base: () => `/** The SKUs whose counts differ between two stocks, with both counts, for the stock-take report. */
export function stockDifferences(before: Stock, after: Stock): Array<{ sku: string; before: number; after: number }> {
  const skus = new Set([...before.keys(), ...after.keys()]);
  const differences = [];
  for (const sku of skus) {
    const was = before.get(sku) ?? 0;
    const now = after.get(sku) ?? 0;
    if (was !== now) differences.push({ sku, before: was, after: now });
  }
  return differences;
}`,
  },
  {
    base: () => `/** The stock as a plain-text report, one "SKU  count" line per SKU, sorted by SKU. */
export function formatStockReport(stock: Stock): string {
  const width = Math.max(0, ...[...stock.keys()].map((sku) => sku.length));
  return [...stock.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, count]) => \`\${sku.padEnd(width)}  \${String(count).padStart(6)}\`)
    .join('\\n');
}`,
  },
  {
    bug: 'b14',
    render: (s) => `/** How many units are on hand, over all SKUs. */
export function totalUnits(stock: Stock): number {
  let units = 0;
  stock.forEach((count) => (units += count));
  ${line(s, 'b14', 'return units | 0;', 'return units;')}
}`,
  },
  {
    base: () => `/** The SKUs with units on hand, for the storefront's "in stock" list. */
export function inStock(stock: Stock): string[] {
  return [...stock].filter(([, count]) => count > 0).map(([sku]) => sku);
}`,
  },
];

const LOG = `// The storefront's logger: one line per message on stderr, with its level.

const write = (level) => (message) => process.stderr.write(\`[\${level}] \${message}\\n\`);

export const log = { debug: write('debug'), info: write('info'), warn: write('warn') };
`;

function render(blocks, state) {
  const shown = blocks.filter(
    (b) => b.base || (b.bug && state.bugs[b.bug]) || (b.since !== undefined && state.push >= b.since),
  );
  return `${shown.map((b) => (b.base ?? b.render)(state)).join('\n\n')}\n`;
}

/**
 * The repository's files for a state of the script. `state.push`: 0 for the base branch. `state.bugs`: by
 * id, `{ fixed, touched, rewritten }` for each bug added so far. `state.debugger`: whether it is still there.
 */
export function sourcesAt(state) {
  return {
    'src/log.js': LOG,
    'src/cart.js': render(CART, state),
    'src/inventory.ts': render(INVENTORY, state),
  };
}
