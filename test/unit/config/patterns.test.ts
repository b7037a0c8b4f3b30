import { isIPv6 } from 'node:net';
import { CIDR, IP_ADDRESS } from '../../../config/patterns';

describe('IP address and CIDR patterns', () => {
  test.each([
    '2001:db8::/64',
    '::/0',
    '::1/128',
    '1:2:3:4:5:6:7:8/128',
    '1:2:3:4:5:6:7::/64',
    '::ffff:192.0.2.1/128',
    '10.0.0.0/8',
  ])('accepts %s', (cidr) => expect(CIDR.pattern.test(cidr)).toBe(true));

  test.each([
    ':::/64',
    '2001:db8:::1/64',
    '1::2::3/64',
    '1:2:3:4:5:6:7:8:9/64',
    '12345::/64',
    '2001:db8::/129',
    ':1/64',
    '10.0.0.0/33',
    '::ffff:300.0.0.1/128',
  ])('refuses %s', (cidr) => expect(CIDR.pattern.test(cidr)).toBe(false));

  test('agrees with Node.js on every IPv6 text form of random addresses, compressed anywhere', () => {
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 5000; i++) {
      const groups = Array.from({ length: 8 }, () => random(65536).toString(16));
      const start = random(9);
      const end = start + random(9 - start);
      const text =
        end > start ? `${groups.slice(0, start).join(':')}::${groups.slice(end).join(':')}` : groups.join(':');
      expect([text, IP_ADDRESS.pattern.test(text)]).toEqual([text, isIPv6(text)]);
    }
  });
});
