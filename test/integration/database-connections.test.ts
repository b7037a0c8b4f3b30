// The settings every Pulp of this project runs (pulp/settings.ts) keep each API process's PostgreSQL
// connection between requests. Pulp's own default opens and closes one per request; PostgreSQL counts every
// session that ends, so a run of requests over kept connections adds none.
import { harnessSql } from '../../testbed/pulp/harness';
import { pulpClient } from '../support/pulp';

const REQUESTS = 20;

describe.each(['ark', 'client'] as const)('database connections of the real "%s" Pulp', (name) => {
  /** Sessions PostgreSQL has seen end in the instance's database (the query's own included once it ends). */
  const endedSessions = () =>
    Number(harnessSql(name, 'SELECT sessions FROM pg_stat_database WHERE datname = current_database()').trim());

  test(`${REQUESTS} API requests open no new database connection per request`, async () => {
    const pulp = pulpClient(name);
    try {
      await pulp.list('repositories/rpm/rpm/', { limit: 1 }); // logs in, and every API process may connect once
      const before = endedSessions();
      for (let i = 0; i < REQUESTS; i++) await pulp.get('repositories/rpm/rpm/', { limit: 1, offset: i });
      // Sessions that end are counted as their backends exit, which may trail the answer by a moment.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // The query above ends one session itself; Pulp's default would have ended one or two per request.
      expect(endedSessions() - before).toBeLessThanOrEqual(2);
    } finally {
      await pulp.close();
    }
  });
});
