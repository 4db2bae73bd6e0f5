import { SpecError } from '../../../src/schema/errors';
import { thrownMessage } from '../../support/errors';
import { gatewayDoc, load, synth, trinoDoc } from './fixtures';

const backends = (extra: Record<string, unknown>[]) => [{ name: 'etl', routingGroup: 'etl', trinoClusterRef: 'etl' }, ...extra];

describe('bad TrinoGateway specs name the field at fault', () => {
  test('a trinoClusterRef to a cluster the platform does not hold', () => {
    const specs = load(trinoDoc(), gatewayDoc({ backends: backends([{ name: 'other', routingGroup: 'adhoc', trinoClusterRef: 'nowhere' }]) }));
    let error: unknown;
    try {
      synth(specs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toBe('TrinoGateway/gateway: spec.backends[1].trinoClusterRef: no TrinoCluster named "nowhere" in the platform');
  });

  test.each([
    [
      'two backends with one name',
      { backends: backends([{ name: 'etl', routingGroup: 'adhoc', proxyTo: 'http://x.svc:8080' }]) },
      'spec.backends[1].name: "etl" is already the name of spec.backends[0]',
    ],
    [
      'a rule naming an unknown group',
      { routing: { rules: [{ name: 'r', routingGroup: 'bi', match: { source: 'x' } }] } },
      'spec.routing.rules[0].routingGroup: no routing group "bi": add it to spec.routingGroups (adhoc, etl)',
    ],
    [
      'a backend in an unknown group',
      { backends: backends([{ name: 'x', routingGroup: 'bi', proxyTo: 'http://x.svc:8080' }]) },
      'spec.backends[1].routingGroup: no routing group "bi"',
    ],
    [
      'a bad URL',
      { backends: backends([{ name: 'x', routingGroup: 'adhoc', proxyTo: 'trino:8080' }]) },
      'spec.backends[1].proxyTo: must be an http:// or https:// URL',
    ],
    [
      'a URL with credentials',
      { backends: backends([{ name: 'x', routingGroup: 'adhoc', proxyTo: 'http://u:p@trino:8080' }]) },
      'spec.backends[1].proxyTo: must not carry credentials',
    ],
    [
      'both a reference and a URL',
      { backends: backends([{ name: 'x', routingGroup: 'adhoc', proxyTo: 'http://x:8080', trinoClusterRef: 'etl' }]) },
      'spec.backends[1]: give trinoClusterRef or proxyTo (one of them)',
    ],
    ['an unknown default group', { routing: { defaultRoutingGroup: 'bi' } }, 'spec.routing.defaultRoutingGroup: no routing group "bi"'],
    [
      'a matcher value with a quote',
      { routing: { rules: [{ name: 'r', routingGroup: 'etl', match: { source: 'a"b' } }] } },
      'spec.routing.rules[0].match.source',
    ],
    [
      'a rule with neither match nor mvel',
      { routing: { rules: [{ name: 'r', routingGroup: 'etl' }] } },
      'spec.routing.rules[0]: give match (with routingGroup) or mvel (one of them)',
    ],
    [
      'a JDBC URL of a database the gateway cannot migrate',
      { database: { external: { jdbcUrl: 'jdbc:h2:mem:x', userSecretRef: { name: 'a', key: 'u' }, passwordSecretRef: { name: 'a', key: 'p' } } } },
      'spec.database.external.jdbcUrl: must start with jdbc:postgresql:',
    ],
    [
      'a password in the JDBC URL',
      {
        database: {
          external: {
            jdbcUrl: 'jdbc:postgresql://db/gw?password=x',
            userSecretRef: { name: 'a', key: 'u' },
            passwordSecretRef: { name: 'a', key: 'p' },
          },
        },
      },
      'spec.database.external.jdbcUrl: must not carry a password',
    ],
    ['an unknown field', { replica: 3 }, 'spec.replica: unknown field'],
    ['the latest tag', { image: { tag: 'latest' } }, 'spec.image.tag: must not be "latest"'],
  ])('%s', (_title, spec, message) => {
    expect(thrownMessage(() => load(trinoDoc(), gatewayDoc(spec)))).toContain(message);
  });

  test('a name too long for the reconciler Job', () => {
    expect(thrownMessage(() => load(gatewayDoc({ backends: [] }, 'g'.repeat(41))))).toContain('metadata.name: must be at most 40 characters');
  });
});
