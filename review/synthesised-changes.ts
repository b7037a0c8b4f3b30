// What a plan of a stack would start from when the stack cannot be planned here (its provider is blocked,
// versions.json): every resource of the synthesised configuration as a create, or as an import when an
// import block takes it over, with its synthesised attributes. Never presented as a plan (plan-summary.ts
// says where it came from).
import { PlanJson, ResourceChange } from './plan-summary';

export function synthesisedChanges(stackJson: any): PlanJson {
  const imports = new Map<string, string>(
    (stackJson.import ?? []).map((block: { id: string; to: string }) => [block.to, block.id]),
  );
  const changes = (section: 'resource' | 'data', mode: ResourceChange['mode']): ResourceChange[] =>
    Object.entries<Record<string, any>>(stackJson[section] ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => {
        const address = `${type}.${name}`;
        const { '//': _metadata, lifecycle: _lifecycle, ...after } = body;
        const id = mode === 'managed' ? imports.get(address) : undefined;
        return {
          address: mode === 'data' ? `data.${address}` : address,
          mode,
          type,
          name,
          change: {
            actions: id === undefined ? ['create'] : ['no-op'],
            after,
            importing: id === undefined ? null : { id },
          },
        };
      }),
    );
  return {
    resource_changes: [...changes('resource', 'managed'), ...changes('data', 'data')],
    configuration: { root_module: { variables: stackJson.variable ?? {}, outputs: stackJson.output ?? {} } },
  };
}
