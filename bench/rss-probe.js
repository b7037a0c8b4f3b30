// Preloaded into a measured process (node -r): records its peak resident set size (KiB) at exit.
const fs = require('node:fs');

process.on('exit', () => {
  if (process.env.RT_BENCH_RSS_FILE)
    fs.writeFileSync(process.env.RT_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
