// `npm run schema`: writes config/release-train.schema.json from the loader's rules (config/schema/build.ts);
// test/unit/config/schema.test.ts fails while the committed copy differs from a fresh one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderConfigSchema, SCHEMA_FILE } from '../config/schema/build';

fs.writeFileSync(SCHEMA_FILE, renderConfigSchema());
console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
