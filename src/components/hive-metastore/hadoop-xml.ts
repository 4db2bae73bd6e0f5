/**
 * A Hadoop configuration file (`core-site.xml`, `hive-site.xml`) from a map: one `<property>` per
 * key, keys sorted so the same map always gives the same bytes, values XML-escaped.
 */
export function hadoopXml(properties: Readonly<Record<string, string>>): string {
  const entries = Object.keys(properties)
    .sort()
    .map((name) => `  <property>\n    <name>${escapeXml(name)}</name>\n    <value>${escapeXml(properties[name])}</value>\n  </property>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n${entries.join('')}</configuration>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
