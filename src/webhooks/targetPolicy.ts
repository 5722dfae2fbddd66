import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { WebhookTargetRefusedError } from '../errors/WebhookTargetRefusedError';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** IPv4-compatible IPv6 (`::a.b.c.d`, deprecated): ipaddr.js calls it unicast; it only ever names an IPv4 host. */
const IPV4_COMPATIBLE: Cidr = [ipaddr.IPv6.parse('::'), 96];

/** How long a subscription waits for DNS before the name is accepted (each delivery checks it again anyway). */
const SUBSCRIBE_LOOKUP_TIMEOUT_MS = 2000;

/**
 * R53: where a webhook may go. Only public unicast addresses by default: loopback, RFC 1918 private,
 * fc00::/7, link-local (169.254.169.254, the cloud metadata service), CGNAT 100.64/10, multicast,
 * unspecified, broadcast, reserved and every other range ipaddr.js knows as special are refused,
 * IPv4-mapped (`::ffff:127.0.0.1`) and IPv4-compatible forms included. `WEBHOOK_ALLOWED_CIDRS`
 * opens ranges on purpose (a receiver on this host: `127.0.0.0/8`).
 *
 * Checked twice: on the URL when subscribing (`refusalOf`; the WHATWG URL parser has already turned
 * `http://2130706433/`, `http://0x7f000001/` and `http://0177.0.0.1/` into 127.0.0.1), and at every
 * delivery on the addresses the connection is made to (`lookup`), so a name that resolves to a
 * public address when subscribing and to an internal one later (DNS rebinding) is refused then.
 */
export class WebhookTargetPolicy {
  private readonly allowed: readonly Cidr[];

  constructor(allowedCidrs: readonly string[] = []) {
    this.allowed = allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Whether a connection to this IP address (v4 or v6, as text) is allowed. */
  allowsAddress(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const ip = ipaddr.process(address); // ::ffff:a.b.c.d → a.b.c.d
    if (this.allowed.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) return true;
    if (ip.kind() === 'ipv6' && ip.match(IPV4_COMPATIBLE)) return false;
    return ip.range() === 'unicast';
  }

  /** Why a webhook URL is refused, or null when it may be subscribed. */
  async refusalOf(url: URL): Promise<string | null> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http:// and https:// URLs are accepted';
    if (url.username !== '' || url.password !== '') return 'a URL with user:password@ is not accepted; authenticate with the signature';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
    if (isIP(host) !== 0) return this.allowsAddress(host) ? null : `${host} is not a public address`;
    // RFC 6761: localhost names are loopback, whatever a resolver says.
    if (host === 'localhost' || host.endsWith('.localhost')) return this.allowsAddress('127.0.0.1') ? null : `${host} is this host`;
    const addresses = await resolveWithin(host, SUBSCRIBE_LOOKUP_TIMEOUT_MS);
    return addresses.length > 0 && !addresses.some((address) => this.allowsAddress(address.address))
      ? `${host} resolves to ${addresses[0].address}, which is not a public address`
      : null;
  }

  /**
   * A `dns.lookup` for `http.request` that answers only the allowed addresses of a name (an error
   * when there is none), so the socket connects to an address this policy checked, with no second
   * resolution in between for a rebinding resolver to answer differently.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((address) => this.allowsAddress(address.address));
      if (allowed.length === 0) return callback(new WebhookTargetRefusedError(hostname), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/** The name's addresses, or none when it does not resolve in time (the delivery will check again). */
function resolveWithin(host: string, timeoutMs: number): Promise<LookupAddress[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs);
    dnsLookup(host, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      resolve(error ? [] : addresses);
    });
  });
}
