// The config of bench:peers's real-size rows: the content of testbed/fixtures/real-size-config.ts (155 rpm,
// 21 deb, 1,126 container entries in two namespaces) with two guards and two groups, all under one prefix so
// that each row makes its own objects; and the sample today's client is timed on (every k-th entry of each
// type, guards and groups kept), which makes its ~30-minute first run a few minutes, scaled back by objects.
import { ContentConfig } from '../config/content';
import { realSizeContentYaml } from '../testbed/fixtures/real-size-config';

export function realSizeConfig(prefix: string): string {
  return `content:
${realSizeContentYaml({ prefix })}  contentGuards:
    - name: ${prefix}-development
      groups: [${prefix}-stackhpc-dev]
    - name: ${prefix}-release
      groups: [${prefix}-stackhpc, ${prefix}-stackhpc-dev]
  groups: [${prefix}-stackhpc, ${prefix}-stackhpc-dev]
`;
}

/** Every `every`-th rpm, deb and container entry (from the first), the rest of the content whole. */
export function sampleContent(content: ContentConfig, every: number): ContentConfig {
  const pick = <T>(items: readonly T[]) => items.filter((_, i) => i % every === 0);
  return { ...content, rpm: pick(content.rpm), deb: pick(content.deb), container: pick(content.container) };
}
