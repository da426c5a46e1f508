// A batch job for the course: works through ITEMS items, reports progress, and exits when done
// (exit code 0), or with exit code 1 when FAIL_AT names an item it cannot process.
const items = Number(process.env.ITEMS || 5);
const delayMs = Number(process.env.DELAY_MS || 100);
const failAt = process.env.FAIL_AT === undefined ? -1 : Number(process.env.FAIL_AT);

let done = 0;
function next() {
  if (done === failAt) {
    console.error(`item ${done} failed`);
    process.exit(1);
  }
  if (done === items) {
    console.log(`processed ${items} items`);
    return;
  }
  done++;
  console.log(`item ${done}/${items}`);
  setTimeout(next, delayMs);
}
console.log(`batch-worker starting: ${items} items`);
next();
