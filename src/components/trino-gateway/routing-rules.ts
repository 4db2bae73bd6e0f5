import { dump } from 'js-yaml';

import type { RoutingRule } from './schema';

/** One document of the gateway's FILE rules (docs/routing-rules.md at tag 20: name, description, priority, condition, actions). */
export interface MvelRule {
  readonly name: string;
  readonly description: string;
  readonly priority: number;
  readonly condition: string;
  readonly actions: readonly string[];
}

/** A Java string literal for MVEL; matcher values hold no quotes or backslashes (schema), JSON quoting covers the rest. */
const literal = (value: string): string => JSON.stringify(value);
const header = (name: string): string => `request.getHeader(${literal(name)})`;

/** `X-Trino-Source` / `X-Trino-User` equal to one of the values. */
function headerEquals(name: string, values: readonly string[]): string {
  const alternatives = values.map((v) => `${header(name)} == ${literal(v)}`);
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' || ')})`;
}

/**
 * `X-Trino-Client-Tags` holding the tag as a whole item: clients send the tags comma-separated
 * (Trino CLI and JDBC join them with ","), so `,bi,` is looked up in `,<header>,` — a plain
 * `contains "bi"` would also match the tag `big`.
 */
function hasClientTag(tag: string): string {
  const tags = header('X-Trino-Client-Tags');
  return `(${tags} != null && ("," + ${tags} + ",").contains(${literal(`,${tag},`)}))`;
}

/** The spec's rules as the gateway's rule documents, in spec order; a rule's priority defaults to its position. */
export function compileRules(rules: readonly RoutingRule[]): MvelRule[] {
  return rules.map((rule, index) => {
    const priority = rule.priority ?? index;
    if (rule.mvel !== undefined) {
      return {
        name: rule.name,
        description: rule.description ?? 'raw MVEL rule',
        priority,
        condition: rule.mvel.condition,
        actions: [...rule.mvel.actions],
      };
    }
    const match = rule.match!;
    const conditions = [
      ...(match.source ? [headerEquals('X-Trino-Source', match.source)] : []),
      ...(match.user ? [headerEquals('X-Trino-User', match.user)] : []),
      ...(match.clientTags ?? []).map(hasClientTag),
    ];
    return {
      name: rule.name,
      description: rule.description ?? `route to ${rule.routingGroup}`,
      priority,
      condition: conditions.join(' && '),
      actions: [`result.put("routingGroup", ${literal(rule.routingGroup!)})`],
    };
  });
}

/** The rules file: one YAML document per rule (an empty file when there are none; the engine is then off). */
export function renderRulesFile(rules: readonly MvelRule[]): string {
  return rules.map((rule) => `---\n${dump({ ...rule }, { lineWidth: -1, noRefs: true })}`).join('');
}
