import { markedResource, verdict } from '../../../../cli/test-cloud/sweep';

const P = 'ci-42-1-aio';
const TAGS = ['release-train-ci', `release-train-prefix=${P}`];

describe('markedResource', () => {
  test('finds the run by the tag, the volume metadata, or the key pair name', () => {
    expect(
      markedResource('server', { id: 's', name: `${P}-aio-01`, tags: TAGS, created: '2026-03-01T10:00:00Z' }),
    ).toEqual({
      kind: 'server',
      id: 's',
      name: `${P}-aio-01`,
      prefix: P,
      runId: '42',
      created: new Date('2026-03-01T10:00:00Z'),
    });
    // Cinder's timestamps have no zone: they are UTC.
    expect(
      markedResource('volume', {
        id: 'v',
        name: `${P}-storage-01-osd-01`,
        metadata: { 'release-train-prefix': P },
        created_at: '2026-03-01T10:00:00.000000',
      })?.created,
    ).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(markedResource('key pair', { keypair: { name: `${P}-keypair` } })).toMatchObject({
      runId: '42',
      id: `${P}-keypair`,
    });
    expect(
      markedResource('floating IP', { id: 'f', description: `${P} Ansible control host`, tags: TAGS }),
    ).toMatchObject({
      name: `${P} Ansible control host`,
    });
  });

  test('marks nothing without a CI prefix, or with a tag the name does not agree with', () => {
    expect(markedResource('server', { id: 's', name: `${P}-aio-01`, tags: ['release-train-ci'] })).toBeUndefined();
    expect(markedResource('server', { id: 's', name: 'production-db', tags: TAGS })).toBeUndefined();
    expect(
      markedResource('port', { id: 'p', name: 'rt-aio-01-port', tags: ['release-train-prefix=rt-aio'] }),
    ).toBeUndefined();
    expect(markedResource('key pair', { keypair: { name: 'release-train-admin' } })).toBeUndefined();
    expect(markedResource('volume', { id: 'v', name: `${P}-x`, metadata: {} })).toBeUndefined();
  });
});

describe('verdict', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const made = (iso: string) => [markedResource('server', { id: 's', name: `${P}-aio-01`, tags: TAGS, created: iso })!];

  test("GitHub's word decides: completed or gone sweeps, still going keeps", () => {
    expect(verdict('42', made('2026-03-02T09:00:00Z'), { gone: true, why: 'done' }, now)).toMatchObject({
      sweep: true,
    });
    expect(
      verdict('42', made('2026-03-02T09:00:00Z'), { gone: false, why: 'the run is in_progress' }, now),
    ).toMatchObject({
      sweep: false,
      unknown: false,
    });
  });

  test('an unknown run is kept, unless the age limit says its resources are too old', () => {
    const unknown = { unknown: 'HTTP 500' };
    expect(verdict('42', made('2026-03-01T10:00:00Z'), unknown, now)).toMatchObject({ sweep: false, unknown: true });
    expect(verdict('42', made('2026-03-02T09:30:00Z'), unknown, now, 1)).toMatchObject({ sweep: false, unknown: true });
    expect(verdict('42', made('2026-03-01T10:00:00Z'), unknown, now, 12)).toMatchObject({
      sweep: true,
      unknown: false,
      why: 'GitHub did not say (HTTP 500), but made 24.0 h ago (over 12 h)',
    });
  });
});
