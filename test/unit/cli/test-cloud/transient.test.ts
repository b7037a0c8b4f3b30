import { MAX_ATTEMPTS, transientError, TRANSIENT_ERRORS } from '../../../../cli/test-cloud/transient';

// The openstack provider's wording of an unexpected answer, as gophercloud prints it.
const unexpected = (status: number, body: string) =>
  `Error creating OpenStack server: Expected HTTP response code [202] when accessing [POST http://nova/v2.1/servers], but got ${status} instead: ${body}`;

describe('transientError', () => {
  test.each([
    [
      'server 1f0c is in ERROR: No valid host was found. There are not enough hosts available. (500)',
      'Nova: No valid host was found',
    ],
    [unexpected(409, '{"conflictingRequest": {"message": "Port is still in use"}}'), 'HTTP 409 Conflict'],
    [unexpected(500, '{"computeFault": {}}'), 'HTTP 5xx from an OpenStack API'],
    [unexpected(503, 'Service Unavailable'), 'HTTP 5xx from an OpenStack API'],
  ])('retries %s', (output, label) => {
    expect(transientError(output)?.label).toBe(label);
  });

  test.each([
    [
      'a quota',
      unexpected(
        403,
        '{"forbidden": {"message": "Quota exceeded for instances: Requested 1, but already used 40 of 40 instances"}}',
      ),
    ],
    [
      'a server in ERROR for its quota',
      'server 1f0c is in ERROR: Quota exceeded for instances: Requested 1, but already used 1 of 1 instances (500)',
    ],
    ['a bad request', unexpected(400, '{"badRequest": {"message": "Invalid flavorRef provided."}}')],
    ['a missing flavor', 'Error: Your query returned no results. Please change your search criteria and try again.'],
    [
      'a wrong password',
      unexpected(401, '{"error": {"message": "The request you have made requires authentication."}}'),
    ],
    ['an error without its cause', "Error waiting for instance (1f0c) to become ready: unexpected state 'ERROR'"],
  ])('does not retry %s', (_what, output) => {
    expect(transientError(output)).toBeUndefined();
  });

  test('the list is the three errors the docs name, and the attempts are bounded', () => {
    expect(TRANSIENT_ERRORS.map((e) => e.label)).toEqual([
      'Nova: No valid host was found',
      'HTTP 409 Conflict',
      'HTTP 5xx from an OpenStack API',
    ]);
    expect(MAX_ATTEMPTS).toBe(3);
  });
});
